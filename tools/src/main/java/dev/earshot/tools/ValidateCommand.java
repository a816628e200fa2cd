package dev.earshot.tools;

import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.harness.Personas;
import dev.earshot.harness.Step;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Checks a suite without calling anything: its YAML against the schema and the loader, every profile and persona it names,",
        "every recording it references (read whole, so a truncated WAV fails here), and that each profile's stages can run on this machine (e.g. ffmpeg for a codec stage).",
        "Prints what a run would place; exit code 0 when the suite is good, 2 with one line naming the file, the line and column, and what was expected."})
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SUITE.yaml", description = "The suite to check.")
  Path suiteFile;

  @Option(names = "--profiles", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "A directory of extra profile YAML files (added to the built-in ones).")
  Path profilesDir;

  @Option(names = "--personas", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "A directory of extra persona YAML files (added to the built-in ones).")
  Path personasDir;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    Profiles profiles = profilesDir == null ? Profiles.builtIn() : Profiles.withDirectory(profilesDir);
    Personas personas = personasDir == null ? Personas.builtIn() : Personas.withDirectory(personasDir);
    Suite suite = SuiteLoader.load(suiteFile, profiles, personas);
    Set<String> used = new LinkedHashSet<>(suite.profiles());
    int recordings = 0;
    for (Suite.Scenario sc : suite.scenarios()) {
      for (Step step : sc.allSteps()) {
        Step.Say say = step.spoken();
        if (say == null) continue;
        if (say.profile() != null) used.add(say.profile());
        if (say.wav() != null) recordings++;
      }
    }
    for (String name : used) {
      DegradationProfile p = profiles.get(name);
      try {
        p.requireAvailable();
      } catch (RuntimeException e) {
        throw new BadInputException(suiteFile + ": profile " + name + ": " + e.getMessage());
      }
    }
    int personasCount = Math.max(1, suite.personas().size());
    int calls = suite.scenarios().size() * suite.profiles().size() * personasCount * suite.trials();
    var out = spec.commandLine().getOut();
    out.printf("%s: suite %s is valid: %d scenarios x %d profiles%s x %d trial%s = %d calls; profiles %s%s%n", suiteFile, suite.name(),
        suite.scenarios().size(), suite.profiles().size(), suite.personas().isEmpty() ? "" : " x " + personasCount + " personas", suite.trials(),
        suite.trials() == 1 ? "" : "s", calls, String.join(", ", used), recordings == 0 ? "" : "; " + recordings + " recordings read");
    out.flush();
    return 0;
  }
}
