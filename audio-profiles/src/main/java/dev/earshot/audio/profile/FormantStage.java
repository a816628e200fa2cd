package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.FormantShift;
import java.util.SplittableRandom;

/**
 * Vocal-tract-length scaling: every formant moves by {@code factor} (0.5..2) while pitch and duration stay.
 * About 0.85 sounds like a larger speaker, 1.15 like a smaller one; combined with {@link PitchStage} it makes
 * new speakers out of one TTS voice.
 */
public record FormantStage(double factor) implements Stage {
  public FormantStage {
    Check.range("factor", factor, 0.5, 2);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    return new Pcm(in.sampleRate(), FormantShift.scale(in.samples(), in.sampleRate(), factor));
  }
}
