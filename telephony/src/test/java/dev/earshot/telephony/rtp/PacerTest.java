package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer wheel every stream of an event loop keeps its 20 ms beat on, on a real Netty event loop. */
class PacerTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final Pacer pacer = new Pacer(loop);

  @AfterEach
  void close() {
    loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void streamsJoiningAtOnceAreSpreadOverTheFrameAndEachTicksOnItsOwnGrid() throws Exception {
    int streams = 50;
    List<List<Long>> ticks = new ArrayList<>();
    List<Pacer.Member> members = loop.submit(() -> {
      List<Pacer.Member> m = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        List<Long> mine = java.util.Collections.synchronizedList(new ArrayList<>());
        ticks.add(mine);
        m.add(pacer.join(() -> mine.add(System.nanoTime())));
      }
      return m;
    }).get();
    int[] perSlot = new int[Pacer.SLOTS];
    for (Pacer.Member m : members) perSlot[(int) Math.floorMod((m.firstDueNanos - members.get(0).firstDueNanos) / Pacer.SLOT_NANOS, Pacer.SLOTS)]++;
    int fewest = streams / Pacer.SLOTS, most = (streams + Pacer.SLOTS - 1) / Pacer.SLOTS;
    for (int n : perSlot) {
      assertTrue(n == fewest || n == most, "50 streams over " + Pacer.SLOTS + " slots, " + fewest + " or " + most + " each: " + java.util.Arrays.toString(perSlot));
    }
    Thread.sleep(500);
    loop.submit(() -> members.get(0).leave()).get();
    int left = ticks.get(0).size();
    Thread.sleep(200);
    assertEquals(left, ticks.get(0).size(), "no tick after leaving");
    for (int i = 0; i < streams; i++) {
      List<Long> t = new ArrayList<>(ticks.get(i));
      assertTrue(t.size() >= 20, "stream " + i + " ticked every 20 ms for 0.5 s or more: " + t.size());
      long first = members.get(i).firstDueNanos;
      for (int k = 0; k < t.size(); k++) {
        long nominal = first + k * MediaStream.FRAME_NANOS;
        assertTrue(t.get(k) >= nominal, "stream " + i + " tick " + k + " never early against its grid: " + (t.get(k) - nominal) + " ns");
      }
      // late wake-ups do not shift the grid: the k-th tick is due at first + k * 20 ms, so the count follows the clock
      long span = t.get(t.size() - 1) - first;
      assertTrue(Math.abs(t.size() - 1 - span / MediaStream.FRAME_NANOS) <= 1, "stream " + i + ": " + t.size() + " ticks over " + span / 1e6 + " ms");
    }
  }

  @Test
  void aTickThatThrowsEndsItsOwnBeatOnly() throws Exception {
    AtomicInteger good = new AtomicInteger(), bad = new AtomicInteger();
    loop.submit(() -> {
      pacer.join(good::incrementAndGet);
      pacer.join(() -> {
        bad.incrementAndGet();
        throw new IllegalStateException("a stream's bug");
      });
    }).get();
    Thread.sleep(300);
    assertEquals(1, bad.get(), "the failing stream leaves the wheel");
    assertTrue(good.get() >= 10, "the other keeps its beat: " + good.get());
  }

  @Test
  void anEmptyWheelSleepsAndWakesForTheNextStream() throws Exception {
    AtomicInteger a = new AtomicInteger(), b = new AtomicInteger();
    Pacer.Member first = loop.submit(() -> pacer.join(a::incrementAndGet)).get();
    Thread.sleep(100);
    loop.submit(first::leave).get();
    Thread.sleep(100);
    loop.submit(() -> pacer.join(b::incrementAndGet)).get();
    Thread.sleep(200);
    assertTrue(b.get() >= 8, "a stream joining an empty wheel ticks: " + b.get());
  }
}
