package dev.earshot.tools;

import dev.earshot.report.Comparison;
import dev.earshot.report.Reports;
import dev.earshot.report.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compares a run with a baseline run, scenario x profile, overall and layer by layer (telephony, asr, intent, response, latency, barge_in, flow).",
        "A cell regressed only when its pass rate's 95%% Wilson interval over the trials lies wholly below the baseline's: one flaky trial of three never counts, a collapse over enough trials does."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no regression", "1:some cell regressed", "2:bad input (a report that cannot be read)"})
final class CompareCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASELINE", description = "The baseline run's report.json (or its output directory).")
  Path baseline;

  @Parameters(index = "1", paramLabel = "CURRENT", description = "The run to judge: its report.json (or its output directory).")
  Path current;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    RunResult before = read(baseline), after = read(current);
    return print(spec.commandLine().getOut(), before, after);
  }

  /** A run's report from its file or its output directory. */
  static RunResult read(Path p) {
    return Reports.readJson(java.nio.file.Files.isDirectory(p) ? p.resolve(Reports.REPORT_JSON) : p);
  }

  /** Prints the comparison; {@link Earshot#EXIT_FAILED} when something regressed. */
  static int print(PrintWriter out, RunResult baseline, RunResult current) {
    List<Comparison.Row> rows = Comparison.compare(baseline, current);
    out.println("Compared with the baseline of " + baseline.started() + " (" + baseline.calls().size() + " calls):");
    if (rows.isEmpty()) out.println("no scenario x profile in common with the baseline");
    out.print(Comparison.render(rows));
    out.flush();
    return rows.stream().anyMatch(Comparison.Row::regressed) ? Earshot.EXIT_FAILED : 0;
  }
}
