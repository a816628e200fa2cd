package dev.earshot.report;

import java.nio.file.Path;

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

  private Reports() {}

  public static void writeJson(RunResult run, Path outDir) {
    JsonReportWriter.write(run, outDir.resolve(REPORT_JSON));
  }

  /** Writes {@code calls/ID.json} for one finished call. */
  public static void writeCall(CallResult call, Path outDir) {
    JsonReportWriter.write(call, outDir.resolve("calls").resolve(call.id() + ".json"));
  }

  public static RunResult readJson(Path reportJson) {
    return JsonReportWriter.read(reportJson, RunResult.class);
  }

  /** Writes {@code summary.md}: the verdict, failed calls per layer and profile, the failing cells (see {@link #markdown}). */
  public static void writeMarkdown(RunResult run, Path outDir) {
    JsonReportWriter.writeText(markdown(run), outDir.resolve(SUMMARY_MD));
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
