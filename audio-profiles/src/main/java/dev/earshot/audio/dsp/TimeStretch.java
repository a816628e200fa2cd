package dev.earshot.audio.dsp;

/**
 * Tempo change without pitch change by WSOLA (waveform-similarity overlap-add, Verhelst and Roelands 1993),
 * and the pitch shift built on it and on {@link Resampler}.
 *
 * <p>WSOLA cuts 30 ms Hann-windowed frames from the input at the tempo's pace and overlap-adds them at half a
 * frame apart; each frame's start may move by up to 12 ms so that it continues the previous frame's waveform
 * (highest cross-correlation), which keeps pitch periods intact. The search runs on a 2 kHz-spaced grid first
 * and is then refined sample by sample, which keeps the cost per second of audio the same at every rate.
 * Deterministic: no randomness at all.
 */
public final class TimeStretch {
  private static final double FRAME_S = 0.030;
  private static final double TOLERANCE_S = 0.012;

  private TimeStretch() {}

  /**
   * Plays {@code x} {@code tempo} times as fast without changing its pitch: the result has exactly
   * {@code round(x.length / tempo)} samples.
   */
  public static float[] tempo(float[] x, int rate, double tempo) {
    if (!(tempo >= 0.25 && tempo <= 4)) throw new IllegalArgumentException("tempo: expected 0.25..4, found " + tempo);
    int outLength = (int) Math.round(x.length / tempo);
    if (tempo == 1.0) return java.util.Arrays.copyOf(x, outLength);
    int frame = 2 * (int) Math.round(FRAME_S * rate / 2);
    int hop = frame / 2;
    int tolerance = (int) Math.round(TOLERANCE_S * rate);
    int coarse = Math.max(1, rate / 2000);
    float[] window = hann(frame);
    float[] y = new float[outLength + frame];
    int previous = 0; // analysis start of the previous frame
    for (int k = 0; (long) k * hop < outLength; k++) {
      int out = k * hop;
      int start;
      if (k == 0) {
        start = 0;
      } else {
        int nominal = (int) Math.round(out * tempo);
        int natural = previous + hop; // where the previous frame's waveform continues
        start = bestMatch(x, natural, nominal - tolerance, nominal + tolerance, frame, coarse);
      }
      for (int i = 0; i < frame; i++) {
        int src = start + i;
        if (src >= 0 && src < x.length) y[out + i] += window[i] * x[src];
      }
      previous = start;
    }
    return java.util.Arrays.copyOf(y, outLength);
  }

  /**
   * Shifts pitch by {@code semitones} keeping duration: a WSOLA stretch by the pitch ratio followed by a
   * resampling back to the original length. Formants move with the pitch, as in a tape sped up.
   */
  public static float[] pitch(float[] x, int rate, double semitones) {
    if (!(Math.abs(semitones) <= 24)) throw new IllegalArgumentException("semitones: expected -24..24, found " + semitones);
    if (semitones == 0) return x.clone();
    double ratio = Math.pow(2, semitones / 12);
    return speed(tempo(x, rate, 1 / ratio), rate, ratio, x.length);
  }

  /**
   * Plays {@code x} {@code ratio} times as fast, like a tape (pitch, formants and tempo all move), and
   * returns exactly {@code length} samples. The ratio is rounded to 10 Hz of sample rate so that the
   * resampling filter stays small (an error of at most 0.06% at 8 kHz).
   */
  public static float[] speed(float[] x, int rate, double ratio, int length) {
    int from = (int) (10 * Math.round(rate * ratio / 10));
    float[] y = from == rate ? x : Resampler.of(from, rate).process(x);
    return java.util.Arrays.copyOf(y, length);
  }

  private static int bestMatch(float[] x, int natural, int lo, int hi, int frame, int coarse) {
    int best = clamp(natural, lo, hi);
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int s = lo; s <= hi; s += coarse) {
      double score = correlation(x, natural, s, frame, coarse);
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    if (coarse > 1) {
      int c = best;
      bestScore = correlation(x, natural, c, frame, 1);
      for (int s = Math.max(lo, c - coarse + 1); s <= Math.min(hi, c + coarse - 1); s++) {
        double score = s == c ? bestScore : correlation(x, natural, s, frame, 1);
        if (score > bestScore) {
          bestScore = score;
          best = s;
        }
      }
    }
    return best;
  }

  private static double correlation(float[] x, int a, int b, int frame, int step) {
    double acc = 0;
    for (int i = 0; i < frame; i += step) {
      int ia = a + i, ib = b + i;
      if (ia < 0 || ib < 0 || ia >= x.length || ib >= x.length) continue;
      acc += x[ia] * x[ib];
    }
    return acc;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** A periodic Hann window: copies spaced {@code length / 2} apart sum to exactly 1. */
  static float[] hann(int length) {
    float[] w = new float[length];
    for (int i = 0; i < length; i++) w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / length));
    return w;
  }
}
