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
        "For a run that was killed, or one still going, the report holds the calls that ended and says complete: false, with the calls done of those planned."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the report was written and every planned call is in it", "1:written, but some planned calls are missing (the run did not finish)",
        "2:bad input (not a run's directory, or a file that cannot be read)"})
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A run's output directory (earshot run -o DIR).", converter = OptionTypes.InputDir.class)
  Path dir;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    RunResult run = Reports.rebuild(dir);
    PrintWriter out = spec.commandLine().getOut();
    out.print(Reports.summary(run));
    out.printf("%s of %d planned calls%s%n", run.calls().size(), run.planned(), run.complete() ? "" : ": the run did not finish (complete: false)");
    RunPrinter.reports(out, dir);
    out.flush();
    return run.complete() ? 0 : Earshot.EXIT_FAILED;
  }
}
