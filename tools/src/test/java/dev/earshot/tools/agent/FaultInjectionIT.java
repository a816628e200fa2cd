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
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same suite against the healthy reference agent and against it with one fault injected at a time; the
 * figures of the layer broken must move the right way, and the others must not. Layers measured here: ASR
 * (corpus WER of what the agent reports it heard, from the side channel), intent (turns whose reported intent
 * is not the expected one), latency (p50). Each run is 2 calls of 3 turns, 2 at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {
  private record Layers(double asrWer, List<Integer> wrongIntentTurns, double latencyP50Ms, int completed, List<String> failures) {}

  private Layers healthy, mishear, swapped, rejecting;

  @BeforeAll
  void runSuiteAgainstEachFault() throws Exception {
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(Path.of("src/test/resources/fault-suite.yaml"), profiles);
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    Path out = Files.createTempDirectory(Path.of("target"), "fault-run-");
    AgentConfig base = AgentConfig.defaults().withPort(0);
    healthy = run(harness, suite, base, out.resolve("healthy"));
    mishear = run(harness, suite, base.withMishearRate(0.4), out.resolve("mishear"));
    swapped = run(harness, suite, base.withIntentSwap(Map.of("transfer_funds", "check_balance")), out.resolve("swap"));
    rejecting = run(harness, suite, base.withRejectRate(1), out.resolve("reject"));
    System.out.printf("healthy %s%nmishear-rate 0.4 %s%nintent-swap transfer_funds:check_balance %s%nreject-rate 1 %s%n", healthy, mishear, swapped,
        rejecting);
  }

  private static Layers run(Harness harness, Suite suite, AgentConfig config, Path out) {
    RunResult r;
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      r = harness.run(suite, RunOptions.defaults(agent.uri(), out).withConcurrency(2), RunListener.NONE);
    }
    long words = 0, errors = 0;
    List<Integer> wrong = new java.util.ArrayList<>();
    List<Double> latencies = new java.util.ArrayList<>();
    int completed = 0, k = 0;
    List<String> failures = new java.util.ArrayList<>();
    for (CallResult c : r.calls()) {
      if (CallResult.COMPLETED.equals(c.status())) completed++;
      else failures.add(c.failure());
      for (TurnResult t : c.turns()) {
        k++;
        if (t.latencyMs() != null) latencies.add(t.latencyMs());
        if (t.agent() == null) continue;
        words += t.agent().asrWords();
        errors += t.agent().asrSubstitutions() + t.agent().asrDeletions() + t.agent().asrInsertions();
        if (!t.expectedIntent().equals(t.agent().intent())) wrong.add(k);
      }
    }
    latencies.sort(null);
    return new Layers(words == 0 ? Double.NaN : (double) errors / words, wrong, latencies.isEmpty() ? Double.NaN : latencies.get((latencies.size() - 1) / 2), completed, failures);
  }

  @Test
  void healthyAgentIsClean() {
    assertEquals(2, healthy.completed());
    assertEquals(List.of(), healthy.failures());
    assertTrue(healthy.asrWer() <= 0.15, "ASR WER " + healthy.asrWer());
    assertEquals(List.of(), healthy.wrongIntentTurns(), "intent layer");
  }

  @Test
  void mishearingRaisesAsrWerAndLeavesLatencyAlone() {
    assertTrue(mishear.asrWer() >= healthy.asrWer() + 0.2, "ASR WER " + mishear.asrWer() + " vs healthy " + healthy.asrWer());
    assertEquals(healthy.latencyP50Ms(), mishear.latencyP50Ms(), 150, "latency p50");
  }

  @Test
  void refusedCallsAreTelephonyFailuresWithTheAgentsCause() {
    assertEquals(0, rejecting.completed());
    for (String f : rejecting.failures()) assertTrue(f.contains("486 Busy Here") || f.contains("503 Service Unavailable"), f);
    assertTrue(Double.isNaN(rejecting.asrWer()), "no turn reached the ASR layer");
  }

  @Test
  void anIntentSwapBreaksOnlyTheIntentLayer() {
    // the turns that expect transfer_funds are the 2nd of the first call and the 1st of the second (4th overall)
    assertEquals(List.of(2, 4), swapped.wrongIntentTurns(), "intent layer: exactly the swapped turns");
    assertEquals(healthy.asrWer(), swapped.asrWer(), 0.05, "ASR layer untouched");
    assertEquals(healthy.latencyP50Ms(), swapped.latencyP50Ms(), 150, "latency p50");
  }
}
