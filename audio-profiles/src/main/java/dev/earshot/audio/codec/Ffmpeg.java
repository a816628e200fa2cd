package dev.earshot.audio.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new CodecUnavailableException(what + " needs the ffmpeg program, and '" + program() + "' cannot be run; install the Debian packages: " + PACKAGES);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread feeder = new Thread(() -> {
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write(input);
      } catch (IOException ignored) {
        // ffmpeg stopped reading; its exit status and stderr say why
      }
    }, "ffmpeg-stdin");
    Thread errors = new Thread(() -> copy(p.getErrorStream(), err), "ffmpeg-stderr");
    feeder.setDaemon(true);
    errors.setDaemon(true);
    feeder.start();
    errors.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 4096);
    copy(p.getInputStream(), out);
    try {
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("ffmpeg (" + what + ") did not finish within " + TIMEOUT_S + " s");
      }
      errors.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ffmpeg ran (" + what + ")", e);
    }
    if (p.exitValue() != 0) {
      String message = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip().replace('\n', ' ');
      throw new IllegalStateException("ffmpeg failed (" + what + "), exit " + p.exitValue() + ": " + message);
    }
    return out.toByteArray();
  }

  /** The program to run: system property {@code earshot.ffmpeg} if set, else {@code ffmpeg} on PATH. */
  static String program() {
    return System.getProperty("earshot.ffmpeg", "ffmpeg");
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
