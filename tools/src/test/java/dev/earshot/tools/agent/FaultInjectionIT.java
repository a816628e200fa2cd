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
import dev.earshot.report.Layers;
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
 * figures of the layer broken must move the right way, and the others must not, and the layer each failure is
 * charged to ({@link Layers}) must be the broken one. Figures read here: ASR (corpus WER of what the agent
 * reports it heard, from the side channel), intent (turns whose reported intent is not the expected one),
 * latency (p50), time to greeting. Each run is 2 calls of 3 turns, 2 at a time; the second scenario has a
 * 2 s dead-air budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {
  /** One run's figures; {@code failedLayers} and {@code greetingMs} per call, in suite order. */
  private record Figures(double asrWer, List<Integer> wrongIntentTurns, double latencyP50Ms, int completed, List<String> failures,
      List<List<String>> failedLayers, List<Double> greetingMs) {}

  private Figures healthy, mishear, swapped, rejecting, deadAir, repeating;

  @BeforeAll
  void runSuiteAgainstEachFault() throws Exception {
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(Path.of("src/test/resources/fault-suite.yaml"), profiles);
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    Path out = Files.createTempDirectory(Path.of("target"), "fault-run-");
    AgentConfig base = AgentConfig.defaults().withPort(0);
    // the runs are real-time calls, mostly waiting (a run alone keeps a fifth of this machine's 2 cores busy): three at
    // a time, each against its own agent, so the healthy run and the faults it is compared with meet the same load
    var waves = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      var healthyRun = waves.submit(() -> run(harness, suite, base, out.resolve("healthy")));
      var mishearRun = waves.submit(() -> run(harness, suite, base.withMishearRate(0.4), out.resolve("mishear")));
      var swappedRun = waves.submit(() -> run(harness, suite, base.withIntentSwap(Map.of("transfer_funds", "check_balance")), out.resolve("swap")));
      var rejectingRun = waves.submit(() -> run(harness, suite, base.withRejectRate(1), out.resolve("reject")));
      var deadAirRun = waves.submit(() -> run(harness, suite, base.withDeadAirMs(DEAD_AIR_MS), out.resolve("dead-air")));
      var repeatingRun = waves.submit(() -> run(harness, suite, base.withRepeatPrompt(true), out.resolve("repeat")));
      healthy = healthyRun.get();
      mishear = mishearRun.get();
      swapped = swappedRun.get();
      rejecting = rejectingRun.get();
      deadAir = deadAirRun.get();
      repeating = repeatingRun.get();
    } finally {
      waves.shutdownNow();
    }
    System.out.printf("healthy %s%nmishear-rate 0.4 %s%nintent-swap transfer_funds:check_balance %s%nreject-rate 1 %s%ndead-air-ms %d %s%nrepeat-prompt %s%n",
        healthy, mishear, swapped, rejecting, DEAD_AIR_MS, deadAir, repeating);
  }

  private static final long DEAD_AIR_MS = 3000;
  private static final com.networknt.schema.JsonSchema REPORT_SCHEMA = com.networknt.schema.JsonSchemaFactory
      .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(dev.earshot.report.Reports.schema());

  private static Figures run(Harness harness, Suite suite, AgentConfig config, Path out) {
    RunResult r;
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      r = harness.run(suite, RunOptions.defaults(agent.uri(), out).withConcurrency(2), RunListener.NONE);
    }
    try { // every fault's real report.json is what its schema says
      var errors = REPORT_SCHEMA.validate(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("report.json").toFile()));
      assertEquals(java.util.Set.of(), errors, out + "/report.json against docs/report.schema.json");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long words = 0, errors = 0;
    List<Integer> wrong = new java.util.ArrayList<>();
    List<Double> latencies = new java.util.ArrayList<>();
    int completed = 0, k = 0;
    List<String> failures = new java.util.ArrayList<>();
    for (CallResult c : r.calls()) {
      if (CallResult.COMPLETED.equals(c.status())) completed++;
      else failures.add(c.failure().message());
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
    return new Figures(words == 0 ? Double.NaN : (double) errors / words, wrong, latencies.isEmpty() ? Double.NaN : latencies.get((latencies.size() - 1) / 2),
        completed, failures, r.calls().stream().map(CallResult::failedLayers).toList(),
        r.calls().stream().map(CallResult::timeToGreetingMs).toList());
  }

  @Test
  void healthyAgentIsClean() {
    assertEquals(2, healthy.completed());
    assertEquals(List.of(), healthy.failures());
    assertTrue(healthy.asrWer() <= 0.15, "ASR WER " + healthy.asrWer());
    assertEquals(List.of(), healthy.wrongIntentTurns(), "intent layer");
    assertEquals(List.of(List.of(), List.of()), healthy.failedLayers());
  }

  @Test
  void mishearingRaisesAsrWerAndLeavesLatencyAlone() {
    assertTrue(mishear.asrWer() >= healthy.asrWer() + 0.2, "ASR WER " + mishear.asrWer() + " vs healthy " + healthy.asrWer());
    assertEquals(healthy.latencyP50Ms(), mishear.latencyP50Ms(), 150, "latency p50");
    assertTrue(mishear.failedLayers().stream().anyMatch(l -> !l.isEmpty()), "some turn failed");
    for (List<String> l : mishear.failedLayers()) assertTrue(List.of(Layers.ASR).containsAll(l), "charged to ASR only: " + mishear.failedLayers());
  }

  @Test
  void refusedCallsAreTelephonyFailuresWithTheAgentsCause() {
    assertEquals(0, rejecting.completed());
    for (String f : rejecting.failures()) assertTrue(f.contains("486 Busy Here") || f.contains("503 Service Unavailable"), f);
    assertTrue(Double.isNaN(rejecting.asrWer()), "no turn reached the ASR layer");
    assertEquals(List.of(List.of(Layers.TELEPHONY), List.of(Layers.TELEPHONY)), rejecting.failedLayers());
  }

  @Test
  void anIntentSwapBreaksOnlyTheIntentLayer() {
    // the turns that expect transfer_funds are the 2nd of the first call and the 1st of the second (4th overall)
    assertEquals(List.of(2, 4), swapped.wrongIntentTurns(), "intent layer: exactly the swapped turns");
    assertEquals(healthy.asrWer(), swapped.asrWer(), 0.05, "ASR layer untouched");
    assertEquals(healthy.latencyP50Ms(), swapped.latencyP50Ms(), 150, "latency p50");
    assertEquals(List.of(List.of(Layers.INTENT), List.of(Layers.INTENT)), swapped.failedLayers());
  }

  @Test
  void deadAirBeforeTheGreetingDelaysItAndSpendsTheBudget() {
    // no budget on the first scenario: the greeting comes DEAD_AIR_MS later, and everything after it is healthy
    assertEquals(healthy.greetingMs().get(0) + DEAD_AIR_MS, deadAir.greetingMs().get(0), 60, "time to greeting");
    assertEquals(List.of(), deadAir.failedLayers().get(0));
    // the second scenario allows 2 s of dead air: the call ends there, charged to the conversation's flow
    assertTrue(deadAir.failures().get(0).startsWith("budget max_dead_air_ms: "), deadAir.failures().toString());
    assertTrue(deadAir.failures().get(0).contains("waiting for the agent at step 0 (limit 2000 ms)"), deadAir.failures().toString());
    assertEquals(List.of(Layers.FLOW), deadAir.failedLayers().get(1));
  }

  @Test
  void aRepeatedPromptIsTheResponseLayerWithAsrAndIntentIntact() {
    // the agent understood (its reports: right intents, healthy WER) but said its greeting again every time
    assertEquals(List.of(), repeating.wrongIntentTurns(), "intent layer, as reported");
    assertEquals(healthy.asrWer(), repeating.asrWer(), 0.05, "ASR layer untouched");
    assertEquals(healthy.latencyP50Ms(), repeating.latencyP50Ms(), 150, "latency p50");
    assertEquals(List.of(List.of(Layers.RESPONSE), List.of(Layers.RESPONSE)), repeating.failedLayers());
  }
}
