package dev.earshot.audio;

/**
 * Active speech level after ITU-T P.56 method B: the power of the signal over the time it is active, where
 * "active" is decided by an envelope against a ladder of thresholds and a 15.9 dB margin. Pauses in an
 * utterance therefore do not lower the level, which is what an SNR for speech must be measured against.
 */
public final class SpeechLevel {
  private static final double TIME_CONSTANT_S = 0.03;
  private static final double HANGOVER_S = 0.2;
  private static final double MARGIN_DB = 15.9;
  private static final int LADDER = 16;

  private SpeechLevel() {}

  /** Active speech level in dB relative to full scale (a full-scale sine is about -3 dB); -inf for silence. */
  public static double activeLevelDb(Pcm pcm) {
    float[] x = pcm.samples();
    double g = Math.exp(-1.0 / (pcm.sampleRate() * TIME_CONSTANT_S));
    int hangover = (int) Math.round(HANGOVER_S * pcm.sampleRate());
    double[] c = new double[LADDER];
    for (int j = 0; j < LADDER; j++) c[j] = Math.pow(2, j - 15); // 1 LSB of 16 bits up to half scale
    // A sample counts as active for threshold j when the envelope reached c[j] at it or within the hangover
    // before it, i.e. when the highest threshold index reached over that window is >= j. Thresholds are powers
    // of two, so the index reached by one sample is its envelope's binary exponent: a sliding-window maximum
    // over those indices and a histogram give every threshold's count in one pass.
    long[] reached = new long[LADDER + 1]; // reached[j + 1]: samples whose window maximum is j (j = -1: none)
    int[] dequeIndex = new int[x.length + 1];
    byte[] dequeLevel = new byte[x.length + 1];
    int head = 0, tail = 0;
    double p = 0, q = 0, energy = 0;
    for (int i = 0; i < x.length; i++) {
      float s = x[i];
      energy += (double) s * s;
      p = g * p + (1 - g) * Math.abs(s);
      q = g * q + (1 - g) * p;
      int level = q <= 0 ? -1 : Math.max(-1, Math.min(LADDER - 1, Math.getExponent(q) + 15));
      while (tail > head && dequeLevel[tail - 1] <= level) tail--;
      dequeIndex[tail] = i;
      dequeLevel[tail++] = (byte) level;
      while (dequeIndex[head] < i - hangover) head++;
      reached[dequeLevel[head] + 1]++;
    }
    long[] active = new long[LADDER];
    long above = 0;
    for (int j = LADDER - 1; j >= 0; j--) {
      above += reached[j + 1];
      active[j] = above;
    }
    if (active[0] == 0 || energy == 0) return Double.NEGATIVE_INFINITY;
    double prevDelta = Double.NaN, prevA = Double.NaN;
    for (int j = 0; j < LADDER; j++) {
      if (active[j] == 0) break;
      double a = 10 * Math.log10(energy / active[j]);
      double delta = a - 20 * Math.log10(c[j]) - MARGIN_DB;
      if (delta <= 0) {
        if (Double.isNaN(prevDelta)) return a;
        double f = prevDelta / (prevDelta - delta); // interpolate where the margin is met exactly
        return prevA + f * (a - prevA);
      }
      prevDelta = delta;
      prevA = a;
    }
    return prevA;
  }

  /** Plain RMS level in dBFS of the whole clip (silence included). */
  public static double rmsDb(float[] x) {
    return rmsDb(x, 0, x.length);
  }

  /** Plain RMS level in dBFS of {@code x[from, to)}; -inf when empty or silent. */
  public static double rmsDb(float[] x, int from, int to) {
    double e = 0;
    for (int i = from; i < to; i++) e += (double) x[i] * x[i];
    return to <= from ? Double.NEGATIVE_INFINITY : 10 * Math.log10(e / (to - from));
  }
}
