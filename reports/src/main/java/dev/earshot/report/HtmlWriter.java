package dev.earshot.report;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code report.html}: one self-contained page per run that opens offline, from disk or from a CI artefact store.
 * Its CSS and script are Earshot's own (resources of this package) and inlined; its charts are SVG drawn here. At the
 * top the run's verdict per layer and profile, then the run's figures (pass rates with their Wilson intervals, WER,
 * latency and barge-in reaction per profile, intent confusion), the list of calls, and a section per call that the
 * page's script fills only when it is opened (a timeline of the call's events over its stereo waveform, the
 * recording's player, what was said, heard and judged). The recordings are referenced relatively, never inlined,
 * so the run directory can be zipped and a 500-call page stays light.
 */
final class HtmlWriter {
  /** Waveform peaks per second of recording, one character each (see {@link #peaks}). */
  static final int PEAKS_HZ = 20;
  private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  /** Peaks of recordings already read, by file, size and time (a run rewrites its report as calls end). */
  private static final Map<Path, Peaks> PEAKS = new ConcurrentHashMap<>();

  private HtmlWriter() {}

  static String render(RunResult run, Path dir) {
    StringBuilder h = new StringBuilder(64 * 1024);
    long failed = run.calls().stream().filter(c -> !c.passed()).count();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
        .append("<meta name=\"generator\" content=\"Earshot ").append(esc(Reports.VERSION)).append("\">")
        .append("<title>").append(esc((run.passed() ? "Passed" : "Failed") + ": " + run.suite() + " — Earshot")).append("</title><style>")
        .append(resource("report.css")).append("</style></head><body>\n");
    h.append("<div id=\"errors\" hidden></div><header><h1>").append(esc(run.suite())).append(" <span class=\"against\">against</span> <code>")
        .append(esc(run.agent())).append("</code></h1><p class=\"verdict ").append(run.passed() ? "ok" : "bad").append("\">")
        .append(run.passed() ? "Passed" : "Failed").append(String.format(Locale.ROOT, ": %d of %d calls passed, %d of %d turns", run.calls().size() - failed,
            run.calls().size(), run.turnsPassed(), run.turnCount()))
        .append("</p><p class=\"meta\">seed ").append(run.seed()).append(" · started ").append(esc(String.valueOf(run.started())))
        .append(run.finished() == null ? "" : " · finished " + esc(String.valueOf(run.finished()))).append(" · Earshot ").append(esc(Reports.VERSION)).append("</p>");
    if (!run.complete()) {
      h.append("<p class=\"incomplete\">Incomplete: ").append(run.calls().size()).append(" of ").append(run.planned())
          .append(" planned calls are in this report (the run is going, or was stopped; <code>earshot run --resume</code> finishes it).</p>");
    }
    h.append("<nav>").append(run.load() == null ? "" : "<a href=\"#load\">Load</a>").append("<a href=\"#layers\">Layers</a><a href=\"#rates\">Pass rates</a><a href=\"#wer\">WER</a><a href=\"#latency\">Latency</a>")
        .append("<a href=\"#bargein\">Barge-in</a><a href=\"#intents\">Intents</a><a href=\"#calls\">Calls</a></nav></header>\n<main>");
    Map<String, List<CallResult>> columns = Comparison.byColumn(run);
    if (run.load() != null) load(h, run.load());
    layers(h, run, columns);
    rates(h, run);
    wer(h, columns);
    latency(h, columns);
    bargeIns(h, columns);
    intents(h, run);
    calls(h, run, columns);
    h.append("</main><script type=\"application/json\" id=\"earshot-data\">").append(data(run, dir).replace("</", "<\\/")).append("</script><script>")
        .append(resource("report.js")).append("</script></body></html>\n");
    return h.toString();
  }

