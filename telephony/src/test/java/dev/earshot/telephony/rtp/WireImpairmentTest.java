package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireImpairmentTest {
  private static final int G711_RTP_BYTES = 12 + 160;

  private static WireImpairment run(Network spec, long seed, int packets) {
    WireImpairment w = new WireImpairment(spec, seed);
    for (int i = 0; i < packets; i++) w.next(i, i & 0xFFFF, G711_RTP_BYTES);
    return w;
  }

  @Test
  void bernoulliLossHitsItsRate() {
    var c = run(new Network(new Network.Loss("bernoulli", 5, null), 0, 0, 0, null, null, null), 7, 100_000).counts();
    assertEquals(0.05, c.lost() / 100_000.0, 0.003);
    assertEquals(0, c.duplicated());
    assertEquals(0, c.maxDelayMs(), "no delay asked for");
  }

  @Test
  void gilbertElliottLossComesInBurstsOfTheMeanLength() {
    List<WireImpairment.Fate> log = run(new Network(new Network.Loss("gilbert-elliott", 8, 4.0), 0, 0, 0, null, null, null), 7, 200_000).log();
    long lost = 0, bursts = 0;
    boolean previous = false;
    for (var f : log) {
      boolean l = f.action() == WireImpairment.Action.LOST;
      if (l) lost++;
      if (l && !previous) bursts++;
      previous = l;
    }
    assertEquals(0.08, lost / 200_000.0, 0.006);
    assertEquals(4.0, lost / (double) bursts, 0.25, "mean burst length");
  }

  @Test
  void jitterSpreadsDelaysEitherSideAndReordersPackets() {
    var log = run(new Network(null, 40, 25, 0, null, null, null), 3, 10_000).log();
    double min = Double.MAX_VALUE, max = 0;
    int overtaken = 0;
    for (int i = 0; i < log.size(); i++) {
      double d = log.get(i).delayMs();
      min = Math.min(min, d);
      max = Math.max(max, d);
      if (i > 0 && log.get(i).nominalMs() + d < log.get(i - 1).nominalMs() + log.get(i - 1).delayMs()) overtaken++;
    }
    assertTrue(min >= 15 && min < 16, "min delay " + min);
    assertTrue(max <= 65 && max > 64, "max delay " + max);
    // uniform ±25 ms on a 20 ms grid: P(next leaves first) = P(U2 - U1 < -20/50) for U uniform in [0,1] = 0.18
    assertEquals(0.18, overtaken / 10_000.0, 0.015);
  }

  @Test
  void duplicatesCarryTheirOwnDelay() {
    var w = run(new Network(null, 10, 5, 3, null, null, null), 11, 50_000);
    assertEquals(0.03, w.counts().duplicated() / 50_000.0, 0.003);
    long differ = w.log().stream().filter(WireImpairment.Fate::duplicated).filter(f -> f.delayMs() != f.duplicateDelayMs()).count();
    assertEquals(w.counts().duplicated(), differ);
  }

  @Test
  void aBottleneckBelowTheStreamRateQueuesThenDrops() {
    // G.711 at 20 ms is 200 bytes per packet with IP and UDP: 80 kbit/s; a 64 kbit/s link carries 80% of it
    var w = run(new Network(null, 0, 0, 0, 64.0, 100.0, null), 1, 5_000);
    var c = w.counts();
    assertEquals(0.2, c.queueFull() / 5_000.0, 0.01);
    assertTrue(c.maxDelayMs() <= 100 + 25 + 1e-9, "waits at most the buffer plus one packet's serialisation: " + c.maxDelayMs());
    assertEquals(25.0, w.log().get(0).delayMs(), 1e-9, "the first packet only takes its serialisation time, 1600 bits at 64 kbit/s");
    // at 100 kbit/s the link keeps up: only serialisation delay, nothing dropped
    var fast = run(new Network(null, 0, 0, 0, 100.0, null, null), 1, 1_000).counts();
    assertEquals(0, fast.queueFull());
    assertEquals(16.0, fast.maxDelayMs(), 1e-9);
  }

  @Test
  void theSameSeedDoesTheSameToEveryPacketAndSettingsDrawIndependently() {
    Network spec = new Network(new Network.Loss("gilbert-elliott", 5, 2.0), 30, 20, 2, null, null, null);
    assertEquals(run(spec, 42, 5_000).log(), run(spec, 42, 5_000).log());
    assertNotEquals(run(spec, 42, 5_000).log(), run(spec, 43, 5_000).log());
    // more duplication changes which packets are copied, not which are lost or how late the others are
    Network moreDup = new Network(spec.loss(), 30, 20, 20, null, null, null);
    var a = run(spec, 42, 5_000).log();
    var b = run(moreDup, 42, 5_000).log();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).action(), b.get(i).action());
      assertEquals(a.get(i).delayMs(), b.get(i).delayMs());
    }
  }

  @Test
  void theLogIsWrittenAsOneCsvLinePerPacket(@TempDir Path dir) throws Exception {
    var w = run(new Network(new Network.Loss("bernoulli", 30, null), 20, 0, 20, null, null, null), 5, 50);
    Path csv = dir.resolve("wire.csv");
    w.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("index,sequence,nominal_ms,action,delay_ms,duplicate_delay_ms", lines.get(0));
    assertEquals(51, lines.size());
    long lost = lines.stream().filter(l -> l.contains(",lost,")).count();
    assertEquals(w.counts().lost(), lost);
    assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+,\\d+,\\d+,sent,20\\.000,20\\.000")), "a duplicated packet line");
    assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+,\\d+,\\d+,lost,,")), "a lost packet line");
  }
}
