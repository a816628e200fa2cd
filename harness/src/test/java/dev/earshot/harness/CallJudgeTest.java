package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.report.BargeInResult;
import dev.earshot.report.CallEvent;
import dev.earshot.report.CallEvent.AgentSpeechEnd;
import dev.earshot.report.CallEvent.AgentSpeechStart;
import dev.earshot.report.CallEvent.CallerSpeechEnd;
import dev.earshot.report.CallEvent.CallerSpeechStart;
import dev.earshot.report.CallEvent.Greeting;
import dev.earshot.report.CallEvent.MediaStart;
import dev.earshot.report.CallEvent.Recorded;
import dev.earshot.report.CallEvent.Reply;
import dev.earshot.report.CallEvent.StepEnd;
import dev.earshot.report.CallEvent.StepStart;
import dev.earshot.report.CallEvent.Transcript;
import dev.earshot.report.Failure;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Layer;
import dev.earshot.report.TurnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every figure and verdict of a call from an event list built in memory: no sockets, no audio but what a test makes. */
class CallJudgeTest {
  private static final CallJudge JUDGE = new CallJudge(new IntentJudge(Map.of("check_balance", List.of("your balance"),
      "transfer_funds", List.of("transfer"))));
  private static final AgentVoicing NO_AUDIO = AgentVoicing.of(new Pcm(8000, new float[0]), 0, VoiceActivity.DEFAULT);

  private static final List<Step> GREET_THEN_ASK = List.of(
      Step.expect(Step.Expect.of(null, List.of("how can I help"))),
      Step.say("what is my balance"),
      Step.expect(Step.Expect.of("check_balance", List.of("your balance is"))));

  /** Media starts 250 ms into the call; the greeting, then the caller's question (ends at 3000 ms), then the reply at 3420 ms. */
  private static List<CallEvent> answeredCall(String reply) {
    List<CallEvent> e = new ArrayList<>();
    e.add(new CallEvent.Dial(0, "sip:agent@127.0.0.1", false));
    e.add(new CallEvent.Answered(240, 240));
    e.add(new MediaStart(250));
    e.add(new AgentSpeechStart(650, 0));
    e.add(new Greeting(651, 0));
    e.add(new StepStart(651, 0, "expect"));
    e.add(new Reply(651, 0, 0));
    e.add(new AgentSpeechEnd(1650, 0));
    e.add(new StepEnd(2550, 0, null));
    e.add(new StepStart(2550, 1, "say"));
    e.add(new CallerSpeechStart(2000, 1, 1, "say", "what is my balance"));
    e.add(new CallerSpeechEnd(3000, 1, 1, false));
    e.add(new StepEnd(3200, 1, null));
    e.add(new StepStart(3200, 2, "expect"));
    e.add(new AgentSpeechStart(3420, 1));
    e.add(new Reply(3420, 2, 1));
    e.add(new AgentSpeechEnd(5020, 1));
    e.add(new StepEnd(5920, 2, null));
    e.add(new Transcript(6000, 0, "hello how can i help"));
    e.add(new Transcript(6100, 1, reply));
    e.add(new Recorded(6200, 5950, 5950));
    return e;
  }

  @Test
  void latencyIsFromTheCallersLastSpeechFrameToTheReplysFirstVoicedOne() {
    CallJudge.Judged j = JUDGE.judge(GREET_THEN_ASK, answeredCall("your balance is four dollars"), NO_AUDIO);
    assertNull(j.failure());
    assertEquals("hello how can i help", j.greeting());
    assertEquals(400.0, j.timeToGreetingMs());
    TurnResult greeting = j.turns().get(0), reply = j.turns().get(1);
    assertTrue(greeting.passed());
    assertNull(greeting.latencyMs(), "the greeting answers no caller utterance");
    assertTrue(reply.passed());
    assertEquals(420.0, reply.latencyMs());
    assertEquals("what is my balance", reply.said());
    assertEquals(2.75, reply.callerSpeechEndS()); // seconds from media start
    assertEquals(3.17, reply.replyStartS());
    assertEquals(4.77, reply.replyEndS());
    assertEquals("check_balance", reply.observedIntent());
    assertEquals(5.95, j.durationS());
  }

