package dev.earshot.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The front door of the reports module: every format is rendered from one {@link RunResult}.
 *
 * <p>Layout of a run's output directory: {@code report.json} (the whole run), {@code calls/ID.json} (each
 * call, written as soon as it ends, so an interrupted run loses nothing already measured), {@code summary.md}
 * and {@code recordings/ID.wav}.
 */
public final class Reports {
  public static final String REPORT_JSON = "report.json";
  public static final String SUMMARY_MD = "summary.md";
  public static final String JUNIT_XML = "junit.xml";
  public static final String REPORT_HTML = "report.html";
  /** Earshot's version, as the build stamped it. */
  public static final String VERSION = version();

  private static String version() {
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = Reports.class.getResourceAsStream("version.properties")) {
      if (in != null) p.load(in);
    } catch (java.io.IOException e) {
      // unknown
    }
    return p.getProperty("version", "unknown");
  }

  private Reports() {}

  public static void writeJson(RunResult run, Path outDir) {
    JsonReportWriter.write(run, outDir.resolve(REPORT_JSON));
  }

  /** Writes {@code calls/ID.json} for one finished call. */
  public static void writeCall(CallResult call, Path outDir) {
    JsonReportWriter.write(call, callFile(outDir, call.id()));
  }

  /** {@code calls/ID.events.jsonl}: call {@code id}'s events, relative to the run directory. */
  public static String eventsFile(String id) {
    return "calls/" + id + ".events.jsonl";
  }

  /** Writes call {@code id}'s events, one JSON object a line, in the order they were recorded. */
  public static void writeEvents(Path outDir, String id, List<CallEvent> events) {
    StringBuilder sb = new StringBuilder();
    try {
      for (CallEvent e : events) sb.append(JsonReportWriter.LINE.writeValueAsString(e)).append('\n');
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    JsonReportWriter.writeText(sb.toString(), outDir.resolve(eventsFile(id)));
  }

  /**
   * Call {@code id}'s events from the run directory {@code dir}, or null when the call left none (it was not set up,
   * or the run is older than events); a malformed line is a {@link ReportFormatException} naming the file and line.
   */
  public static List<CallEvent> readEvents(Path dir, String id) {
    Path f = dir.resolve(eventsFile(id));
    if (!Files.isRegularFile(f)) return null;
    List<String> lines;
    try {
      lines = Files.readAllLines(f);
    } catch (java.io.IOException e) {
      throw new ReportFormatException(f + ": cannot read (" + e.getMessage() + ")", e);
    }
    List<CallEvent> events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      try {
        events.add(JsonReportWriter.STRICT.readValue(lines.get(i), CallEvent.class));
      } catch (java.io.IOException e) {
        throw new ReportFormatException(f + ":" + (i + 1) + ": expected a call event (a JSON object with a known \"type\"): "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), null);
      }
    }
    return events;
  }

  /** {@code calls/ID.json} of call {@code id} in the run directory {@code dir}. */
  public static Path callFile(Path dir, String id) {
    return dir.resolve("calls").resolve(id + ".json");
  }

  public static final String RUN_JSON = "run.json";

  /**
   * Before the first call: {@code run.json} (the plan) and a {@code report.json} that says the run is not
   * complete (0 of the planned calls), so that a run killed at any point leaves a report saying so.
   */
  public static void writeStart(RunPlan plan, Path outDir) {
    JsonReportWriter.write(plan, outDir.resolve(RUN_JSON));
    writeJson(new RunResult(plan.suite(), plan.agent(), plan.seed(), plan.started(), null, plan.calls().size(), List.of()), outDir);
  }

  /** {@code run.json} of the run in {@code dir}; a missing or malformed one is a {@link ReportFormatException}. */
  public static RunPlan readPlan(Path dir) {
    Path planFile = dir.resolve(RUN_JSON);
    if (!Files.isRegularFile(planFile)) {
      throw new ReportFormatException(dir + ": no " + RUN_JSON + " (expected the output directory of an Earshot run)", null);
    }
    return JsonReportWriter.read(planFile, RunPlan.class);
  }

  /** {@code calls/ID.json} of call {@code id} of the run in {@code dir}, or null when that call has not ended there. */
  public static CallResult readCall(Path dir, String id) {
    Path f = callFile(dir, id);
    if (!Files.isRegularFile(f)) return null;
    CallResult c = JsonReportWriter.read(f, CallResult.class);
    if (!id.equals(c.id())) throw new ReportFormatException(f + ": id: expected " + id + ", found " + c.id(), null);
    return c;
  }

  /**
   * The run in {@code dir} as its files have it: {@code run.json}'s plan and every {@code calls/ID.json} written so
   * far, in the plan's order; {@code complete} when every planned call is there. Writes {@code report.json} and
   * {@code summary.md} from it and returns it. A missing or malformed file is a {@link ReportFormatException}.
   */
  public static RunResult rebuild(Path dir) {
    RunPlan plan = readPlan(dir);
    List<CallResult> calls = new ArrayList<>();
    java.nio.file.attribute.FileTime last = null;
    for (String id : plan.calls()) {
      CallResult c = readCall(dir, id);
      if (c == null) continue; // not run yet, or in flight when the run stopped
      calls.add(c);
      try {
        java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(callFile(dir, id));
        if (last == null || t.compareTo(last) > 0) last = t;
      } catch (java.io.IOException e) {
        // the time is only for "finished"
      }
    }
    boolean complete = calls.size() == plan.calls().size();
    RunResult run = new RunResult(plan.suite(), plan.agent(), plan.seed(), plan.started(), complete && last != null ? last.toInstant() : null,
        plan.calls().size(), calls);
    writeAll(run, dir);
    return run;
  }

  /** Every report of the run: {@code report.json}, {@code summary.md}, {@code junit.xml}, {@code report.html}. */
  public static void writeAll(RunResult run, Path dir) {
    writeJson(run, dir);
    writeMarkdown(run, dir);
    writeJunit(run, dir);
    writeHtml(run, dir);
  }

  /**
   * Writes {@code report.html}: one self-contained page that opens offline (its script, styles and charts inlined,
   * the recordings referenced relatively), drawn from {@code run} and the events and recordings of its calls in
   * {@code dir}.
   */
  public static void writeHtml(RunResult run, Path dir) {
    JsonReportWriter.writeText(html(run, dir), dir.resolve(REPORT_HTML));
  }

  /** The run as {@code report.html} (see {@link #writeHtml}); {@code dir} holds the calls' events and recordings. */
  public static String html(RunResult run, Path dir) {
    return HtmlWriter.render(run, dir);
  }

  /** The JSON Schema of {@code report.json} (draft 2020-12), each field documented; what {@code earshot schema report} prints. */
  public static String schema() {
    try {
      return JsonReportWriter.JSON.writeValueAsString(ReportSchema.schema()) + "\n";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static RunResult readJson(Path reportJson) {
    return JsonReportWriter.read(reportJson, RunResult.class);
  }

  /** Writes {@code summary.md}: the verdict, failed calls per layer and profile, the failing cells (see {@link #markdown}). */
  public static void writeMarkdown(RunResult run, Path outDir) {
    JsonReportWriter.writeText(markdown(run), outDir.resolve(SUMMARY_MD));
  }

  /** Writes {@code junit.xml}: a testsuite per profile (and persona), a testcase per scenario, trials folded in. */
  public static void writeJunit(RunResult run, Path outDir) {
    JsonReportWriter.writeText(junit(run), outDir.resolve(JUNIT_XML));
  }

  /** The run as JUnit XML (the Ant/Surefire format CI servers read); failures name their layer, their type is the code. */
  public static String junit(RunResult run) {
    return JunitXmlWriter.render(run, VERSION);
  }

  /** The run in Markdown, short enough for a pull-request comment. */
  public static String markdown(RunResult run) {
    return MarkdownWriter.render(run);
  }

  /** The terminal summary: a row per turn, a line per profile, totals. */
  public static String summary(RunResult run) {
    return SummaryWriter.render(run);
  }
}
