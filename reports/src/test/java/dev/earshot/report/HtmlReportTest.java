package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} as a user opens it: from disk, in Debian's Chromium (headless), with the page's own script.
 * The run is built in memory (three calls: one passed, one that failed in the response and barge-in layers with a
 * REFER and DTMF on its timeline and a hostile transcript, one never set up), with real WAV recordings and event
 * files; what is checked is what the browser drew.
 */
class HtmlReportTest {
  private static final String HOSTILE = "</script><img src=x onerror=\"document.title='pwned'\"> balance";
  @TempDir static Path dir;
  static RunResult run;

  @BeforeAll
  static void writeRun() throws Exception {
    CallResult passed = call("greet--clean", "clean", true).build();
    CallResult failed = call("transfer--noisy", "noisy", false)
        .status(CallResult.COMPLETED)
        .turns(List.of(turn(1, "I want my balance", 420, null),
            turn(2, "Transfer me", 1130, Failure.of(Layer.RESPONSE, Failure.Codes.MISSING_PHRASE, "the reply did not say \"transferring\""))))
        .bargeIns(List.of(new BargeInResult(3, BargeInResult.BARGE_IN, 9.0, true, 640.0, true, 300, false, "the agent stopped 640 ms after the caller began (limit 300 ms)")))
        .build();
    CallResult notSetUp = CallResult.builder().id("busy--clean").scenario("busy").profile("clean").seed(3).trial(1).status(CallResult.FAILED)
        .failure(Failure.of(Layer.TELEPHONY, Failure.Codes.SIP_STATUS, 486, 200, "the agent answered 486 Busy Here")).build();
    run = new RunResult("html-test", "sip:agent@127.0.0.1:5060", 7, Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:01:00Z"),
        List.of(passed, failed, notSetUp));
    for (CallResult c : List.of(passed, failed)) {
      Wav.writeStereo(dir.resolve(c.recording()), bursts(0.5, 2.0, 4.0, 6.0), bursts(2.4, 3.6, 6.42, 8.5, 9.0, 9.64));
    }
    Reports.writeEvents(dir, passed.id(), events(false));
    Reports.writeEvents(dir, failed.id(), events(true));
    Reports.writeAll(run, dir);
  }

  private static CallResult.Builder call(String id, String profile, boolean ok) {
    return CallResult.builder().id(id).scenario(id.substring(0, id.indexOf("--"))).profile(profile).seed(1).trial(1).status(CallResult.COMPLETED)
        .setupMs(12.5).greeting("welcome").timeToGreetingMs(400.0).durationS(11).endedBy("local BYE").recording("recordings/" + id + ".wav")
        .capture("captures/" + id + ".pcap").rtp(new CallResult.RtpStats(550, 540, 0)).turns(List.of(turn(1, "I want my balance", 420, null)));
  }

  private static TurnResult turn(int index, String said, double latencyMs, Failure f) {
    return TurnResult.builder().index(index).said(said).expectedPhrases(List.of("balance")).missingPhrases(f == null ? List.of() : List.of("transferring"))
        .heard("your balance is ten dollars").observedIntent("check_balance").passed(f == null).latencyMs(latencyMs)
        .callerSpeechEndS(index == 1 ? 6.0 : 8.5).replyStartS(index == 1 ? 6.42 : 9.63).replyEndS(index == 1 ? 8.5 : 9.64).failure(f)
        .agent(new TurnResult.AgentSide(HOSTILE, "check_balance", "Your balance is ten dollars.", 0.25, 0.1, 4, 1, 0, 0, null, null, null)).build();
  }

