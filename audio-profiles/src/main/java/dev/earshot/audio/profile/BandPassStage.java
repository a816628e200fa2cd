package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Biquad;
import java.util.SplittableRandom;

/**
 * A telephone-style band-pass: 4th-order Butterworth high-pass at {@code lowHz} and low-pass at {@code highHz}
 * (the low-pass is skipped when {@code highHz} is at or above the clip's Nyquist frequency).
 */
public record BandPassStage(double lowHz, double highHz) implements Stage {
  public BandPassStage {
    if (!(lowHz > 0 && highHz > lowHz)) {
      throw new IllegalArgumentException("low_hz/high_hz: expected 0 < low_hz < high_hz, found " + lowHz + "/" + highHz);
    }
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] x = in.samples();
    for (double q : Biquad.BUTTERWORTH4_Q) x = Biquad.highPass(in.sampleRate(), lowHz, q).filter(x);
    if (highHz < in.sampleRate() / 2.0) {
      for (double q : Biquad.BUTTERWORTH4_Q) x = Biquad.lowPass(in.sampleRate(), highHz, q).filter(x);
    }
    return new Pcm(in.sampleRate(), x);
  }
}
