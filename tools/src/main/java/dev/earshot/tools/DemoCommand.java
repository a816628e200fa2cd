package dev.earshot.tools;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.RunResult;
import dev.earshot.tools.agent.AgentConfig;
import dev.earshot.tools.agent.ReferenceAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Starts the reference agent on 127.0.0.1, runs the bundled bank-demo suite against it (examples/bank-demo.yaml: 5 scenarios under the clean and noisy-phone profiles), and prints the summary and where the report is. Exits 0 when every clean-profile turn passed.")
final class DemoCommand implements Callable<Integer> {
  static final String SUITE_RESOURCE = "/dev/earshot/tools/examples/bank-demo.yaml";

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", converter = OptionTypes.OutputDir.class,  description = "Output directory (default: earshot-out/bank-demo-TIMESTAMP).")
  Path out;

  @Option(names = "--think-ms", defaultValue = "0", paramLabel = "N", description = "The agent's extra delay before replies (default: ${DEFAULT-VALUE}).")
  long thinkMs;

  @Mixin AgentFaults faults;

  @Override
  public Integer call() throws IOException {
    common.checkConcurrency();
    if (thinkMs < 0) throw new BadInputException("--think-ms: expected 0 or more, found " + thinkMs);
    if (common.profileNames() != null) throw new BadInputException("--profiles: " + String.join(",", common.profileNames()) + ": no such directory (the demo runs its own suite's profiles)");
    Profiles profiles = common.profiles();
    Suite suite = loadBundledSuite(profiles);
    Path outDir = out != null ? out : CommonOptions.defaultOutDir(suite.name());
    AgentConfig config = faults.apply(AgentConfig.defaults().withPort(0).withThinkMs(thinkMs));
    RunResult run;
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(common.cacheDir()), Speech.transcriber(), t -> {})) {
      run = RunCommand.execute(spec, common, profiles, suite, agent.uri(), outDir, dev.earshot.telephony.sip.SipSettings.DEFAULT, null);
      Path agentLog = outDir.resolve("agent-turns.jsonl");
      AgentCommand.writeTurns(agent.turns(), agentLog);
      spec.commandLine().getOut().println("agent log:  " + agentLog.toAbsolutePath() + " (the agent's own timestamps, one turn a line)");
    }
    boolean cleanPassed = run.calls().stream().filter(c -> c.profile().equals("clean")).allMatch(CallResult::passed);
    return cleanPassed ? 0 : Earshot.EXIT_FAILED;
  }

  private static Suite loadBundledSuite(Profiles profiles) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(SUITE_RESOURCE)) {
      if (in == null) throw new UncheckedIOException(new IOException("demo suite missing from the jar: " + SUITE_RESOURCE));
      return SuiteLoader.parse(in.readAllBytes(), "builtin:examples/bank-demo.yaml", profiles);
    }
  }
}
