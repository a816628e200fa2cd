package dev.earshot.tools;

import dev.earshot.audio.profile.Profiles;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** Options every command that runs calls shares. */
final class CommonOptions {
  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Option(names = "--cache", paramLabel = "DIR", converter = OptionTypes.OutputDir.class, 
      description = "Where synthesized caller audio is kept between runs (default: $XDG_CACHE_HOME/earshot/tts or ~/.cache/earshot/tts).")
  Path cache;

  @Option(names = "--profiles", paramLabel = "DIR", converter = OptionTypes.DirOrProfileNames.class,
      description = "A directory of extra profile YAML files (added to the built-in ones). For earshot run, a list of profile names where no directory has that name (--profiles clean,noisy-phone): run only those, as --profile.")
  OptionTypes.ProfilesChoice profilesChoice;

  @Option(names = "--personas", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "A directory of extra persona YAML files (added to the built-in ones; see 'earshot personas').")
  Path personasDir;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar: a plain line per call, as when the output is not a terminal.")
  boolean quiet;

  @Option(names = {"-j", "--concurrency"}, paramLabel = "N", defaultValue = "4",
      description = "Calls in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  Profiles profiles() {
    return profilesChoice == null || profilesChoice.dir() == null ? Profiles.builtIn() : Profiles.withDirectory(profilesChoice.dir());
  }

  /** The profiles named with {@code --profiles a,b} (no directory of that name), or null. */
  java.util.List<String> profileNames() {
    return profilesChoice == null ? null : profilesChoice.names();
  }

  dev.earshot.harness.Personas personas() {
    return personasDir == null ? dev.earshot.harness.Personas.builtIn() : dev.earshot.harness.Personas.withDirectory(personasDir);
  }

  Path cacheDir() {
    return cache != null ? cache : dev.earshot.corpora.Speech.defaultCacheDir();
  }

  /**
   * {@code sip:[user@]host[:port][;params]}, the host a name, an IPv4 literal or a bracketed IPv6 literal
   * ({@code sip:agent@[2001:db8::5]:5080;transport=tcp}), the port in 1..65535.
   */
  static boolean isSipUri(String uri) {
    return OptionTypes.sipUriProblem(uri) == null;
  }

  void checkConcurrency() {
    if (concurrency < 1 || concurrency > 256) throw new BadInputException("--concurrency: expected 1..256, found " + concurrency);
  }

  /** {@code earshot-out/SUITE-yyyyMMdd-HHmmss} under the working directory (git ignores earshot-out/). */
  static Path defaultOutDir(String suite) {
    return Path.of("earshot-out", suite + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
