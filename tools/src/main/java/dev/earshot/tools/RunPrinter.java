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

  RunPrinter(PrintWriter out, int total) {
    this.out = out;
    this.total = total;
  }

  @Override
  public void callFinished(CallResult c) {
    long passed = c.turns().stream().filter(t -> t.passed()).count();
    synchronized (out) {
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

  void summary(RunResult run, Path outDir, long wallMillis) {
    out.println();
    out.print(Reports.summary(run));
    out.printf(Locale.ROOT, "wall time %.1f s%n", wallMillis / 1000.0);
    out.println("report:     " + outDir.resolve(Reports.REPORT_JSON).toAbsolutePath());
    out.println("summary:    " + outDir.resolve(Reports.SUMMARY_MD).toAbsolutePath() + " (Markdown, for a pull-request comment)");
    out.println("recordings: " + outDir.resolve("recordings").toAbsolutePath() + " (stereo: caller left, agent right)");
    out.flush();
  }
}
