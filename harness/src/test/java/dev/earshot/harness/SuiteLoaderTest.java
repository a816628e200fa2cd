package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SuiteLoaderTest {
  private static final Profiles PROFILES = Profiles.builtIn();

  static Suite parse(String yaml) {
    return SuiteLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "s.yaml", PROFILES);
  }

  static final String VALID = """
      name: bank
      seed: 3
      profiles: [clean, noisy-phone]
      intents:
        check_balance: ["current balance"]
        goodbye: ["thank you for calling"]
      scenarios:
        - name: balance
          turns:
            - say: What is my balance?
              expect: {intent: check_balance, phrases: ["dollars"]}
            - say: Goodbye.
      """;

  @Test
  void aSuiteIsNarrowedByScenarioPatternsProfilesAndTrials() {
    Suite s = parse(VALID + """
          - name: lost-card
            turns: [{say: I lost my card}]
          - name: lost-phone
            weight: 2
            turns: [{say: I lost my phone}]
        """);
    assertEquals(3, s.scenarios().size());
    assertEquals(List.of("lost-card", "lost-phone"), s.narrowed(List.of("lost"), null, null, PROFILES).scenarios().stream().map(Suite.Scenario::name).toList());
    assertEquals(List.of("balance", "lost-phone"), s.narrowed(List.of("bal", "*-phone"), null, null, PROFILES).scenarios().stream().map(Suite.Scenario::name).toList());
    assertEquals(List.of("lost-card"), s.narrowed(List.of("lost-c?rd"), null, null, PROFILES).scenarios().stream().map(Suite.Scenario::name).toList());
    assertEquals(List.of(), s.narrowed(List.of("lost*"), null, null, PROFILES).scenarios().stream().filter(x -> x.name().equals("balance")).toList(),
        "a glob matches the whole name");
    Suite narrow = s.narrowed(null, List.of("noisy-phone"), 1, PROFILES);
    assertEquals(List.of("noisy-phone"), narrow.profiles());
    assertEquals(1, narrow.trials());
    assertEquals(s.seed(), narrow.seed());
    assertEquals(2.0, narrow.scenarios().get(2).weight());
    assertEquals(s, s.narrowed(List.of(), List.of(), null, PROFILES), "nothing asked: the suite as it is");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.narrowed(List.of("transfer"), null, null, PROFILES));
    assertTrue(e.getMessage().contains("[balance, lost-card, lost-phone]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.narrowed(null, List.of("loud"), null, PROFILES));
    assertThrows(IllegalArgumentException.class, () -> s.narrowed(null, null, 0, PROFILES));
  }

  @Test
  void turnTakingIsSetPerSuiteScenarioAndStep() {
    Suite s = parse("name: t\nprofiles: [clean]\nagent_silence_ms: 1500\nmax_utterance_s: 45\nscenarios:\n"
        + "  - name: a\n    agent_silence_ms: 2000\n    max_utterance_s: 60\n    turns:\n      - say: menu\n        expect: {phrases: [one], agent_silence_ms: 2500}\n"
        + "  - name: b\n    turns: [{say: hi}]\n");
    assertEquals(1500L, s.agentSilenceMs());
    assertEquals(45.0, s.maxUtteranceS());
    assertEquals(2000L, s.scenarios().get(0).agentSilenceMs());
    assertEquals(2500L, s.scenarios().get(0).steps().get(1).expect().agentSilenceMs());
    assertEquals(null, s.scenarios().get(1).agentSilenceMs());
    SuiteException e = assertThrows(SuiteException.class, () -> parse("name: t\nprofiles: [clean]\nagent_silence_ms: 50\nscenarios:\n  - name: b\n    turns: [{say: hi}]\n"));
    assertTrue(e.getMessage().startsWith("s.yaml:") && e.getMessage().contains("agent_silence_ms: expected 100..30000 ms"), e.getMessage());
  }

  @Test
  void keysMayCarryPausesAndTheirTiming() {
    String steps = "name: t\nprofiles: [clean]\nscenarios:\n  - name: a\n    steps:\n      - dtmf: \"1,,2#\"\n"
        + "      - dtmf: {keys: \"9\", duration_ms: 250, gap_ms: 80}\n";
    Suite s = parse(steps);
    assertEquals(new Step.Dtmf("1,,2#", 100L, 100L), s.scenarios().get(0).steps().get(0).dtmf());
    assertEquals(new Step.Dtmf("9", 250L, 80L), s.scenarios().get(0).steps().get(1).dtmf());
    SuiteException e = assertThrows(SuiteException.class, () -> parse(steps.replace("250", "5")));
    assertTrue(e.getMessage().startsWith("s.yaml:7:") && e.getMessage().contains("duration_ms: expected 40..2000 ms"), e.getMessage());
    e = assertThrows(SuiteException.class, () -> parse(steps.replace("1,,2#", ",,")));
    assertTrue(e.getMessage().contains("keys: expected keys 0-9 * # A-D"), e.getMessage());
    e = assertThrows(SuiteException.class, () -> parse(steps.replace("1,,2#", "1x")));
    assertTrue(e.getMessage().startsWith("s.yaml:6:") && e.getMessage().contains("(a ',' pauses 500 ms)"), e.getMessage());
  }

  @Test
  void aShortFormTurnMaySayARecording(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    dev.earshot.audio.Wav.write(dir.resolve("bye.wav"), new dev.earshot.audio.Pcm(8000, new float[800]));
    String yaml = "name: t\nprofiles: [clean]\nscenarios:\n  - name: a\n    turns:\n      - wav: bye.wav\n        transcript: goodbye\n";
    java.nio.file.Files.writeString(dir.resolve("s.yaml"), yaml);
    Step.Say say = SuiteLoader.load(dir.resolve("s.yaml"), PROFILES).scenarios().get(0).steps().get(0).say();
    assertEquals("goodbye", say.transcript());
    assertEquals(null, say.text());
    assertEquals(dir.resolve("bye.wav").toAbsolutePath().normalize().toString(), say.wav(), "found from the suite's folder");
    SuiteException both = assertThrows(SuiteException.class, () -> parse(yaml.replace("        transcript", "        say: bye\n        transcript")));
    assertTrue(both.getMessage().contains("wav: expected say (words to synthesize) or wav (a recording), not both"), both.getMessage());
  }

  @Test
  void aScenarioMayCarryItsOwnNetworkInPlaceOfItsProfiles() {
    Suite s = parse(VALID.replace("  - name: balance\n", "  - name: balance\n    network: {delay_ms: 50, jitter_ms: 10, loss: {loss_percent: 2}}\n"));
    var n = s.scenarios().get(0).network();
    assertEquals(new dev.earshot.audio.profile.Network(new dev.earshot.audio.profile.Network.Loss("bernoulli", 2, null), 50, 10, 0, null, null, null), n);
    assertEquals(n, Harness.networkFor(s.scenarios().get(0), PROFILES.get("congested-broadband")));
    Suite plain = parse(VALID);
    assertEquals(PROFILES.get("congested-broadband").network(), Harness.networkFor(plain.scenarios().get(0), PROFILES.get("congested-broadband")));
    assertEquals(null, Harness.networkFor(plain.scenarios().get(0), PROFILES.get("clean")));
    SuiteException e = assertThrows(SuiteException.class,
        () -> parse(VALID.replace("  - name: balance\n", "  - name: balance\n    network: {delay_ms: -5}\n")));
    assertTrue(e.getMessage().startsWith("s.yaml:") && e.getMessage().contains("delay_ms: expected 0..2000, found -5"), e.getMessage());
  }

  @Test
  void readsAValidSuite() {
    Suite s = parse(VALID);
    assertEquals("bank", s.name());
    assertEquals(3, s.seed());
    assertEquals(List.of("clean", "noisy-phone"), s.profiles());
    assertEquals(List.of("check_balance", "goodbye"), List.copyOf(s.intents().keySet()), "listing order kept");
    assertEquals(3, s.trials(), "three trials unless the suite says");
    List<Step> steps = s.scenarios().get(0).steps();
    assertEquals(List.of("say", "expect", "say", "expect"), steps.stream().map(Step::kind).toList(), "each turn is a say and an expect");
    assertEquals("What is my balance?", steps.get(0).say().text());
    Step.Expect first = steps.get(1).expect();
    assertEquals("check_balance", first.intent());
    assertEquals(List.of("dollars"), first.phrases());
    assertEquals(null, steps.get(3).expect().intent(), "a turn without expect only listens");
    assertTrue(steps.get(3).expect().wantsSpeech());
  }

  static final String STEPS = """
      name: steps
      trials: 1
      profiles: [clean]
      intents: {report_lost_card: ["blocked your card"]}
      budgets: {max_duration_s: 60, max_dead_air_ms: 4000}
      scenarios:
        - name: all-kinds
          budgets: {max_repeats: 2}
          steps:
            - expect: {exact: ["welcome to earshot bank"], timeout_ms: 5000}
            - noise_only: {sound: cough, after_ms: 300}
            - barge_in: {say: "I lost my card", after_ms: 700, max_reaction_ms: 800}
            - expect: {intent: report_lost_card, keywords: [card], regex: "block(ed)? your"}
            - say: {text: "Thanks.", profile: noisy-phone}
            - wait: 1500
            - dtmf: "12#"
            - expect: {transfer: "sip:human@", hangup: true}
            - hangup
      """;

  @Test
  void readsEveryKindOfStep() {
    Suite s = parse(STEPS);
    assertEquals(1, s.trials());
    Suite.Scenario sc = s.scenarios().get(0);
    assertEquals(List.of("expect", "noise_only", "barge_in", "expect", "say", "wait", "dtmf", "expect", "hangup"),
        sc.steps().stream().map(Step::kind).toList());
    assertEquals(new Budgets(60.0, null, 4000L, 2), sc.budgets().or(s.budgets()));
    assertEquals(new Step.NoiseOnly("cough", 300L, 250L, -20.0, 600L), sc.steps().get(1).noiseOnly());
    assertEquals(new Step.BargeIn(Step.Say.text("I lost my card"), 700L, 800L), sc.steps().get(2).bargeIn());
    assertEquals("noisy-phone", sc.steps().get(4).say().profile());
    assertEquals(1500L, sc.steps().get(5).waitMs());
    Step.Expect last = sc.steps().get(7).expect();
    assertEquals("sip:human@", last.transfer());
    assertEquals(true, last.hangup());
    assertTrue(!last.wantsSpeech(), "a transfer and hang-up alone need no words");
    assertEquals(List.of("keyword:card", "regex:block(ed)? your"), sc.steps().get(3).expect().checks());
    assertEquals(3, sc.expects().size());
  }

  @Test
  void theBundledDemoSuiteIsValid() {
    Suite s = SuiteLoader.load(Path.of("../examples/bank-demo.yaml"), PROFILES);
    assertTrue(s.scenarios().size() >= 5 && s.profiles().size() >= 2);
  }

  @Test
  void personasCrossTheScenariosAndNameTheirCalls() {
    Suite s = parse(VALID.replace("profiles: [clean, noisy-phone]", "profiles: [clean, noisy-phone]\npersonas: [cooperative, fast-talker]"));
    assertEquals(List.of("cooperative", "fast-talker"), s.personas());
    assertEquals(List.of(), parse(VALID).personas(), "none unless listed");
  }

  @Test
  void aScenarioCanBeACallTheAgentPlaces() {
    Suite s = parse(VALID.replace("  - name: balance\n", "  - name: balance\n    call: inbound\n    wait_s: 30\n"));
    assertTrue(s.scenarios().get(0).inbound());
    assertEquals(30.0, s.scenarios().get(0).waitS());
    Suite out = parse(VALID);
    assertEquals("outbound", out.scenarios().get(0).call(), "Earshot calls, by default");
    assertEquals(null, out.scenarios().get(0).waitS());
    assertEquals(60.0, parse(VALID.replace("  - name: balance\n", "  - name: balance\n    call: inbound\n")).scenarios().get(0).waitS(), "waits 60 s by default");
    SuiteException e = assertThrows(SuiteException.class, () -> parse(VALID.replace("  - name: balance\n", "  - name: balance\n    call: sideways\n")));
    assertTrue(e.getMessage().contains("call") && e.getMessage().contains("outbound") && e.getMessage().contains("inbound"), e.getMessage());
    e = assertThrows(SuiteException.class, () -> parse(VALID.replace("  - name: balance\n", "  - name: balance\n    wait_s: 30\n")));
    assertTrue(e.getMessage().contains("wait_s: only with call: inbound"), e.getMessage());
  }

  @Nested
  class RejectsWithFileAndPlace {
    void rejects(String yaml, String... fragments) {
      SuiteException e = assertThrows(SuiteException.class, () -> parse(yaml));
      assertTrue(e.getMessage().startsWith("s.yaml"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), "one line");
      for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
    }

    @Test
    void anUnknownProfile() {
      rejects(VALID.replace("noisy-phone", "underwater"), "profiles[1]", "'underwater'", "clean, noisy-phone");
    }

    @Test
    void anUnknownPersonaInTheSuiteOrOnAStep() {
      rejects(VALID.replace("profiles: [clean, noisy-phone]", "profiles: [clean, noisy-phone]\npersonas: [hesitant, grumpy]"),
          "s.yaml: personas[1]: unknown persona 'grumpy'; expected one of cooperative, frustrated, hesitant");
      rejects("""
          name: bank
          profiles: [clean]
          scenarios:
            - name: bye
              steps:
                - say: {text: Goodbye., persona: grumpy}
          """, "s.yaml: scenarios[0].steps[0].say.persona: unknown persona 'grumpy'");
      rejects(VALID.replace("profiles: [clean, noisy-phone]", "profiles: [clean, noisy-phone]\npersonas: [hesitant, hesitant]"),
          "personas: expected each persona once");
    }

    @Test
    void anExpectedIntentNotListedUnderIntents() {
      rejects(VALID.replace("intent: check_balance", "intent: check_balanse"), "scenarios[0].turns[0].expect.intent", "check_balanse");
      rejects(STEPS.replace("intent: report_lost_card,", "intent: lost_card,"), "scenarios[0].steps[3].expect.intent", "'lost_card'");
    }

    @Test
    void aStepWithTwoKindsOrNone() {
      rejects(STEPS.replace("- wait: 1500", "- {wait: 1500, dtmf: '1'}"), "s.yaml:", "expected exactly one of say, expect");
      rejects(STEPS.replace("- hangup\n", "- hang up\n"), "s.yaml:", "found 'hang up'");
    }

    @Test
    void badStepSettings() {
      rejects(STEPS.replace("dtmf: \"12#\"", "dtmf: \"12x\""), "s.yaml:", "x");
      rejects(STEPS.replace("sound: cough", "sound: sneeze"), "sound: expected one of [cough, noise], found 'sneeze'");
      rejects(STEPS.replace("block(ed)? your", "block(ed your"), "regex:");
      rejects(STEPS.replace("profile: noisy-phone", "profile: underwater"), "scenarios[0].steps[4].say.profile: unknown profile 'underwater'");
      rejects(STEPS.replace("text: \"Thanks.\"", "wav: missing.wav, transcript: thanks"), "scenarios[0].steps[4].say.wav: no such file", "missing.wav");
      rejects(STEPS.replace("max_dead_air_ms: 4000", "max_dead_air_ms: 5"), "max_dead_air_ms: expected at least 100, found 5");
      rejects(STEPS.replace("trials: 1", "trials: 0"), "trials: expected 1..1000, found 0");
    }

    @Test
    void anUnknownKey() {
      rejects(VALID.replace("seed: 3", "sead: 3"), "s.yaml:2:", "unknown key 'sead'");
    }

    @Test
    void aDuplicateScenarioName() {
      rejects(VALID + "  - name: balance\n    turns: [{say: hi}]\n", "scenarios[1].name", "used twice");
    }

    @Test
    void aBadScenarioName() {
      rejects(VALID.replace("name: balance", "name: Balance Check"), "lower-case");
    }

    @Test
    void noScenarios() {
      rejects("name: x\nprofiles: [clean]\n", "scenarios: expected at least one scenario");
    }

    @Test
    void notYamlAtAll() {
      rejects("name: [unclosed\n", "s.yaml:");
    }
  }
}
