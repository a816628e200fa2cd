package dev.earshot.telephony.interop;

import dev.earshot.audio.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp (Debian {@code sip-tester}) on loopback for interop tests: a scenario (built-in name or a
 * resource under {@code /sipp/}), its own SIP and media ports, output kept for the failure message.
 */
public final class Sipp implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final int sipPort;
  public final int mediaPort;

  private Sipp(Process process, Path log, int sipPort, int mediaPort) {
    this.process = process;
    this.log = log;
    this.sipPort = sipPort;
    this.mediaPort = mediaPort;
  }

  /** Skips the test unless SIPp is installed (fails under CI, which installs it). */
  public static void require() {
    ExternalTools.require("sipp", "-v", "sip-tester", true);
  }

  /**
   * Starts {@code sipp} with {@code scenario} ({@code "uas"}, {@code "uac"} or a resource name such as
   * {@code "hostile-no-sdp.xml"}), listening on free loopback ports, plus {@code args}.
   */
  public static Sipp start(String scenario, Path workDir, String... args) throws IOException {
    int sip = freeUdpPort(), media = freeUdpPort();
    List<String> cmd = new ArrayList<>(List.of("sipp", "-i", "127.0.0.1", "-p", String.valueOf(sip),
        "-mi", "127.0.0.1", "-mp", String.valueOf(media), "-nostdin", "-trace_err",
        "-error_file", workDir.resolve("sipp-errors-" + sip + ".log").toString()));
    if (scenario.endsWith(".xml")) {
      Path file = workDir.resolve(scenario);
      try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
        if (in == null) throw new IllegalArgumentException("no test resource /sipp/" + scenario);
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      cmd.addAll(List.of("-sf", file.toString()));
    } else {
      cmd.addAll(List.of("-sn", scenario));
    }
    cmd.addAll(List.of(args));
    Path log = workDir.resolve("sipp-" + sip + ".out");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return new Sipp(p, log, sip, media);
  }

  public String uri(String user) {
    return "sip:" + user + "@127.0.0.1:" + sipPort;
  }

  /** Waits for SIPp to exit; returns its exit code (0: every call succeeded), or -1 on timeout (then kills it). */
  public int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      return -1;
    }
    return process.exitValue();
  }

  /** What SIPp printed (its last screen and errors), for assertion messages. */
  public String output() {
    try {
      String out = Files.readString(log, StandardCharsets.ISO_8859_1);
      return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }

  public static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
