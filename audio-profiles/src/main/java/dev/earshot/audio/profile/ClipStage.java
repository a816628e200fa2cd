package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.SplittableRandom;

/**
 * Clipping at a ceiling below full scale, as an overdriven microphone preamp or a handset's limiter does to a
 * shouting caller.
 *
 * @param ceilingDbfs the level no sample may exceed, -40..0 dBFS
 * @param mode {@code hard} (samples beyond the ceiling are cut flat) or {@code soft} (a tanh curve that
 *     bends smoothly into the ceiling; quiet samples pass almost unchanged)
 */
public record ClipStage(double ceilingDbfs, String mode) implements Stage {
  public ClipStage {
    Check.range("ceiling_dbfs", ceilingDbfs, -40, 0);
    mode = Check.oneOf("mode", mode, "hard", java.util.List.of("hard", "soft"));
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float c = (float) Math.pow(10, ceilingDbfs / 20);
    float[] x = in.samples(), y = new float[x.length];
    if (mode.equals("hard")) {
      for (int i = 0; i < x.length; i++) y[i] = Math.max(-c, Math.min(c, x[i]));
    } else {
      for (int i = 0; i < x.length; i++) y[i] = (float) (c * Math.tanh(x[i] / c));
    }
    return new Pcm(in.sampleRate(), y);
  }
}
