package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.earshot.report.Failure;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Layer;
import dev.earshot.report.TurnResult;
import dev.earshot.telephony.rtp.MediaProblem;
import dev.earshot.telephony.sip.SipEnd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each failure's layer is decided, from typed inputs built in memory: no call, no message read back. */
class VerdictsTest {
  /** A judged turn: expected {@code expected}, Earshot heard the reply as {@code spoken}, these checks missing. */
  private static TurnResult turn(String expected, String spoken, List<String> missing, TurnResult.AgentSide agent) {
    boolean passed = missing.isEmpty() && expected.equals(spoken);
    return new TurnResult(1, "transfer money to savings", expected, List.of(), "words", spoken, missing, passed, 700.0, 1.0, 1.7, 3.0, null, agent);
  }

  private static TurnResult.AgentSide agent(String intent, double wer) {
    return new TurnResult.AgentSide("words", intent, "reply", wer, wer, 4, (int) Math.round(wer * 4), 0, 0, null, null, null);
  }

  private static Failure judged(TurnResult t) {
    return Verdicts.turn(t, null, 10).failure();
  }

  @Test
  void wrongIntentIsChargedToAsrOnlyWhenTheAgentMisheard() {
    Failure misheard = judged(turn("transfer_funds", "check_balance", List.of(), agent("check_balance", 0.5)));
    assertEquals(new Failure(Layer.ASR, Codes.MISHEARD, 0.5, 0.2,
        "the agent heard \"words\" (WER 0.50 >= 0.20) and chose check_balance, not transfer_funds"), misheard);
    assertEquals(Layer.INTENT, judged(turn("transfer_funds", "check_balance", List.of(), agent("check_balance", 0.0))).layer());
    Failure spoken = judged(turn("transfer_funds", "check_balance", List.of(), null));
    assertEquals(Failure.of(Layer.INTENT, Codes.WRONG_INTENT, "expected intent transfer_funds, the reply says check_balance"), spoken,
        "no side channel: the spoken reply");
  }

  @Test
  void theRightIntentSaidWronglyIsTheResponseLayer() {
    Failure f = judged(turn("transfer_funds", "greeting", List.of(), agent("transfer_funds", 0.0)));
    assertEquals(Layer.RESPONSE, f.layer());
    assertEquals(Codes.MISSING_PHRASE, f.code());
    Failure missing = judged(turn("transfer_funds", "transfer_funds", List.of("scheduled"), null));
    assertEquals(Failure.of(Layer.RESPONSE, Codes.MISSING_PHRASE, "its reply lacked [scheduled]"), missing);
  }

  @Test
  void transfersAndHangUpsAreTheirOwnLayers() {
    assertEquals(Failure.of(Layer.INTENT, Codes.NO_TRANSFER, "the agent did not transfer the caller"),
        judged(turn("goodbye", "goodbye", List.of("transfer"), null)));
    assertEquals(Layer.INTENT, judged(turn("goodbye", "goodbye", List.of("transfer:billing"), null)).layer());
    assertEquals(Failure.of(Layer.FLOW, Codes.NO_HANGUP, "the agent did not hang up"), judged(turn("goodbye", "goodbye", List.of("hangup"), null)));
    assertNull(judged(turn("goodbye", "goodbye", List.of(), null)), "a passed turn has no failure");
  }

  /** A reply still going when a budget ended the call (at 3.0 s) is the budget's, not the response's. */
  @Test
  void aReplyTheBudgetCutShortIsTheBudgets() {
    Failure budget = Failure.of(Layer.FLOW, Codes.BUDGET + "max_turns", 2, 1, "budget max_turns: the agent spoke 2 times (limit 1)");
    TurnResult cut = turn("transfer_funds", "unknown", List.of(), agent("transfer_funds", 0.0));
    Failure f = Verdicts.turn(cut, budget, 3.0).failure();
    assertEquals(Layer.FLOW, f.layer());
    assertEquals("budget_max_turns", f.code());
    assertEquals(Layer.RESPONSE, Verdicts.turn(cut, budget, 9.0).failure().layer(), "a reply that ended long before the budget did");
  }

  /** A failure found while the step ran stays as it was found. */
  @Test
  void aFailureFoundWhileTheStepRanIsKept() {
    Failure noReply = new Failure(Layer.LATENCY, Codes.NO_REPLY, null, 8.0, "no agent speech within 8.0 s");
    TurnResult t = TurnResult.builder().index(1).said("hi").expectedIntent("goodbye").failure(noReply).build();
    assertEquals(noReply, Verdicts.turn(t, null, 10).failure());
  }

  @Test
  void setupAndMediaFailuresAreTelephonyWithTheirCodes() {
    assertEquals(new Failure(Layer.TELEPHONY, Codes.SIP_STATUS, 486.0, null, "486 Busy Here"), Verdicts.setup(new SipEnd(true, 486, "486 Busy Here")));
    assertEquals(Codes.CALL_SETUP, Verdicts.setup(new SipEnd(false, 0, "timeout: no response to INVITE")).code());
    assertEquals(Failure.of(Layer.TELEPHONY, Codes.SILENT_AUDIO, "silent audio: all 50 RTP packets"),
        Verdicts.media(new MediaProblem(MediaProblem.Kind.SILENT, "silent audio: all 50 RTP packets")));
    assertEquals(Codes.MEDIA_STOPPED, Verdicts.media(new MediaProblem(MediaProblem.Kind.STOPPED, "one-way audio from 2.5 s")).code());
  }

  @Test
  void waitsThatEndWithoutSpeechSayWhy() {
    assertEquals(new Failure(Layer.LATENCY, Codes.NO_REPLY, null, 8.0, "no agent speech within 8.0 s"),
        Conversation.describeWait(new java.util.concurrent.TimeoutException(), 8000));
    assertEquals(Codes.CALL_ENDED, Conversation.describeWait(new CallTimeline.CallEndedException(), 8000).code());
    assertEquals(Codes.HARNESS_ERROR, Conversation.describeWait(new IllegalStateException("x"), 8000).code());
  }
}
