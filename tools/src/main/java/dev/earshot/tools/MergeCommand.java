package dev.earshot.tools;

import dev.earshot.harness.load.LoadMerge;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {"Combines the output directories of the shards of one load plan (earshot load --shard I/N, run on N machines) into one result: counts added, "
        + "setup and send-time percentiles from the shards' histograms added together (those of every call, never an average of percentiles), the calls in plan order.",
        "Every shard 1/N to N/N must be given once. Writes load.json and load-calls.jsonl to OUT."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:merged, and every call was up", "1:merged, and some call failed", "2:bad input (a directory that is not a shard's, a shard missing or given twice)"})
final class MergeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "The shards' output directories (earshot load -o DIR).")
  List<Path> dirs;

  @Option(names = {"-o", "--out"}, paramLabel = "OUT", converter = OptionTypes.OutputDir.class, description = "Where the merged result goes (default: earshot-out/load-merged-TIMESTAMP).")
  Path out;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    LoadMerge.Merged m = LoadMerge.read(dirs);
    Path outDir = out != null ? out : CommonOptions.defaultOutDir("load-merged");
    LoadMerge.write(m, outDir);
    var o = spec.commandLine().getOut();
    o.printf("Merged %d shards: %d calls%n", dirs.size(), m.result().calls());
    LoadCommand.print(o, m.result(), outDir);
    return m.result().up() == m.result().calls() && !m.result().stopped() ? 0 : Earshot.EXIT_FAILED;
  }
}
