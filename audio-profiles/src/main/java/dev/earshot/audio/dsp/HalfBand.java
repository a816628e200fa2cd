package dev.earshot.audio.dsp;

/**
 * Decimation by 2 with a Kaiser-windowed half-band low-pass: pass band to 0.46 of the output rate (3680 Hz
 * for 8 kHz), stop band from 0.54 of it (4320 Hz), 80 dB down there. A half-band filter's even taps are zero
 * except the centre one, and its taps are symmetric, so each output costs 33 multiplies instead of the ~107
 * of a general polyphase filter of the same sharpness; the loops run tap by tap over blocks of outputs
 * (as in {@link Decimator}) so that the JIT vectorises them. Output sample {@code n} is centred on input
 * {@code 2n}: no delay, like {@link Resampler}.
 */
final class HalfBand {
  private static final int BLOCK = 2048;
  /** Odd taps h[1], h[3], ... h[2K-1]; the centre tap is 0.5. */
  private static final float[] ODD = design();

  private HalfBand() {}

  private static float[] design() {
    double transition = 0.08 / 2; // (0.54 - 0.46) of the output rate, in cycles per input sample (twice the output rate)
    int total = (int) Math.ceil(Resampler.kaiserLength(transition)) + 1;
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
    int outLength = (x.length + 1) / 2, pad = ODD.length;
    // odd[j + pad] = x[2j + 1]: the odd phase, zero-padded so that every tap's run stays inside it
    float[] odd = new float[outLength + 2 * pad + 1];
    for (int j = 0; 2 * j + 1 < x.length; j++) odd[j + pad] = x[2 * j + 1];
    float[] y = new float[outLength];
    for (int n = 0; n < outLength; n++) y[n] = 0.5f * x[2 * n];
    // y[n] += ODD[k] * (x[2n + 2k + 1] + x[2n - 2k - 1]) = ODD[k] * (odd[n + k + pad] + odd[n - k - 1 + pad])
    for (int b = 0; b < outLength; b += BLOCK) {
      int e = Math.min(outLength, b + BLOCK);
      for (int k = 0; k < ODD.length; k++) pair(y, odd, ODD[k], k + pad, pad - k - 1, b, e);
    }
    return y;
  }

  /** {@code y[n] += h * (x[n + right] + x[n + left])} over {@code [from, to)}: a loop the JIT vectorises. */
  private static void pair(float[] y, float[] x, float h, int right, int left, int from, int to) {
    for (int n = from; n < to; n++) y[n] += h * (x[n + right] + x[n + left]);
  }
}
