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
    subcommands = {ProfilesCommand.List.class, ProfilesCommand.Show.class, ProfilesCommand.Render.class, ProfilesCommand.Sweep.class})
final class ProfilesCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the profile subcommands. */
  static final class Source {
    @Option(names = "--profiles", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "A directory of extra profile YAML files.")
    Path dir;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    Profiles profiles() {
      return dir == null ? Profiles.builtIn() : Profiles.withDirectory(dir);
    }

    /** The profile {@code name}, or a bad-input error naming {@code option}. */
    DegradationProfile profile(String option, String name) {
      Profiles all = profiles();
      if (!all.contains(name)) throw new BadInputException(option + ": " + all.unknown(name));
      return all.get(name);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per profile: its name and what it models.")
  static final class List implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Source source;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (DegradationProfile p : source.profiles().all()) out.printf(Locale.ROOT, "%-26s %s%n", p.name(), p.description());
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
      DegradationProfile p = source.profile("NAME", name);
      PrintWriter out = spec.commandLine().getOut();
      out.println(p.name() + ": " + p.description());
      if (p.voice() != null) out.println("  voice: " + p.voice().engine() + " " + p.voice().name());
      if (p.seed() != null) out.println("  seed: fixed at " + p.seed());
      int i = 1;
      for (Stage s : p.stages()) out.println("  " + i++ + ". " + Profiles.describe(s));
      if (p.network() != null) out.println("  network (on the RTP packets of a call, not rendered into audio): " + p.network().describe());
      out.flush();
      return 0;
    }
  }

  @Command(name = "render", mixinStandardHelpOptions = true,
      description = {"Applies a profile to a 16-bit PCM WAV file. The same input, profile and seed always give the same output, bit for bit.",
          "A profile's voice (TTS engine) applies to utterances Earshot synthesizes; render degrades the recording it is given."})
  static final class Render implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Source source;

    @Parameters(paramLabel = "IN.wav", description = "A WAV file: PCM (8 to 32 bits) or float samples, any channel count (mixed down to mono), any rate.")
    Path in;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "The profile to apply.")
    String profile;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds noise and every other random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.wav", converter = OptionTypes.OutputFile.class, description = "Where to write the result.")
    Path out;

    @Override
    public Integer call() {
      DegradationProfile p = source.profile("--profile", profile);
      Pcm input = Wav.read(in);
      Pcm result = p.apply(input, seed);
      Wav.write(out, result);
      spec.commandLine().getOut().printf(Locale.ROOT, "%s: %.2f s at %d Hz -> %s (%s, seed %d): %d Hz%n",
          in, input.durationSeconds(), input.sampleRate(), out, p.name(), seed, result.sampleRate());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "sweep", mixinStandardHelpOptions = true,
      description = {"Renders one recording through a noisy profile at several SNRs, for a degradation curve.",
          "Writes OUT/<stem>--<profile>--snr<N>.wav per point and OUT/sweep.csv; with --text, transcribes each point with Vosk and adds its word error rate.",
          "Example: earshot profiles sweep hello.wav --snr 30,20,10,5,0 --noise cafe-babble --text \"hello I lost my card\""})
  static final class Sweep implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Source source;

    @Parameters(paramLabel = "IN.wav", description = "A WAV file: PCM (8 to 32 bits) or float samples, any channel count (mixed down to mono), any rate.")
    Path in;

    @Option(names = "--snr", required = true, split = ",", paramLabel = "DB[,DB...]",
        description = "The SNRs in dB (active speech level over noise), e.g. 30,20,10,5,0.")
    java.util.List<Double> snrs;

    @Option(names = "--noise", defaultValue = "pstn-g711", paramLabel = "PROFILE",
        description = "A profile with at least one noise, noise-file or babble stage; every such stage is set to each SNR in turn (default: ${DEFAULT-VALUE}).")
    String noise;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds the noise; the same at every point, so only the level changes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--text", paramLabel = "WORDS", description = "What the recording says: transcribe every point and report its word error rate.")
    String text;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", converter = OptionTypes.OutputDir.class,  description = "Output directory (default: sweep-<stem>-<profile>).")
    Path outDir;

    @Override
    public Integer call() throws java.io.IOException {
      for (double snr : snrs) {
        if (!(snr >= -20 && snr <= 80)) throw new BadInputException("--snr: expected values in -20..80 dB, found " + snr);
      }
      DegradationProfile base = source.profile("--noise", noise);
      base.withSnr(snrs.get(0)); // fails now, with one line, for a profile without noise
      base.requireAvailable();
      Pcm input = Wav.read(in);
      String stem = in.getFileName().toString().replaceFirst("(?i)\\.wav$", "");
      Path dir = outDir != null ? outDir : Path.of("sweep-" + stem + "-" + noise);
      Files.createDirectories(dir);
      dev.earshot.corpora.Transcriber asr = text == null ? null : dev.earshot.corpora.Speech.transcriber();
      PrintWriter out = spec.commandLine().getOut();
      StringBuilder csv = new StringBuilder("snr_db,file,active_level_dbfs" + (asr == null ? "" : ",transcript,wer") + "\n");
      out.printf(Locale.ROOT, "%8s  %-40s %8s%s%n", "SNR dB", "file", "level", asr == null ? "" : "    WER  transcript");
      if (asr != null) {
        String heard = asr.transcribe(input);
        double wer = dev.earshot.harness.WordErrorRate.of(text, heard);
        out.printf(Locale.ROOT, "%8s  %-40s %8s  %5.1f%%  %s%n", "input", in.getFileName(), "", 100 * wer, heard);
        csv.append(String.format(Locale.ROOT, "input,%s,,%s,%.4f%n", in.getFileName(), quote(heard), wer));
      }
      for (double snr : snrs) {
        DegradationProfile p = base.withSnr(snr);
        Pcm result = p.apply(input, seed);
        Path file = dir.resolve(stem + "--" + p.name().replace(noise + "-snr", noise + "--snr") + ".wav");
        Wav.write(file, result);
        double level = dev.earshot.audio.SpeechLevel.activeLevelDb(result);
        String line = String.format(Locale.ROOT, "%8.1f  %-40s %8.1f", snr, file.getFileName(), level);
        csv.append(String.format(Locale.ROOT, "%.1f,%s,%.2f", snr, file.getFileName(), level));
        if (asr != null) {
          String heard = asr.transcribe(result);
          double wer = dev.earshot.harness.WordErrorRate.of(text, heard);
          line += String.format(Locale.ROOT, "  %5.1f%%  %s", 100 * wer, heard);
          csv.append(String.format(Locale.ROOT, ",%s,%.4f", quote(heard), wer));
        }
        csv.append('\n');
        out.println(line);
        out.flush();
      }
      Files.writeString(dir.resolve("sweep.csv"), csv);
      out.println("wrote " + dir.resolve("sweep.csv"));
      out.flush();
      return 0;
    }

    private static String quote(String s) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
  }
}
