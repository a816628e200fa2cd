package dev.earshot.telephony.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** This JVM's open sockets as {@code ss} (iproute2) lists them: for tests that check none is leaked. */
public final class OwnSockets {
  private OwnSockets() {}

  /** The lines {@code ss -uatnp} prints for this process's UDP and TCP sockets. */
  public static List<String> list() throws IOException {
    Process p = new ProcessBuilder("ss", "-uatnp").redirectErrorStream(true).start();
    String pid = "pid=" + ProcessHandle.current().pid() + ",";
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.contains(pid)).toList();
  }

  /** How many UDP and TCP sockets this process has open. */
  public static long count() throws IOException {
    return list().size();
  }
}