  /** The timeline of a call: media starts at 100 ms; the greeting, the caller (two utterances), the agent's reply. */
  private static List<CallEvent> events(boolean trouble) {
    List<CallEvent> e = new ArrayList<>(List.of(
        new CallEvent.Dial(0, "sip:agent@127.0.0.1:5060", false), new CallEvent.Answered(40, 40), new CallEvent.MediaStart(100),
        new CallEvent.AgentSpeechStart(2500, 0), new CallEvent.Greeting(2500, 0), new CallEvent.AgentSpeechEnd(3700, 0),
        new CallEvent.CallerSpeechStart(4100, 0, 1, "say", "I want my balance"), new CallEvent.CallerSpeechEnd(6100, 0, 1, false),
        new CallEvent.AgentSpeechStart(6520, 1), new CallEvent.Reply(6520, 1, 1), new CallEvent.AgentSpeechEnd(8600, 1),
        new CallEvent.Transcript(10000, 0, "welcome to the bank"), new CallEvent.Transcript(10100, 1, "your balance is ten dollars")));
    if (trouble) {
      e.add(new CallEvent.DtmfStart(8700, 2, "12#", "rfc4733"));
      e.add(new CallEvent.DtmfEnd(9000, 2));
      e.add(new CallEvent.CallerSpeechStart(9100, 3, 2, "barge_in", "Transfer me"));
      e.add(new CallEvent.CallerSpeechEnd(9800, 3, 2, false));
      e.add(new CallEvent.Refer(10500, "sip:billing@127.0.0.1"));
      e.add(new CallEvent.SideReport(10600, 1, HOSTILE, "check_balance", "Your balance is ten dollars.", null, null, null));
    }
    e.add(new CallEvent.Hangup(11000, false, "local BYE"));
    e.add(new CallEvent.Recorded(11100, 11000, 11000));
    return e;
  }

  /** 8 kHz mono with a 440 Hz burst between each pair of times (seconds), silence elsewhere, 11 s long. */
  private static Pcm bursts(double... t) {
    float[] s = new float[8000 * 11];
    for (int k = 0; k + 1 < t.length; k += 2) {
      for (int i = (int) (t[k] * 8000); i < (int) (t[k + 1] * 8000); i++) s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
    }
    return new Pcm(8000, s);
  }

  @Test
  void theFileIsSelfContainedAndNamesTheFirstFailedCall() throws Exception {
    String html = Files.readString(dir.resolve(Reports.REPORT_HTML));
    for (String outside : List.of("<script src", "<link", "src=\"http", "href=\"http", "url(http", "@import")) {
      assertFalse(html.contains(outside), "fetches nothing from outside the file: " + outside);
    }
    assertTrue(html.contains("First failed call: <a href=\"#call-transfer--noisy\">"), "one click from the top to the first failed call");
    assertTrue(html.contains("\"recording\":\"recordings/transfer--noisy.wav\""), "recordings referenced relatively");
    assertFalse(html.contains("data:audio"), "no audio inlined");
    assertFalse(html.contains("</script><img"), "an agent's text cannot close the page's script");
    assertEquals(html, Reports.html(run, dir), "the same run renders the same page");
  }

