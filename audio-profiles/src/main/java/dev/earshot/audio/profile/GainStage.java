package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.SplittableRandom;

/** A fixed gain in dB; the result is hard-clipped at full scale, as a real A/D converter would. */
public record GainStage(double db) implements Stage {
  public GainStage {
    Check.range("db", db, -60, 40);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float g = (float) Math.pow(10, db / 20);
    float[] x = in.samples(), y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = Math.max(-1f, Math.min(1f, x[i] * g));
    return new Pcm(in.sampleRate(), y);
  }
}
