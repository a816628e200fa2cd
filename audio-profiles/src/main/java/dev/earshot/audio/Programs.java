package dev.earshot.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a third-party program (ffmpeg, espeak-ng) as a filter: bytes in on stdin, stdout and stderr collected.
 * Stdin is fed from its own thread while stdout is read, so a program that writes before it has read all its
 * input cannot deadlock on a full pipe.
 */
public final class Programs {
  private Programs() {}

  /** What a run gave: the exit status, everything written to stdout, and stderr as one line. */
  public record Result(int exit, byte[] stdout, String stderr) {}

  /**
   * Runs {@code command} with {@code stdin}.
   *
   * @throws IOException when the program cannot be started (usually: it is not installed)
   * @throws IllegalStateException when it runs longer than {@code timeoutSeconds}, or the wait is interrupted
   */
  public static Result run(List<String> command, byte[] stdin, long timeoutSeconds) throws IOException {
    Process p = new ProcessBuilder(command).start();
    String name = command.get(0);
    Thread feeder = new Thread(() -> {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      } catch (IOException ignored) {
        // the program stopped reading; its exit status and stderr say why
      }
    }, name + "-stdin");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errors = new Thread(() -> copy(p.getErrorStream(), err), name + "-stderr");
    feeder.setDaemon(true);
    errors.setDaemon(true);
    feeder.start();
    errors.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream(stdin.length + 4096);
    copy(p.getInputStream(), out);
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s");
      }
      errors.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + name + " ran", e);
    }
    return new Result(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8).strip().replace('\n', ' '));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
