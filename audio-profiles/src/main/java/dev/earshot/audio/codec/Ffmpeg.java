package dev.earshot.audio.codec;

import dev.earshot.audio.Programs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the {@code ffmpeg} program as a filter: bytes in on stdin, bytes out on stdout, single-threaded and
 * with bit-exact flags so that the same input always gives the same output. Used for codecs that have no
 * Java implementation here (GSM, AMR, Opus, G.722), which Debian's {@code ffmpeg} and
 * {@code libavcodec-extra} packages provide.
 */
public final class Ffmpeg {
  /** What to install when ffmpeg or an encoder is missing. */
  public static final String PACKAGES = "ffmpeg libavcodec-extra";
  private static final long TIMEOUT_S = 120;
  private static final java.util.concurrent.ConcurrentHashMap<String, Set<String>> ENCODERS = new java.util.concurrent.ConcurrentHashMap<>();

  private Ffmpeg() {}

  /** The names of the encoders this machine's ffmpeg has; throws {@link CodecUnavailableException} without ffmpeg. */
  public static Set<String> encoders() {
    return ENCODERS.computeIfAbsent(program(), program -> {
      byte[] out = run(List.of("-hide_banner", "-encoders"), new byte[0], "list encoders");
      Set<String> names = new java.util.HashSet<>();
      for (String line : new String(out, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 2 && parts[0].length() == 6 && parts[0].charAt(0) == 'A') names.add(parts[1]);
      }
      return Set.copyOf(names);
    });
  }

  /** Fails with a one-line message naming the Debian packages unless ffmpeg has {@code encoder}. */
  public static void require(String encoder, String what) {
    Set<String> available;
    try {
      available = encoders();
    } catch (CodecUnavailableException e) {
      throw new CodecUnavailableException(what + " needs the ffmpeg program, and '" + program() + "' cannot be run; install the Debian packages: " + PACKAGES);
    }
    if (!available.contains(encoder)) {
      throw new CodecUnavailableException(what + " needs ffmpeg's '" + encoder + "' encoder, which this ffmpeg lacks; install the Debian packages: " + PACKAGES);
    }
  }

  /** Runs {@code ffmpeg args...} with {@code input} on stdin and returns stdout; any failure names {@code what}. */
  public static byte[] run(List<String> args, byte[] input, String what) {
    List<String> command = new ArrayList<>();
    command.add(program());
    command.addAll(args);
    Programs.Result r;
    try {
      r = Programs.run(command, input, TIMEOUT_S);
    } catch (IOException e) {
      throw new CodecUnavailableException(what + " needs the ffmpeg program, and '" + program() + "' cannot be run; install the Debian packages: " + PACKAGES);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("ffmpeg (" + what + "): " + e.getMessage(), e);
    }
    if (r.exit() != 0) throw new IllegalStateException("ffmpeg failed (" + what + "), exit " + r.exit() + ": " + r.stderr());
    return r.stdout();
  }

  /** The program to run: system property {@code earshot.ffmpeg} if set, else {@code ffmpeg} on PATH. */
  static String program() {
    return System.getProperty("earshot.ffmpeg", "ffmpeg");
  }
}
