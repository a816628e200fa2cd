package dev.earshot.tools;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.harness.Persona;
import dev.earshot.harness.Personas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "personas", mixinStandardHelpOptions = true,
    description = {"Lists the callers a suite can cross its scenarios with (suite 'personas: [...]', or 'persona:' on one say step):",
        "each is a voice, speaker stages (tempo, pitch, formant, hesitation, stutter) and a behaviour (fillers, repeating itself, misreading a number then correcting it, interrupting)."})
final class PersonasCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--personas", paramLabel = "DIR", description = "A directory of extra persona YAML files to list with the built-in ones.")
  Path dir;

  @Override
  public Integer call() {
    Personas personas = dir == null ? Personas.builtIn() : Personas.withDirectory(dir);
    var out = spec.commandLine().getOut();
    for (Persona p : personas.all()) {
      List<String> how = new ArrayList<>();
      if (p.voice() != null) how.add("voice " + p.voice().engine() + ":" + p.voice().name());
      p.speaker().forEach(s -> how.add(Profiles.describe(s).replaceAll("\\s+", " ")));
      Persona.Behaviour b = p.behaviour();
      if (!b.fillers().isEmpty()) how.add(String.format(Locale.ROOT, "fillers %s at %.0f%%", b.fillers(), 100 * b.fillerRate()));
      if (b.repeats()) how.add("repeats itself");
      if (b.misreadsNumbers()) how.add("misreads a number, then corrects it");
      if (b.interruptsAfterMs() != null) how.add("interrupts " + b.interruptsAfterMs() + " ms into the agent");
      out.printf(Locale.ROOT, "%-18s %s%n%-18s   [%s]%n", p.name(), p.description(), "", how.isEmpty() ? "plain" : String.join("; ", how));
    }
    out.flush();
    return 0;
  }
}
