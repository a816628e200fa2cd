package dev.earshot.tools;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.audio.profile.Stage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "profiles", mixinStandardHelpOptions = true,
    description = "Lists, shows and applies audio degradation profiles (the built-in ones plus any from --profiles DIR).",
    subcommands = {ProfilesCommand.List.class, ProfilesCommand.Show.class, ProfilesCommand.Render.class})
final class ProfilesCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the profile subcommands. */
  static final class Source {
    @Option(names = "--profiles", paramLabel = "DIR", description = "A directory of extra profile YAML files.")
    Path dir;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    Profiles profiles() {
      return dir == null ? Profiles.builtIn() : Profiles.withDirectory(dir);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per profile: its name and what it models.")
  static final class List implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Source source;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (DegradationProfile p : source.profiles().all()) out.printf(Locale.ROOT, "%-16s %s%n", p.name(), p.description());
      out.flush();
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A profile's description and its stages in order, with their settings.")
  static final class Show implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Source source;

    @Parameters(paramLabel = "NAME", description = "The profile.")
    String name;

    @Override
    public Integer call() {
      DegradationProfile p = source.profiles().get(name);
      PrintWriter out = spec.commandLine().getOut();
      out.println(p.name() + ": " + p.description());
      int i = 1;
      for (Stage s : p.stages()) out.println("  " + i++ + ". " + s);
      out.flush();
      return 0;
    }
  }

  @Command(name = "render", mixinStandardHelpOptions = true,
      description = "Applies a profile to a 16-bit PCM WAV file. The same input, profile and seed always give the same output, bit for bit.")
  static final class Render implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Source source;

    @Parameters(paramLabel = "IN.wav", description = "Mono or stereo 16-bit PCM WAV (stereo is mixed down).")
    Path in;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "The profile to apply.")
    String profile;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds noise and every other random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.wav", description = "Where to write the result.")
    Path out;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(in)) throw new BadInputException(in + ": no such file; expected a 16-bit PCM WAV file");
      DegradationProfile p = source.profiles().get(profile);
      Pcm input = Wav.read(in);
      Pcm result = p.apply(input, seed);
      Wav.write(out, result);
      spec.commandLine().getOut().printf(Locale.ROOT, "%s: %.2f s at %d Hz -> %s (%s, seed %d): %d Hz%n",
          in, input.durationSeconds(), input.sampleRate(), out, p.name(), seed, result.sampleRate());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
