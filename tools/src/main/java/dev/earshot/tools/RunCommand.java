package dev.earshot.tools;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.RunResult;
import dev.earshot.telephony.sip.SipSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs a suite against a SIP voice agent: every scenario under every profile, one real call each. Writes report.html (to open in a browser: every call's timeline, recording and verdicts), report.json, summary.md (for a pull-request comment), junit.xml (for CI), calls/ID.json (as each call ends) and recordings/ID.wav to the output directory.")
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin SipOptions sip;
  @Mixin NetworkOptions network;

  @Parameters(index = "0", paramLabel = "SUITE.yaml", description = "The suite to run (see examples/bank-demo.yaml).")
  Path suiteFile;

  @Option(names = "--agent", required = true, paramLabel = "URI", converter = OptionTypes.SipUri.class, description = "The agent to call, e.g. sip:agent@127.0.0.1:5080.")
  String agent;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", converter = OptionTypes.OutputDir.class,  description = "Output directory (default: earshot-out/SUITE-TIMESTAMP).")
  Path out;

  @Option(names = "--resume", paramLabel = "DIR", converter = OptionTypes.InputDir.class,
      description = "Continue the run in DIR that was stopped (killed, a crash, a reboot): the calls that ended there are kept, every other planned call is placed, with the seeds the whole run would have used; DIR's report then holds every planned call once. Give the same suite (and profiles, personas) the run began with.")
  Path resume;

  @Option(names = "-k", paramLabel = "PATTERN", split = ",",
      description = "Run only the scenarios whose name matches: a part of the name, or a glob (*, ?); several, comma-separated, e.g. -k balance,'lost-*'.")
  java.util.List<String> scenarios;

  @Option(names = "--profile", paramLabel = "NAME", split = ",",
      description = "Run under these profiles only, in place of the suite's profiles: (comma-separated; built-in or from --profiles DIR), e.g. --profile clean; --profiles clean,noisy-phone does the same when no directory has that name.")
  java.util.List<String> onlyProfiles;

  @Option(names = "--trials", paramLabel = "N", description = "Run each call N times, in place of the suite's trials: (1..1000).")
  Integer trials;

  @Option(names = "--baseline", paramLabel = "REPORT",
      description = "A previous run's report.json (or directory) to compare with after the run, as 'earshot compare' does. The exit code is then 1 only for a regression (95%% Wilson intervals separate), not for failures the baseline had too.")
  Path baseline;

  @Override
  public Integer call() {
    common.checkConcurrency();
    network.addressing(); // bad options before any work
    network.reportBind();
    network.reportUrl();
    Profiles profiles = common.profiles();
    java.util.List<String> only = onlyProfiles;
    if (common.profileNames() != null) { // --profiles a,b: the names, as --profile
      only = new java.util.ArrayList<>(onlyProfiles == null ? java.util.List.of() : onlyProfiles);
      for (String n : common.profileNames()) if (!only.contains(n)) only.add(n);
    }
    Suite suite = narrowed(SuiteLoader.load(suiteFile, profiles, common.personas()), scenarios, only, trials, profiles,
        onlyProfiles == null && common.profileNames() != null ? "--profiles" : "--profile");
    RunResult before = baseline == null ? null : CompareCommand.read(baseline); // bad input before any call is placed
    if (resume != null && out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
      throw new BadInputException("--resume " + resume + " and -o " + out + ": a resumed run writes where it began; expected one of them, or the same directory");
    }
    if (resume != null) dev.earshot.report.Reports.readPlan(resume); // not a run's directory: one line before any work
    Path outDir = resume != null ? resume : out != null ? out : CommonOptions.defaultOutDir(suite.name());
    SipSettings settings = sip.settings();
    SipOptions.warnIfKeysInClear(settings, agent);
    RunResult run = execute(spec, common, profiles, suite, agent, outDir, settings, network, resume != null);
    if (before != null) {
      spec.commandLine().getOut().println();
      return CompareCommand.print(spec.commandLine().getOut(), before, run);
    }
    return run.passed() ? 0 : Earshot.EXIT_FAILED;
  }

  /** {@code suite} as {@code -k}, {@code --profile} and {@code --trials} narrow it; a choice that selects nothing is bad input. */
  static Suite narrowed(Suite suite, java.util.List<String> patterns, java.util.List<String> profileNames, Integer trials, Profiles profiles) {
    return narrowed(suite, patterns, profileNames, trials, profiles, "--profile");
  }

  /** As above; {@code profileOption} names the option the profile names came from in an error. */
  static Suite narrowed(Suite suite, java.util.List<String> patterns, java.util.List<String> profileNames, Integer trials, Profiles profiles,
      String profileOption) {
    try {
      return suite.narrowed(patterns, profileNames, trials, profiles);
    } catch (Suite.Narrowing e) {
      String option = switch (e.choice()) {
        case SCENARIOS -> "-k";
        case PROFILES -> profileOption;
        case TRIALS -> "--trials";
      };
      throw new BadInputException(option + ": " + e.getMessage());
    }
  }

  /** Runs {@code suite}, printing progress and the summary; shared with {@code demo}. */
  static RunResult execute(picocli.CommandLine.Model.CommandSpec spec, CommonOptions common, Profiles profiles, Suite suite,
      String agent, Path outDir, SipSettings sipSettings, NetworkOptions network) {
    return execute(spec, common, profiles, suite, agent, outDir, sipSettings, network, false);
  }

  /** As above; {@code resume}: continue the stopped run in {@code outDir} ({@link Harness#resume}). */
  static RunResult execute(picocli.CommandLine.Model.CommandSpec spec, CommonOptions common, Profiles profiles, Suite suite,
      String agent, Path outDir, SipSettings sipSettings, NetworkOptions network, boolean resume) {
    long start = System.currentTimeMillis();
    var out = spec.commandLine().getOut();
    int personas = Math.max(1, suite.personas().size());
    int calls = suite.scenarios().size() * suite.profiles().size() * personas * suite.trials();
    out.printf("Suite %s: %d scenarios x %d profiles%s x %d trial%s = %d calls to %s (%d at a time)%n", suite.name(), suite.scenarios().size(),
        suite.profiles().size(), suite.personas().isEmpty() ? "" : " x " + personas + " personas", suite.trials(), suite.trials() == 1 ? "" : "s",
        calls, agent, common.concurrency);
    out.flush();
    Harness harness = Harness.create(profiles, common.personas(), Speech.synthesizer(common.cacheDir()), Speech.transcriber());
    // a progress bar with ETA on a terminal, for runs of more than a few calls; plain lines otherwise (CI logs, --quiet)
    boolean bar = !common.quiet && System.console() != null && calls > 3;
    RunPrinter printer = new RunPrinter(out, calls, bar ? new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err) : null);
    RunOptions options = RunOptions.defaults(agent, outDir).withConcurrency(common.concurrency).withSip(sipSettings);
    if (network != null) options = options.withAddressing(network.addressing(), network.reportBind(), network.reportUrl());
    RunResult run = resume ? harness.resume(suite, options, printer) : harness.run(suite, options, printer);
    printer.summary(run, outDir, System.currentTimeMillis() - start);
    return run;
  }
}
