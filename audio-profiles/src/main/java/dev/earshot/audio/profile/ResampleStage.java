package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Resampler;
import java.util.SplittableRandom;

/** Sample-rate conversion with an anti-aliasing filter, e.g. to 8000 Hz for a narrow-band call. */
public record ResampleStage(int rate) implements Stage {
  public ResampleStage {
    Check.range("rate", rate, 4000, 192000);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    return Resampler.resample(in, rate);
  }
}
