package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Biquad;
import java.util.SplittableRandom;

/**
 * A telephone-style band-pass: a 4th-order Butterworth high-pass at {@code lowHz} (-3 dB there, 24 dB per
 * octave below) and an 8th-order Chebyshev low-pass with 0.5 dB ripple up to {@code highHz} (0.5 dB down at
 * 3400 Hz, more than 30 dB down at 4.5 kHz, like a real channel filter). The low-pass is skipped when
 * {@code highHz} is at or above the clip's Nyquist frequency.
 */
public record BandPassStage(double lowHz, double highHz) implements Stage {
  private static final java.util.concurrent.ConcurrentHashMap<java.util.List<Double>, java.util.List<Biquad>> DESIGNS =
      new java.util.concurrent.ConcurrentHashMap<>();

  public BandPassStage {
    if (!(lowHz > 0 && highHz > lowHz)) {
      throw new InvalidField("low_hz/high_hz", "expected 0 < low_hz < high_hz, found " + lowHz + "/" + highHz);
    }
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    return new Pcm(in.sampleRate(), Biquad.filter(sections(in.sampleRate()), in.samples()));
  }

  /** The filter sections at {@code rate}, designed once per rate and shared. */
  java.util.List<Biquad> sections(int rate) {
    return DESIGNS.computeIfAbsent(java.util.List.of(lowHz, highHz, (double) rate), k -> {
      java.util.List<Biquad> f = new java.util.ArrayList<>();
      for (double q : Biquad.BUTTERWORTH4_Q) f.add(Biquad.highPass(rate, lowHz, q));
      if (highHz < rate / 2.0) f.addAll(Biquad.chebyshevLowPass(rate, highHz, 8, 0.5));
      return java.util.List.copyOf(f);
    });
  }
}
