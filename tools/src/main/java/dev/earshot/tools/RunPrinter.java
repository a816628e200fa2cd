package dev.earshot.tools;

import dev.earshot.harness.RunListener;
import dev.earshot.report.CallResult;
import dev.earshot.report.Reports;
import dev.earshot.report.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Prints a line per finished call while a run goes, then the summary table. */
final class RunPrinter implements RunListener {
  private final PrintWriter out;
  private final int total;
  private final AtomicInteger done = new AtomicInteger();

  /** The run's progress bar with its ETA, on a terminal; null for plain lines. */
  private final me.tongfei.progressbar.ProgressBar bar;
  private final AtomicInteger failed = new AtomicInteger();

  RunPrinter(PrintWriter out, int total) {
    this(out, total, null);
  }

  /** With {@code barTo} (null: none), a progress bar of the calls ended, with the ETA and the failures so far. */
  RunPrinter(PrintWriter out, int total, me.tongfei.progressbar.ProgressBarConsumer barTo) {
    this.out = out;
    this.total = total;
    this.bar = barTo == null ? null : new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("calls").setInitialMax(total)
        .setConsumer(barTo).setUpdateIntervalMillis(500).continuousUpdate().build();
  }

  /** Draws the bar now (it redraws itself twice a second). */
  void refresh() {
    if (bar != null) bar.refresh();
  }

  @Override
  public void resumed(int kept, int planned) {
    done.addAndGet(kept);
    if (bar != null) bar.stepBy(kept);
    synchronized (out) {
      if (bar != null) out.print("\r\033[K"); // the line goes above the bar, which redraws below it
      out.printf(Locale.ROOT, "Resuming: %d of %d calls ended before the run stopped and are kept; placing the other %d%n", kept, planned, planned - kept);
      out.flush();
    }
  }

  @Override
  public void callFinished(CallResult c) {
    long passed = c.turns().stream().filter(t -> t.passed()).count();
    if (!c.passed()) failed.incrementAndGet();
    if (bar != null) {
      bar.setExtraMessage(failed.get() == 0 ? "" : failed.get() + " failed");
      bar.step();
    }
    synchronized (out) {
      if (bar != null) out.print("\r\033[K");
      out.printf(Locale.ROOT, "[%d/%d] %-40s %s, %d/%d turns passed%s%n", done.incrementAndGet(), total, c.id(), c.status(),
          passed, c.turns().size(), c.failure() == null ? "" : " (" + c.failure().message() + ")");
      if (!c.refusedReports().isEmpty()) {
        CallResult.RefusedReport first = c.refusedReports().get(0);
        out.printf(Locale.ROOT, "        warning: %d agent report%s refused, e.g. %d %s (see calls/%s.json)%n", c.refusedReports().size(),
            c.refusedReports().size() == 1 ? "" : "s", first.status(), first.reason(), c.id());
      }
      out.flush();
    }
  }

  /** Where a run's reports are, a line each: {@code run} and {@code report} print them alike. */
  static void reports(PrintWriter out, Path outDir) {
    out.println("html:       " + outDir.resolve(Reports.REPORT_HTML).toAbsolutePath() + " (open in a browser: every call's timeline, recording and verdicts)");
    out.println("report:     " + outDir.resolve(Reports.REPORT_JSON).toAbsolutePath());
    out.println("summary:    " + outDir.resolve(Reports.SUMMARY_MD).toAbsolutePath() + " (Markdown, for a pull-request comment)");
    out.println("junit:      " + outDir.resolve(Reports.JUNIT_XML).toAbsolutePath() + " (for CI: a suite per profile, a case per scenario)");
  }

  void summary(RunResult run, Path outDir, long wallMillis) {
    if (bar != null) bar.close();
    out.println();
    out.print(Reports.summary(run));
    out.printf(Locale.ROOT, "wall time %.1f s%n", wallMillis / 1000.0);
    reports(out, outDir);
    out.println("recordings: " + outDir.resolve("recordings").toAbsolutePath() + " (stereo: caller left, agent right)");
    out.flush();
  }
}