  /** A load call beyond the --transcribe share: no transcripts, and an event saying none was wanted. */
  private static List<CallEvent> untranscribed() {
    List<CallEvent> e = new ArrayList<>(answeredCall("unused"));
    e.removeIf(x -> x instanceof Transcript);
    e.add(1, new CallEvent.TranscriptionSkipped(0, "load run"));
    return e;
  }

  @Test
  void aTurnNotTranscribedIsTimedAndSaysItsWordsWereNotJudged() {
    CallJudge.Judged j = JUDGE.judge(GREET_THEN_ASK, untranscribed(), NO_AUDIO);
    assertNull(j.failure());
    TurnResult reply = j.turns().get(1);
    assertTrue(reply.passed(), "phrases and intent are not judged without words: " + reply);
    assertEquals(Boolean.FALSE, reply.transcribed());
    assertEquals(420.0, reply.latencyMs(), "timed as any turn");
    assertNull(reply.heard());
    assertNull(reply.observedIntent());
    assertEquals(List.of(), reply.missingPhrases());
    // the same events with transcripts that miss the phrase fail it: only the skip makes the difference
    assertFalse(JUDGE.judge(GREET_THEN_ASK, answeredCall("goodbye"), NO_AUDIO).turns().get(1).passed());
    assertNull(JUDGE.judge(GREET_THEN_ASK, answeredCall("your balance is four dollars"), NO_AUDIO).turns().get(1).transcribed());
  }

  @Test
  void aTurnNotTranscribedStillFailsAChecksThatNeedsNoWords() {
    List<Step> withTransfer = List.of(GREET_THEN_ASK.get(0), GREET_THEN_ASK.get(1), Step.expect(new Step.Expect(null, List.of("your balance is"),
        null, null, null, "sip:human", null, null)));
    TurnResult t = JUDGE.judge(withTransfer, untranscribed(), NO_AUDIO).turns().get(1);
    assertFalse(t.passed());
    assertEquals(List.of("transfer:sip:human"), t.missingPhrases(), "the phrase is not judged, the missing transfer is");
    assertEquals(Codes.NO_TRANSFER, t.failure().code());
  }

  private static List<Step> asking(Step.Expect e) {
    return List.of(GREET_THEN_ASK.get(0), GREET_THEN_ASK.get(1), Step.expect(e));
  }

  @Test
  void aReplySlowerThanItsMaxLatencyFailsInTheLatencyLayerWithTheFigure() {
    TurnResult fast = JUDGE.judge(asking(new Step.Expect("check_balance", null, null, null, null, null, null, null, null, null, 500L)),
        answeredCall("your balance is four dollars"), NO_AUDIO).turns().get(1);
    assertTrue(fast.passed(), "420 ms within 500: " + fast.failure());
    TurnResult slow = JUDGE.judge(asking(new Step.Expect("check_balance", null, null, null, null, null, null, null, null, null, 400L)),
        answeredCall("your balance is four dollars"), NO_AUDIO).turns().get(1);
    assertFalse(slow.passed());
    assertEquals(Layer.LATENCY, slow.failure().layer());
    assertEquals(Codes.SLOW_REPLY, slow.failure().code());
    assertEquals(420.0, slow.failure().figure());
    assertEquals(400.0, slow.failure().limit());
    assertEquals("the reply came 420 ms after the caller's last word (max_latency_ms 400)", slow.failure().message());
    TurnResult slowUntranscribed = JUDGE.judge(asking(new Step.Expect(null, null, null, null, null, null, null, null, null, null, 400L)),
        untranscribed(), NO_AUDIO).turns().get(1);
    assertEquals(Codes.SLOW_REPLY, slowUntranscribed.failure().code(), "timed without words too");
  }