  /**
   * The page of this run (fixed clock, seeds, recordings and events) against its golden file, Earshot's version
   * left out. The stylesheet and script must be inlined exactly as the resources hold them; the golden keeps a
   * marker in their place, so it holds what the writer generates and not a second copy of them.
   * {@code -Dearshot.goldens=write} rewrites the golden after an intended change (review its diff).
   */
  @Test
  void thePageMatchesItsGoldenFile() throws Exception {
    String html = Files.readString(dir.resolve(Reports.REPORT_HTML)).replace(Reports.VERSION, "VERSION");
    for (String name : List.of("report.css", "report.js")) {
      String text;
      try (var in = HtmlWriter.class.getResourceAsStream("html/" + name)) {
        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      String tag = name.endsWith(".css") ? "style" : "script";
      assertTrue(html.contains("<" + tag + ">" + text + "</" + tag + ">"), name + " inlined as it is");
      html = html.replace(text, "/* " + name + ", inlined */");
    }
    Path golden = Path.of("src/test/resources/dev/earshot/report/report.golden.html");
    if ("write".equals(System.getProperty("earshot.goldens"))) Files.writeString(golden, html);
    assertEquals(Files.readString(golden), html);
  }

  @Test
  void theTopShowsTheVerdictPerLayerAndTheRunsFigures() throws Exception {
    String dom = Chromium.loaded(dir.resolve(Reports.REPORT_HTML), null);
    assertTrue(dom.contains("Failed</span>") || dom.contains("Failed:"), "the verdict");
    assertTrue(dom.contains("2 calls failed, in "), "failed calls counted");
    for (String l : List.of("telephony", "response", "barge_in")) {
      assertTrue(dom.contains("data-layer=\"" + l + "\" class=\"layer " + l + "\">" + l + "</a> 1"), "layer " + l + " charged once");
    }
    assertEquals(3, Chromium.count(dom, "<tr data-profile="), "a row per call in the list");
    assertTrue(dom.contains("3 of 3 calls"), "the list's count, drawn by the script");
    assertTrue(dom.contains("p50 420 · p95 420 · p99 420 ms"), "clean's latency percentiles: " + dom.replaceAll("(?s).*(p50 [^<]*).*", "$1"));
    assertTrue(dom.contains("p50 420 · p95 1130 · p99 1130 ms"), "noisy's latency percentiles");
    assertTrue(dom.contains("25% (1 errors in 4 words, 1 turns)"), "ASR WER pooled per profile");
    assertTrue(dom.contains("stopped 640 ms after the caller began (limit 300 ms)"), "barge-in reaction drawn");
    assertEquals(0, Chromium.count(dom, "<div class=\"body\" data-drawn"), "no call section drawn before it is opened");
    assertEquals(4, Chromium.count(dom, "<svg class=\"chart\""), "WER (ASR, response), latency, barge-in");
    for (String chart : dom.split("<svg class=\"chart\"")) {
      if (chart.startsWith(" width")) assertTrue(chart.substring(0, chart.indexOf("</svg>")).matches("(?s).*<(circle|rect) class=\"(ok|bad|bar)\".*"), "a chart with marks");
    }
    Chromium.screenshot(dir.resolve(Reports.REPORT_HTML), null, 1300, 1800, Path.of("target/report-html/top.png"));
  }

  @Test
  void aFailedCallOpensWithItsTimelinePlayerAndVerdicts() throws Exception {
    String dom = Chromium.loaded(dir.resolve(Reports.REPORT_HTML), "call-transfer--noisy");
    String call = Chromium.callSection(dom, "transfer--noisy");
    assertTrue(call.contains("<details open"), "opened by its link");
    assertEquals(2, Chromium.count(call, "<rect class=\"utt caller\""), "the caller's two utterances");
    assertEquals(2, Chromium.count(call, "<rect class=\"utt agent\""), "the greeting and the reply");
    assertEquals(1, Chromium.count(call, "<rect class=\"utt dtmf\""), "the DTMF");
    assertTrue(call.contains("greeting: welcome to the bank"), "the greeting's transcript on its box");
    assertTrue(call.contains(">420 ms</text>") && call.contains(">1130 ms</text>"), "each latency as a span");
    assertTrue(call.contains("REFER → sip:billing@127.0.0.1"), "the REFER marked");
    assertTrue(call.contains("barge-in step 3") && call.contains("agent stopped +640 ms"), "barge-in onset and stop marked");
    assertEquals(2, Chromium.count(call, "<path class=\"wave "), "both legs' waveforms");
    assertTrue(call.contains("<audio controls=\"\" preload=\"metadata\" src=\"recordings/transfer--noisy.wav\" data-duration=\"11.00\">"),
        "the recording's player, relative, its source loaded (11 s): " + call.replaceAll("(?s).*(<audio[^>]*>).*", "$1"));
    assertTrue(call.contains("missing_phrase</code> the reply did not say \"transferring\""), "the turn's typed failure");
    assertTrue(call.contains("&lt;/script&gt;&lt;img src=x"), "the agent's text shown as text");
    assertEquals(0, Chromium.count(dom.replaceAll("(?s)<script[^>]*>.*?</script>", ""), "<img"), "and never as markup");
    assertTrue(dom.contains("<title>Failed: html-test"), "the page's title untouched");
    assertEquals(1, Chromium.count(dom, "<div class=\"body\" data-drawn"), "only the opened call drawn");
  }

  /** A graded load run's page: its Load section first, with its verdict, three time series and the latency by calls up. */
  @Test
  void aLoadRunsPageShowsWhoWasTheLimitItsSecondsAndLatencyAgainstCallsUp(@TempDir Path loadDir) throws Exception {
    List<LoadSection.Second> seconds = new ArrayList<>();
    for (int t = 1; t <= 20; t++) {
      seconds.add(new LoadSection.Second(t, Math.min(10 * t, 100), 0, 10, t % 3 == 0 ? null : 600.0 + 10 * t, t % 3 == 0 ? null : 700.0 + 10 * t, 0,
          t > 15 ? 9.0 : 1.0, 1.0, 80));
    }
    LoadSection load = new LoadSection(100, 100, 100, 20, 9, 1, true, "Earshot fell behind its schedule in 5 of 20 seconds",
        "latency p95 850 ms in this second, over 3x the first seconds'", 16.0, 100, seconds,
        List.of(new LoadSection.Band(0, 49, 40, 610, 690, 700), new LoadSection.Band(50, 99, 60, 720, 810, 850)));
    RunResult graded = new RunResult("load-test", "sip:agent@127.0.0.1:5060", 7, Instant.parse("2026-12-02T10:00:00Z"),
        Instant.parse("2026-12-02T10:01:00Z"), 1, List.of(call("load-00000--greet--clean", "clean", true).recording(null).build()), load);
    Reports.writeAll(graded, loadDir);
    assertEquals(load, Reports.readJson(loadDir.resolve(Reports.REPORT_JSON)).load(), "report.json carries the section, read back whole");
    String dom = Chromium.loaded(loadDir.resolve(Reports.REPORT_HTML), null);
    String section = dom.substring(dom.indexOf("<section id=\"load\">"), dom.indexOf("</section>", dom.indexOf("<section id=\"load\">")));
    assertTrue(dom.indexOf("<section id=\"load\">") < dom.indexOf("<section id=\"layers\">"), "the load section comes first");
    assertTrue(section.contains("The load generator, not the agent, was the limit: Earshot fell behind"), section);
    assertTrue(section.contains("Knee at 16 s with 100 calls up: latency p95 850 ms"), section);
    assertEquals(3, Chromium.count(section, "<svg class=\"chart series\""), "calls up, latency, pacing");
    assertEquals(5, Chromium.count(section, "<path class=\"line "), "one line per series: up, p50, p95, send, floor");
    assertTrue(section.matches("(?s).*<path class=\"line p50\" d=\"M[0-9. ]+( L[0-9. ]+)+ M.*"), "the p50 line breaks where a second had no turn");
    assertEquals(20 + 14 + 14 + 20 + 20, Chromium.count(section, "<circle class=\"dot "), "a dot per value: up, p50, p95, send, floor");
    assertTrue(section.contains("<th>50–99</th><td>60</td><td>720</td><td>810</td><td>850</td>"), section);
    assertTrue(dom.contains("<a href=\"#load\">Load</a>"), "in the page's navigation");
    assertFalse(Files.readString(dir.resolve(Reports.REPORT_HTML)).contains("id=\"load\""), "a run's page has no load section");
    Chromium.screenshot(loadDir.resolve(Reports.REPORT_HTML), null, 1300, 1800, Path.of("target/report-html/load.png"));
  }

  @Test
  void aCallNeverSetUpSaysWhy() throws Exception {
    String call = Chromium.callSection(Chromium.loaded(dir.resolve(Reports.REPORT_HTML), "call-busy--clean"), "busy--clean");
    assertTrue(call.contains("No timeline: this call left no events"), "no timeline, said");
    assertTrue(call.contains("sip_status</code> the agent answered 486 Busy Here"), "its typed failure");
    assertFalse(call.contains("<audio"), "no player without a recording");
  }
}