  /**
   * A graded load run: who was the limit (the generator or the agent, and its knee), the run second by second (calls up,
   * the turns' latency, Earshot's send-time error against the timer floor), and the latency by calls up at once.
   */
  private static void load(StringBuilder h, LoadSection l) {
    h.append("<section id=\"load\"><h2>Load</h2><p class=\"summary\">").append(l.up()).append(" of ").append(l.calls())
        .append(" calls up, at most ").append(l.peakConcurrent()).append(" at once, over ").append(HtmlCharts.fmt(l.wallSeconds())).append(" s.</p>");
    h.append("<p class=\"verdict ").append(l.generatorLimited() ? "bad" : "ok").append("\">")
        .append(l.generatorLimited() ? "The load generator, not the agent, was the limit: " : "")
        .append(esc(l.generator() == null ? "" : l.generator())).append(".</p>");
    h.append("<p class=\"knee\">").append(l.knee() == null ? "No knee: the agent kept up to the run's peak of " + l.peakConcurrent() + " calls at once."
        : esc(String.format(Locale.ROOT, "Knee at %.0f s with %d calls up: %s.", l.kneeAtS(), l.kneeCalls(), l.knee()))).append("</p>");
    List<Double> t = l.seconds().stream().map(LoadSection.Second::t).toList();
    List<Double> up = l.seconds().stream().map(x -> (double) x.up()).toList();
    h.append("<h3>Calls up</h3>").append(HtmlCharts.lines(t, List.of(new HtmlCharts.Series("calls up", "up", up)), "s", "calls", "calls up, second by second"));
    h.append("<h3>Response latency</h3><p class=\"note\">Of the turns taken in each second (the caller's last word in it): the caller's last speech frame sent to the agent's first speech frame received.</p>").append(HtmlCharts.lines(t, List.of(
        new HtmlCharts.Series("p50", "p50", l.seconds().stream().map(LoadSection.Second::latencyP50Ms).toList()),
        new HtmlCharts.Series("p95", "p95", l.seconds().stream().map(LoadSection.Second::latencyP95Ms).toList())), "s", "ms", "response latency, second by second"));
    h.append("<h3>Earshot's own pacing</h3><p class=\"note\">How late Earshot sent its packets against their 20 ms slots, beside a bare thread's wake-up on this machine: "
        + "when the first passes 3× the second, the generator, not the agent, was the limit.</p>").append(HtmlCharts.lines(t, List.of(
        new HtmlCharts.Series("send-time p99", "send", l.seconds().stream().map(LoadSection.Second::sendErrorP99Ms).toList()),
        new HtmlCharts.Series("timer floor p99", "floor", l.seconds().stream().map(LoadSection.Second::timerFloorP99Ms).toList())), "s", "ms", "send-time error and timer floor, second by second"));
    h.append("<h3>Latency against calls up</h3><table class=\"bands\"><thead><tr><th>calls up</th><th>turns</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr></thead><tbody>");
    for (LoadSection.Band b : l.latencyByConcurrency()) {
      h.append("<tr><th>").append(b.fromCalls()).append("–").append(b.toCalls()).append("</th><td>").append(b.turns()).append("</td><td>")
          .append(HtmlCharts.fmt(b.latencyP50Ms())).append("</td><td>").append(HtmlCharts.fmt(b.latencyP95Ms())).append("</td><td>")
          .append(HtmlCharts.fmt(b.latencyP99Ms())).append("</td></tr>");
    }
    h.append("</tbody></table></section>\n");
  }

