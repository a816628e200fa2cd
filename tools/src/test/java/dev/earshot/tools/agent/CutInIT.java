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
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.Reports;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's turn-taking on real calls: a caller who pauses once mid-sentence (300-500 ms, seeded), against the scripted agent
 * as it is (it ends the caller's utterance after 600 ms of silence: it waits) and with {@code --cut-in-ms 300} (it starts
 * talking into the pause): every such turn is caught as {@code cut_in} in the latency layer, and counted in the summary.
 */
class CutInIT {
  @TempDir Path dir;

  private static final String SUITE = """
      name: cut-in
      seed: 21
      trials: 3
      profiles: [clean]
      personas: [pausing]
      greeting: none
      scenarios:
        - name: savings
          turns:
            - say: I would like to check the balance of my savings account please.
              expect: {no_interruption: true}
      """;

  private RunResult run(Harness harness, Suite suite, long endpointMs, String out) throws Exception {
    AgentConfig config = AgentConfig.defaults().withPort(0).withScript(List.of("check_balance")).withGreeting(false).withEndpointMs(endpointMs);
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), null, t -> {})) {
      return harness.run(suite, RunOptions.defaults(agent.uri(), dir.resolve(out)).withConcurrency(3), RunListener.NONE);
    }
  }

  @Test
  void anAgentThatTalksIntoTheCallersPauseIsCaught() throws Exception {
    Files.createDirectories(dir.resolve("personas"));
    Files.writeString(dir.resolve("personas/pausing.yaml"),
        "name: pausing\ndescription: pauses once mid-sentence\nspeaker:\n  - {type: hesitation, count: 1, pause_ms: 400}\n");
    Files.writeString(dir.resolve("s.yaml"), SUITE);
    Profiles profiles = Profiles.builtIn();
    Personas personas = Personas.withDirectory(dir.resolve("personas"));
    Suite suite = SuiteLoader.load(dir.resolve("s.yaml"), profiles, personas);
    Harness harness = Harness.create(profiles, personas, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    RunResult patient = run(harness, suite, 600, "patient");
    RunResult cutting = run(harness, suite, 300, "cut-in-300");
    System.out.printf("cut-in: --endpoint-ms 600 latencies %s; --cut-in-ms 300 latencies %s%n",
        patient.calls().stream().map(c -> c.id() + "=" + c.turns().get(0).latencyMs()).toList(), cutting.calls().stream().map(c -> c.id() + "=" + c.turns().get(0).latencyMs()).toList());
    for (CallResult c : patient.calls()) {
      TurnResult t = c.turns().get(0);
      assertTrue(t.passed() && t.latencyMs() > 0, c.id() + ": the agent waited for the caller's last word: " + t.latencyMs() + " " + t.failure());
    }
    for (CallResult c : cutting.calls()) {
      TurnResult t = c.turns().get(0);
      Failure f = t.failure();
      assertTrue(f != null && Failure.Codes.CUT_IN.equals(f.code()), c.id() + ": " + t.latencyMs() + " " + f);
      assertEquals(Layer.LATENCY, f.layer());
      assertTrue(f.figure() > 0 && t.latencyMs() < 0, "how long before the caller's last word: " + f.figure());
    }
    String summary = Files.readString(dir.resolve("cut-in-300").resolve(Reports.SUMMARY_MD));
    assertTrue(summary.contains("**Agent cut in on the caller** (its reply began before the caller's last word): clean / pausing: 3 of 3 timed turns"), summary);
    assertTrue(Reports.summary(cutting).contains("agent cut in on the caller: 3 of 3 timed turns"), Reports.summary(cutting));
    assertTrue(!Files.readString(dir.resolve("patient").resolve(Reports.SUMMARY_MD)).contains("cut in"), "none when it waited");
    assertTrue(!Reports.summary(patient).contains("cut in"), "none when it waited");
    // the model every report reads, and the HTML report's latency table
    assertEquals(3, cutting.turnTaking().get(0).cutIns(), String.valueOf(cutting.turnTaking()));
    assertEquals(0, patient.turnTaking().get(0).cutIns(), String.valueOf(patient.turnTaking()));
    String html = Files.readString(dir.resolve("cut-in-300").resolve(Reports.REPORT_HTML));
    assertTrue(html.contains("<td class=\"hot cut-in\">3 of 3 timed turns, by up to "), "the HTML report counts the cut-ins");
  }
}
