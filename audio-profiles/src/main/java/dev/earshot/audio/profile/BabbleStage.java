package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.TimeStretch;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Babble: several talkers speaking at once behind the caller (a cafe, a call centre, a party), mixed at an SNR
 * against the caller's active speech level.
 *
 * <p>With {@code dir} set, each talker is a WAV file from that directory (chosen by the seed), looped from a
 * seeded start. Without it, the talkers are made from the caller's own clip: each is the clip played
 * backwards (so no word in it can be recognised), at its own speed between 0.85x and 1.2x (so the voices
 * differ in pitch) and from its own seeded start. The result has the long-term spectrum of speech and its
 * rhythm, which is what makes babble the hardest noise for a recogniser.
 *
 * @param talkers how many voices, 1..32
 * @param snrDb active speech level minus babble level
 * @param dir optional directory of talker recordings; relative to the profile's YAML file
 * @param passby optional swell of the babble over part of the clip
 */
public record BabbleStage(int talkers, double snrDb, String dir, Passby passby) implements Stage {
  public BabbleStage {
    Check.range("talkers", talkers, 1, 32);
    NoiseMix.checkSnr(snrDb);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    int n = in.length();
    float[] mix = new float[n];
    List<Path> files = dir == null ? null : NoiseBeds.wavFiles(Path.of(dir));
    float[] reversed = files == null ? reverse(in.samples()) : null;
    for (int t = 0; t < talkers; t++) {
      float[] voice;
      if (files != null) {
        voice = NoiseBeds.loop(NoiseBeds.load(files.get(random.nextInt(files.size())), in.sampleRate()), n, random);
      } else {
        double speed = 0.85 + 0.35 * random.nextDouble();
        int length = (int) Math.round(reversed.length / speed);
        voice = NoiseBeds.loop(TimeStretch.speed(reversed, in.sampleRate(), speed, Math.max(1, length)), n, random);
      }
      for (int i = 0; i < n; i++) mix[i] += voice[i];
    }
    return NoiseMix.atSnr(in, mix, snrDb, passby, random);
  }

  @Override
  public Stage resolve(Path base) {
    return dir == null ? this : new BabbleStage(talkers, snrDb, NoiseBeds.resolve(base, dir).toString(), passby);
  }

  public BabbleStage withSnr(double snr) {
    return new BabbleStage(talkers, snr, dir, passby);
  }

  private static float[] reverse(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[x.length - 1 - i];
    return y;
  }
}