  /** The run's verdict per layer: failed calls per profile and layer, each count a filter of the call list. */
  private static void layers(StringBuilder h, RunResult run, Map<String, List<CallResult>> columns) {
    h.append("<section id=\"layers\"><h2>Where it broke</h2>");
    List<CallResult> failedCalls = run.calls().stream().filter(c -> !c.passed()).toList();
    if (failedCalls.isEmpty()) {
      h.append("<p>Every call passed in every layer.</p>");
    } else {
      Map<String, Long> perLayer = new LinkedHashMap<>();
      for (String l : Layers.ALL) {
        long n = run.calls().stream().filter(c -> c.failedLayers().contains(l)).count();
        if (n > 0) perLayer.put(l, n);
      }
      h.append("<p class=\"summary\">").append(failedCalls.size()).append(failedCalls.size() == 1 ? " call" : " calls").append(" failed, in ");
      List<String> parts = new ArrayList<>();
      perLayer.forEach((l, n) -> parts.add("<a href=\"#calls\" data-layer=\"" + l + "\" class=\"layer " + l + "\">" + l + "</a> " + n));
      h.append(String.join(", ", parts)).append(". First failed call: ").append(callLink(failedCalls.get(0))).append(".</p>");
    }
    h.append("<table class=\"layers\"><thead><tr><th>profile</th><th>calls</th><th>failed</th>");
    for (String l : Layers.ALL) h.append("<th>").append(l).append("</th>");
    h.append("</tr></thead><tbody>");
    for (Map.Entry<String, List<CallResult>> e : columns.entrySet()) {
      List<CallResult> calls = e.getValue();
      long bad = calls.stream().filter(c -> !c.passed()).count();
      h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(calls.size()).append("</td><td>")
          .append(bad == 0 ? "·" : "<a href=\"#calls\" data-layer=\"failed\" data-profile=\"" + esc(e.getKey()) + "\">" + bad + "</a>").append("</td>");
      for (String l : Layers.ALL) {
        long n = calls.stream().filter(c -> c.failedLayers().contains(l)).count();
        h.append(n == 0 ? "<td class=\"zero\">·</td>" : "<td class=\"hot\"><a href=\"#calls\" data-layer=\"" + l + "\" data-profile=\"" + esc(e.getKey()) + "\">" + n + "</a></td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table>");
    if (!failedCalls.isEmpty()) {
      h.append("<h3>Failed calls</h3><ul class=\"failed\">");
      int shown = 0;
      for (CallResult c : failedCalls) {
        if (shown++ == 20) {
          h.append("<li><a href=\"#calls\" data-layer=\"failed\">all ").append(failedCalls.size()).append(" failed calls…</a></li>");
          break;
        }
        Failure f = Layers.firstFailure(c);
        h.append("<li>").append(callLink(c)).append(' ').append(failureText(f, c)).append("</li>");
      }
      h.append("</ul>");
    }
    h.append("</section>\n");
  }

  private static void rates(StringBuilder h, RunResult run) {
    h.append("<section id=\"rates\"><h2>Pass rates</h2><p class=\"note\">Per scenario and profile over its trials, with the 95% Wilson interval: "
        + "two runs differ only where the intervals do not overlap.</p><table class=\"rates\"><thead><tr><th>scenario</th><th>profile</th>"
        + "<th>passed</th><th>rate and 95% interval</th></tr></thead><tbody>");
    for (Map.Entry<Comparison.Cell, PassRate> e : Comparison.passRates(run, Comparison.OVERALL).entrySet()) {
      Comparison.Cell c = e.getKey();
      PassRate r = e.getValue();
      h.append("<tr class=\"").append(r.passes() == r.trials() ? "ok" : "bad").append("\"><td>").append(esc(c.scenario())).append("</td><td>")
          .append(esc(Comparison.column(c.profile(), c.persona()))).append("</td><td>").append(r.passes()).append('/').append(r.trials())
          .append(String.format(Locale.ROOT, "</td><td>%s <span class=\"ci\">%.0f%% [%.0f–%.0f%%]</span></td></tr>", HtmlCharts.interval(r),
              100 * (r.trials() == 0 ? 0 : r.rate()), 100 * r.low(), 100 * r.high()));
    }
    h.append("</tbody></table></section>\n");
  }

  /** Pooled WER per profile: the ASR layer (the agent's transcript of the caller) and the response layer (its speech). */
  private static void wer(StringBuilder h, Map<String, List<CallResult>> columns) {
    List<HtmlCharts.Bar> asr = new ArrayList<>(), reply = new ArrayList<>();
    for (Map.Entry<String, List<CallResult>> e : columns.entrySet()) {
      int words = 0, errors = 0, replyWords = 0, replyErrors = 0, turns = 0, replyTurns = 0;
      for (CallResult c : e.getValue()) {
        for (TurnResult t : c.turns()) {
          TurnResult.AgentSide a = t.agent();
          if (a == null) continue;
          if (a.asrWer() != null && a.asrWords() > 0) {
            words += a.asrWords();
            errors += a.asrSubstitutions() + a.asrDeletions() + a.asrInsertions();
            turns++;
          }
          if (a.replyWer() != null && a.replyWords() > 0) {
            replyWords += a.replyWords();
            replyErrors += a.replyErrors();
            replyTurns++;
          }
        }
      }
      asr.add(new HtmlCharts.Bar(e.getKey(), words == 0 ? null : 100.0 * errors / words,
          words == 0 ? "no side-channel transcripts" : "(" + errors + " errors in " + words + " words, " + turns + " turns)"));
      reply.add(new HtmlCharts.Bar(e.getKey(), replyWords == 0 ? null : 100.0 * replyErrors / replyWords,
          replyWords == 0 ? "no reply texts on the side channel" : "(" + replyErrors + " errors in " + replyWords + " words, " + replyTurns + " turns)"));
    }
    h.append("<section id=\"wer\"><h2>Word error rate by profile</h2><p class=\"note\">Pooled over the turns the agent reported on its side channel, "
        + "aligned as NIST sclite aligns. ASR: what the agent heard against what the caller said. Response: Earshot's transcript of the agent's reply "
        + "against the text the agent meant to speak.</p><h3>ASR layer</h3>")
        .append(HtmlCharts.bars(asr, 10, "%", "ASR word error rate by profile")).append("<h3>Response layer</h3>")
        .append(HtmlCharts.bars(reply, 10, "%", "response word error rate by profile")).append("</section>\n");
  }

  private static void latency(StringBuilder h, Map<String, List<CallResult>> columns) {
    List<HtmlCharts.Strip> rows = new ArrayList<>();
    StringBuilder table = new StringBuilder("<table class=\"figures\"><thead><tr><th>profile</th><th>turns</th><th>p50</th><th>p95</th><th>p99</th><th>max</th>"
        + "<th title=\"replies that began before the caller's last word: the agent cut in mid-utterance or in a pause\">agent cut in</th></tr></thead><tbody>");
    for (Map.Entry<String, List<CallResult>> e : columns.entrySet()) {
      List<HtmlCharts.Point> pts = new ArrayList<>();
      for (CallResult c : e.getValue()) {
        for (TurnResult t : c.turns()) {
          if (t.latencyMs() == null) continue;
          boolean ok = t.failure() == null || t.failure().layer() != Layer.LATENCY;
          pts.add(new HtmlCharts.Point(t.latencyMs(), "#call-" + c.id(), c.id() + " turn " + t.index() + ": " + Math.round(t.latencyMs()) + " ms", ok));
        }
      }
      rows.add(new HtmlCharts.Strip(e.getKey(), pts, null));
      List<Double> sorted = pts.stream().map(HtmlCharts.Point::value).sorted().toList();
      table.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(sorted.size()).append("</td>");
      for (double p : new double[] {50, 95, 99, 100}) table.append("<td>").append(ms(SummaryWriter.percentile(sorted, p))).append("</td>");
      TurnTaking taking = TurnTaking.of(e.getKey(), e.getValue());
      table.append(taking.cutIns() == 0 ? "<td class=\"zero\">·</td>" : "<td class=\"hot cut-in\">" + esc(taking.text()) + "</td>").append("</tr>");
    }
    h.append("<section id=\"latency\"><h2>Response latency by profile</h2><p class=\"note\">The caller's last speech frame sent to the agent's first "
        + "speech frame received, every answered turn a dot (click one for its call); p50, p95 and p99 marked (nearest rank). A negative latency is "
        + "a reply that began before the caller's last word: the agent cut in on the caller (counted per profile in the table).</p>")
        .append(HtmlCharts.strips(rows, "ms", true, "response latency by profile")).append(table).append("</tbody></table></section>\n");
  }

  private static void bargeIns(StringBuilder h, Map<String, List<CallResult>> columns) {
    List<HtmlCharts.Strip> rows = new ArrayList<>();
    int steps = 0, none = 0;
    for (Map.Entry<String, List<CallResult>> e : columns.entrySet()) {
      List<HtmlCharts.Point> pts = new ArrayList<>();
      Double limit = null;
      for (CallResult c : e.getValue()) {
        for (BargeInResult b : c.bargeIns()) {
          steps++;
          if (!BargeInResult.BARGE_IN.equals(b.kind())) continue;
          limit = limit == null ? (double) b.maxReactionMs() : Math.max(limit, b.maxReactionMs());
          if (b.reactionMs() == null) {
            none++;
            continue;
          }
          pts.add(new HtmlCharts.Point(b.reactionMs(), "#call-" + c.id(), c.id() + " step " + b.step() + ": stopped " + Math.round(b.reactionMs())
              + " ms after the caller began (limit " + b.maxReactionMs() + " ms)", b.passed()));
        }
      }
      if (!pts.isEmpty() || limit != null) rows.add(new HtmlCharts.Strip(e.getKey(), pts, limit));
    }
    h.append("<section id=\"bargein\"><h2>Barge-in reaction</h2>");
    if (steps == 0) {
      h.append("<p>No call of this run had a <code>barge_in</code> or <code>noise_only</code> step.</p>");
    } else {
      h.append("<p class=\"note\">The caller's first sound to the agent going quiet, for each <code>barge_in</code> step; the bar is the step's limit.")
          .append(none == 0 ? "" : " " + none + " barge-ins the agent never stopped for are not drawn (see the calls).").append("</p>");
      if (!rows.isEmpty()) h.append(HtmlCharts.strips(rows, "ms", false, "barge-in reaction time by profile"));
    }
    h.append("</section>\n");
  }

  private static void intents(StringBuilder h, RunResult run) {
    h.append("<section id=\"intents\"><h2>Intent confusion</h2>");
    Map<String, Map<String, Map<String, Integer>>> all = run.intentConfusion();
    if (all.values().stream().allMatch(Map::isEmpty)) {
      h.append("<p>No turn of this run expected an intent.</p></section>\n");
      return;
    }
    h.append("<p class=\"note\">Expected intent (rows) against the intent observed: the agent's own report on the side channel, else Earshot's reading of its reply.</p>");
    for (Map.Entry<String, Map<String, Map<String, Integer>>> p : all.entrySet()) {
      if (p.getValue().isEmpty()) continue;
      java.util.SortedSet<String> observed = new java.util.TreeSet<>();
      p.getValue().values().forEach(m -> observed.addAll(m.keySet()));
      int max = p.getValue().values().stream().flatMap(m -> m.values().stream()).max(Integer::compare).orElse(1);
      h.append("<h3>").append(esc(p.getKey())).append("</h3><table class=\"confusion\"><thead><tr><th>expected \\ observed</th>");
      for (String o : observed) h.append("<th>").append(esc(o)).append("</th>");
      h.append("</tr></thead><tbody>");
      for (Map.Entry<String, Map<String, Integer>> row : p.getValue().entrySet()) {
        h.append("<tr><th>").append(esc(row.getKey())).append("</th>");
        for (String o : observed) {
          Integer n = row.getValue().get(o);
          if (n == null) {
            h.append("<td class=\"zero\">·</td>");
          } else {
            h.append(String.format(Locale.ROOT, "<td class=\"%s\" style=\"--a:%.2f\">%d</td>", o.equals(row.getKey()) ? "hit" : "miss", 0.15 + 0.85 * n / max, n));
          }
        }
        h.append("</tr>");
      }
      h.append("</tbody></table>");
    }
    h.append("</section>\n");
  }

  /** The filterable list of calls, then one section per call whose body the script draws when it is opened. */
  private static void calls(StringBuilder h, RunResult run, Map<String, List<CallResult>> columns) {
    h.append("<section id=\"calls\"><h2>Calls</h2><div class=\"filters\"><label>show <select id=\"f-layer\"><option value=\"\">all calls</option>")
        .append("<option value=\"failed\">failed calls</option><option value=\"passed\">passed calls</option>");
    for (String l : Layers.ALL) h.append("<option value=\"").append(l).append("\">failed in ").append(l).append("</option>");
    h.append("</select></label> <label>profile <select id=\"f-profile\"><option value=\"\">any</option>");
    for (String p : columns.keySet()) h.append("<option>").append(esc(p)).append("</option>");
    h.append("</select></label> <label>search <input id=\"f-text\" type=\"search\" placeholder=\"call, scenario, failure\"></label> <span id=\"f-count\"></span></div>")
        .append("<table class=\"calls\"><thead><tr><th>call</th><th>scenario</th><th>profile</th><th>trial</th><th>verdict</th><th>layers</th><th>first failure</th>")
        .append("<th>latency p50</th><th>duration</th></tr></thead><tbody>");
    for (CallResult c : run.calls()) {
      Failure f = Layers.firstFailure(c);
      List<Double> lat = c.turns().stream().map(TurnResult::latencyMs).filter(Objects::nonNull).sorted().toList();
      h.append("<tr data-profile=\"").append(esc(Comparison.column(c.profile(), c.persona()))).append("\" data-layers=\"").append(c.passed() ? "passed" : "failed " + String.join(" ", c.failedLayers()))
          .append("\"><td>").append(callLink(c)).append("</td><td>").append(esc(c.scenario())).append("</td><td>").append(esc(Comparison.column(c.profile(), c.persona()))).append("</td><td>")
          .append(c.trial()).append("</td><td class=\"").append(c.passed() ? "ok\">passed" : "bad\">failed").append("</td><td>");
      for (String l : c.failedLayers()) h.append("<span class=\"layer ").append(l).append("\">").append(l).append("</span> ");
      h.append("</td><td>").append(c.passed() ? "" : failureText(f, c)).append("</td><td>").append(ms(SummaryWriter.percentile(lat, 50))).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f s", c.durationS())).append("</td></tr>");
    }
    h.append("</tbody></table>");
    int i = 0;
    for (CallResult c : run.calls()) {
      Failure f = Layers.firstFailure(c);
      h.append("<section class=\"call\" id=\"call-").append(esc(c.id())).append("\" data-i=\"").append(i++).append("\"><details><summary><span class=\"")
          .append(c.passed() ? "ok\">passed" : "bad\">failed").append("</span> <b>").append(esc(c.id())).append("</b> ")
          .append(c.passed() ? "" : failureText(f, c)).append("</summary><div class=\"body\"></div></details></section>\n");
    }
    h.append("</section>");
  }

  /** What the page's script draws a call from: the call's result, its events and its recording's peaks, per call. */
  private static String data(RunResult run, Path dir) {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (CallResult c : run.calls()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("call", c);
      List<CallEvent> events;
      try {
        events = Reports.readEvents(dir, c.id());
      } catch (ReportFormatException e) {
        events = null;
        m.put("events_error", e.getMessage());
      }
      m.put("events", events == null ? null : typed(events));
      m.put("events_file", Files.isRegularFile(dir.resolve(Reports.eventsFile(c.id()))) ? Reports.eventsFile(c.id()) : null);
      Peaks p = c.recording() == null ? null : peaks(dir.resolve(c.recording()));
      Map<String, String> peaks = new LinkedHashMap<>();
      if (p != null) {
        peaks.put("caller", p.caller());
        peaks.put("agent", p.agent());
      }
      m.put("peaks", p == null ? null : peaks);
      calls.add(m);
    }
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("peaks_hz", PEAKS_HZ);
    top.put("calls", calls);
    try {
      return JsonReportWriter.LINE.writeValueAsString(top);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectWriter EVENTS =
      JsonReportWriter.LINE.forType(JsonReportWriter.JSON.getTypeFactory().constructCollectionType(List.class, CallEvent.class));

  /** The events as JSON with their {@code type}s (a list inside a map would lose them), written once and embedded as they are. */
  private static com.fasterxml.jackson.databind.util.RawValue typed(List<CallEvent> events) {
    try {
      return new com.fasterxml.jackson.databind.util.RawValue(EVENTS.writeValueAsString(events));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The recording's loudness for the waveform, per channel: the peak of every 1/{@link #PEAKS_HZ} s, from −60 dBFS
   * (0) to 0 dBFS (63), one base64 character each; null when the recording is missing or unreadable (the call's section says so).
   */
  record Peaks(long size, long modified, String caller, String agent) {}

  static Peaks peaks(Path wav) {
    try {
      if (!Files.isRegularFile(wav)) return null;
      long size = Files.size(wav), modified = Files.getLastModifiedTime(wav).toMillis();
      Peaks known = PEAKS.get(wav);
      if (known != null && known.size() == size && known.modified() == modified) return known;
      Pcm[] ch = Wav.readChannels(wav);
      Peaks p = new Peaks(size, modified, peakString(ch[0]), ch.length > 1 ? peakString(ch[1]) : null);
      if (PEAKS.size() > 20_000) PEAKS.clear();
      PEAKS.put(wav, p);
      return p;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String peakString(Pcm pcm) {
    int window = Math.max(1, pcm.sampleRate() / PEAKS_HZ);
    float[] s = pcm.samples();
    StringBuilder out = new StringBuilder(s.length / window + 1);
    for (int from = 0; from < s.length; from += window) {
      float peak = 0;
      for (int i = from; i < Math.min(s.length, from + window); i++) peak = Math.max(peak, Math.abs(s[i]));
      double db = peak <= 0 ? -120 : 20 * Math.log10(peak);
      out.append(B64.charAt((int) Math.round(Math.max(0, Math.min(1, (db + 60) / 60)) * 63)));
    }
    return out.toString();
  }

  private static String callLink(CallResult c) {
    return "<a href=\"#call-" + esc(c.id()) + "\">" + esc(c.id()) + "</a>";
  }

  private static String failureText(Failure f, CallResult c) {
    if (f == null) return c.bargeIns().stream().anyMatch(b -> !b.passed()) ? "<span class=\"layer barge_in\">barge_in</span> a barge-in step failed" : "";
    return "<span class=\"layer " + f.layer().id() + "\">" + f.layer().id() + "</span> <code>" + esc(f.code()) + "</code> " + esc(f.message());
  }

  private static String ms(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.0f ms", v);
  }

  static String esc(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

  private static String resource(String name) {
    return RESOURCES.computeIfAbsent(name, n -> {
      try (InputStream in = HtmlWriter.class.getResourceAsStream("html/" + n)) {
        if (in == null) throw new IllegalStateException("missing resource html/" + n);
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
