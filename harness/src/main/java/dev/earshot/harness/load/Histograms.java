package dev.earshot.harness.load;

import dev.earshot.telephony.rtp.TimingHistogram;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A load run's distributions as HdrHistograms (3 significant digits, microseconds), carried in {@code load.json} in
 * HdrHistogram's compressed form (base64): shards merge by adding them, so the merged percentiles are those of
 * every call together, never an average of percentiles.
 *
 * @param setupUs INVITE sent to 200 OK received, one value a call that was answered
 * @param sendErrorUs how late each packet Earshot sent left against its 20 ms slot, one value a packet
 * @param timerFloorUs how late a bare thread beside the run woke against its 20 ms schedule, one value a wake-up
 */
public record Histograms(String setupUs, String sendErrorUs, String timerFloorUs) {
  static Histogram empty() {
    return new Histogram(3); // auto-resizing: any value a run can meet
  }

  /** The packets of {@code t} in a new histogram, each at its bucket's upper edge (as {@link TimingHistogram} reports them). */
  static Histogram of(TimingHistogram t) {
    Histogram h = empty();
    t.forEachBucket((upper, count) -> h.recordValueWithCount(upper, count));
    return h;
  }

  static String encode(Histogram h) {
    ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(b);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
  }

  /** {@code encoded} as {@link #encode} wrote it; {@code what} names it in the error when it is not. */
  static Histogram decode(String encoded, String what) {
    if (encoded == null) return empty();
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
    } catch (IllegalArgumentException | DataFormatException | java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException(what + ": expected an HdrHistogram in compressed base64 form (" + e.getMessage() + ")", e);
    }
  }

  /** The value at {@code percentile} (0..100) in milliseconds, rounded to 0.01; 0 when empty. */
  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : Math.round(h.getValueAtPercentile(percentile) / 10.0) / 100.0;
  }

  static double maxMs(Histogram h) {
    return h.getTotalCount() == 0 ? 0 : Math.round(h.getMaxValue() / 10.0) / 100.0;
  }
}
