package dev.earshot.tools;

import dev.earshot.report.Reports;
import dev.earshot.report.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Rebuilds a run's report.html, report.json, summary.md and junit.xml from its output directory: run.json (the plan, written before the first call) and every calls/ID.json (each written as its call ended).",
        "For a run that was killed, or one still going, the report holds the calls that ended and says complete: false, with the calls done of those planned.",
        "For a load run (earshot load -o DIR), rebuilds load.json from load-plan.json, load-calls.jsonl and load-timeline.jsonl (each written as the run went), and for a graded load run its reports too; a run that was killed gets the calls that had ended, and stopped: true."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the report was written and every planned call is in it", "1:written, but some planned calls are missing (the run did not finish)",
        "2:bad input (not a run's directory, or a file that cannot be read)"})
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A run's output directory (earshot run -o DIR, or earshot load -o DIR).", converter = OptionTypes.InputDir.class)
  Path dir;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    if (dev.earshot.harness.load.LoadFiles.isLoadRun(dir) && !java.nio.file.Files.isRegularFile(dir.resolve(Reports.RUN_JSON))) {
      dev.earshot.harness.load.LoadResult r = dev.earshot.harness.Harness.rebuildLoad(dir);
      PrintWriter out = spec.commandLine().getOut();
      LoadCommand.print(out, r, dir, true);
      out.flush();
      return r.stopped() ? Earshot.EXIT_FAILED : 0;
    }
    RunResult run = Reports.rebuild(dir);
    PrintWriter out = spec.commandLine().getOut();
    out.print(Reports.summary(run));
    out.printf("%s of %d planned calls%s%n", run.calls().size(), run.planned(), run.complete() ? "" : ": the run did not finish (complete: false)");
    RunPrinter.reports(out, dir);
    out.flush();
    return run.complete() ? 0 : Earshot.EXIT_FAILED;
  }
}