  @Test
  void aReplyMustSayOneOfItsAlternativesAndNoneOfItsForbiddenPhrases() {
    Step.Expect e = new Step.Expect(null, null, null, null, null, null, null, null, List.of("i cannot help"), List.of("your balance", "you have"), null);
    assertTrue(JUDGE.judge(asking(e), answeredCall("you have four dollars"), NO_AUDIO).turns().get(1).passed());
    TurnResult neither = JUDGE.judge(asking(e), answeredCall("good morning"), NO_AUDIO).turns().get(1);
    assertEquals(List.of("any_of:your balance|you have"), neither.missingPhrases());
    assertEquals(Codes.MISSING_PHRASE, neither.failure().code());
    TurnResult forbidden = JUDGE.judge(asking(e), answeredCall("your balance is private i cannot help you"), NO_AUDIO).turns().get(1);
    assertFalse(forbidden.passed());
    assertEquals(List.of("not:i cannot help"), forbidden.missingPhrases());
    assertEquals(Layer.RESPONSE, forbidden.failure().layer());
    assertEquals(Codes.FORBIDDEN_PHRASE, forbidden.failure().code());
    assertTrue(forbidden.failure().message().startsWith("the reply said ['i cannot help'], which it must not"), forbidden.failure().message());
    assertEquals(List.of("not:i cannot help", "any_of:your balance|you have").stream().sorted().toList(), e.checks().stream().sorted().toList());
  }

  @Test
  void aReplyWithoutThePhraseFailsInTheResponseLayerAndTheCallSaysWhichTurns() {
    CallJudge.Judged j = JUDGE.judge(GREET_THEN_ASK, answeredCall("your balance is four dollars"),
        NO_AUDIO);
    List<Step> stricter = List.of(GREET_THEN_ASK.get(0), GREET_THEN_ASK.get(1),
        Step.expect(Step.Expect.of("check_balance", List.of("your balance is", "anything else"))));
    CallJudge.Judged k = JUDGE.judge(stricter, answeredCall("your balance is four dollars"), NO_AUDIO);
    assertTrue(j.turns().get(1).passed());
    TurnResult t = k.turns().get(1);
    assertFalse(t.passed());
    assertEquals(List.of("anything else"), t.missingPhrases());
    assertEquals(Layer.RESPONSE, t.failure().layer());
    assertEquals(Codes.MISSING_PHRASE, t.failure().code());
    assertNull(k.failure(), "every turn was answered: the call itself did not fail");
  }

  @Test
  void aReplyOfAnotherIntentIsChargedToTheIntentLayer() {
    TurnResult t = JUDGE.judge(GREET_THEN_ASK, answeredCall("i will transfer you"), NO_AUDIO).turns().get(1);
    assertEquals("transfer_funds", t.observedIntent());
    assertEquals(Layer.INTENT, t.failure().layer());
    assertEquals(Codes.WRONG_INTENT, t.failure().code());
  }

  @Test
  void theAgentsSideChannelSplitsAMishearingFromAWrongChoice() {
    List<CallEvent> misheard = answeredCall("i will transfer you");
    misheard.add(new CallEvent.SideReport(6300, 1, "what is my ballast transfer", "transfer_funds", "i will transfer you", null, null, null));
    TurnResult t = JUDGE.judge(GREET_THEN_ASK, misheard, NO_AUDIO).turns().get(1);
    assertEquals(Layer.ASR, t.failure().layer(), t.failure().message());
    assertEquals(Codes.MISHEARD, t.failure().code());
    assertEquals(0.5, t.agent().asrWer()); // "what is my balance" → 2 of 4 words wrong
    assertEquals(0.0, t.agent().replyWer());

    List<CallEvent> chose = answeredCall("i will transfer you");
    chose.add(new CallEvent.SideReport(6300, 1, "what is my balance", "transfer_funds", null, null, null, null));
    assertEquals(Layer.INTENT, JUDGE.judge(GREET_THEN_ASK, chose, NO_AUDIO).turns().get(1).failure().layer());
  }

  @Test
  void aStepThatWaitedInVainCarriesItsOwnFailureAndTheCallCountsUnansweredTurns() {
    List<CallEvent> e = answeredCall("ignored").subList(0, 13);
    e = new ArrayList<>(e);
    e.add(new StepStart(3200, 2, "expect"));
    Failure noReply = new Failure(Layer.LATENCY, Codes.NO_REPLY, null, 10.0, "no agent speech within 10.0 s");
    e.add(new StepEnd(13200, 2, noReply));
    e.add(new Recorded(13300, 13000, 13000));
    CallJudge.Judged j = JUDGE.judge(GREET_THEN_ASK, e, NO_AUDIO);
    assertEquals(noReply, j.turns().get(1).failure());
    assertEquals(Codes.UNANSWERED_TURNS, j.failure().code());
    assertEquals(Layer.LATENCY, j.failure().layer());
  }

