package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.report.CallEvent;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Layer;
import dev.earshot.report.TurnResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 19's reacting scripts as written in YAML, numbered, and judged from their events: on:/else:, answers:, regex lists, silence_ms. */
class ReactiveScriptTest {
  private static final Profiles PROFILES = Profiles.builtIn();
  private static final AgentVoicing NO_AUDIO = AgentVoicing.of(new Pcm(8000, new float[0]), 0, VoiceActivity.DEFAULT);
  private static final CallJudge JUDGE = new CallJudge(new IntentJudge(Map.of("check_balance", List.of("your balance"))));

  private static Suite parse(String scenario) {
    String yaml = "name: s\nprofiles: [clean]\nintents:\n  check_balance: [your balance]\nscenarios:\n  - name: a\n" + scenario;
    return SuiteLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "s.yaml", PROFILES);
  }

  private static final String FORM = """
        steps:
          - say: I would like to update my address.
          - answers:
              - any_of: [full name, your name]
                say: My name is Alice Smith.
              - phrases: [date of birth]
                say: I was born on the fourth of July nineteen eighty.
              - regex: [account, number]
                say: My account number is four four one two seven.
            goal: {phrases: [you are verified]}
            max_turns: 5
          - expect:
              on:
                - phrases: [anything else]
                  then:
                    - say: No thank you, goodbye.
                    - expect: {hangup: true}
                - intent: check_balance
                  then: [{say: "that is all"}]
                  again: true
              else: continue
          - say: bye
    """;

  @Test
  void aReactingScriptIsReadAndNumberedOwnStepsFirst() {
    Suite.Scenario sc = parse(FORM).scenarios().get(0);
    assertEquals(4, sc.steps().size());
    Program p = Program.of(sc);
    // 0-3 the scenario's own; then the answers' three says (4-6), then case 1's two steps (7, 8), case 2's one (9); no else steps
    assertEquals(10, p.size());
    assertEquals(List.of("say", "answers", "expect", "say", "say", "say", "say", "say", "expect", "say"), p.steps().stream().map(Step::kind).toList());
    assertEquals(4, p.branchStart(1, 0));
    assertEquals(6, p.branchStart(1, 2));
    assertEquals(7, p.branchStart(2, 0));
    assertEquals(2, p.branchSize(2, 0));
    assertEquals(9, p.branchStart(2, 1));
    assertEquals(0, p.branchSize(2, 2), "else: continue has no steps");
    Step.Answers a = sc.steps().get(1).answers();
    assertEquals(List.of("regex:account", "regex:number"), a.when().get(2).ask().checks());
    assertEquals(5, a.maxTurns());
    assertEquals("fail", a.unanswered());
    Step.Expect e = sc.steps().get(2).expect();
    assertTrue(e.on().get(1).again());
    assertEquals("continue", e.otherwise().action());
    assertEquals(3, e.maxVisits());
  }

  @Test
  void badReactingScriptsAreRefusedNamingTheKey() {
    String noGoal = "    steps:\n      - answers:\n          - phrases: [name]\n            say: Alice\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(noGoal)).getMessage().contains("goal"));
    String noCheck = "    steps:\n      - answers:\n          - say: Alice\n        goal: {phrases: [done]}\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(noCheck)).getMessage().contains("expected a check"));
    String goalAlone = "    steps:\n      - say: hi\n        goal: {phrases: [done]}\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(goalAlone)).getMessage().contains("only in an answers step"));
    String badElse = "    steps:\n      - expect:\n          on: [{phrases: [x], then: [{say: y}]}]\n          else: maybe\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(badElse)).getMessage().contains("expected fail, continue or a list of steps"));
    String elseAlone = "    steps:\n      - expect: {phrases: [x], else: continue}\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(elseAlone)).getMessage().contains("only with on: cases"));
    String unknownIntent = "    steps:\n      - expect:\n          on: [{intent: nope, then: [{say: y}]}]\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(unknownIntent)).getMessage().contains("'nope' is not listed under intents"));
    String silenceAndPhrases = "    steps:\n      - expect: {silence_ms: 500, phrases: [x]}\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(silenceAndPhrases)).getMessage().contains("silence_ms"));
    String badRegex = "    steps:\n      - expect: {regex: [ok, '(']}\n";
    assertTrue(assertThrows(SuiteException.class, () -> parse(badRegex)).getMessage().contains("regex"));
  }

  @Test
  void everyRegexOfAListMustMatch() {
    Step.Expect e = parse("    steps:\n      - expect: {regex: ['balance', 'dollars?']}\n").scenarios().get(0).steps().get(0).expect();
    assertEquals(List.of(), Expectations.unmet(e, "your balance is ten dollars"));
    assertEquals(List.of("regex:dollars?"), Expectations.unmet(e, "your balance is ten euros"));
  }

  /** The form above on a call: two questions answered out of the written order, the goal, then case 1 of the expect. */
  private static List<CallEvent> formCall(boolean unanswered) {
    List<CallEvent> e = new ArrayList<>();
    e.add(new CallEvent.MediaStart(0));
    e.add(new CallEvent.StepStart(10, 0, "say"));
    e.add(new CallEvent.CallerSpeechStart(100, 0, 1, "say", "I would like to update my address."));
    e.add(new CallEvent.CallerSpeechEnd(1900, 0, 1, false));
    e.add(new CallEvent.StepEnd(2000, 0, null));
    e.add(new CallEvent.StepStart(2000, 1, "answers"));
    e.add(new CallEvent.AgentSpeechStart(2500, 0));
    e.add(new CallEvent.Reply(2500, 1, 0));
    e.add(new CallEvent.AgentSpeechEnd(4000, 0));
    e.add(new CallEvent.Transcript(4100, 0, "what is your date of birth"));
    e.add(new CallEvent.AnswerChosen(4100, 1, 1, 0, 1, false));
    e.add(new CallEvent.CallerSpeechStart(4200, 1, 2, "say", "I was born on the fourth of July nineteen eighty."));
    e.add(new CallEvent.CallerSpeechEnd(7000, 1, 2, false));
    e.add(new CallEvent.AgentSpeechStart(7600, 1));
    e.add(new CallEvent.Reply(7600, 1, 1));
    e.add(new CallEvent.AgentSpeechEnd(9000, 1));
    if (unanswered) {
      e.add(new CallEvent.Transcript(9100, 1, "what is your favourite colour"));
      e.add(new CallEvent.AnswerChosen(9100, 1, 2, 1, -1, false));
      e.add(new CallEvent.StepEnd(9100, 1, Failure.of(Layer.FLOW, Codes.UNANSWERED_QUESTION, "the agent said 'what is your favourite colour', which no answer matches")));
      e.add(new CallEvent.Recorded(9500, 9500, 9500));
      return e;
    }
    e.add(new CallEvent.Transcript(9100, 1, "thank you you are verified anything else"));
    e.add(new CallEvent.AnswerChosen(9100, 1, 2, 1, -1, true));
    e.add(new CallEvent.StepEnd(9100, 1, null));
    e.add(new CallEvent.StepStart(9100, 2, "expect"));
    e.add(new CallEvent.Reply(9100, 2, 1)); // the same utterance: it began after the caller's latest
    e.add(new CallEvent.StepEnd(9200, 2, null));
    e.add(new CallEvent.Branch(9200, 2, 0, "then", "anything else", null));
    e.add(new CallEvent.StepStart(9200, 7, "say"));
    e.add(new CallEvent.CallerSpeechStart(9300, 7, 3, "say", "No thank you, goodbye."));
    e.add(new CallEvent.CallerSpeechEnd(10500, 7, 3, false));
    e.add(new CallEvent.StepEnd(10600, 7, null));
    e.add(new CallEvent.StepStart(10600, 8, "expect"));
    e.add(new CallEvent.AgentHungUp(11000, 8, true));
    e.add(new CallEvent.StepEnd(11000, 8, null));
    e.add(new CallEvent.Recorded(11000, 11000, 11000));
    return e;
  }

  @Test
  void answersRoundsAreTurnsAndThePathIsTheCallsBranches() {
    Suite.Scenario sc = parse(FORM).scenarios().get(0);
    CallJudge.Judged j = JUDGE.judge(sc.steps(), formCall(false), NO_AUDIO);
    assertNull(j.failure(), String.valueOf(j.failure()));
    // two answers rounds, the on: expect, the hang-up expect in case 1; step 3 (say bye) never ran and has no turn
    assertEquals(4, j.turns().size(), j.turns().toString());
    TurnResult asked = j.turns().get(0), goal = j.turns().get(1);
    assertEquals("what is your date of birth", asked.heard());
    assertEquals(List.of("date of birth"), asked.expectedPhrases());
    assertEquals(600.0, asked.latencyMs());
    assertTrue(asked.passed());
    assertEquals("I was born on the fourth of July nineteen eighty.", goal.said());
    assertEquals(600.0, goal.latencyMs());
    assertEquals(List.of("you are verified"), goal.expectedPhrases());
    assertTrue(goal.passed());
    assertTrue(j.turns().stream().allMatch(TurnResult::passed), j.turns().toString());
    List<CallResult.Branch> path = j.branches();
    assertEquals(List.of("answer 2", "goal", "case 1"), path.stream().map(CallResult.Branch::taken).toList());
    assertEquals(List.of(2, 2, 3), path.stream().map(CallResult.Branch::step).toList());
    assertEquals("date of birth", path.get(0).check());
    assertEquals("thank you you are verified anything else", path.get(2).heard());
  }

  @Test
  void anUnansweredQuestionIsATypedFailureOnItsTurn() {
    Suite.Scenario sc = parse(FORM).scenarios().get(0);
    CallJudge.Judged j = JUDGE.judge(sc.steps(), formCall(true), NO_AUDIO);
    TurnResult last = j.turns().get(1);
    assertFalse(last.passed());
    assertEquals(Codes.UNANSWERED_QUESTION, last.failure().code());
    assertEquals(Layer.FLOW, last.failure().layer());
    assertEquals("unanswered", j.branches().get(1).taken());
    // the scenario's own expect after it never ran: not played
    assertEquals(3, j.turns().size());
    assertFalse(j.turns().get(2).passed());
    assertTrue(j.failure() != null, "the call failed");
  }

  @Test
  void elseMayBeSteps() {
    Step.Expect e = parse("    steps:\n      - expect:\n          on: [{phrases: [x], then: [{say: y}]}]\n          else: [{say: z}, hangup]\n")
        .scenarios().get(0).steps().get(0).expect();
    assertEquals("steps", e.otherwise().action());
    assertEquals(List.of("say", "hangup"), e.otherwise().steps().stream().map(Step::kind).toList());
  }

  private static final String TABLE = """
        caller: {number: "{{number}}", name: "{{who}}"}
        parameters:
          - {id: Alice A, who: Alice, number: "+15550001", dob: the fourth of July}
          - {who: Bob, number: 15550002, dob: the first of May}
        steps:
          - say: My name is {{who}}.
          - expect: {phrases: ["hello {{ who }}"], regex: ["{{who}}|caller"]}
          - answers:
              - keywords: [birth]
                say: I was born on {{dob}}.
            goal: {phrases: ["thank you {{who}}"]}
    """;

  @Test
  void aScenarioWithATableIsOneScenarioPerRowWithItsValues() {
    List<Suite.Scenario> sc = parse(TABLE).scenarios();
    assertEquals(List.of("a-alice-a", "a-2"), sc.stream().map(Suite.Scenario::name).toList(), "the row's id, else its number");
    Suite.Scenario bob = sc.get(1);
    assertEquals("My name is Bob.", bob.steps().get(0).say().text());
    assertEquals(List.of("hello Bob"), bob.steps().get(1).expect().phrases());
    assertEquals(List.of("Bob|caller"), bob.steps().get(1).expect().regex());
    assertEquals("I was born on the first of May.", bob.steps().get(2).answers().when().get(0).say().text());
    assertEquals(List.of("thank you Bob"), bob.steps().get(2).answers().goal().phrases());
    assertEquals("15550002", bob.caller().number());
    assertEquals("Alice", sc.get(0).caller().name());
    assertTrue(Harness.callSeed(0, sc.get(0).name(), "clean") != Harness.callSeed(0, sc.get(1).name(), "clean"), "each instance its own seed");
  }

  @Test
  void aTableFromACsvBesideTheSuite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("people.csv"), "id,who\nc1,\"Carol, Jr\"\n\nd2,Dan\n");
    String yaml = "name: s\nprofiles: [clean]\nscenarios:\n  - name: a\n    parameters: {csv: people.csv}\n    turns:\n      - say: I am {{who}}\n";
    java.nio.file.Files.writeString(dir.resolve("s.yaml"), yaml);
    List<Suite.Scenario> sc = SuiteLoader.load(dir.resolve("s.yaml"), PROFILES).scenarios();
    assertEquals(List.of("a-c1", "a-d2"), sc.stream().map(Suite.Scenario::name).toList());
    assertEquals("I am Carol, Jr", sc.get(0).steps().get(0).say().text());
    java.nio.file.Files.writeString(dir.resolve("people.csv"), "id,who\nc1\n");
    assertTrue(assertThrows(SuiteException.class, () -> SuiteLoader.load(dir.resolve("s.yaml"), PROFILES)).getMessage()
        .endsWith("people.csv:2: expected 2 fields (id,who), found 1"));
  }

  @Test
  void placeholdersWithoutAValueAreRefusedNamingThem() {
    String noColumn = "    parameters: [{who: A}]\n    turns:\n      - say: I am {{name}}\n";
    String m = assertThrows(SuiteException.class, () -> parse(noColumn)).getMessage();
    assertTrue(m.contains("scenarios[0].parameters[0]: '{{name}}' names no column; expected one of [who]"), m);
    String noTable = "    turns:\n      - say: I am {{name}}\n";
    m = assertThrows(SuiteException.class, () -> parse(noTable)).getMessage();
    assertTrue(m.contains("'{{name}}' but the scenario has no parameters:"), m);
    String badNumber = "    caller: {number: \"{{n}}\"}\n    parameters: [{n: abc}]\n    turns:\n      - say: hi\n";
    m = assertThrows(SuiteException.class, () -> parse(badNumber)).getMessage();
    assertTrue(m.contains("parameters[0]: with this row,") && m.contains("abc"), m);
  }
}
