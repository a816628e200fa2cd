package dev.earshot.tools;

import dev.earshot.audio.WavFormatException;
import dev.earshot.audio.profile.ProfileException;
import dev.earshot.harness.SuiteException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code earshot} command line. */
@Command(name = "earshot", mixinStandardHelpOptions = true, version = "earshot 0.1.0",
    description = "Tests voice agents the way real callers reach them: synthesized callers, degraded audio, real SIP/RTP calls, and per-layer measurements (what the agent heard, which intent it chose, what it said, how fast it answered).",
    subcommands = {DemoCommand.class, RunCommand.class, ValidateCommand.class, CompareCommand.class, ReportCommand.class, RescoreCommand.class, LoadCommand.class, MergeCommand.class, PingCommand.class, DoctorCommand.class, AgentCommand.class, ProfilesCommand.class, PersonasCommand.class, SchemaCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success (for run: every turn passed)", "1:some turn or call failed (compare, or run --baseline: some cell regressed)", "2:bad input (suite, profile, WAV, options)"})
public final class Earshot implements Runnable {
  static final int EXIT_FAILED = 1;
  static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args)); // explicit exit: JAIN-SIP leaves a non-daemon thread behind
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Earshot());
    cl.setExitCodeExceptionMapper(e -> isBadInput(e) ? EXIT_BAD_INPUT : EXIT_FAILED);
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("earshot: " + describe(ex) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return EXIT_BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      PrintWriter err = c.getErr();
      err.println("earshot: " + oneLine(ex));
      if (debug(parseResult)) ex.printStackTrace(err);
      return isBadInput(ex) ? EXIT_BAD_INPUT : EXIT_FAILED;
    });
    return cl;
  }

  static boolean isBadInput(Throwable e) {
    return e instanceof SuiteException || e instanceof ProfileException || e instanceof WavFormatException
        || e instanceof BadInputException || e instanceof CommandLine.ParameterException
        || e instanceof dev.earshot.audio.codec.CodecUnavailableException || e instanceof dev.earshot.report.ReportFormatException;
  }

  /**
   * A value an option's type refused ({@link OptionTypes}) as {@code --option: why} (a positional parameter by its
   * label, or by the value itself when the reason starts with it, as a file's does); other command-line errors in
   * picocli's words.
   */
  private static String describe(CommandLine.ParameterException ex) {
    if (ex.getCause() instanceof CommandLine.TypeConversionException t && ex.getArgSpec() != null) {
      var arg = ex.getArgSpec();
      String value = ex.getValue() == null ? "" : ex.getValue();
      String name = arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
      return (arg.isPositional() && !value.isEmpty() && t.getMessage().startsWith(value) ? "" : name + ": ") + oneLine(t);
    }
    return oneLine(ex);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private static boolean debug(CommandLine.ParseResult r) {
    for (CommandLine.ParseResult p = r; p != null; p = p.subcommand()) if (p.hasMatchedOption("--debug")) return true;
    return false;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
