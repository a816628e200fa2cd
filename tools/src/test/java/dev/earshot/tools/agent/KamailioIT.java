package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.ExternalTools;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import dev.earshot.telephony.sip.SipCredentials;
import dev.earshot.telephony.sip.SipSettings;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (c): the demo suite's clean calls through Kamailio, a SIP proxy nobody here wrote (Debian {@code kamailio}),
 * on loopback: it challenges every INVITE for digest credentials, record-routes, and loose-routes the ACK and
 * BYE of each dialog, the agent's BYE back to Earshot included.
 */
class KamailioIT {
  @TempDir Path dir;

  @Test
  @DisplayName("(c) through Kamailio with digest auth and record-route: every turn passes, latency within 20 ms of the agent's clock")
  void theDemoSuiteThroughKamailio() throws Exception {
    ExternalTools.require("kamailio", "-v", "kamailio");
    Suite suite = SuiteLoader.parse(Files.readString(Path.of("../examples/bank-demo.yaml")).replace("profiles: [clean, noisy-phone]", "profiles: [clean]")
        .getBytes(StandardCharsets.UTF_8), "bank-demo-clean.yaml", Profiles.builtIn());
    Harness harness = Harness.create(Profiles.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    RunResult run;
    List<AgentTurn> truth;
    String log;
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0), Speech.synthesizer(Path.of("target/tts-cache")),
        Speech.transcriber(), t -> {})) {
      int proxyPort;
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
        proxyPort = s.getLocalPort();
      }
      String cfg;
      try (InputStream in = KamailioIT.class.getResourceAsStream("/kamailio/proxy.cfg")) {
        cfg = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Files.writeString(dir.resolve("proxy.cfg"), cfg.replace("@PROXY_PORT@", String.valueOf(proxyPort)).replace("@AGENT_PORT@", String.valueOf(agent.port())));
      Path out = dir.resolve("kamailio.log");
      Process kamailio = new ProcessBuilder("kamailio", "-DD", "-E", "-f", dir.resolve("proxy.cfg").toString(), "-P", dir.resolve("k.pid").toString())
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try {
        Thread.sleep(1500);
        assertTrue(kamailio.isAlive(), "kamailio started: " + Files.readString(out));
        SipSettings viaProxy = new SipSettings(List.of(new SipCredentials("alice", "s3cret-pass", "proxy.test")), "127.0.0.1:" + proxyPort, "udp");
        run = harness.run(suite, RunOptions.defaults(agent.uri(), dir.resolve("run")).withConcurrency(2).withSip(viaProxy), RunListener.NONE);
        truth = agent.turns();
      } finally {
        kamailio.destroy();
        kamailio.waitFor(10, TimeUnit.SECONDS);
      }
      log = Files.readString(out);
    }
    // per call (Call-ID), not per message: under load a 200 OK is retransmitted and ACKed again, which is the protocol working
    List<String> calls = run.calls().stream().map(CallResult::sipCallId).sorted().toList();
    assertEquals(calls, callIds(log, "EARSHOT challenged INVITE "), "every call's INVITE challenged:\n" + log);
    assertEquals(calls, callIds(log, "EARSHOT authenticated INVITE from alice "), "every call authenticated:\n" + log);
    assertEquals(calls, callIds(log, "EARSHOT loose-routed ACK "), "every call's ACK through the route set:\n" + log);
    assertEquals(calls, callIds(log, "EARSHOT loose-routed BYE "), "every call's BYE, Earshot's or the agent's, through the route set:\n" + log);
    for (CallResult c : run.calls()) {
      assertEquals(CallResult.COMPLETED, c.status(), c.id() + ": " + c.failure());
      for (TurnResult t : c.turns()) {
        assertTrue(t.passed(), c.id() + " turn " + t.index() + ": " + t.heard());
        AgentTurn a = truth.stream().filter(x -> x.call().equals(c.id()) && x.turn() == t.index()).findFirst().orElseThrow();
        double truthMs = (a.firstVoicedSentUs() - (c.mediaStartEpochUs() + t.callerSpeechEndS() * 1e6)) / 1000.0;
        assertEquals(truthMs, t.latencyMs(), 20, c.id() + " turn " + t.index());
        System.out.printf("(c) %s turn %d: latency error %+.2f ms%n", c.id(), t.index(), t.latencyMs() - truthMs);
      }
    }
  }

  /** The distinct Call-IDs of the log lines that start with {@code what} (the Call-ID follows it), sorted. */
  private static List<String> callIds(String log, String what) {
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    for (String line : log.split("\n")) {
      int i = line.indexOf(what);
      if (i >= 0) ids.add(line.substring(i + what.length()).split("\\s+")[0]);
    }
    return List.copyOf(ids);
  }
}
