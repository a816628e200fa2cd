package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.earshot.report.Failure.Codes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gathering a call's layers from its typed failures: no message is read. */
class LayersTest {
  private static TurnResult turn(Failure failure) {
    return new TurnResult(1, "transfer money to savings", "transfer_funds", List.of(), "words", "transfer_funds", List.of(), failure == null,
        700.0, 1.0, 1.7, 3.0, failure, null);
  }

  private static CallResult call(Failure failure, TurnResult... turns) {
    return CallResult.builder().id("c").scenario("s").profile("clean").seed(1).failure(failure).turns(List.of(turns)).build();
  }

  /** Messages that would once have been read as another layer: only the typed layer counts. */
  @Test
  void aTurnIsChargedToItsFailuresLayerWhateverTheMessageSays() {
    TurnResult t = turn(Failure.of(Layer.ASR, Codes.MISHEARD, "budget call failed: no agent speech within 8.0 s"));
    assertEquals(Layers.ASR, Layers.ofTurn(call(null, t), t));
    assertNull(Layers.ofTurn(call(null, turn(null)), turn(null)));
  }

  @Test
  void aCallThatBrokeIsTelephonyWhateverItsTurnsSay() {
    TurnResult unanswered = turn(Failure.of(Layer.LATENCY, Codes.NO_REPLY, "no agent speech within 8.0 s"));
    CallResult oneWay = call(Failure.of(Layer.TELEPHONY, Codes.ONE_WAY_AUDIO, "one-way audio"), unanswered);
    assertEquals(Layers.TELEPHONY, Layers.ofTurn(oneWay, unanswered));
    assertEquals(List.of(Layers.TELEPHONY), oneWay.failedLayers());
    Failure budget = Failure.of(Layer.FLOW, Codes.BUDGET + "max_repeats", 3, 3, "budget max_repeats");
    assertEquals(List.of(Layers.FLOW), call(budget, turn(budget.prefixed("not played: "))).failedLayers());
  }

  /** Unanswered turns are the call's failure, but not a layer of their own: each turn says its layer. */
  @Test
  void aCallListsEachFailedLayerOnceInPipelineOrder() {
    CallResult c = call(new Failure(Layer.TELEPHONY, Codes.UNANSWERED_TURNS, null, null, CallResult.UNANSWERED_TURNS),
        turn(Failure.of(Layer.LATENCY, Codes.NO_REPLY, "no agent speech within 8.0 s")),
        turn(Failure.of(Layer.ASR, Codes.MISHEARD, "misheard")),
        turn(Failure.of(Layer.ASR, Codes.MISHEARD, "misheard again")));
    assertEquals(List.of(Layers.ASR, Layers.LATENCY), c.failedLayers());
    assertEquals(Layers.LATENCY, Layers.ofTurn(c, c.turns().get(0)), "not telephony: the call did not break");
  }

  @Test
  void codesAreMachineNames() {
    assertThrows(IllegalArgumentException.class, () -> Failure.of(Layer.FLOW, "Budget Max", "x"));
    assertEquals(Layer.BARGE_IN, Layer.of("barge_in"));
    assertEquals(Layers.ALL, List.of("telephony", "asr", "intent", "response", "latency", "barge_in", "flow"));
  }
}
