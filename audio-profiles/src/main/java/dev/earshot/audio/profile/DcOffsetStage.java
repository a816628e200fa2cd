package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.SplittableRandom;

/**
 * A constant offset added to every sample (a cheap or faulty A/D converter), as a fraction of full scale,
 * -0.5..0.5; the result is hard-limited at full scale.
 */
public record DcOffsetStage(double offset) implements Stage {
  public DcOffsetStage {
    Check.range("offset", offset, -0.5, 0.5);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] x = in.samples(), y = new float[x.length];
    float d = (float) offset;
    for (int i = 0; i < x.length; i++) y[i] = Math.max(-1f, Math.min(1f, x[i] + d));
    return new Pcm(in.sampleRate(), y);
  }
}
