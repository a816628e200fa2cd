package dev.earshot.audio.profile;

import java.util.ArrayList;
import java.util.List;

/** Where speech is in a clip, by 10 ms frames against a threshold relative to the loudest frame. */
final class Segments {
  static final double FRAME_S = 0.010;
  private static final double BELOW_PEAK_DB = 30;

  private Segments() {}

  /** Voiced runs as [start, end) sample ranges, in order. */
  static List<int[]> voiced(float[] x, int rate) {
    int frame = (int) Math.round(FRAME_S * rate);
    int frames = x.length / frame;
    double[] db = new double[frames];
    double peak = Double.NEGATIVE_INFINITY;
    for (int f = 0; f < frames; f++) {
      double e = 0;
      for (int i = f * frame; i < (f + 1) * frame; i++) e += (double) x[i] * x[i];
      db[f] = 10 * Math.log10(e / frame + 1e-20);
      peak = Math.max(peak, db[f]);
    }
    List<int[]> runs = new ArrayList<>();
    int start = -1;
    for (int f = 0; f <= frames; f++) {
      boolean on = f < frames && db[f] > peak - BELOW_PEAK_DB && db[f] > -80;
      if (on && start < 0) start = f;
      if (!on && start >= 0) {
        runs.add(new int[] {start * frame, f * frame});
        start = -1;
      }
    }
    return runs;
  }

  /** The sample nearest {@code at} (within {@code reach}) where the signal crosses zero, to cut without a click. */
  static int zeroCrossing(float[] x, int at, int reach) {
    for (int d = 0; d <= reach; d++) {
      for (int i : new int[] {at - d, at + d}) {
        if (i > 0 && i < x.length && (x[i - 1] <= 0) != (x[i] <= 0)) return i;
      }
    }
    return Math.max(0, Math.min(x.length, at));
  }
}
