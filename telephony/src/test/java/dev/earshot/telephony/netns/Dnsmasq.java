package dev.earshot.telephony.netns;

import dev.earshot.audio.ExternalTools;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dnsmasq (Debian {@code dnsmasq-base}) as a test's DNS server: answers only the records it is given
 * ({@code --naptr-record}, {@code --srv-host}, {@code --host-record}), forwards nothing anywhere (no upstream
 * servers, no resolv.conf), and listens on one address and port, optionally inside a {@link NetLab} namespace.
 */
public final class Dnsmasq implements AutoCloseable {
  private final Process process;
  private final String address;
  private final int port;

  private Dnsmasq(Process process, String address, int port) {
    this.process = process;
    this.address = address;
    this.port = port;
  }

  /** Skips the test without dnsmasq (fails under CI, which installs it). */
  public static void require() {
    ExternalTools.require("dnsmasq", "--version", "dnsmasq-base");
  }

  /** dnsmasq on 127.0.0.1 at a free port, with {@code records} (dnsmasq options such as {@code --srv-host=...}). */
  public static Dnsmasq onLoopback(Path dir, List<String> records) throws IOException, InterruptedException {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    return start(null, null, "127.0.0.1", port, dir, records);
  }

  /** dnsmasq in {@code ns} of {@code lab} on {@code address}:53. */
  public static Dnsmasq inNamespace(NetLab lab, String ns, String address, Path dir, List<String> records) throws IOException, InterruptedException {
    return start(lab, ns, address, 53, dir, records);
  }

  private static Dnsmasq start(NetLab lab, String ns, String address, int port, Path dir, List<String> records)
      throws IOException, InterruptedException {
    require();
    Path log = dir.resolve("dnsmasq-" + port + ".log");
    List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces",
        "--listen-address=" + address, "--port=" + port, "--pid-file=" + dir.resolve("dnsmasq-" + port + ".pid"), "--log-queries",
        "--log-facility=" + log, "--user=root"));
    cmd.addAll(records);
    Process p = lab == null ? new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.out").toFile()).start()
        : lab.start(ns, dir.resolve("dnsmasq.out"), cmd);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains("started")) return new Dnsmasq(p, address, port);
      if (!p.isAlive()) throw new IllegalStateException("dnsmasq exited " + p.exitValue() + ": " + Files.readString(dir.resolve("dnsmasq.out")));
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("dnsmasq did not start within 10 s");
  }

  /** {@code ADDRESS:PORT}, as {@code --dns} takes it. */
  public String server() {
    return address + ":" + port;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
