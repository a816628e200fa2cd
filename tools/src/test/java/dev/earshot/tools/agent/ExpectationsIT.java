package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's expectations on real calls to the scripted reference agent (its reply: "your current balance is one thousand
 * two hundred dollars, anything else?"): one of several phrases, a phrase it must not say, and a latency bound that a
 * {@code --think-ms} agent misses, each failing in its own layer with its own code; and key presses with pauses.
 */
class ExpectationsIT {
  @TempDir Path dir;

  private static final String SUITE = """
      name: expectations
      seed: 4
      trials: 1
      profiles: [clean]
      greeting: none
      scenarios:
        - name: alternatives
          turns:
            - say: What is my balance?
              expect: {any_of: ["account balance", "current balance"], not_phrases: ["i am sorry"], max_latency_ms: 1500}
        - name: forbidden
          turns:
            - say: What is my balance?
              expect: {phrases: ["balance"], not_phrases: ["anything else"]}
        - name: too-long
          max_utterance_s: 1
          turns:
            - say: What is my balance?
              expect: {phrases: ["balance"]}
        - name: keys-then-ask
          steps:
            - dtmf: {keys: "1,2", duration_ms: 120, gap_ms: 60}
            - say: What is my balance?
            - expect: {any_of: ["balance", "money"], max_latency_ms: 1500}
      """;

  private Map<String, CallResult> run(Harness harness, Suite suite, long thinkMs, String out) throws Exception {
    AgentConfig config = AgentConfig.defaults().withPort(0).withScript(List.of("check_balance")).withGreeting(false).withThinkMs(thinkMs);
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), null, t -> {})) {
      RunResult r = harness.run(suite, RunOptions.defaults(agent.uri(), dir.resolve(out)).withConcurrency(4), RunListener.NONE);
      return r.calls().stream().collect(Collectors.toMap(CallResult::scenario, c -> c));
    }
  }

  @Test
  void eachExpectationFailsInItsOwnLayerOnARealCall() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, SUITE);
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(file, profiles);
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    Map<String, CallResult> prompt = run(harness, suite, 0, "prompt");
    Map<String, CallResult> slow = run(harness, suite.narrowed(List.of("alternatives"), null, null, profiles), 1200, "slow");

    TurnResult ok = prompt.get("alternatives").turns().get(0);
    assertTrue(ok.passed(), ok.heard() + " " + ok.failure());
    assertTrue(ok.latencyMs() < 1500, "the prompt agent within its bound: " + ok.latencyMs());

    TurnResult forbidden = prompt.get("forbidden").turns().get(0);
    Failure f = forbidden.failure();
    assertEquals(Layer.RESPONSE, f.layer(), forbidden.heard() + " " + f);
    assertEquals(Failure.Codes.FORBIDDEN_PHRASE, f.code());
    assertEquals(List.of("not:anything else"), forbidden.missingPhrases());

    Failure tooLong = prompt.get("too-long").turns().get(0).failure();
    assertEquals(Failure.Codes.REPLY_TOO_LONG, tooLong.code(), "the scenario's max_utterance_s, not the hidden 30 s: " + tooLong);
    assertEquals(1.0, tooLong.limit());

    TurnResult keys = prompt.get("keys-then-ask").turns().get(0);
    assertTrue(keys.passed(), keys.heard() + " " + keys.failure());

    TurnResult late = slow.get("alternatives").turns().get(0);
    Failure s = late.failure();
    assertEquals(Layer.LATENCY, s.layer(), late.heard() + " " + s);
    assertEquals(Failure.Codes.SLOW_REPLY, s.code());
    assertEquals(1500.0, s.limit());
    assertEquals(late.latencyMs(), s.figure());
    assertTrue(late.latencyMs() >= ok.latencyMs() + 1000, "the think time shows: " + ok.latencyMs() + " -> " + late.latencyMs());
    assertEquals(List.of("latency"), slow.get("alternatives").failedLayers());
    System.out.printf("expectations: prompt latency %.0f ms, with --think-ms 1200 %.0f ms (max_latency_ms 1500)%n", ok.latencyMs(), late.latencyMs());
  }
}
