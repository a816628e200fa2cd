package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimingHistogramTest {
  @Test
  void bucketsAreContiguousAndEdgesBoundTheirValues() {
    for (long v : new long[] {0, 9, 10, 999, 1000, 1099, 9999, 10_000, 99_999, 100_000, 999_999}) {
      int b = TimingHistogram.bucket(v);
      assertTrue(TimingHistogram.upperEdge(b) > v, v + " below its bucket's upper edge");
      if (b > 0) assertTrue(TimingHistogram.upperEdge(b - 1) <= v, v + " above the previous edge");
    }
    assertEquals(TimingHistogram.bucket(2_000_000), TimingHistogram.bucket(5_000_000), "overflow bucket");
  }

  @Test
  void quantilesAreWithinOneBucketAboveTheTrueValue() {
    TimingHistogram h = new TimingHistogram();
    for (int i = 1; i <= 1000; i++) h.record(i * 10L); // 10 µs .. 10 ms
    assertEquals(1000, h.count());
    long p50 = h.quantileMicros(0.5), p99 = h.quantileMicros(0.99);
    assertTrue(p50 >= 5000 && p50 <= 5100, "p50 " + p50);
    assertTrue(p99 >= 9900 && p99 <= 10_000, "p99 " + p99);
    assertEquals(10_000, h.maxMicros());
    assertEquals(5005, h.meanMicros(), 0.01);
  }

  @Test
  void mergedHistogramsCountEverything() {
    TimingHistogram a = new TimingHistogram(), b = new TimingHistogram();
    a.record(100);
    b.record(3000);
    b.record(-5); // clamped to 0
    a.add(b);
    assertEquals(3, a.count());
    assertEquals(3000, a.maxMicros());
    assertEquals(110, a.quantileMicros(0.5));
    assertEquals(10, a.quantileMicros(0.01));
  }

  @Test
  void sinceIsTheWindowRecordedAfterACopy() {
    TimingHistogram h = new TimingHistogram();
    for (int i = 0; i < 100; i++) h.record(500); // 0.5 ms
    h.record(40_000); // one late packet before the window
    TimingHistogram before = h.copy();
    for (int i = 0; i < 99; i++) h.record(1_200);
    h.record(7_000);
    TimingHistogram window = h.since(before);
    assertEquals(100, window.count());
    assertEquals(1_300, window.quantileMicros(0.5), "the window's own median, not the whole history's");
    assertEquals(7_100, window.maxMicros(), "the upper edge of the window's top bucket (7.0..7.1 ms): not the 40 ms before it");
    assertEquals((99 * 1_200 + 7_000) / 100.0, window.meanMicros(), 1e-6);
    assertEquals(0, h.since(h.copy()).count(), "nothing since now");
    assertEquals(0, h.since(h.copy()).maxMicros());
  }
}
