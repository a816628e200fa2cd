package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.earshot.harness.load.LoadResult;
import dev.earshot.harness.load.LoadSample;
import dev.earshot.harness.load.LoadVerdict;
import dev.earshot.report.CallResult;
import dev.earshot.report.LoadSection;
import dev.earshot.report.TurnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A graded load run's report section: each turn in the second it was taken, and grouped by the calls up then. */
class LoadSectionsTest {
  private static LoadSample second(double t, int up) {
    return new LoadSample(t, 100, up, null, up, 0, 0, Map.of(), 1, null, null, 0, 0, 1.0, 1.0, 50, null, null, false);
  }

  @Test
  void bandsAreRoundAndAtMostTen() {
    assertEquals(1, LoadSections.bandWidth(9));
    assertEquals(2, LoadSections.bandWidth(10));
    assertEquals(50, LoadSections.bandWidth(200));
    assertEquals(500, LoadSections.bandWidth(2000));
    for (int peak = 1; peak < 5000; peak += 7) assertEquals(true, (peak / LoadSections.bandWidth(peak)) + 1 <= LoadSections.BANDS, "peak " + peak);
  }

  @Test
  void eachTurnCountsInTheSecondItWasTakenAndTheCallsUpThen() {
    List<LoadSample> samples = new ArrayList<>();
    for (int t = 1; t <= 10; t++) samples.add(second(t, t <= 5 ? 4 : 30)); // 4 calls up, then 30
    long start = 1_000_000_000_000L;
    List<CallResult> calls = new ArrayList<>();
    // a call whose media started at 0.5 s: turns whose caller ended 1.0 s (second 2, 4 up) and 7.2 s in (second 8, 30 up)
    calls.add(CallResult.builder().id("c1").scenario("s").profile("p").status(CallResult.COMPLETED).mediaStartEpochUs(start + 500_000)
        .turns(List.of(TurnResult.builder().index(1).said("x").latencyMs(600.0).callerSpeechEndS(1.0).build(),
            TurnResult.builder().index(2).said("x").latencyMs(900.0).callerSpeechEndS(7.2).build(),
            TurnResult.builder().index(3).said("x").latencyMs(null).build())).build());
    LoadResult r = new LoadResult(1, 1, Map.of(), 30, 0, 0, 0, 0, 0, 0, 1, 2, 10, 50, 1, 0, 0, 0, 1, false, "1/1", 1,
        new LoadVerdict(false, 0, "Earshot kept its schedule", null), null, null);
    LoadSection l = LoadSections.of(r, samples, calls, start);
    assertEquals(10, l.seconds().size());
    assertEquals(600.0, l.seconds().get(1).latencyP50Ms(), 1);
    assertEquals(900.0, l.seconds().get(7).latencyP95Ms(), 1);
    assertNull(l.seconds().get(0).latencyP50Ms());
    assertEquals(2, l.latencyByConcurrency().size());
    LoadSection.Band low = l.latencyByConcurrency().get(0), high = l.latencyByConcurrency().get(1);
    assertEquals(0, low.fromCalls());
    assertEquals(4, low.toCalls()); // bands of 5 up to a peak of 30
    assertEquals(1, low.turns());
    assertEquals(600.0, low.latencyP99Ms(), 1);
    assertEquals(30, high.fromCalls());
    assertEquals(900.0, high.latencyP50Ms(), 1);
    assertNull(l.knee());
    assertEquals("Earshot kept its schedule", l.generator());
  }
}
