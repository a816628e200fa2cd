package dev.earshot.telephony.rtp;

/**
 * What arrived on one RTP stream, counted as RFC 3550 does: sequence numbers extended across their 16-bit
 * wrap (appendix A.1), packets expected from the first to the highest sequence number, lost = expected
 * minus received (duplicates excluded), late packets (reordered), duplicates, and the interarrival jitter
 * estimate of section 6.4.1 / appendix A.8 (a running mean of transit-time differences, gain 1/16).
 *
 * <p>Fed on the stream's event loop, read by anyone: methods are synchronized (never contended in practice).
 */
public final class ReceiveStatistics {
  private static final int MAX_DROPOUT = 3000;
  private static final int WINDOW = 1024; // how far back duplicates are recognised

  private volatile int clockRate;
  private boolean started;
  private long base;
  private long highest; // extended
  private long received;
  private long duplicates;
  private long reordered;
  private long jumps;
  private double transit = Double.NaN;
  private double jitter; // in timestamp units
  private long expectedPrior, receivedPrior; // at the last report block (RFC 3550 A.3)
  private final long[] seen = new long[WINDOW]; // extended sequence number + 1 at slot (seq % WINDOW); 0 = empty

  public ReceiveStatistics(int clockRate) {
    setClockRate(clockRate);
  }
  /** The RTP clock of the stream (the negotiated codec's), which jitter is measured in; set it before packets arrive. */
  public void setClockRate(int clockRate) {
    if (clockRate <= 0) throw new IllegalArgumentException("clock rate: expected > 0, found " + clockRate);
    this.clockRate = clockRate;
  }


  /** One packet: its sequence number and RTP timestamp, and when it arrived (System.nanoTime). */
  public synchronized void onPacket(int sequence, long rtpTimestamp, long arrivalNanos) {
    long extended;
    if (!started) {
      started = true;
      base = highest = extended = sequence;
    } else {
      int ahead = (sequence - (int) (highest & 0xFFFF)) & 0xFFFF;
      if (ahead == 0) {
        extended = highest;
      } else if (ahead < MAX_DROPOUT) {
        extended = highest + ahead; // in order, possibly after a gap or across the wrap
      } else if (ahead > 0x10000 - WINDOW) {
        extended = highest - (0x10000 - ahead); // behind the highest: late or duplicate
      } else {
        jumps++; // a restarted sender or a huge gap: not loss; resynchronise, as RFC 3550 A.1 does
        base += ahead - 1; // the skipped numbers are not expected
        extended = highest + ahead;
        transit = Double.NaN; // a new timestamp base too
      }
    }
    int slot = (int) Math.floorMod(extended, (long) WINDOW);
    if (seen[slot] == extended + 1) {
      duplicates++;
      return;
    }
    seen[slot] = extended + 1;
    received++;
    if (extended < highest) reordered++;
    else highest = extended;
    double arrival = arrivalNanos * (clockRate / 1e9);
    double t = arrival - rtpTimestamp;
    if (!Double.isNaN(transit)) {
      double d = Math.abs(t - transit);
      // timestamps are 32-bit: a wrap shows as a jump of 2^32, which is not jitter
      if (d > 1L << 31) d = Math.abs(d - (1L << 32));
      jitter += (d - jitter) / 16;
    }
    transit = t;
  }

  /**
   * The figures of an RTCP reception report block about this stream (RFC 3550 section 6.4.1 and A.3): the
   * fraction lost since the previous call of this method (which it moves on), the cumulative loss, the
   * extended highest sequence number and the jitter in timestamp units. Null when no packet arrived since the
   * previous call: RFC 3550 section 6.4 reports only on sources heard since the last report.
   */
  public synchronized ReportFigures reportFigures() {
    if (!started || received == receivedPrior) return null;
    long expected = highest - base + 1;
    long expectedInterval = expected - expectedPrior, receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    return new ReportFigures(fraction, expected - received, highest & 0xFFFFFFFFL, (long) jitter);
  }

  /** See {@link #reportFigures()}. */
  public record ReportFigures(int fractionLost, long cumulativeLost, long highestSequence, long jitter) {}

  public synchronized Snapshot snapshot() {
    long expected = started ? highest - base + 1 : 0;
    return new Snapshot(expected, received, Math.max(0, expected - received), duplicates, reordered, jumps, jitter * 1000 / clockRate);
  }

  /**
   * @param expected packets from the first to the highest sequence number seen
   * @param received distinct packets that arrived
   * @param lost expected minus received (never negative)
   * @param duplicates packets that arrived again
   * @param reordered packets that arrived after a later one
   * @param jumps sequence jumps too large to be loss (a restarted sender)
   * @param jitterMs RFC 3550 interarrival jitter, in milliseconds
   */
  public record Snapshot(long expected, long received, long lost, long duplicates, long reordered, long jumps, double jitterMs) {}
}
