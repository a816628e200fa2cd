package dev.earshot.telephony.netns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small network of Linux network namespaces joined by veth pairs, made by a test and torn down by
 * {@link #close()} (namespaces, links, processes started in them), even when the test failed. Addresses are
 * the caller's, from a private range used only inside the lab; a namespace has no route but those its test
 * gives it, so nothing sent in the lab can leave it.
 *
 * <p>Needs root and {@code ip} (iproute2); {@link #open} skips the test without them, except under {@code CI},
 * where {@code .ci/run} runs as root and installs iproute2 and iptables, so it fails instead.
 *
 * <pre>{@code
 * try (NetLab lab = NetLab.open("reach")) {
 *   String agent = lab.namespace("agent");
 *   lab.link(null, "10.231.7.1/30", agent, "10.231.7.2/30");   // null: the test's own (root) namespace
 *   Process p = lab.start(agent, logFile, "java", "-jar", "earshot.jar", "agent", "--host", "10.231.7.2");
 * }
 * }</pre>
 */
public final class NetLab implements AutoCloseable {
  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> rootLinks = new ArrayList<>();
  private final Deque<Process> processes = new ArrayDeque<>();
  private int links;

  private NetLab(String prefix) {
    this.prefix = prefix;
  }

  /**
   * A new lab whose namespaces and links are named {@code es<tag><pid>-…} (so parallel test JVMs and a
   * crashed earlier run cannot collide). Skips the test when namespaces cannot be made and {@code CI} is unset.
   */
  public static NetLab open(String tag) {
    String why = unavailable();
    if (why != null && System.getenv("CI") != null) fail("network namespaces unavailable under CI: " + why + " (.ci/run runs as root and installs iproute2 iptables)");
    Assumptions.assumeTrue(why == null, "network namespaces unavailable: " + why);
    String t = tag.replaceAll("[^a-z0-9]", "");
    return new NetLab("es" + t.substring(0, Math.min(3, t.length())) + (ProcessHandle.current().pid() % 100000));
  }

  private static String unavailable() {
    try {
      Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "'ip netns list' failed: " + out.strip();
      if (!"root".equals(System.getProperty("user.name"))) return "not root";
      return null;
    } catch (IOException e) {
      return "no 'ip' command (apt-get install iproute2)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Makes a namespace with its loopback up; returns its name. */
  public String namespace(String name) {
    String ns = prefix + "-" + name;
    run("ip", "netns", "add", ns);
    namespaces.add(ns);
    in(ns, "ip", "link", "set", "lo", "up");
    return ns;
  }

  /**
   * A veth pair from namespace {@code a} (null: the test's own) with address {@code addrA} (CIDR) to {@code b}
   * with {@code addrB}, both ends up. Returns the two interface names, a's first.
   */
  public String[] link(String a, String addrA, String b, String addrB) {
    int n = links++;
    String ifA = prefix + "a" + n, ifB = prefix + "b" + n;
    if (ifA.length() > 15) throw new IllegalStateException("interface name too long: " + ifA);
    List<String> cmd = new ArrayList<>(List.of("ip", "link", "add", ifA));
    if (a != null) cmd.addAll(List.of("netns", a));
    cmd.addAll(List.of("type", "veth", "peer", "name", ifB, "netns", b));
    run(cmd.toArray(String[]::new));
    if (a == null) rootLinks.add(ifA);
    for (String[] end : new String[][] {{a, ifA, addrA}, {b, ifB, addrB}}) {
      if (end[2] != null) in(end[0], "ip", "addr", "add", end[2], "dev", end[1]);
      in(end[0], "ip", "link", "set", end[1], "up");
    }
    return new String[] {ifA, ifB};
  }

  /** Runs a command in namespace {@code ns} (null: the test's own) and waits for it; fails the test if it fails. */
  public String in(String ns, String... command) {
    List<String> cmd = new ArrayList<>();
    if (ns != null) cmd.addAll(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    return run(cmd.toArray(String[]::new));
  }

  /** Starts a long-running command in {@code ns}, its output to {@code log}; {@link #close()} ends it. */
  public Process start(String ns, Path log, List<String> command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.push(p);
    return p;
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + ": no end within 30 s");
      }
      if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out.strip());
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
    }
  }

  /** Ends every process started in the lab, then deletes its links and namespaces; extra failures are suppressed on the first. */
  @Override
  public void close() {
    RuntimeException first = null;
    while (!processes.isEmpty()) {
      Process p = processes.pop();
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String link : rootLinks) {
      try {
        run("ip", "link", "del", link);
      } catch (RuntimeException e) {
        // gone with its peer's namespace already
      }
    }
    for (String ns : namespaces) {
      try {
        run("ip", "netns", "del", ns);
      } catch (RuntimeException e) {
        if (first == null) first = e;
        else first.addSuppressed(e);
      }
    }
    if (first != null) throw first;
  }
}
