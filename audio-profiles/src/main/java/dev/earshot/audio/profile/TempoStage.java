package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.TimeStretch;
import java.util.SplittableRandom;

/**
 * Speaking rate: the clip played {@code factor} times as fast (0.25..4; 1.3 is a fast talker, 0.8 a slow
 * one) without changing its pitch (WSOLA). The duration becomes exactly {@code length / factor}.
 */
public record TempoStage(double factor) implements Stage {
  public TempoStage {
    Check.range("factor", factor, 0.25, 4);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    return new Pcm(in.sampleRate(), TimeStretch.tempo(in.samples(), in.sampleRate(), factor));
  }
}
