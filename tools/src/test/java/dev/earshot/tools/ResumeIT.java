package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.corpora.Speech;
import dev.earshot.report.CallResult;
import dev.earshot.report.Reports;
import dev.earshot.report.RunPlan;
import dev.earshot.report.RunResult;
import dev.earshot.tools.agent.AgentConfig;
import dev.earshot.tools.agent.AgentTurn;
import dev.earshot.tools.agent.ReferenceAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL midway (a separate JVM running {@code earshot run}), then {@code earshot run --resume}:
 * the calls that ended are kept byte for byte and not placed again, the one in flight is redone, and the
 * report holds every planned call once, with the seeds of the plan.
 */
class ResumeIT {
  @TempDir Path dir;

  private static final String SUITE = TestSuites.balance("resume", 11, 3, "", "");

  @Test
  void aRunKilledMidwayIsResumedWithEveryPlannedCallOnce() throws Exception {
    Path suite = dir.resolve("resume.yaml");
    Files.writeString(suite, SUITE);
    Path out = dir.resolve("out");
    Path cache = Path.of("target/tts-cache").toAbsolutePath();
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0), Speech.synthesizer(cache), Speech.transcriber(), t -> {})) {
      Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Dearshot.vosk.model=" + System.getProperty("earshot.vosk.model"), "-cp", System.getProperty("java.class.path"),
          Earshot.class.getName(), "run", suite.toString(), "--agent", agent.uri(), "-o", out.toString(), "-j", "1", "--cache", cache.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (callFiles(out).isEmpty() && run.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
      assertTrue(run.isAlive(), "the run was still going:\n" + Files.readString(dir.resolve("killed.log")));
      run.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no BYE, nothing written after
      Map<String, String> ended = callFiles(out);
      assertTrue(ended.size() >= 1 && ended.size() < 3, "killed midway: " + ended.keySet());
      RunResult killed = Reports.readJson(out.resolve("report.json"));
      assertFalse(killed.complete(), "report.json of a killed run says it is not complete");
      assertEquals(3, killed.planned());

      Cli cli = new Cli();
      int exit = cli.run("run", suite.toString(), "--agent", agent.uri(), "--resume", out.toString(), "-j", "1", "--cache", cache.toString());
      assertEquals(0, exit, cli.out + "\n" + cli.err);
      assertTrue(cli.out.toString().contains("Resuming: " + ended.size() + " of 3 calls ended before the run stopped and are kept"), cli.out.toString());

      RunResult resumed = Reports.readJson(out.resolve("report.json"));
      RunPlan plan = Reports.readPlan(out);
      assertTrue(resumed.complete());
      assertEquals(plan.calls(), resumed.calls().stream().map(CallResult::id).toList(), "every planned call once, in the plan's order");
      assertEquals(plan.seeds(), resumed.calls().stream().map(CallResult::seed).toList(), "the plan's seeds");
      assertEquals(killed.started(), resumed.started(), "one run: it began when the first part did");
      for (Map.Entry<String, String> e : ended.entrySet()) {
        assertEquals(e.getValue(), Files.readString(out.resolve("calls").resolve(e.getKey())), e.getKey() + " kept as it was");
      }
      // the agent's own log: a kept call was placed once; the others (the one in flight included) once more by the resumed run
      Map<String, Long> placed = new TreeMap<>();
      for (AgentTurn t : agent.turns()) if (t.turn() == 1) placed.merge(t.call(), 1L, Long::sum);
      for (String id : plan.calls()) {
        boolean kept = ended.containsKey(id + ".json");
        assertTrue(kept ? placed.getOrDefault(id, 0L) == 1 : placed.getOrDefault(id, 0L) >= 1, id + " placed " + placed.get(id) + " times: " + placed);
      }
    }
  }

  /** The call files written so far: name to content. */
  private static Map<String, String> callFiles(Path out) throws Exception {
    Map<String, String> files = new TreeMap<>();
    Path calls = out.resolve("calls");
    if (!Files.isDirectory(calls)) return files;
    try (Stream<Path> s = Files.list(calls)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) files.put(p.getFileName().toString(), Files.readString(p));
    }
    return files;
  }
}
