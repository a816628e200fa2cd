package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayersTest {
  private static TurnResult turn(String expected, String spoken, List<String> missing, String failure, TurnResult.AgentSide agent) {
    boolean passed = failure == null && missing.isEmpty() && expected.equals(spoken);
    return new TurnResult(1, "transfer money to savings", expected, List.of(), spoken == null ? null : "words", spoken, missing, passed,
        700.0, 1.0, 1.7, 3.0, failure, agent);
  }

  private static TurnResult.AgentSide agent(String intent, double wer) {
    return new TurnResult.AgentSide("words", intent, "reply", wer, wer, 4, (int) Math.round(wer * 4), 0, 0, null, null, null);
  }

  private static CallResult call(String status, String failure, TurnResult... turns) {
    return new CallResult("c", "s", "clean", 1, status, failure, null, null, null, null, null, 0, null, null, null, null, null, null, null,
        List.of(turns));
  }

  private static String layer(TurnResult t) {
    return Layers.ofTurn(call(t.passed() ? CallResult.COMPLETED : CallResult.FAILED, t.passed() ? null : CallResult.UNANSWERED_TURNS, t), t);
  }

  @Test
  void wrongIntentIsChargedToAsrOnlyWhenTheAgentMisheard() {
    assertEquals(Layers.ASR, layer(turn("transfer_funds", "check_balance", List.of(), null, agent("check_balance", 0.5))));
    assertEquals(Layers.INTENT, layer(turn("transfer_funds", "check_balance", List.of(), null, agent("check_balance", 0.0))));
    assertEquals(Layers.INTENT, layer(turn("transfer_funds", "check_balance", List.of(), null, null)), "no side channel: the spoken reply");
  }

  @Test
  void theRightIntentSaidWronglyIsTheResponseLayer() {
    assertEquals(Layers.RESPONSE, layer(turn("transfer_funds", "greeting", List.of(), null, agent("transfer_funds", 0.0))));
    assertEquals(Layers.RESPONSE, layer(turn("transfer_funds", "transfer_funds", List.of("scheduled"), null, null)));
  }

  @Test
  void failuresOfTheStepItselfNameTheirLayer() {
    assertEquals(Layers.LATENCY, layer(turn("goodbye", null, List.of(), "no agent speech within 8.0 s", null)));
    assertEquals(Layers.FLOW, layer(turn("goodbye", null, List.of(), "not played: budget max_dead_air_ms: 2100 ms", null)));
    assertEquals(Layers.INTENT, layer(turn("goodbye", "goodbye", List.of("transfer"), null, null)));
    assertNull(layer(turn("goodbye", "goodbye", List.of(), null, null)));
  }

  @Test
  void aCallThatBrokeIsTelephonyWhateverItsTurnsSay() {
    TurnResult unanswered = turn("goodbye", null, List.of(), "no agent speech within 8.0 s", null);
    CallResult oneWay = call(CallResult.FAILED, "one-way audio: no RTP from the agent", unanswered);
    assertEquals(Layers.TELEPHONY, Layers.ofTurn(oneWay, unanswered));
    assertEquals(List.of(Layers.TELEPHONY), oneWay.failedLayers());
    CallResult budget = call(CallResult.FAILED, "budget max_repeats: the agent said 'sorry' 3 times in a row",
        turn("goodbye", null, List.of(), "not played: budget max_repeats", null));
    assertEquals(List.of(Layers.FLOW), budget.failedLayers());
    // an agent that never spoke first: the steps after the greeting were never played, and that is latency, not the line
    CallResult mute = call(CallResult.FAILED, "no greeting: no agent speech within 4.0 s",
        turn("check_balance", null, List.of(), "not played: no greeting: no agent speech within 4.0 s", null));
    assertEquals(List.of(Layers.LATENCY), mute.failedLayers());
    // a reply the budget cut short (it was still going when the call ended at 3.0 s) is the budget's, not the response's
    CallResult cut = call(CallResult.FAILED, "budget max_turns: the agent spoke 2 times (limit 1)",
        turn("transfer_funds", "unknown", List.of(), null, agent("transfer_funds", 0.0)));
    assertEquals(List.of(Layers.FLOW), new CallResult(cut.id(), cut.scenario(), cut.profile(), 1, cut.status(), cut.failure(), null, null, null,
        null, null, 3.0, null, null, null, null, null, null, null, cut.turns()).failedLayers());
  }

  @Test
  void aCallListsEachFailedLayerOnceInPipelineOrder() {
    CallResult c = call(CallResult.FAILED, CallResult.UNANSWERED_TURNS,
        turn("goodbye", null, List.of(), "no agent speech within 8.0 s", null),
        turn("transfer_funds", "check_balance", List.of(), null, agent("check_balance", 0.5)),
        turn("check_balance", "transfer_funds", List.of(), null, agent("transfer_funds", 0.75)));
    assertEquals(List.of(Layers.ASR, Layers.LATENCY), c.failedLayers());
  }
}
