package dev.earshot.tools;

import dev.earshot.harness.Personas;
import dev.earshot.harness.Rescore;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.Reports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rescore", mixinStandardHelpOptions = true,
    description = {"Judges a finished run again against a suite whose checks changed (phrases, intents, latency or barge-in limits), without placing a call: "
        + "each call's events (calls/ID.events.jsonl) and the agent's side of its recording go through the same judges a live call does, so the suite the run used gives the run's results exactly.",
        "The suite must have the scenarios and steps (of the same kinds) the calls ran; what SIP and RTP measured is kept, and calls never set up are kept as they were. "
            + "The rescored run is written as a run directory of its own (default DIR/rescore), every report included, its recordings referenced in DIR; the calls whose verdict moved are printed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:rescored, and every call passes", "1:rescored, and some call fails", "2:bad input (not a run's directory, a suite that does not match the run, a file that cannot be read)"})
final class RescoreCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A run's output directory (earshot run -o DIR).", converter = OptionTypes.InputDir.class)
  Path dir;

  @Option(names = "--suite", required = true, paramLabel = "SUITE.yaml", converter = OptionTypes.InputFile.class,
      description = "The suite to judge by: the one the run used, with its checks changed.")
  Path suiteFile;

  @Option(names = {"-o", "--out"}, paramLabel = "OUT", converter = OptionTypes.OutputDir.class, description = "Where the rescored run is written (default: DIR/rescore).")
  Path out;

  @Option(names = "--profiles", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "A directory of extra profile YAML files the suite names (as for run).")
  Path profilesDir;

  @Option(names = "--personas", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "A directory of extra persona YAML files the suite names (as for run).")
  Path personasDir;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    Reports.readPlan(dir); // not a run's directory: one line before the suite is read
    Suite suite = SuiteLoader.load(suiteFile, profilesDir == null ? dev.earshot.audio.profile.Profiles.builtIn() : dev.earshot.audio.profile.Profiles.withDirectory(profilesDir),
        personasDir == null ? Personas.builtIn() : Personas.withDirectory(personasDir));
    Path outDir = out != null ? out : dir.resolve("rescore");
    if (outDir.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
      throw new BadInputException("-o " + out + ": the run's own directory; expected another (a rescore never overwrites what the run measured)");
    }
    Rescore.Outcome o = Rescore.run(dir, suite, suiteFile.toString(), outDir);
    PrintWriter w = spec.commandLine().getOut();
    w.print(Reports.summary(o.run()));
    w.printf("rescored %d calls against %s (%d judged again from their events, %d never set up kept as they were): %d exactly as the run had them%n",
        o.run().calls().size(), suiteFile, o.rejudged(), o.kept(), o.identical());
    if (o.changes().isEmpty()) {
      w.println("no verdict changed");
    } else {
      w.printf("%d %s changed verdict:%n", o.changes().size(), o.changes().size() == 1 ? "call" : "calls");
      for (Rescore.Change c : o.changes()) {
        w.printf("  %s: %s -> %s%n", c.call(), c.was(), c.now());
        for (String t : c.turns()) w.printf("      %s%n", t);
      }
    }
    RunPrinter.reports(w, outDir);
    w.flush();
    return o.run().passed() ? 0 : Earshot.EXIT_FAILED;
  }
}