  @Test
  void aBudgetSpentFailsTheCallAndTheStepsNeverPlayedSaySo() {
    List<CallEvent> e = new ArrayList<>(answeredCall("ignored").subList(0, 9));
    Failure budget = Failure.of(Layer.FLOW, Codes.BUDGET + "max_duration_s", 2.0, 1.0, "budget max_duration_s: the call passed 1 s");
    e.add(new CallEvent.BudgetSpent(2600, budget));
    CallJudge.Judged j = JUDGE.judge(GREET_THEN_ASK, e, NO_AUDIO);
    assertEquals(budget, j.failure());
    assertEquals("not played: " + budget.message(), j.turns().get(1).failure().message());
    assertEquals(Layer.FLOW, j.turns().get(1).failure().layer());
  }

  @Test
  void mediaTroubleExplainsTheCallBeforeAnythingAboveIt() {
    List<CallEvent> e = new ArrayList<>(answeredCall("ignored").subList(0, 3));
    e.add(new StepStart(300, 0, "expect"));
    e.add(new StepEnd(10300, 0, new Failure(Layer.LATENCY, Codes.NO_REPLY, null, 10.0, "no agent speech within 10.0 s")));
    e.add(new CallEvent.ConversationFailed(10300, new Failure(Layer.LATENCY, Codes.NO_GREETING, null, 10.0, "no greeting: no agent speech within 10.0 s")));
    e.add(new CallEvent.MediaTrouble(10400, "no_audio", "no audio: no RTP from the far end in 10.0 s", false));
    CallJudge.Judged j = JUDGE.judge(GREET_THEN_ASK, e, NO_AUDIO);
    assertEquals(Layer.TELEPHONY, j.failure().layer());
    assertEquals(Codes.NO_AUDIO, j.failure().code());
  }

  /** The agent talks from 0 to 2 s; it goes silent {@code stopAfterMs} after the caller's barge-in at 1 s. */
  private static AgentVoicing agentStopping(int stopAfterMs) {
    float[] x = new float[8000 * 4];
    int stop = 8 * (1000 + stopAfterMs);
    for (int i = 0; i < 8 * 2000 && i < stop; i++) x[i] = (float) (0.2 * Math.sin(2 * Math.PI * 300 * i / 8000.0));
    return AgentVoicing.of(new Pcm(8000, x), 4000, VoiceActivity.DEFAULT);
  }

  @Test
  void bargeInReactionIsMeasuredOnTheAgentsFramesFromTheCallersOnset() {
    List<Step> steps = List.of(new Step(null, null, null, null, new Step.BargeIn(Step.Say.text("stop"), 500L, 300L), null, null));
    List<CallEvent> e = List.of(new MediaStart(100), new StepStart(200, 0, "barge_in"), new CallerSpeechStart(1100, 0, 1, "barge_in", "stop"),
        new CallerSpeechEnd(1700, 0, 1, false), new StepEnd(1800, 0, null), new Recorded(4100, 4000, 4000));
    BargeInResult quick = JUDGE.judge(steps, e, agentStopping(200)).bargeIns().get(0);
    assertTrue(quick.agentWasSpeaking());
    assertEquals(200.0, quick.reactionMs());
    assertTrue(quick.passed(), quick.detail());
    BargeInResult slow = JUDGE.judge(steps, e, agentStopping(600)).bargeIns().get(0);
    assertEquals(600.0, slow.reactionMs());
    assertFalse(slow.passed());
    assertEquals("the agent talked on for 600 ms (limit 300 ms)", slow.detail());
    // the same call judged with a looser limit (what earshot rescore does with a changed suite)
    List<Step> looser = List.of(new Step(null, null, null, null, new Step.BargeIn(Step.Say.text("stop"), 500L, 800L), null, null));
    assertTrue(JUDGE.judge(looser, e, agentStopping(600)).bargeIns().get(0).passed());
  }

  @Test
  void theSameEventsGiveTheSameResultsEveryTime() {
    List<CallEvent> e = answeredCall("your balance is four dollars");
    assertEquals(JUDGE.judge(GREET_THEN_ASK, e, NO_AUDIO), JUDGE.judge(GREET_THEN_ASK, List.copyOf(e), NO_AUDIO));
  }

