package dev.earshot.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The verdict read from a load run's seconds: was it the generator or the agent, and where did the agent bend. */
class LoadVerdictTest {
  /** A second at {@code t} with {@code up} calls, its setup p95, loss, send p99 and the failures so far. */
  private static LoadSample second(double t, int up, Double setupP95, long lost, double sendP99, Map<String, Integer> failures) {
    int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
    return new LoadSample(t, 100, up, null, up, 0, failed, failures, 10, setupP95 == null ? null : setupP95 / 2, setupP95, 1000 - lost, lost, sendP99, 2.0, 50, null, null, false);
  }

  private static List<LoadSample> steady(int seconds) {
    List<LoadSample> s = new ArrayList<>();
    for (int t = 1; t <= seconds; t++) s.add(second(t, t * 10, 20.0, 0, 1.5, Map.of()));
    return s;
  }

  @Test
  void aGeneratorWithinThreeTimesTheFloorKeptItsSchedule() {
    LoadVerdict v = LoadVerdict.of(steady(10), 2.4, 2.6);
    assertFalse(v.generatorLimited());
    assertEquals(0, v.limitedSeconds());
    assertNull(v.knee());
    assertEquals("Earshot kept its schedule: send-time p99 2.40 ms, within 3× the timer floor p99 (2.60 ms, measured beside the run).\n"
        + "No knee: the agent kept up to the run's peak of 100 calls at once.", v.describe(100));
  }

  @Test
  void aSendTimeP99BeyondThreeTimesTheFloorMeansTheGeneratorWasTheLimit() {
    List<LoadSample> s = steady(10);
    s.set(6, second(7, 70, 20.0, 0, 30, Map.of()));
    s.set(8, second(9, 90, 20.0, 0, 45, Map.of()));
    LoadVerdict v = LoadVerdict.of(s, 31, 3.0);
    assertTrue(v.generatorLimited());
    assertEquals(2, v.limitedSeconds());
    assertEquals("the load generator, not the agent, was the limit: Earshot's send-time p99 31.00 ms exceeded 3× this machine's timer floor p99"
        + " (3.00 ms, measured beside the run) in 2 of 10 seconds, the first at 7 s with 70 calls up; the figures are the generator's as much as the agent's",
        v.generator());
  }

  @Test
  void anIdleMachinesSubMillisecondFloorIsNoBound() {
    assertFalse(LoadVerdict.of(steady(5), 2.9, 0.2).generatorLimited(), "3 × max(1 ms, floor)");
    assertTrue(LoadVerdict.of(steady(5), 3.1, 0.2).generatorLimited());
  }

  @Test
  void theKneeIsTheFirstSecondTheAgentDegraded() {
    List<LoadSample> s = steady(12);
    // Earshot's own failure first: no knee of the agent's
    s.set(3, second(4, 40, 20.0, 0, 1.5, Map.of("harness: could not place the call: no free RTP port", 1)));
    s.set(4, second(5, 50, 20.0, 0, 1.5, Map.of("harness: could not place the call: no free RTP port", 1)));
    // setup time climbing: p95 90 ms against a first-seconds p50 of 10 ms
    s.set(7, second(8, 80, 90.0, 0, 1.5, Map.of("harness: could not place the call: no free RTP port", 1)));
    LoadVerdict.Knee k = LoadVerdict.of(s, 1.5, 2.0).knee();
    assertEquals(8, k.t());
    assertEquals(80, k.concurrent());
    assertEquals("setup p95 90 ms in this second, over 3× the first seconds' 10 ms", k.cause());
    assertFalse(k.generatorLimited());

    List<LoadSample> lossy = steady(12);
    lossy.set(5, second(6, 60, 20.0, 25, 1.5, Map.of()));
    assertEquals("RTP loss 2.50% in this second (25 of 1000 packets)", LoadVerdict.of(lossy, 1.5, 2.0).knee().cause());

    List<LoadSample> failing = steady(12);
    Map<String, Integer> busy = new TreeMap<>(Map.of("503 Service Unavailable", 3));
    failing.set(9, second(10, 100, 20.0, 0, 9, busy));
    failing.set(10, second(11, 100, 20.0, 0, 1.5, busy));
    LoadVerdict v = LoadVerdict.of(failing, 1.5, 2.0);
    assertEquals(10, v.knee().t());
    assertEquals("calls began to fail: 3 in this second (503 Service Unavailable)", v.knee().cause());
    assertTrue(v.knee().generatorLimited(), "send p99 9 ms in that second, over 3 × 2 ms");
    assertTrue(v.describe(100).endsWith("Knee at 10 s with 100 calls up: calls began to fail: 3 in this second (503 Service Unavailable)"
        + " (Earshot was itself behind in that second)."), v.describe(100));
  }

  @Test
  void shardsMergeIntoOneVerdictNamingTheShard() {
    LoadVerdict fine = LoadVerdict.of(steady(5), 2, 2);
    List<LoadSample> late = steady(5);
    late.set(2, second(3, 30, 20.0, 50, 40, Map.of()));
    LoadVerdict behind = LoadVerdict.of(late, 40, 2);
    LoadVerdict merged = LoadVerdict.merge(List.of(result("1/2", fine), result("2/2", behind)));
    assertTrue(merged.generatorLimited());
    assertTrue(merged.generator().startsWith("shard 2/2: the load generator, not the agent, was the limit"), merged.generator());
    assertEquals("shard 2/2: RTP loss 5.00% in this second (50 of 1000 packets)", merged.knee().cause());
    assertFalse(LoadVerdict.merge(List.of(result("1/2", fine), result("2/2", fine))).generatorLimited());
  }

  private static LoadResult result(String shard, LoadVerdict v) {
    return new LoadResult(1, 1, Map.of(), 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, false, shard, 2, v, new Histograms(null, null, null), null);
  }

  private static LoadGrades lagging(double lagMs) {
    return new LoadGrades(10, 10, Map.of(), Map.of(), 10, 10, 10, 600, 650, 700, 700, 10, Map.of(), Map.of(), lagMs, lagMs * 1.5);
  }

  @Test
  void aSaturatedPoolOnEarshotsSideMakesTheGeneratorTheLimit() {
    LoadVerdict fine = LoadVerdict.of(steady(10), 2.4, 2.6);
    assertEquals(fine, fine.withPools(Map.of("ended early: BYE after 3 s", 4), lagging(900)), "the agent's failures and a recogniser keeping up: unchanged");
    assertEquals(fine, fine.withPools(Map.of(), null), "a plain run has no recogniser");
    LoadVerdict ports = fine.withPools(Map.of("harness: could not place the call: cannot find a free pair of UDP ports", 3, "harness: the call did not end", 1), null);
    assertTrue(ports.generatorLimited());
    assertTrue(ports.generator().startsWith("the load generator, not the agent, was the limit: 4 calls failed on Earshot's side, not the agent's "
        + "(commonest: harness: could not place the call: cannot find a free pair of UDP ports); and Earshot kept its schedule"), ports.generator());
    LoadVerdict asr = fine.withPools(Map.of(), lagging(25_000));
    assertTrue(asr.generatorLimited());
    assertTrue(asr.generator().contains("the recogniser pool saturated: the calls' graded results came 25 s (p95; at most 38 s) after the calls ended, "
        + "with 10 of 10 calls transcribed"), asr.generator());
    assertFalse(fine.withPools(Map.of(), lagging(LoadVerdict.POOL_LAG_MS - 1)).generatorLimited());
  }
}
