package dev.earshot.audio.dsp;

/**
 * Streaming conversion between a rate and its double (8 and 16 kHz) for frame-by-frame codecs on a call:
 * one symmetric 63-tap Kaiser-windowed low-pass at a quarter of the higher rate, more than 60 dB down from 5 kHz (at
 * 16 kHz) and within 0.2 dB to 3.4 kHz ({@code OctaveTest}). Unlike {@link Resampler#resample}, which sees a whole clip and has no delay,
 * this is causal and keeps only the filter's history, so it can run for a whole call: each direction delays
 * the signal by 31 samples of the higher rate (1.94 ms at 16 kHz). One instance per stream; not thread-safe.
 */
public final class Octave {
  private static final int TAPS = 63;
  private static final float[] H = design();

  private Octave() {}

  private static float[] design() {
    double beta = 7.0, i0 = Resampler.besselI0(beta), half = (TAPS - 1) / 2.0;
    float[] h = new float[TAPS];
    for (int k = 0; k < TAPS; k++) {
      double x = k - half, r = x / half;
      double sinc = x == 0 ? 0.5 : Math.sin(Math.PI * x / 2) / (Math.PI * x); // cut-off at a quarter of the rate
      h[k] = (float) (sinc * Resampler.besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0);
    }
    double sum = 0;
    for (float v : h) sum += v;
    for (int k = 0; k < TAPS; k++) h[k] /= (float) sum; // unity gain at 0 Hz
    return h;
  }

  /** Low rate to double: zero-stuffing then the low-pass (with gain 2, so a tone keeps its level). */
  public static final class Up {
    private final float[] history = new float[TAPS - 1]; // the last TAPS - 1 stuffed samples

    public float[] process(float[] low) {
      float[] x = new float[history.length + 2 * low.length];
      System.arraycopy(history, 0, x, 0, history.length);
      for (int i = 0; i < low.length; i++) x[history.length + 2 * i] = 2 * low[i];
      float[] y = new float[2 * low.length];
      for (int n = 0; n < y.length; n++) {
        double acc = 0;
        int newest = n + history.length;
        for (int k = (newest & 1) == 0 ? 0 : 1; k < TAPS; k += 2) acc += H[k] * x[newest - k]; // odd offsets meet only zeros
        y[n] = (float) acc;
      }
      System.arraycopy(x, x.length - history.length, history, 0, history.length);
      return y;
    }
  }

  /** Double rate to low: the low-pass then every second sample. Input lengths must be even. */
  public static final class Down {
    private final float[] history = new float[TAPS - 1];

    public float[] process(float[] high) {
      if ((high.length & 1) != 0) throw new IllegalArgumentException("decimation by 2 needs an even number of samples, found " + high.length);
      float[] x = new float[history.length + high.length];
      System.arraycopy(history, 0, x, 0, history.length);
      System.arraycopy(high, 0, x, history.length, high.length);
      float[] y = new float[high.length / 2];
      for (int n = 0; n < y.length; n++) {
        double acc = 0;
        int newest = 2 * n + 1 + history.length;
        for (int k = 0; k < TAPS; k++) acc += H[k] * x[newest - k];
        y[n] = (float) acc;
      }
      System.arraycopy(x, x.length - history.length, history, 0, history.length);
      return y;
    }
  }
}