  /** expect tool/tools: checked against the tool calls in the agent's side-channel report for the caller's utterance. */
  @Test
  void toolCallsAreCheckedAgainstTheAgentsReport() {
    Step.Expect wants = SuiteLoader.parse(("name: s\nprofiles: [clean]\nscenarios:\n  - name: a\n    steps:\n      - say: hi\n"
        + "      - expect: {tool: {name: get_balance, args: {account: main}}, tools: [audit]}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "s.yaml", dev.earshot.audio.profile.Profiles.builtIn()).scenarios().get(0).steps().get(1).expect();
    assertEquals(List.of("get_balance{account=main}", "audit"), wants.tools().stream().map(Object::toString).toList());
    List<Step> steps = List.of(GREET_THEN_ASK.get(0), GREET_THEN_ASK.get(1), Step.expect(wants));
    List<CallEvent> none = answeredCall("your balance is four dollars");
    TurnResult noReport = JUDGE.judge(steps, none, NO_AUDIO).turns().get(1);
    assertEquals(Codes.NO_TOOL_REPORT, noReport.failure().code(), String.valueOf(noReport));
    assertEquals(Layer.INTENT, noReport.failure().layer());

    TurnResult.ToolCall balance = new TurnResult.ToolCall("get_balance", Map.of("account", "main"), "ok");
    List<CallEvent> both = answeredCall("your balance is four dollars");
    both.add(new CallEvent.SideReport(6300, 1, "balance", "check_balance", null, null, null, null, List.of(balance, new TurnResult.ToolCall("audit", null, null))));
    TurnResult ok = JUDGE.judge(steps, both, NO_AUDIO).turns().get(1);
    assertTrue(ok.passed(), String.valueOf(ok));
    assertEquals(List.of("get_balance", "audit"), ok.agent().tools().stream().map(TurnResult.ToolCall::name).toList());

    List<CallEvent> wrongArg = answeredCall("your balance is four dollars");
    wrongArg.add(new CallEvent.SideReport(6300, 1, "balance", "check_balance", null, null, null, null,
        List.of(new TurnResult.ToolCall("get_balance", Map.of("account", "savings"), null), new TurnResult.ToolCall("audit", null, null))));
    TurnResult wrong = JUDGE.judge(steps, wrongArg, NO_AUDIO).turns().get(1);
    assertEquals(Codes.MISSING_TOOL, wrong.failure().code());
    assertTrue(wrong.failure().message().contains("get_balance{account=main}") && wrong.failure().message().contains("savings"), wrong.failure().message());
  }

  /** expect dtmf: the keys Earshot heard from the agent while the step ran, and only those. */
  @Test
  void keysTheAgentSentDuringTheStepAreJudged() {
    Step.Expect wants = new Step.Expect(null, null, null, null, (List<String>) null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, "42");
    assertFalse(wants.wantsSpeech(), "keys alone: no reply waited for");
    List<Step> steps = List.of(Step.say("hello"), Step.expect(wants));
    // a key before the caller spoke; the caller's words; two keys while the say step still ran (they count: sent after the
    // caller's latest words); the expect; a key after it
    List<CallEvent> e = new ArrayList<>(List.of(new MediaStart(0), new CallEvent.DtmfHeard(50, "9", false), new StepStart(60, 0, "say"),
        new CallerSpeechStart(80, 0, 1, "say", "hello"), new CallerSpeechEnd(90, 0, 1, false), new CallEvent.DtmfHeard(300, "4", false),
        new CallEvent.DtmfHeard(500, "2", true), new StepEnd(510, 0, null), new StepStart(520, 1, "expect"), new StepEnd(540, 1, null),
        new CallEvent.DtmfHeard(900, "#", false), new Recorded(1000, 1000, 1000)));
    TurnResult ok = JUDGE.judge(steps, e, NO_AUDIO).turns().get(0);
    assertTrue(ok.passed(), "the 9 before the caller's words and the # after the step are not its keys: " + ok);
    e.remove(6);
    TurnResult wrong = JUDGE.judge(steps, e, NO_AUDIO).turns().get(0);
    assertEquals(Codes.WRONG_DTMF, wrong.failure().code());
    assertEquals("expected the agent to send DTMF '42'; it sent '4'", wrong.failure().message());
    e.remove(5);
    assertEquals(Codes.NO_DTMF, JUDGE.judge(steps, e, NO_AUDIO).turns().get(0).failure().code());
  }
}
