package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.TimeStretch;
import java.util.SplittableRandom;

/**
 * Pitch shift by {@code semitones} (-24..24) keeping the duration: a WSOLA stretch then a resampling, so the
 * formants move with the pitch (a different-sounding speaker, not only a different intonation).
 */
public record PitchStage(double semitones) implements Stage {
  public PitchStage {
    Check.range("semitones", semitones, -24, 24);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    return new Pcm(in.sampleRate(), TimeStretch.pitch(in.samples(), in.sampleRate(), semitones));
  }
}
