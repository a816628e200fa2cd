package dev.earshot.audio.dsp;

/**
 * Vocal-tract-length scaling: moves the spectral envelope (the formants) by a factor while keeping the pitch
 * and the duration. A longer tract (factor below 1) sounds larger and darker; a shorter one (above 1) smaller.
 *
 * <p>Short-time Fourier analysis with 64 ms Hann frames at 75% overlap; in each frame the envelope is the
 * cepstrally smoothed log magnitude (quefrencies below 1.6 ms, under the shortest pitch period of interest), the
 * fine structure (the harmonics) is what remains, and the new magnitude is the fine structure times the
 * envelope read at {@code f / factor}. The phase of each bin is kept, and frames are overlap-added with a
 * second Hann window. Deterministic.
 */
public final class FormantShift {
  private static final double FRAME_S = 0.064;
  private static final double LIFTER_S = 0.0016;

  private FormantShift() {}

  public static float[] scale(float[] x, int rate, double factor) {
    if (!(factor >= 0.5 && factor <= 2)) throw new IllegalArgumentException("factor: expected 0.5..2, found " + factor);
    if (factor == 1.0) return x.clone();
    int n = Fft.sizeFor((int) Math.round(FRAME_S * rate));
    int hop = n / 4;
    int lifter = Math.max(2, (int) Math.round(LIFTER_S * rate));
    Fft fft = new Fft(n);
    float[] window = TimeStretch.hann(n);
    double[] re = new double[n], im = new double[n], cr = new double[n], ci = new double[n];
    double[] envelope = new double[n / 2 + 1];
    double[] gain = new double[n / 2 + 1];
    float[] y = new float[x.length + n];
    // Hann analysis x Hann synthesis at 75% overlap sums to 1.5
    double norm = 1 / 1.5;
    for (int start = -n + hop; start < x.length; start += hop) {
      for (int i = 0; i < n; i++) {
        int src = start + i;
        re[i] = src >= 0 && src < x.length ? x[src] * window[i] : 0;
        im[i] = 0;
      }
      fft.forward(re, im);
      for (int k = 0; k < n; k++) {
        cr[k] = Math.log(Math.hypot(re[k], im[k]) + 1e-9);
        ci[k] = 0;
      }
      fft.inverse(cr, ci); // real cepstrum
      for (int q = lifter; q <= n - lifter; q++) {
        cr[q] = 0;
        ci[q] = 0;
      }
      for (int q = 0; q < n; q++) ci[q] = 0;
      fft.forward(cr, ci); // smoothed log magnitude
      for (int k = 0; k <= n / 2; k++) envelope[k] = cr[k];
      for (int k = 0; k <= n / 2; k++) {
        double src = k / factor;
        double target;
        if (src >= n / 2) {
          target = envelope[n / 2] - 40; // beyond the band: nothing
        } else {
          int i0 = (int) src;
          double f = src - i0;
          target = envelope[i0] * (1 - f) + envelope[Math.min(n / 2, i0 + 1)] * f;
        }
        gain[k] = Math.exp(target - envelope[k]);
      }
      for (int k = 0; k < n; k++) {
        double g = gain[k <= n / 2 ? k : n - k];
        re[k] *= g;
        im[k] *= g;
      }
      fft.inverse(re, im);
      for (int i = 0; i < n; i++) {
        int dst = start + i;
        if (dst >= 0 && dst < x.length) y[dst] += (float) (re[i] * window[i] * norm);
      }
    }
    return java.util.Arrays.copyOf(y, x.length);
  }
}
