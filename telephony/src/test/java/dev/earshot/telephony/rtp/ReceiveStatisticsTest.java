package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {
  private static final long MS = 1_000_000;

  /** Packet k of a 20 ms G.711 stream starting at sequence 65000 (so it wraps), arriving with extra delay. */
  private static void feed(ReceiveStatistics s, int k, long extraDelayNanos) {
    s.onPacket((65000 + k) & 0xFFFF, (4_294_960_000L + 160L * k) & 0xFFFFFFFFL, 1_000 * MS + k * 20 * MS + extraDelayNanos);
  }

  @Test
  void anInOrderStreamAcrossBothWrapsHasNoLossAndNoJitter() {
    ReceiveStatistics s = new ReceiveStatistics(8000);
    for (int k = 0; k < 1000; k++) feed(s, k, 0);
    ReceiveStatistics.Snapshot r = s.snapshot();
    assertEquals(1000, r.expected());
    assertEquals(1000, r.received());
    assertEquals(0, r.lost());
    assertEquals(0, r.duplicates());
    assertEquals(0, r.reordered());
    assertEquals(0, r.jitterMs(), 1e-6);
  }

  @Test
  void gapsAreLostDuplicatesAndLateOnesAreCountedApart() {
    ReceiveStatistics s = new ReceiveStatistics(8000);
    for (int k = 0; k < 600; k++) {
      if (k >= 10 && k < 15 || k == 500 || k == 31) continue; // lost (31 comes late, below)
      feed(s, k, 0);
      if (k == 20) feed(s, 20, 0); // duplicate
      if (k == 32) feed(s, 31, 5 * MS); // late: after 32
    }
    ReceiveStatistics.Snapshot r = s.snapshot();
    assertEquals(600, r.expected());
    assertEquals(6, r.lost());
    assertEquals(1, r.duplicates());
    assertEquals(1, r.reordered());
  }

  @Test
  void jitterFollowsRfc3550ForAlternatingTransitTimes() {
    // transit alternates 0 and 4 ms: every difference is 4 ms, and J = J + (|D| - J) / 16 converges to 4 ms
    ReceiveStatistics s = new ReceiveStatistics(8000);
    for (int k = 0; k < 400; k++) feed(s, k, (k % 2) * 4 * MS);
    assertEquals(4.0, s.snapshot().jitterMs(), 0.01);
    // after one more step the estimate is exactly what the recurrence gives
    double j = 0;
    for (int k = 1; k < 400; k++) j += (32 - j) / 16; // 4 ms = 32 timestamp units at 8 kHz
    assertEquals(j / 8, s.snapshot().jitterMs(), 1e-6);
  }

  @Test
  void aRestartedSenderIsAJumpNotAThousandLostPackets() {
    ReceiveStatistics s = new ReceiveStatistics(8000);
    for (int k = 0; k < 100; k++) feed(s, k, 0);
    for (int k = 0; k < 100; k++) s.onPacket(20000 + k, 160L * k, 5_000 * MS + k * 20 * MS);
    ReceiveStatistics.Snapshot r = s.snapshot();
    assertEquals(1, r.jumps());
    assertEquals(200, r.expected());
    assertEquals(0, r.lost());
    assertEquals(0, r.jitterMs(), 1e-6, "the new timestamp base is not jitter");
  }
}
