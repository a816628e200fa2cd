package dev.earshot.audio.bench;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Resampler;

/** The input every audio benchmark renders: the test speech repeated to exactly 60 s, at a given rate. */
public final class BenchAudio {
  public static final double SECONDS = 60;

  private BenchAudio() {}

  public static Pcm speech(int rate) {
    Pcm one = Resampler.resample(Signals.speech(), rate);
    float[] x = new float[(int) (SECONDS * rate)];
    for (int i = 0; i < x.length; i++) x[i] = one.samples()[i % one.length()];
    return new Pcm(rate, x);
  }
}
