package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it; none of these place a call. */
class EarshotCommandTest {
  private static final dev.earshot.report.Failure WRONG = dev.earshot.report.Failure.of(dev.earshot.report.Layer.INTENT,
      dev.earshot.report.Failure.Codes.WRONG_INTENT, "expected intent transfer_funds, the reply says check_balance");
  private final Cli cli = new Cli();
  private final java.io.StringWriter out = cli.out;
  private final java.io.StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    assertEquals(0, run("--help"));
    for (String s : new String[] {"demo", "run", "agent", "2   bad input"}) assertTrue(out.toString().contains(s), out.toString());
  }

  @Test
  void runHelpExplainsItsOptions() {
    assertEquals(0, run("run", "--help"));
    for (String s : new String[] {"--agent", "--out", "--profiles", "--concurrency", "SUITE.yaml"}) assertTrue(out.toString().contains(s), s);
  }

  /** Every command's help renders without picocli complaining on stderr (a bare '%' in a description did, three times). */
  @Test
  void everyHelpRendersCleanly() {
    java.io.PrintStream before = System.err;
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(stderr, true));
    try {
      for (String command : picocli.CommandLine.class.cast(Earshot.commandLine()).getSubcommands().keySet()) {
        assertEquals(0, new Cli().run(command, "--help"), command);
      }
    } finally {
      System.setErr(before);
    }
    assertEquals("", stderr.toString(), "picocli's warnings");
    assertEquals(0, run("run", "--help"));
    assertTrue(out.toString().contains("(95% Wilson intervals separate)"), out.toString());
  }

  @Test
  void loadRejectsBadOptionsInOneLine() {
    assertEquals(2, run("load", "--agent", "sip:ivr@127.0.0.1:5060", "--calls", "0"));
    assertEquals("earshot: --calls: expected 1..5000, found 0", err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(2, run("load", "--agent", "ivr@127.0.0.1"));
    assertTrue(err.toString().startsWith("earshot: --agent: expected a SIP URI"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("load", "--agent", "sip:ivr@127.0.0.1:5060", "--profile", "no-such-profile"));
    assertTrue(err.toString().startsWith("earshot: --profile: unknown profile 'no-such-profile'; expected one of")
        && err.toString().contains("congested-broadband") && err.toString().strip().lines().count() == 1, err.toString());
    assertEquals(0, run("load", "--help"));
    for (String s : new String[] {"--calls", "--duration", "--rate", "--ring-timeout", "send-time error", "--profile", "network:"}) {
      assertTrue(out.toString().contains(s), s);
    }
  }

  /** OPTIONS over loopback to a real user agent (this one places no call). */
  @Test
  void pingReportsTheAnswerAndFailsOnSilence() throws Exception {
    try (var agent = dev.earshot.telephony.Telephony.start("127.0.0.1", 0, "agent", 1)) {
      assertEquals(0, run("ping", "sip:agent@127.0.0.1:" + agent.sipPort(), "-c", "2", "-i", "0.1"));
      assertTrue(out.toString().matches("(?s).*200 OK in [0-9.]+ ms \\(Earshot\\); allows INVITE, ACK, BYE, CANCEL, OPTIONS.*"), out.toString());
      assertTrue(out.toString().contains("2 requests, 2 answered 2xx; round trip min/avg/max"), out.toString());
    }
    try (java.net.DatagramSocket deaf = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(1, run("ping", "sip:x@127.0.0.1:" + deaf.getLocalPort(), "-t", "0.3"));
      assertTrue(out.toString().contains("no answer to OPTIONS within 0.3 s"), out.toString());
    }
    assertEquals(2, run("ping", "http://agent"));
    assertTrue(err.toString().startsWith("earshot: URI: expected a SIP URI"), err.toString());
  }

  @Test
  void validateChecksASuiteAndEveryRecordingWithoutCallingAnything(@TempDir Path dir) throws Exception {
    dev.earshot.audio.Wav.write(dir.resolve("q.wav"), new dev.earshot.audio.Pcm(8000, new float[8000]));
    Path suite = dir.resolve("s.yaml");
    Files.writeString(suite, "name: v\nprofiles: [clean, noisy-phone]\ntrials: 2\nscenarios:\n  - name: a\n    turns:\n"
        + "      - wav: q.wav\n        transcript: what is my balance\n      - say: thanks\n  - name: b\n    turns: [{say: hi}]\n");
    assertEquals(0, run("validate", suite.toString()), err.toString());
    assertEquals(suite + ": suite v is valid: 2 scenarios x 2 profiles x 2 trials = 8 calls; profiles clean, noisy-phone; 1 recordings read", out.toString().strip());
    Files.write(dir.resolve("q.wav"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("q.wav")), 30)); // truncated
    err.getBuffer().setLength(0);
    assertEquals(2, run("validate", suite.toString()));
    assertTrue(err.toString().strip().startsWith("earshot: " + suite + ": scenarios[0].turns[0].wav: "), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }

  @Test
  void aMissingSuiteFileIsOneLineAndExitCode2() {
    assertEquals(2, run("run", "no-such-suite.yaml", "--agent", "sip:agent@127.0.0.1:5080"));
    assertEquals("earshot: no-such-suite.yaml: no such file; expected a suite YAML file", err.toString().strip());
  }

  @Test
  void aBrokenSuiteNamesFileLineAndWhatWasExpected(@TempDir Path dir) throws Exception {
    Path suite = dir.resolve("s.yaml");
    Files.writeString(suite, "name: x\nprofiles: [clean, loud]\nscenarios:\n  - name: a\n    turns: [{say: hi}]\n");
    assertEquals(2, run("run", suite.toString(), "--agent", "sip:agent@127.0.0.1:5080"));
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.startsWith("earshot: " + suite + ": profiles[1]: unknown profile 'loud'"), e);
    assertFalse(e.contains("at dev.earshot"), "no stack trace without --debug");
  }

  @Test
  void debugAddsTheStackTrace(@TempDir Path dir) throws Exception {
    Path suite = dir.resolve("s.yaml");
    Files.writeString(suite, "name: x\nprofiles: [loud]\nscenarios:\n  - name: a\n    turns: [{say: hi}]\n");
    assertEquals(2, run("run", suite.toString(), "--agent", "sip:agent@127.0.0.1:5080", "--debug"));
    assertTrue(err.toString().contains("at dev.earshot"), err.toString());
  }

  @Test
  void anAgentThatIsNotASipUriIsBadInput() {
    assertEquals(2, run("run", "x.yaml", "--agent", "http://agent"));
    assertTrue(err.toString().contains("--agent: expected a SIP URI"), err.toString());
  }

  @Test
  void unknownOptionsAreBadInputWithAHint() {
    assertEquals(2, run("demo", "--frobnicate"));
    assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
    assertTrue(err.toString().contains("earshot demo --help"), err.toString());
  }

  @Test
  void agentRefusesANegativeThinkTime() {
    assertEquals(2, run("agent", "--think-ms", "-5"));
    assertTrue(err.toString().contains("--think-ms: expected 0 or more, found -5"), err.toString());
  }

  @Test
  void agentFaultOptionsAreChecked() {
    assertEquals(2, run("agent", "--mishear-rate", "1.5"));
    assertTrue(err.toString().contains("--mishear-rate: expected 0..1, found 1.5"), err.toString());
    assertEquals(2, run("demo", "--intent-swap", "transfer_funds"));
    assertTrue(err.toString().contains("--intent-swap: expected FROM:TO (e.g. transfer_funds:check_balance), found 'transfer_funds'"), err.toString());
    assertEquals(2, run("agent", "--reject-rate", "-0.1"));
    assertTrue(err.toString().contains("--reject-rate: expected 0..1, found -0.1"), err.toString());
    assertEquals(2, run("agent", "--dead-air-ms", "-1"));
    assertTrue(err.toString().contains("--dead-air-ms: expected 0..60000, found -1"), err.toString());
    assertEquals(2, run("agent", "--report-via", "fax"));
    assertTrue(err.toString().contains("--report-via: expected one of [http, info, message, none], found 'fax'"), err.toString());
    assertEquals(2, run("agent", "--transfer-to", "queue@host"));
    assertTrue(err.toString().contains("--transfer-to: expected a SIP URI like sip:queue@127.0.0.1, found 'queue@host'"), err.toString());
    assertEquals(2, run("demo", "--barge-in-min-ms", "20"));
    assertTrue(err.toString().contains("--barge-in-min-ms: expected 40..5000, found 20"), err.toString());
    assertEquals(0, run("agent", "--help"));
    assertTrue(out.toString().contains("--repeat-prompt") && out.toString().contains("--dead-air-ms") && out.toString().contains("--barge-in-min-ms"), out.toString());
  }

  /** {@code trials} calls of one scenario, the first {@code failing} of them failed in the intent layer. */
  private static dev.earshot.report.RunResult trials(int trials, int failing) {
    java.util.List<dev.earshot.report.CallResult> calls = new java.util.ArrayList<>();
    for (int k = 1; k <= trials; k++) {
      boolean bad = k <= failing;
      var turn = dev.earshot.report.TurnResult.builder().index(1).said("transfer money").expectedIntent("transfer_funds").heard("words")
          .observedIntent(bad ? "check_balance" : "transfer_funds").passed(!bad).latencyMs(700.0).callerSpeechEndS(1.0).replyStartS(1.7)
          .replyEndS(3.0).failure(bad ? WRONG : null).build();
      calls.add(dev.earshot.report.CallResult.builder().id("money--clean--t" + k).scenario("money").profile("clean").seed(k)
          .failure(bad ? WRONG : null).turns(java.util.List.of(turn)).trial(k).build());
    }
    return new dev.earshot.report.RunResult("s", "sip:a@127.0.0.1", 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH, calls);
  }

  @Test
  void compareFailsOnlyWhenIntervalsSeparate(@TempDir Path dir) {
    dev.earshot.report.Reports.writeJson(trials(10, 0), dir.resolve("base"));
    dev.earshot.report.Reports.writeJson(trials(10, 1), dir.resolve("flaky"));
    dev.earshot.report.Reports.writeJson(trials(10, 9), dir.resolve("broken"));
    assertEquals(0, run("compare", dir.resolve("base").toString(), dir.resolve("flaky/report.json").toString()));
    assertTrue(out.toString().contains("money x clean overall") && out.toString().contains("no regression"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(1, run("compare", dir.resolve("base").toString(), dir.resolve("broken").toString()));
    assertTrue(out.toString().contains("money x clean intent") && out.toString().contains("REGRESSED"), out.toString());
    assertTrue(out.toString().contains("2 regressions (95% Wilson intervals separate)"), out.toString());
  }

  /** A run killed midway: {@code earshot report DIR} rebuilds its report from the call files and exits 1; complete, 0. */
  @Test
  void reportRebuildsARunFromItsFiles(@TempDir Path dir) throws Exception {
    dev.earshot.report.RunResult run = trials(3, 1);
    dev.earshot.report.Reports.writeStart(new dev.earshot.report.RunPlan(run.suite(), run.agent(), run.seed(), run.started(),
        run.calls().stream().map(dev.earshot.report.CallResult::id).toList(), run.calls().stream().map(dev.earshot.report.CallResult::seed).toList()), dir);
    dev.earshot.report.Reports.writeCall(run.calls().get(0), dir);
    assertEquals(1, run("report", dir.toString()));
    assertTrue(out.toString().contains("1 of 3 planned calls: the run did not finish (complete: false)"), out.toString());
    assertEquals(1, dev.earshot.report.Reports.readJson(dir.resolve("report.json")).calls().size());
    out.getBuffer().setLength(0);
    for (var c : run.calls()) dev.earshot.report.Reports.writeCall(c, dir);
    assertEquals(0, run("report", dir.toString()));
    assertTrue(out.toString().contains("3 of 3 planned calls\n"), out.toString());
    assertEquals(2, run("report", dir.resolve("nowhere").toString()));
    assertEquals(2, run("report", dir.resolve("calls").toString()));
    assertTrue(err.toString().contains("calls: no run.json (expected the output directory of an Earshot run)"), err.toString());
  }

  @Test
  void compareNamesAnUnreadableReportInOneLine(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("report.json");
    Files.writeString(bad, "{\n  \"schema_version\": 2, \"suite\": \"s\",\n  \"calls\": [ 7 ]\n}\n");
    assertEquals(2, run("compare", bad.toString(), bad.toString()));
    String e = err.toString().strip();
    assertTrue(e.startsWith("earshot: " + bad + ":3:") && e.contains("expected an Earshot RunResult report") && e.lines().count() == 1, e);
    err.getBuffer().setLength(0);
    Path old = dir.resolve("old.json"); // a report of the first schema: failures were sentences
    Files.writeString(old, "{\"suite\": \"s\", \"calls\": [{\"id\": \"a\", \"failure\": \"486 Busy Here\"}]}");
    assertEquals(2, run("compare", old.toString(), bad.toString()));
    assertEquals("earshot: " + old + ": report schema 1 (it has no schema_version); expected schema_version 2 (written by another Earshot version:"
        + " run it again with this one)", err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(2, run("compare", dir.resolve("nothing.json").toString(), bad.toString()));
    assertEquals("earshot: " + dir.resolve("nothing.json") + ": no such file (expected an Earshot report.json)", err.toString().strip());
  }

  @Test
  void schemaAndPersonasArePrinted() {
    assertEquals(0, run("schema"));
    assertTrue(out.toString().startsWith("{") && out.toString().contains("\"barge_in\"") && out.toString().contains("\"personas\""), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("personas"));
    for (String p : dev.earshot.harness.Personas.BUILT_IN) assertTrue(out.toString().contains(p + " "), p);
    assertTrue(out.toString().contains("misreads a number, then corrects it"), out.toString());
  }
}
