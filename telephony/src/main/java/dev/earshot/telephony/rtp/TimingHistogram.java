package dev.earshot.telephony.rtp;

/**
 * A fixed-size histogram of durations in microseconds, log-linear: 10 µs steps below 1 ms, 100 µs below
 * 10 ms, 1 ms below 100 ms, 10 ms below 1 s, then one overflow bucket. Quantiles are the upper edge of their
 * bucket (so never optimistic); the maximum is exact. A few hundred ints, so one per call is cheap.
 *
 * <p>Not thread-safe: written on one event loop; {@link #snapshot()} copies under the caller's own guard.
 */
public final class TimingHistogram {
  private static final int[] STEP = {10, 100, 1_000, 10_000};
  private static final int[] LIMIT = {1_000, 10_000, 100_000, 1_000_000};
  private static final int BUCKETS = 100 + 90 + 90 + 90 + 1;

  private final int[] counts = new int[BUCKETS];
  private long count;
  private long maxMicros;
  private double sumMicros;

  public void record(long micros) {
    long v = Math.max(0, micros);
    counts[bucket(v)]++;
    count++;
    sumMicros += v;
    if (v > maxMicros) maxMicros = v;
  }

  public long count() {
    return count;
  }

  /** The upper edge (µs) of the bucket holding the {@code q} quantile, 0 when empty. */
  public long quantileMicros(double q) {
    if (count == 0) return 0;
    long rank = (long) Math.ceil(q * count);
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += counts[b];
      if (seen >= Math.max(1, rank)) return Math.min(upperEdge(b), maxMicros);
    }
    return maxMicros;
  }

  public long maxMicros() {
    return maxMicros;
  }

  public double meanMicros() {
    return count == 0 ? 0 : sumMicros / count;
  }

  /** Adds every sample of {@code other} to this histogram. */
  public void add(TimingHistogram other) {
    for (int b = 0; b < BUCKETS; b++) counts[b] += other.counts[b];
    count += other.count;
    sumMicros += other.sumMicros;
    maxMicros = Math.max(maxMicros, other.maxMicros);
  }

  /** What {@link #forEachBucket} hands each bucket: its upper edge (µs; the maximum for the last) and its count. */
  public interface BucketVisitor {
    void bucket(long upperMicros, long count);
  }

  /** Every non-empty bucket, in order: to copy this histogram into another kind (a mergeable one for a report). */
  public void forEachBucket(BucketVisitor visitor) {
    for (int b = 0; b < BUCKETS; b++) if (counts[b] > 0) visitor.bucket(Math.min(upperEdge(b), maxMicros), counts[b]);
  }

  /**
   * The samples recorded since {@code earlier}, a copy this histogram was then (a histogram only grows): a
   * window of a histogram that keeps counting. Its maximum is the upper edge of its highest bucket, capped at
   * this histogram's exact maximum; its mean is exact.
   */
  public TimingHistogram since(TimingHistogram earlier) {
    TimingHistogram h = new TimingHistogram();
    int top = -1;
    for (int b = 0; b < BUCKETS; b++) {
      h.counts[b] = Math.max(0, counts[b] - earlier.counts[b]);
      h.count += h.counts[b];
      if (h.counts[b] > 0) top = b;
    }
    h.sumMicros = Math.max(0, sumMicros - earlier.sumMicros);
    h.maxMicros = top < 0 ? 0 : Math.min(upperEdge(top), maxMicros);
    return h;
  }

  public TimingHistogram copy() {
    TimingHistogram h = new TimingHistogram();
    h.add(this);
    return h;
  }

  static int bucket(long v) {
    int base = 0;
    long lower = 0;
    for (int i = 0; i < STEP.length; i++) {
      if (v < LIMIT[i]) return base + (int) ((v - lower) / STEP[i]);
      base += (int) ((LIMIT[i] - lower) / STEP[i]);
      lower = LIMIT[i];
    }
    return BUCKETS - 1;
  }

  static long upperEdge(int b) {
    int base = 0;
    long lower = 0;
    for (int i = 0; i < STEP.length; i++) {
      int n = (int) ((LIMIT[i] - lower) / STEP[i]);
      if (b < base + n) return lower + (long) (b - base + 1) * STEP[i];
      base += n;
      lower = LIMIT[i];
    }
    return Long.MAX_VALUE;
  }
}
