package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.SpeechLevel;
import java.util.SplittableRandom;

/** Mixing a noise signal under speech at an SNR measured against the active speech level (ITU-T P.56). */
final class NoiseMix {
  private NoiseMix() {}

  /**
   * Adds {@code noise} (at least as long as {@code in}) scaled so that the active speech level of {@code in}
   * is {@code snrDb} above the RMS level of the noise; a {@code passby} then swells the noise over part of
   * the clip. A silent clip is returned unchanged (there is nothing to be relative to).
   */
  static Pcm atSnr(Pcm in, float[] noise, double snrDb, Passby passby, SplittableRandom random) {
    float[] x = in.samples();
    double speechDb = SpeechLevel.activeLevelDb(in);
    if (Double.isInfinite(speechDb)) return in;
    double noiseDb = SpeechLevel.rmsDb(noise, 0, x.length);
    if (Double.isInfinite(noiseDb)) return in;
    float scale = (float) Math.pow(10, (speechDb - snrDb - noiseDb) / 20);
    if (passby != null) passby.applyTo(noise, in.sampleRate(), random);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[i] + scale * noise[i];
    return new Pcm(in.sampleRate(), y);
  }

  static void checkSnr(double snrDb) {
    Check.range("snr_db", snrDb, -20, 80);
  }
}
