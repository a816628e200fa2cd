package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.Transcriber;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.BargeInResult;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The step language over real calls to the reference agent, healthy and with {@code --ignore-barge-in}: a
 * barge-in into the greeting, a scripted exchange (expect on the greeting, wait, say, expect with exact,
 * keyword and regex checks, hang-up), a cough while the agent talks, four budgets spent (repeats, dead air, turns,
 * duration), and two personas. 8 calls per agent, 4 at once (6 at once put up to 6 utterances through
 * two Vosk recognisers each on 2 cores, and a reply once came 4.01 s after the caller stopped).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepsIT {
  private Map<String, CallResult> healthy, ignoring, confirming;
  /** The threads on which the healthy agent opened its recognizers. */
  private final Set<String> openedOn = ConcurrentHashMap.newKeySet();

  @BeforeAll
  void run() throws Exception {
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(Path.of("src/test/resources/steps-suite.yaml"), profiles);
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    Path out = Files.createTempDirectory(Path.of("target"), "steps-run-");
    Transcriber vosk = Speech.transcriber();
    Transcriber watched = new Transcriber() {
      @Override
      public String transcribe(Pcm audio) {
        return vosk.transcribe(audio);
      }

      @Override
      public Recognition open(int sampleRate) {
        openedOn.add(Thread.currentThread().getName());
        return vosk.open(sampleRate);
      }
    };
    healthy = run(harness, suite, AgentConfig.defaults().withPort(0), watched, out.resolve("healthy"));
    ignoring = run(harness, suite, new AgentConfig("127.0.0.1", 0, 0, 600, true, 1), vosk, out.resolve("ignoring"));
    // barge-in confirmation: the agent stops only after 300 ms of the caller's voice (the cough is 250 ms long)
    Suite overAgent = new Suite(suite.name(), suite.seed(), suite.trials(), suite.profiles(), suite.personas(), suite.intents(), suite.budgets(),
        suite.scenarios().stream().filter(s -> s.name().equals("barge") || s.name().equals("cough")).toList());
    confirming = run(harness, overAgent, AgentConfig.defaults().withPort(0).withBargeInMinMs(300), vosk, out.resolve("confirming"));
    System.out.printf("healthy %s%nignoring %s%nconfirming %s%n", healthy.values(), ignoring.values(), confirming.values());
  }

  private static Map<String, CallResult> run(Harness harness, Suite suite, AgentConfig config, Transcriber asr, Path out) {
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), asr, t -> {})) {
      RunResult r = harness.run(suite, RunOptions.defaults(agent.uri(), out).withConcurrency(4), RunListener.NONE);
      return r.calls().stream().collect(Collectors.toMap(CallResult::scenario, Function.identity()));
    }
  }

  @Test
  void aHealthyAgentStopsForTheBargeInAndItsReplyIsJudgedAgainstTheInterruption() {
    CallResult c = healthy.get("barge");
    BargeInResult b = c.bargeIns().get(0);
    assertTrue(b.agentWasSpeaking(), b.detail());
    assertTrue(b.passed() && b.stopped(), b.detail());
    assertTrue(b.reactionMs() > 0 && b.reactionMs() <= 300, "reaction " + b.reactionMs() + " ms"); // the agent stops after 2 voiced frames
    TurnResult reply = c.turns().get(0);
    assertEquals("I think I lost my credit card yesterday.", reply.said());
    assertEquals("report_lost_card", reply.observedIntent(), "the reply to the interruption, not the cut-off greeting: " + reply.heard());
    assertTrue(c.turns().get(1).passed(), "goodbye and the agent's hang-up: " + c.turns().get(1));
    assertEquals("remote BYE", c.endedBy());
    assertTrue(c.passed(), c.toString());
  }

  @Test
  void theAgentOpensItsRecognizersOffTheMediaEventLoop() {
    // opening a Vosk recognizer takes ~60 ms: on the event loop it would hold every call's frames that long
    assertFalse(openedOn.isEmpty(), "the healthy agent heard its callers");
    assertTrue(openedOn.stream().noneMatch(t -> t.startsWith("earshot-rtp")), "opened on " + openedOn);
  }

  @Test
  void turnAndDurationBudgetsEndTheCallWithTheirName() {
    CallResult talkative = healthy.get("talkative");
    assertEquals(new Failure(Layer.FLOW, "budget_max_turns", 2.0, 1.0, "budget max_turns: the agent spoke 2 times (limit 1)"), talkative.failure());
    assertEquals(java.util.List.of(dev.earshot.report.Layers.FLOW), talkative.failedLayers());
    CallResult longCall = healthy.get("long-call");
    assertEquals("budget max_duration_s: the call passed 3 s", longCall.failure().message());
    assertEquals("budget_max_duration_s", longCall.failure().code());
    assertEquals(3.0, longCall.failure().limit());
    assertTrue(longCall.failure().figure() > 3.0, "the call's length when the guard saw it: " + longCall.failure().figure());
    assertTrue(longCall.durationS() >= 3 && longCall.durationS() < 4.5, "ended at " + longCall.durationS() + " s");
    assertEquals(java.util.List.of(dev.earshot.report.Layers.FLOW), longCall.failedLayers());
  }

  @Test
  void personasInterruptRepeatThemselvesAndCorrectANumber() {
    CallResult c = healthy.get("personas");
    assertTrue(c.passed(), c.toString());
    // the frustrated caller did not wait for the greeting: the healthy agent stopped, the ignoring one talked on
    assertEquals("I lost my credit card. I said, I lost my credit card.", c.turns().get(0).said());
    assertFalse(c.greeting().contains("help you today"), "greeting cut off: " + c.greeting());
    assertTrue(ignoring.get("personas").greeting().contains("help you today"), "greeting said in full: " + ignoring.get("personas").greeting());
    // the number corrector read one digit wrong, then the right number, and the agent acted on the request
    String said = c.turns().get(1).said();
    assertTrue(said.matches("Please transfer fifty dollars to account \\d{4}, sorry, I mean 4512\\.") && !said.contains("account 4512,"), said);
    assertEquals("transfer_funds", c.turns().get(1).agent().intent());
  }

  @Test
  void anAgentThatIgnoresBargeInFailsThatStepOnly() {
    BargeInResult b = ignoring.get("barge").bargeIns().get(0);
    assertTrue(b.agentWasSpeaking(), b.detail());
    assertFalse(b.passed(), b.detail());
    assertTrue(b.reactionMs() == null || b.reactionMs() > 1000 || !b.stopped(), b.toString());
    // the agent still heard the caller right: its ASR is not what broke
    TurnResult.AgentSide heard = ignoring.get("barge").turns().get(0).agent();
    assertNotNull(heard);
    assertTrue(heard.asrWer() <= 0.25, "agent ASR WER " + heard.asrWer());
    assertTrue(ignoring.get("script").passed(), "no barge-in in this scenario: " + ignoring.get("script"));
  }

  @Test
  void aScriptedExchangeChecksTheGreetingAndTheReply() {
    CallResult c = healthy.get("script");
    assertEquals(2, c.turns().size());
    TurnResult greeting = c.turns().get(0);
    assertEquals("", greeting.said());
    assertTrue(greeting.passed(), greeting.toString());
    assertEquals(null, greeting.latencyMs(), "the greeting answers nobody");
    TurnResult balance = c.turns().get(1);
    assertTrue(balance.passed(), balance.toString());
    assertEquals("local BYE", c.endedBy(), "the caller's hangup step");
    // the agent replies ~670 ms after the caller's last word when idle; up to 8 recognisers (agent and Earshot, 4 calls) share 2 cores here
    assertTrue(balance.latencyMs() > 0 && balance.latencyMs() < 4000, "latency " + balance.latencyMs());
  }

  @Test
  void aCoughIsAFalseBargeInForTheReferenceAgentWhichStopsOnAnyVoiceButNotWhenItIgnoresBargeIn() {
    BargeInResult h = healthy.get("cough").bargeIns().get(0);
    assertTrue(h.agentWasSpeaking(), h.detail());
    assertTrue(h.stopped() && !h.passed(), "the reference agent stops after two voiced frames, a cough included: " + h.detail());
    BargeInResult i = ignoring.get("cough").bargeIns().get(0);
    assertTrue(i.agentWasSpeaking(), i.detail());
    assertTrue(!i.stopped() && i.passed(), i.detail());
  }

  @Test
  void anAgentThatConfirmsBargeInTalksThroughTheCoughButStillStopsForTheCaller() {
    BargeInResult cough = confirming.get("cough").bargeIns().get(0);
    assertTrue(cough.agentWasSpeaking(), cough.detail());
    assertTrue(!cough.stopped() && cough.passed(), "a 250 ms cough is under the agent's 300 ms: " + cough.detail());
    CallResult barge = confirming.get("barge");
    BargeInResult b = barge.bargeIns().get(0);
    assertTrue(b.stopped() && b.passed(), b.detail());
    BargeInResult eager = healthy.get("barge").bargeIns().get(0);
    // it cannot stop before it has heard 300 ms of voice (less one 20 ms frame of the judge's resolution), where the
    // healthy agent stops after 40 ms. Not "eager + 260": both figures carry the scheduling delays of 2 busy cores,
    // and one CI run measured the eager agent at 140 ms against its usual 40.
    assertTrue(b.reactionMs() >= 280 && b.reactionMs() > eager.reactionMs(), "reaction " + b.reactionMs() + " ms, eager agent " + eager.reactionMs() + " ms");
    assertEquals("report_lost_card", barge.turns().get(0).observedIntent(), barge.turns().get(0).heard());
  }

  @Test
  void anAgentThatRepromptsThreeTimesInARowIsALoopAndTheCallEndsThere() {
    CallResult c = healthy.get("loop");
    assertEquals(CallResult.FAILED, c.status());
    String why = c.failure().message();
    assertEquals("budget_max_repeats", c.failure().code());
    assertTrue(why.startsWith("budget max_repeats: the agent said '") && why.endsWith("' 3 times in a row"), why);
    assertTrue(why.contains("understand"), "the reference agent's reprompt: " + why);
    assertEquals(4, c.turns().size());
    Failure notPlayed = c.turns().get(3).failure();
    assertEquals(Layer.FLOW, notPlayed.layer());
    assertTrue(notPlayed.message().startsWith("not played: budget max_repeats"), notPlayed.message());
  }

  @Test
  void silenceLongerThanTheDeadAirBudgetEndsTheCallWithThatCause() {
    CallResult c = healthy.get("impatient");
    assertEquals(CallResult.FAILED, c.status());
    // the agent waits 600 ms of caller silence before it even begins to reply: more than the 300 ms allowed
    assertTrue(c.failure().message().startsWith("budget max_dead_air_ms: ") && c.failure().message().endsWith("(limit 300 ms)"), c.failure().message());
    assertEquals("budget_max_dead_air_ms", c.failure().code());
    assertEquals(300.0, c.failure().limit());
    assertTrue(c.failure().figure() > 300, "the silence measured: " + c.failure().figure());
    assertEquals("local BYE", c.endedBy());
  }
}
