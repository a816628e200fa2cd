package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  /** {@code trials} calls of scenario s under clean, the first {@code asrFailures} failing in the ASR layer. */
  private static RunResult run(int trials, int asrFailures) {
    List<CallResult> calls = new ArrayList<>();
    for (int k = 1; k <= trials; k++) {
      boolean bad = k <= asrFailures;
      TurnResult t = new TurnResult(1, "transfer money", "transfer_funds", List.of(), "words", bad ? "check_balance" : "transfer_funds",
          List.of(), !bad, 700.0, 1.0, 1.7, 3.0, bad ? Failure.of(Layer.ASR, Failure.Codes.MISHEARD, "misheard") : null,
          new TurnResult.AgentSide("words", bad ? "check_balance" : "transfer_funds", "reply", bad ? 0.5 : 0.0, 0.0, 2, bad ? 1 : 0, 0, 0,
              null, null, null));
      calls.add(CallResult.builder().id("s--clean--t" + k).scenario("s").profile("clean").seed(k)
          .failure(bad ? Failure.of(Layer.ASR, Failure.Codes.MISHEARD, "misheard") : null).turns(List.of(t)).trial(k).build());
    }
    return new RunResult("x", "sip:a@b", 1, Instant.EPOCH, Instant.EPOCH, calls);
  }

  @Test
  void oneFlakyTrialIsNotARegression() {
    List<Comparison.Row> rows = Comparison.compare(run(3, 0), run(3, 1));
    assertTrue(rows.stream().noneMatch(Comparison.Row::regressed), Comparison.render(rows));
    assertTrue(Comparison.render(rows).endsWith("no regression (95% Wilson intervals overlap or improve)\n"));
  }

  @Test
  void aCollapseIsARegressionOfTheLayerThatBroke() {
    List<Comparison.Row> rows = Comparison.compare(run(10, 0), run(10, 9));
    String text = Comparison.render(rows);
    assertEquals(List.of(Comparison.OVERALL, Layers.ASR), rows.stream().filter(Comparison.Row::regressed).map(Comparison.Row::layer).toList(), text);
    assertTrue(text.contains("s x clean asr"), text);
    assertTrue(text.endsWith("2 regressions (95% Wilson intervals separate)\n"), text);
    assertFalse(Comparison.compare(run(10, 9), run(10, 0)).stream().anyMatch(Comparison.Row::regressed), "an improvement");
  }
}
