package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.corpora.Speech;
import dev.earshot.report.CallResult;
import dev.earshot.report.Chromium;
import dev.earshot.report.Reports;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import dev.earshot.tools.agent.AgentConfig;
import dev.earshot.tools.agent.ReferenceAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run against the reference agent with an intent fault ({@code transfer_funds} acted on as
 * {@code check_balance}), then what its reports give the people and machines that read them: {@code report.html}
 * in Chromium (the failed call one click from the top, its timeline drawn from its events), {@code junit.xml} with
 * the failure's layer and code, and {@code earshot rescore} (the same suite gives the run's results exactly; a
 * changed check moves the verdict, and says so).
 */
class ReportPagesIT {
  @TempDir Path dir;

  private static final String SUITE = TestSuites.balance("pages", 5, 1, "",
      "  - name: transfer\n    turns:\n      - say: I need to transfer money to my savings account.\n        expect: {intent: %s}\n");

  @Test
  void aRunsReportsShowWhereItBrokeAndRescoreAgrees() throws Exception {
    Path suite = dir.resolve("pages.yaml");
    Files.writeString(suite, SUITE.formatted("transfer_funds"));
    Path out = dir.resolve("out");
    Path cache = Path.of("target/tts-cache").toAbsolutePath();
    AgentConfig faulty = AgentConfig.defaults().withPort(0).withIntentSwap(Map.of("transfer_funds", "check_balance"));
    try (ReferenceAgent agent = ReferenceAgent.start(faulty, Speech.synthesizer(cache), Speech.transcriber(), t -> {})) {
      Cli cli = new Cli();
      int exit = cli.run("run", suite.toString(), "--agent", agent.uri(), "-o", out.toString(), "-j", "2", "--cache", cache.toString(), "-q");
      assertEquals(Earshot.EXIT_FAILED, exit, cli.out + "\n" + cli.err);
      assertTrue(cli.out.toString().contains("html:       " + out.resolve(Reports.REPORT_HTML).toAbsolutePath()), "the run says where the page is");
    }
    RunResult live = Reports.readJson(out.resolve(Reports.REPORT_JSON));
    CallResult failed = live.calls().stream().filter(c -> c.scenario().equals("transfer")).findFirst().orElseThrow();
    assertEquals(List.of("intent"), failed.failedLayers(), "the fault is charged to the intent layer");

    String junit = Files.readString(out.resolve(Reports.JUNIT_XML));
    assertTrue(junit.contains("type=\"wrong_intent\"") && junit.contains("[intent]"), "junit.xml names the code and the layer:\n" + junit);

    Path html = out.resolve(Reports.REPORT_HTML);
    String top = Chromium.loaded(html, null);
    assertTrue(top.contains("First failed call: <a href=\"#call-transfer--clean\">"), "the failed call, one click from the top");
    assertTrue(top.contains("data-layer=\"intent\" class=\"layer intent\">intent</a> 1"), "the verdict per layer");
    String call = Chromium.callSection(Chromium.loaded(html, "call-transfer--clean"), "transfer--clean");
    assertTrue(Chromium.count(call, "<rect class=\"utt caller\"") >= 1, "the caller's utterance on the timeline");
    assertTrue(Chromium.count(call, "<rect class=\"utt agent\"") >= 2, "the greeting and the reply on the timeline");
    TurnResult turn = failed.turns().get(0);
    assertTrue(call.contains(">" + Math.round(turn.latencyMs()) + " ms</text>"), "the turn's latency as a span: " + turn.latencyMs());
    assertTrue(call.contains("wrong_intent</code>"), "the turn's typed failure");
    assertTrue(call.matches("(?s).*<audio [^>]*src=\"" + java.util.regex.Pattern.quote(failed.recording()) + "\" data-duration=\"[1-9][0-9.]*\">.*"),
        "a player for the recording beside it, its source loaded: " + call.replaceAll("(?s).*(<audio[^>]*>).*", "$1"));
    assertEquals(3, Chromium.count(top, "<svg class=\"chart\""), "WER (ASR, response) and latency drawn");
    assertTrue(Chromium.count(top, "<circle class=\"(ok|bad)\"") >= 2, "a dot per answered turn");
    Path shots = Path.of("target/report-pages");
    Chromium.screenshot(html, null, 1300, 1600, shots.resolve("top.png"));
    Chromium.screenshot(html, "call-transfer--clean", 1300, 4000, shots.resolve("transfer--clean.png"));

    // the suite the run used: every call judged again from its events, exactly as the run had it
    Cli same = new Cli();
    assertEquals(Earshot.EXIT_FAILED, same.run("rescore", out.toString(), "--suite", suite.toString()), same.out + "\n" + same.err);
    assertTrue(same.out.toString().contains("(2 judged again from their events, 0 never set up kept as they were): 2 exactly as the run had them"), same.out.toString());
    assertTrue(same.out.toString().contains("no verdict changed"), same.out.toString());
    RunResult rescored = Reports.readJson(out.resolve("rescore").resolve(Reports.REPORT_JSON));
    for (int i = 0; i < live.calls().size(); i++) {
      CallResult a = live.calls().get(i), b = rescored.calls().get(i);
      assertEquals("../" + a.recording(), b.recording(), "recordings referenced in the run's directory");
      assertEquals(a, b.toBuilder().recording(a.recording()).capture(a.capture()).build(), a.id() + " rescored exactly as it ran");
    }
    Chromium.loaded(out.resolve("rescore").resolve(Reports.REPORT_HTML), "call-transfer--clean");

    // the check changed to what this agent does: the verdict moves, and the command says so
    Path changed = dir.resolve("changed.yaml");
    Files.writeString(changed, SUITE.formatted("check_balance"));
    Cli moved = new Cli();
    assertEquals(0, moved.run("rescore", out.toString(), "--suite", changed.toString(), "-o", dir.resolve("moved").toString()), moved.out + "\n" + moved.err);
    assertTrue(moved.out.toString().contains("1 call changed verdict:\n  transfer--clean: intent/wrong_intent -> passed\n      turn 1 now passes"), moved.out.toString());

    // a suite whose steps differ is refused in one line
    String reordered = SUITE.formatted("transfer_funds").replace(
        "    turns:\n      - say: I need to transfer money to my savings account.\n        expect: {intent: transfer_funds}\n",
        "    steps:\n      - expect: {intent: transfer_funds}\n      - say: I need to transfer money to my savings account.\n");
    assertTrue(reordered.contains("steps:"), reordered);
    Files.writeString(changed, reordered);
    Cli refused = new Cli();
    assertEquals(Earshot.EXIT_BAD_INPUT, refused.run("rescore", out.toString(), "--suite", changed.toString(), "-o", dir.resolve("refused").toString()));
    assertTrue(refused.err.toString().startsWith("earshot: " + changed + ": scenario 'transfer' step 1: call transfer--clean ran a 'say' step there, the suite has 'expect'"),
        refused.err.toString());
    assertEquals(1, refused.err.toString().strip().lines().count(), "one line");
  }
}
