package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.Personas;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallEvent;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.Reports;
import dev.earshot.report.RunResult;
import dev.earshot.telephony.Call;
import dev.earshot.report.TurnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's reacting caller on real calls. The form-filling example suite against {@code earshot agent --form} (it
 * recognises the caller with Vosk and asks its three questions in a seeded order of its own): every call reaches the goal,
 * each question was answered right the first time (the agent's own log asks each once), and the orders differ. Then
 * {@code on:} with {@code again} against a scripted agent whose first reply is "sorry, I did not understand", and
 * {@code silence_ms} kept and broken.
 */
class ReactiveCallerIT {
  @TempDir Path dir;

  @Test
  void aFormFillingCallerAnswersWhateverTheAgentAsksInItsOrder() throws Exception {
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(Path.of("../examples/form-filling.yaml"), profiles, Personas.builtIn()).narrowed(null, null, 3, profiles);
    Harness harness = Harness.create(profiles, Personas.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    Map<String, List<String>> asked = new ConcurrentHashMap<>();
    Map<String, List<String>> heardBy = new ConcurrentHashMap<>();
    AgentConfig config = AgentConfig.defaults().withPort(0).withForm(true);
    RunResult run;
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(),
        t -> {
          asked.computeIfAbsent(t.call(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(t.prompt());
          heardBy.computeIfAbsent(t.call(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(t.heard() + " -> " + t.prompt());
        })) {
      run = harness.run(suite, RunOptions.defaults(agent.uri(), dir.resolve("form")).withConcurrency(3), RunListener.NONE);
    }
    Set<List<String>> orders = new HashSet<>();
    for (CallResult c : run.calls()) {
      List<String> prompts = asked.get(c.id());
      System.out.printf("form: %s agent heard and asked %s; path %s%n", c.id(), heardBy.get(c.id()), c.branches().stream().map(b -> b.taken() + " (" + b.heard() + ")").toList());
      assertTrue(c.passed(), c.id() + ": " + c.failure() + " " + c.turns().stream().map(t -> t.heard() + " " + t.failure()).toList());
      List<String> questions = prompts.stream().filter(Form.QUESTIONS::contains).toList();
      assertEquals(3, questions.size(), c.id() + ": each question asked once, so answered right the first time: " + prompts);
      assertEquals(new HashSet<>(Form.QUESTIONS), new HashSet<>(questions));
      orders.add(questions);
      List<String> taken = c.branches().stream().map(CallResult.Branch::taken).toList();
      assertEquals(5, taken.size(), c.id() + ": three answers, the goal, the goodbye case: " + taken);
      assertEquals("goal", taken.get(3));
      assertEquals("case 1", taken.get(4));
      // the answer given for each question was the one for the question the agent asked
      List<String> answers = taken.subList(0, 3);
      List<String> expected = questions.stream().map(q -> "answer " + (Form.QUESTIONS.indexOf(q) + 1)).toList();
      assertEquals(expected, answers, c.id());
      for (TurnResult t : c.turns()) assertTrue(t.latencyMs() == null || t.latencyMs() > 0, c.id() + " turn " + t.index() + ": " + t.latencyMs());
    }
    assertTrue(orders.size() >= 2, "the agent's order changes from call to call: " + orders);
  }

  private static final String SCRIPTED = """
      name: branches
      trials: 1
      profiles: [clean]
      intents:
        check_balance: [current balance]
      scenarios:
        - name: retry
          steps:
            - say: What is my balance?
            - expect:
                on:
                  - intent: check_balance
                    then:
                      - say: Thank you, goodbye.
                      - expect: {hangup: true}
                  - any_of: [did not understand, sorry]
                    then:
                      - say: My balance please.
                    again: true
        - name: quiet
          steps:
            - expect: {phrases: [welcome]}
            - expect: {silence_ms: 1500}
        - name: talks-over-silence
          steps:
            - expect: {silence_ms: 1500}
        - name: tools
          steps:
            - say: Hello there.
            - expect: {}
            - say: What is my balance?
            - expect: {tool: {name: get_balance, args: {account: main}}}
            - say: Thank you, goodbye.
            - expect: {tool: block_card}
        - name: no-case
          steps:
            - say: What is my balance?
            - expect:
                on:
                  - phrases: [your transfer has been scheduled]
                    then: [{say: thanks}]
            - say: never said
      """;

  @Test
  void casesBranchOnTheReplyAndSilenceIsChecked() throws Exception {
    Files.writeString(dir.resolve("s.yaml"), SCRIPTED);
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(dir.resolve("s.yaml"), profiles, Personas.builtIn());
    Harness harness = Harness.create(profiles, Personas.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    // the Nth caller utterance gets the Nth reply: sorry, then the balance, then goodbye (and the agent hangs up)
    AgentConfig config = AgentConfig.defaults().withPort(0).withScript(List.of("unknown", "check_balance", "goodbye"));
    RunResult run;
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), null, t -> {})) {
      run = harness.run(suite, RunOptions.defaults(agent.uri(), dir.resolve("out")).withConcurrency(4), RunListener.NONE);
    }
    Map<String, CallResult> byScenario = run.calls().stream().collect(Collectors.toMap(CallResult::scenario, c -> c));
    CallResult retry = byScenario.get("retry");
    assertTrue(retry.passed(), retry.failure() + " " + retry.branches());
    assertEquals(List.of("case 2", "case 1"), retry.branches().stream().map(CallResult.Branch::taken).toList());
    assertEquals(List.of(2, 2), retry.branches().stream().map(CallResult.Branch::step).toList());
    assertEquals(3, retry.turns().size(), "the expect twice, then the hang-up in case 1");

    assertTrue(byScenario.get("quiet").passed(), String.valueOf(byScenario.get("quiet").turns()));

    TurnResult broken = byScenario.get("talks-over-silence").turns().get(0);
    Failure f = broken.failure();
    assertTrue(f != null && Failure.Codes.NOT_SILENT.equals(f.code()), String.valueOf(broken));
    assertEquals(Layer.RESPONSE, f.layer());
    assertTrue(f.figure() < 1500, "how soon the agent spoke: " + f.figure());

    List<TurnResult> tools = byScenario.get("tools").turns();
    assertTrue(tools.get(1).passed(), "the agent reported get_balance{account=main} for its balance reply: " + tools.get(1));
    assertEquals("get_balance", tools.get(1).agent().tools().get(0).name());
    Failure noTool = tools.get(2).failure();
    assertTrue(noTool != null && Failure.Codes.MISSING_TOOL.equals(noTool.code()), String.valueOf(tools.get(2)));
    assertEquals(Layer.INTENT, noTool.layer());

    CallResult noCase = byScenario.get("no-case");
    assertEquals(Failure.Codes.NO_CASE_MATCHED, noCase.failure().code(), String.valueOf(noCase.failure()));
    assertEquals(Layer.FLOW, noCase.failure().layer());
    assertEquals("else: fail", noCase.branches().get(0).taken());
    assertTrue(noCase.turns().stream().noneMatch(t -> "never said".equals(t.said())), "the script stopped at the unmatched reply");
  }

  /**
   * Keys the agent sends, as an {@code expect}'s {@code dtmf} and as {@code on:} cases that branch on them: against an
   * agent sending RFC 4733 events and one sending in-band tones (which Earshot must both detect and not take for speech).
   */
  @Test
  void keysTheAgentSendsAreCheckedAndBranchedOn() throws Exception {
    Files.writeString(dir.resolve("k.yaml"), """
        name: keys
        trials: 1
        profiles: [clean]
        scenarios:
          - name: right
            steps:
              - expect: {phrases: [welcome]}
              - expect: {dtmf: "42#", timeout_ms: 4000}
          - name: wrong
            steps:
              - expect: {phrases: [welcome]}
              - expect: {dtmf: "7", timeout_ms: 4000}
          - name: branch
            steps:
              - expect:
                  timeout_ms: 8000
                  on:
                    - dtmf: "7"
                      then: [{say: "Seven."}]
                    - dtmf: "42#"
                      then:
                        - say: Goodbye.
                        - expect: {phrases: [thank you for calling]}
          - name: no-key-case
            steps:
              - expect:
                  timeout_ms: 8000
                  on:
                    - dtmf: "9"
                      then: [{say: "Nine."}]
        """);
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(dir.resolve("k.yaml"), profiles, Personas.builtIn());
    Harness harness = Harness.create(profiles, Personas.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    AgentConfig events = AgentConfig.defaults().withPort(0).withScript(List.of("goodbye")).withSendDtmf("42#");
    AgentConfig tones = events.withSendDtmf("42#", Call.DtmfMode.INBAND);
    Map<String, CallResult> byEvents = keysRun(harness, suite, events, dir.resolve("keys-events"));
    Map<String, CallResult> byTones = keysRun(harness, suite, tones, dir.resolve("keys-tones"));

    for (Map<String, CallResult> run : List.of(byEvents, byTones)) {
      TurnResult right = run.get("right").turns().get(1);
      assertTrue(right.passed(), String.valueOf(right) + " keys heard: " + run.get("right").rtp().dtmfReceived());
      TurnResult wrong = run.get("wrong").turns().get(1);
      assertEquals(Failure.Codes.WRONG_DTMF, wrong.failure().code(), String.valueOf(wrong));
      assertEquals(Layer.RESPONSE, wrong.failure().layer());
      assertTrue(wrong.failure().message().contains("it sent '4"), wrong.failure().message());

      CallResult branch = run.get("branch");
      assertEquals(1, branch.branches().size(), String.valueOf(branch.branches()));
      assertEquals("case 2", branch.branches().get(0).taken(), String.valueOf(branch.branches()));
      assertEquals("dtmf:42#", branch.branches().get(0).check());
      assertEquals("42#", branch.branches().get(0).keys());
      assertTrue(branch.passed(), "the case's steps ran and their expect met the agent's goodbye: " + branch.turns() + " " + branch.failure());

      CallResult none = run.get("no-key-case");
      assertEquals(Failure.Codes.NO_CASE_MATCHED, none.failure().code(), String.valueOf(none.failure()));
      // one key is the most its case checks: the first key the agent sent ended the wait
      assertTrue(none.failure().message().contains("sent keys '4"), none.failure().message());
    }
    // the tone agent's keys came in the audio, the other's as events; and tones were never taken for the agent's words
    assertEquals(List.of(false), inBand(dir.resolve("keys-events"), byEvents.get("right")), "RFC 4733 events");
    assertEquals(List.of(true), inBand(dir.resolve("keys-tones"), byTones.get("right")), "in-band tones");
    assertEquals("42#", byTones.get("right").rtp().dtmfReceived());
  }

  private static Map<String, CallResult> keysRun(Harness harness, Suite suite, AgentConfig config, Path out) throws Exception {
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), null, t -> {})) {
      RunResult run = harness.run(suite, RunOptions.defaults(agent.uri(), out).withConcurrency(4), RunListener.NONE);
      return run.calls().stream().collect(Collectors.toMap(CallResult::scenario, c -> c));
    }
  }

  /** Whether each key {@code call} heard came in-band, from its events on disk, distinct values in order. */
  private static List<Boolean> inBand(Path runDir, CallResult call) {
    return Reports.readEvents(runDir, call.id()).stream().filter(e -> e instanceof CallEvent.DtmfHeard)
        .map(e -> ((CallEvent.DtmfHeard) e).inBand()).distinct().toList();
  }
}
