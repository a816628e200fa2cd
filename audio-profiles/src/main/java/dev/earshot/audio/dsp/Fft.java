package dev.earshot.audio.dsp;

/**
 * In-place iterative radix-2 complex FFT on separate real and imaginary arrays. One instance per size holds
 * the twiddle factors and bit-reversal table; it has no mutable state, so it can be shared between threads.
 */
public final class Fft {
  private final int n;
  private final double[] cos;
  private final double[] sin;
  private final int[] reversed;

  public Fft(int n) {
    if (n < 2 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two >= 2, found " + n);
    this.n = n;
    cos = new double[n / 2];
    sin = new double[n / 2];
    for (int i = 0; i < n / 2; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / n);
      sin[i] = -Math.sin(2 * Math.PI * i / n);
    }
    reversed = new int[n];
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) reversed[i] = Integer.reverse(i) >>> (32 - bits);
  }

  public int size() {
    return n;
  }

  /** The smallest power of two that is at least {@code length}. */
  public static int sizeFor(int length) {
    return Math.max(2, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
  }

  /** Forward transform (e^{-i...}), unscaled. */
  public void forward(double[] re, double[] im) {
    transform(re, im, false);
  }

  /** Inverse transform, scaled by 1/n so that {@code inverse(forward(x)) == x}. */
  public void inverse(double[] re, double[] im) {
    transform(re, im, true);
    double s = 1.0 / n;
    for (int i = 0; i < n; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }

  private void transform(double[] re, double[] im, boolean inverse) {
    for (int i = 0; i < n; i++) {
      int j = reversed[i];
      if (j > i) {
        double t = re[i]; re[i] = re[j]; re[j] = t;
        t = im[i]; im[i] = im[j]; im[j] = t;
      }
    }
    for (int size = 2; size <= n; size <<= 1) {
      int half = size >> 1, step = n / size;
      for (int start = 0; start < n; start += size) {
        for (int k = 0, t = 0; k < half; k++, t += step) {
          double wr = cos[t], wi = inverse ? -sin[t] : sin[t];
          int a = start + k, b = a + half;
          double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }

  /**
   * Linear convolution of {@code x} with {@code h} by overlap-add, truncated to {@code x.length} samples (so
   * a filter's tail past the end of the clip is dropped and timing is kept).
   */
  public static float[] convolve(float[] x, float[] h) {
    int block = Math.max(h.length, 4096);
    Fft fft = new Fft(sizeFor(block + h.length - 1));
    int size = fft.size();
    double[] hr = new double[size], hi = new double[size];
    for (int i = 0; i < h.length; i++) hr[i] = h[i];
    fft.forward(hr, hi);
    float[] y = new float[x.length];
    double[] re = new double[size], im = new double[size];
    for (int start = 0; start < x.length; start += block) {
      int len = Math.min(block, x.length - start);
      java.util.Arrays.fill(re, 0);
      java.util.Arrays.fill(im, 0);
      for (int i = 0; i < len; i++) re[i] = x[start + i];
      fft.forward(re, im);
      for (int k = 0; k < size; k++) {
        double r = re[k] * hr[k] - im[k] * hi[k];
        im[k] = re[k] * hi[k] + im[k] * hr[k];
        re[k] = r;
      }
      fft.inverse(re, im);
      int end = Math.min(x.length, start + size);
      for (int i = start; i < end; i++) y[i] += (float) re[i - start];
    }
    return y;
  }
}
