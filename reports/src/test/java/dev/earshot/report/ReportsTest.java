package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static final Failure BUSY = new Failure(Layer.TELEPHONY, Failure.Codes.SIP_STATUS, 486.0, null, "486 Busy Here");
  static TurnResult turn(int i, String expected, String observed, Double latency) {
    return TurnResult.builder().index(i).said("say " + i).expectedIntent(expected).heard("heard " + i).observedIntent(observed)
        .passed(expected.equals(observed)).latencyMs(latency).callerSpeechEndS(1.0 * i).replyStartS(1.5 * i).replyEndS(2.0 * i)
        .failure(expected.equals(observed) ? null : Failure.of(Layer.INTENT, Failure.Codes.WRONG_INTENT, "expected intent " + expected + ", the reply says " + observed))
        .build();
  }

  static final long MEDIA_START_US = 1_700_000_000_000_000L;

  /**
   * {@code t} with a side-channel report whose alignment has {@code words} reference words and these errors,
   * and stage times cutting the turn's latency 60% / 2% / 8% / 30%.
   */
  static TurnResult reported(TurnResult t, int words, int s, int d, int i) {
    double end = MEDIA_START_US + t.callerSpeechEndS() * 1e6, span = (t.replyStartS() - t.callerSpeechEndS()) * 1e6;
    return t.toBuilder().failure(t.passed() ? null // the agent chose the intent expected
            : Failure.of(Layer.RESPONSE, Failure.Codes.MISSING_PHRASE, "the agent chose " + t.expectedIntent() + " (side channel) but its reply says " + t.observedIntent()))
        .agent(new TurnResult.AgentSide("heard", t.expectedIntent(), "reply", (double) (s + d + i) / words, 0.1, words, s, d, i,
            Math.round(end + 0.6 * span), Math.round(end + 0.62 * span), Math.round(end + 0.7 * span), 0.25, 4, 1)).build();
  }

  /** An answered call's common fields: greeted after 40 ms, 9.5 s long, 475 packets sent and 470 received. */
  private static CallResult.Builder answered(String id, String scenario, String profile, long seed, String callId, double setupMs) {
    return CallResult.builder().id(id).scenario(scenario).profile(profile).seed(seed).sipCallId(callId).setupMs(setupMs).greeting("welcome")
        .timeToGreetingMs(40.0).mediaStartEpochUs(MEDIA_START_US).durationS(9.5).rtp(new CallResult.RtpStats(475, 470, 0));
  }

  static RunResult sample() {
    CallResult clean = answered("a--clean", "a", "clean", 5, "cid-1", 12.5).endedBy("local BYE").recording("recordings/a--clean.wav")
        .capture("captures/a--clean.pcap").wire(new CallResult.WireStats(475, 20, 0, 5, 31.2, 58.9, "calls/a--clean.wire.csv"))
        .transferredTo("sip:billing@127.0.0.1")
        .sipEvents(List.of(new CallResult.SipEvent(3.5, "re-INVITE", "hold (sendonly)"), new CallResult.SipEvent(8.25, "REFER", "to sip:billing@127.0.0.1")))
        .turns(List.of(turn(1, "check_balance", "check_balance", 700.0), turn(2, "goodbye", "goodbye", 900.0))).build();
    CallResult noisy = answered("a--noisy-phone", "a", "noisy-phone", 6, "cid-2", 11.0).endedBy("remote BYE").recording("recordings/a--noisy-phone.wav")
        .turns(List.of(reported(turn(1, "check_balance", "unknown", 1200.0), 5, 1, 0, 1), reported(turn(2, "goodbye", "goodbye", 1000.0), 3, 0, 1, 0)))
        .build();
    CallResult dead = CallResult.builder().id("b--clean").scenario("b").profile("clean").seed(7).failure(BUSY)
        .turns(List.of(TurnResult.builder().index(1).said("hi").expectedIntent("goodbye").failure(BUSY.prefixed("call failed: ")).build())).build();
    return new RunResult("demo", "sip:agent@127.0.0.1:5080", 7, Instant.parse("2026-11-22T03:00:00Z"),
        Instant.parse("2026-11-22T03:01:00Z"), List.of(clean, noisy, dead));
  }

  @Test
  void jsonRoundTripsTheWholeRun(@TempDir Path dir) throws Exception {
    RunResult run = sample();
    Reports.writeJson(run, dir);
    assertEquals(run, Reports.readJson(dir.resolve("report.json")));
    String json = Files.readString(dir.resolve("report.json"));
    assertTrue(json.contains("\"latency_ms\" : 700.0"), "snake_case keys");
    assertTrue(json.contains("\"started\" : \"2026-11-22T03:00:00Z\""), "ISO-8601 instants");
    // derived figures are written for machines, and ignored when read back
    assertTrue(json.contains("\"failed_layers\" : [ \"telephony\" ]"), json);
    assertTrue(json.contains("\"intent_confusion\""), json);
    assertTrue(json.replaceAll("\\s+", "").contains("{\"scenario\":\"b\",\"profile\":\"clean\",\"persona\":null,\"passes\":0,\"trials\":1,\"low\":0.0,\"high\":0.7935}"), json);
  }

  /** A reply that began before the caller's last word is a cut-in: counted per profile in the model, and every report says so. */
  @Test
  void cutInsAreCountedPerProfileInEveryReport(@TempDir Path dir) throws Exception {
    RunResult run = sample();
    CallResult noisy = run.calls().get(1);
    CallResult cut = noisy.toBuilder().turns(List.of(noisy.turns().get(0), noisy.turns().get(1).toBuilder().latencyMs(-310.0).build())).build();
    RunResult r = new RunResult(run.suite(), run.agent(), run.seed(), run.started(), run.finished(), List.of(run.calls().get(0), cut, run.calls().get(2)));
    assertEquals(List.of(new TurnTaking("clean", 2, 0, null), new TurnTaking("noisy-phone", 2, 1, 310.0)), r.turnTaking());
    assertTrue(Reports.summary(r).contains("agent cut in on the caller: 1 of 2 timed turns, by up to 310 ms"), Reports.summary(r));
    assertTrue(Reports.markdown(r).contains("noisy-phone: 1 of 2 timed turns, by up to 310 ms"), Reports.markdown(r));
    String html = Reports.html(r, dir);
    assertTrue(html.contains("<td class=\"hot cut-in\">1 of 2 timed turns, by up to 310 ms</td>"), "the latency table's cut-in column");
    assertTrue(Reports.html(run, dir).indexOf("cut-in\">") < 0, "no cut-in, no count");
    Reports.writeJson(r, dir);
    assertTrue(Files.readString(dir.resolve(Reports.REPORT_JSON)).replaceAll("\\s+", "").contains("{\"profile\":\"noisy-phone\",\"timed_turns\":2,\"cut_ins\":1,\"max_overlap_ms\":310.0}"));
  }

  @Test
  void eachCallIsWrittenToItsOwnFile(@TempDir Path dir) {
    CallResult call = sample().calls().get(0);
    Reports.writeCall(call, dir);
    assertTrue(Files.isRegularFile(dir.resolve("calls/a--clean.json")));
  }

  @Test
  void summaryHasARowPerTurnAndALinePerProfile() {
    String s = Reports.summary(sample());
    // the agent reported the right intent but said something else: the response layer failed
    assertTrue(s.matches("(?s).*\\ba\\s+noisy-phone\\s+1\\s+check_balance\\s+check_balance \\(spoke unknown\\)\\s+1200 ms\\s+FAIL \\[response\\]: the agent chose check_balance \\(side channel\\) but its reply says unknown\n.*"), s);
    assertTrue(s.contains("CALL FAILED: 486 Busy Here"), s);
    assertTrue(s.contains("profile clean          turns passed 2/3, intents 2/3, latency p50 700 ms, max 900 ms\n"
        + "                      latency p90 900 ms, p95 900 ms, p99 900 ms; time to greeting p50 40 ms; call setup p50 12.5 ms\n"
        + "                      telephony: 1/2 calls set up, broken: SIP 486 1, RTP loss -, jitter p50 0.0 ms\n"
        + "                      calls failed in layer: telephony 1\n"), s);
    // the ASR layer from the side channel: (2 + 1) errors over (5 + 3) words; the intent layer from the agent's
    // reports (it said it chose check_balance); the latency stages from its stage times
    assertTrue(s.contains("profile noisy-phone    turns passed 1/2, intents 2/2, latency p50 1000 ms, max 1200 ms, agent ASR WER 37.5% (2 turns)\n"), s);
    assertTrue(s.contains("agent speech heard through the call: WER 25.0% against what it meant to say (2 turns)\n"), s);
    assertTrue(s.contains("latency stages (agent-reported): to ASR final 60%, deciding 2%, to first TTS audio 8%, to Earshot 30% (2 turns)\n"
        + "                      calls failed in layer: response 1\n"), s);
    assertTrue(s.contains("3 calls: 1 passed, 1 did not run to their end; 3/5 turns passed"), s);
  }

  @Test
  void personasGetTheirOwnBlockAndCell() {
    CallResult c = sample().calls().get(0);
    CallResult hesitant = c.toBuilder().id(c.id() + "--hesitant").bargeIns(List.of()).persona("hesitant").build();
    RunResult run = new RunResult("x", "sip:a@b", 1, Instant.EPOCH, Instant.EPOCH, List.of(c, hesitant));
    String s = Reports.summary(run);
    assertTrue(s.contains("profile clean          turns passed 2/2") && s.contains("profile clean/hesitant turns passed 2/2"), s);
    assertTrue(s.contains("a         clean/hesitant  1"), s);
    assertEquals(List.of("clean", "clean"), run.passRates().stream().map(RunResult.CellRate::profile).toList());
    assertEquals("hesitant", run.passRates().get(1).persona());
  }

  @Test
  void runPassesOnlyWhenEveryTurnOfEveryCallPassed() {
    assertFalse(sample().passed());
    RunResult one = new RunResult("x", "sip:a@b", 1, Instant.EPOCH, Instant.EPOCH, List.of(sample().calls().get(0)));
    assertTrue(one.passed());
  }

  @Test
  void percentileIsNearestRank() {
    assertEquals(2.0, SummaryWriter.percentile(List.of(1.0, 2.0, 3.0, 4.0), 50));
    assertEquals(4.0, SummaryWriter.percentile(List.of(1.0, 2.0, 3.0, 4.0), 99));
    assertEquals(null, SummaryWriter.percentile(List.of(), 50));
  }

  @Test
  void theSummarySaysWhichCallsUsedSrtpAndWhatFailedAuthentication() {
    CallResult.RtpStats secured = new CallResult.RtpStats(475, 470, 0, 470, 0, 0, 0, 0.5, 0, "", 0.1, 0.2, 0.3, 2, 2, 0L, 0.5, 1.0, "PCMU",
        new CallResult.SrtpStats("AES_CM_128_HMAC_SHA1_80", 3, 1, 1, 0), 0);
    CallResult a = answered("a--clean", "a", "clean", 5, "cid-1", 12.5).endedBy("local BYE").rtp(secured)
        .turns(List.of(turn(1, "check_balance", "check_balance", 700.0))).build();
    CallResult b = answered("b--clean", "b", "clean", 6, "cid-2", 12.5).endedBy("local BYE")
        .turns(List.of(turn(1, "check_balance", "check_balance", 700.0))).build();
    String summary = SummaryWriter.render(new RunResult("demo", "sip:agent@127.0.0.1:5080", 7, Instant.parse("2026-11-22T03:00:00Z"),
        Instant.parse("2026-11-22T03:01:00Z"), List.of(a, b)));
    assertTrue(summary.contains(", SRTP on 1/2 (AES_CM_128_HMAC_SHA1_80), 4 agent packets failed authentication, 1 replays dropped\n"), summary);
    assertTrue(!SummaryWriter.render(sample()).contains("SRTP"), "no SRTP, no word of it");
  }

  /** A run killed after two of its three calls: the report rebuilt from its files says so, in the plan's order. */
  @Test
  void aReportIsRebuiltFromTheCallFilesAndSaysWhetherTheRunIsComplete(@TempDir Path dir) throws Exception {
    RunResult run = sample();
    Reports.writeStart(new RunPlan(run.suite(), run.agent(), run.seed(), run.started(), run.calls().stream().map(CallResult::id).toList(), run.calls().stream().map(CallResult::seed).toList()), dir);
    RunResult started = Reports.readJson(dir.resolve("report.json"));
    assertEquals(3, started.planned());
    assertEquals(false, started.complete(), "written before the first call: not complete");
    assertTrue(Files.readString(dir.resolve("report.json")).contains("\"complete\" : false"));
    Reports.writeCall(run.calls().get(2), dir); // the calls end in any order
    Reports.writeCall(run.calls().get(0), dir);
    RunResult partial = Reports.rebuild(dir);
    assertEquals(List.of("a--clean", "b--clean"), partial.calls().stream().map(CallResult::id).toList(), "in the plan's order");
    assertEquals(false, partial.complete());
    assertEquals(null, partial.finished());
    assertEquals(partial, Reports.readJson(dir.resolve("report.json")), "report.json rewritten from the files");
    assertTrue(Files.readString(dir.resolve("summary.md")).contains("1 of 2 calls passed"));
    Reports.writeCall(run.calls().get(1), dir);
    RunResult whole = Reports.rebuild(dir);
    assertEquals(true, whole.complete());
    assertEquals(run.calls(), whole.calls());
    assertTrue(whole.finished() != null);
  }

  @Test
  void aDirectoryThatIsNoRunIsOneLine(@TempDir Path dir) throws Exception {
    ReportFormatException e = org.junit.jupiter.api.Assertions.assertThrows(ReportFormatException.class, () -> Reports.rebuild(dir));
    assertEquals(dir + ": no run.json (expected the output directory of an Earshot run)", e.getMessage());
    Files.writeString(dir.resolve("run.json"), "{\"schema_version\": 2, \"suite\": \"s\", \"started\": \"2026-11-22T03:00:00Z\", \"calls\": [\"a\"], \"seeds\": [1]}");
    Files.createDirectories(dir.resolve("calls"));
    Files.writeString(dir.resolve("calls/a.json"), "{\"id\": 5}");
    e = org.junit.jupiter.api.Assertions.assertThrows(ReportFormatException.class, () -> Reports.rebuild(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("calls/a.json") + ":1:") && e.getMessage().contains("id: expected a JSON string"), e.getMessage());
  }

  /** report.json of the sample run (fixed clock and seeds) against its golden file: the shape machines read. */
  @Test
  void theSampleReportJsonMatchesItsGoldenFile(@TempDir Path dir) throws Exception {
    Reports.writeJson(sample(), dir);
    if ("write".equals(System.getProperty("earshot.goldens"))) { // after an intended change of shape (review its diff)
      Files.writeString(Path.of("src/test/resources/dev/earshot/report/report.golden.json"), Files.readString(dir.resolve("report.json")));
    }
    String golden;
    try (var in = ReportsTest.class.getResourceAsStream("report.golden.json")) {
      golden = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertEquals(golden, Files.readString(dir.resolve("report.json")));
  }
}
