package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A recorded noise bed (street, car cabin, cafe...) from a WAV file, looped to the clip's length from a start
 * drawn from the seed, mixed at an SNR against the active speech level.
 *
 * @param file a WAV file; a relative path is relative to the profile's own YAML file
 * @param snrDb active speech level minus noise level
 * @param passby optional swell of the noise over part of the clip
 */
public record NoiseFileStage(String file, double snrDb, Passby passby) implements Stage {
  public NoiseFileStage {
    if (file == null || file.isBlank()) throw new InvalidField("file", "expected the path of a WAV file");
    NoiseMix.checkSnr(snrDb);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] bed = NoiseBeds.load(Path.of(file), in.sampleRate());
    return NoiseMix.atSnr(in, NoiseBeds.loop(bed, in.length(), random), snrDb, passby, random);
  }

  @Override
  public Stage resolve(Path base) {
    return new NoiseFileStage(NoiseBeds.resolve(base, file).toString(), snrDb, passby);
  }

  public NoiseFileStage withSnr(double snr) {
    return new NoiseFileStage(file, snr, passby);
  }
}
