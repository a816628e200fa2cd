package dev.earshot.audio.dsp;

/**
 * Decimation by 2 with a Kaiser-windowed half-band low-pass: pass band to 0.46 of the output rate (3680 Hz
 * for 8 kHz), stop band from 0.54 of it (4320 Hz), 80 dB down there. A half-band filter's even taps are zero
 * except the centre one, and its taps are symmetric, so each output costs 32 multiplies instead of the ~107
 * of a general polyphase filter of the same sharpness. Output sample {@code n} is centred on input
 * {@code 2n}: no delay, like {@link Resampler}.
 */
final class HalfBand {
  /** Odd taps h[1], h[3], ... h[2K-1]; the centre tap is 0.5. */
  private static final float[] ODD = design();

  private HalfBand() {}

  private static float[] design() {
    double transition = 0.08 / 2; // (0.54 - 0.46) of the output rate, in cycles per input sample (twice the output rate)
    int total = (int) Math.ceil((80 - 7.95) / (2.285 * 2 * Math.PI * transition)) + 1;
    int half = total / 2 + 1; // taps each side, rounded up to an odd index
    if (half % 2 == 0) half++;
    double beta = 0.1102 * (80 - 8.7);
    double i0 = Resampler.besselI0(beta);
    float[] odd = new float[(half + 1) / 2];
    for (int k = 0; k < odd.length; k++) {
      int j = 2 * k + 1;
      double r = (double) j / (half + 1);
      double window = Resampler.besselI0(beta * Math.sqrt(1 - r * r)) / i0;
      odd[k] = (float) (Math.sin(Math.PI * j / 2) / (Math.PI * j) * window);
    }
    return odd;
  }

  static float[] decimate(float[] x) {
    float[] y = new float[(x.length + 1) / 2];
    int reach = 2 * ODD.length - 1;
    for (int n = 0; n < y.length; n++) {
      int c = 2 * n;
      y[n] = c - reach >= 0 && c + reach < x.length ? inside(x, c) : nearEdge(x, c);
    }
    return y;
  }

  /**
   * One output away from the edges: the symmetric pairs summed first, then four independent running sums
   * (one would make every add wait for the previous one), so the loop runs at the speed of its loads.
   */
  private static float inside(float[] x, int c) {
    float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int k = 0, n = ODD.length - 3;
    for (; k < n; k += 4) {
      int j = 2 * k + 1;
      a0 += ODD[k] * (x[c - j] + x[c + j]);
      a1 += ODD[k + 1] * (x[c - j - 2] + x[c + j + 2]);
      a2 += ODD[k + 2] * (x[c - j - 4] + x[c + j + 4]);
      a3 += ODD[k + 3] * (x[c - j - 6] + x[c + j + 6]);
    }
    for (; k < ODD.length; k++) a0 += ODD[k] * (x[c - 2 * k - 1] + x[c + 2 * k + 1]);
    return 0.5f * x[c] + ((a0 + a1) + (a2 + a3));
  }

  private static float nearEdge(float[] x, int c) {
    float acc = 0.5f * x[c];
    for (int k = 0; k < ODD.length; k++) {
      int j = 2 * k + 1;
      float left = c - j >= 0 ? x[c - j] : 0, right = c + j < x.length ? x[c + j] : 0;
      acc += ODD[k] * (left + right);
    }
    return acc;
  }
}
