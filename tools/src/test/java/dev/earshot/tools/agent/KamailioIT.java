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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (c): the demo suite's clean calls through Kamailio, a SIP proxy and registrar nobody here wrote (Debian
 * {@code kamailio}, {@code kamailio-tls-modules}), on loopback ports of its own.
 */
class KamailioIT {
  @TempDir Path dir;

  /** What a run through Kamailio left: the results, the agent's ground truth, Kamailio's log. */
  private record Outcome(RunResult run, List<AgentTurn> truth, String log) {}

  /**
   * The demo suite's clean calls through Kamailio started from the test resource {@code config}, its
   * {@code @AGENT_PORT@} and each of {@code fill}'s placeholders filled in; {@code options} says how Earshot calls.
   */
  private Outcome throughKamailio(String config, Map<String, String> fill, java.util.function.Function<ReferenceAgent, RunOptions> options)
      throws Exception {
    return throughKamailio(config, fill, options, AgentConfig.defaults().withPort(0), "");
  }

  /** As above, with this agent and {@code moreScenarios} appended to the clean demo suite's. */
  private Outcome throughKamailio(String config, Map<String, String> fill, java.util.function.Function<ReferenceAgent, RunOptions> options,
      AgentConfig agentConfig, String moreScenarios) throws Exception {
    Suite suite = SuiteLoader.parse((Files.readString(Path.of("../examples/bank-demo.yaml")).replace("profiles: [clean, noisy-phone]", "profiles: [clean]")
        + moreScenarios).getBytes(StandardCharsets.UTF_8), "bank-demo-clean.yaml", Profiles.builtIn());
    Harness harness = Harness.create(Profiles.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    try (ReferenceAgent agent = ReferenceAgent.start(agentConfig, Speech.synthesizer(Path.of("target/tts-cache")),
        Speech.transcriber(), t -> {})) {
      String cfg;
      try (InputStream in = KamailioIT.class.getResourceAsStream("/kamailio/" + config)) {
        cfg = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@AGENT_PORT@", String.valueOf(agent.port()));
      }
      for (Map.Entry<String, String> f : fill.entrySet()) cfg = cfg.replace(f.getKey(), f.getValue());
      Files.writeString(dir.resolve(config), cfg);
      Path out = dir.resolve("kamailio.log");
      Process kamailio = new ProcessBuilder("kamailio", "-DD", "-E", "-f", dir.resolve(config).toString(), "-P", dir.resolve("k.pid").toString())
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      RunResult run;
      try {
        Thread.sleep(1500);
        assertTrue(kamailio.isAlive(), "kamailio started: " + Files.readString(out));
        run = harness.run(suite, options.apply(agent).withConcurrency(5), RunListener.NONE); // every call at once: the calls wait on audio, not on the CPU
      } finally {
        Thread.sleep(300); // the unregistration's answer
        kamailio.destroy();
        kamailio.waitFor(10, TimeUnit.SECONDS);
      }
      return new Outcome(run, agent.turns(), Files.readString(out));
    }
  }

  /**
   * Every call challenged, authenticated and its ACK and BYE loose-routed (per Call-ID, not per message: under
   * load a 200 OK is retransmitted and ACKed again, which is the protocol working); every turn passed, within 20 ms
   * of the agent's clock; the agent's BYE after goodbye came back through the route set.
   */
  private static void assertEveryCallWentThrough(String setup, Outcome o) {
    // the calls Earshot placed (an inbound one is the agent's: routed to Earshot's binding, not challenged)
    List<String> calls = o.run().calls().stream().filter(c -> !c.scenario().equals(CALL_BACK)).map(CallResult::sipCallId).sorted().toList();
    assertEquals(calls, callIds(o.log(), "EARSHOT challenged INVITE "), "every call's INVITE challenged:\n" + o.log());
    assertEquals(calls, callIds(o.log(), "EARSHOT authenticated INVITE from alice "), "every call authenticated:\n" + o.log());
    List<String> all = o.run().calls().stream().map(CallResult::sipCallId).sorted().toList(); // the ACK and BYE of every dialog, whoever placed it
    assertEquals(all, callIds(o.log(), "EARSHOT loose-routed ACK "), "every call's ACK through the route set:\n" + o.log());
    assertEquals(all, callIds(o.log(), "EARSHOT loose-routed BYE "), "every call's BYE, Earshot's or the agent's, through the route set:\n" + o.log());
    for (CallResult c : o.run().calls()) {
      assertEquals(CallResult.COMPLETED, c.status(), c.id() + ": " + c.failure());
      if (c.turns().get(c.turns().size() - 1).expectedIntent().equals("goodbye")) assertEquals("remote BYE", c.endedBy(), c.id() + ": the agent's BYE");
      for (TurnResult t : c.turns()) {
        assertTrue(t.passed(), c.id() + " turn " + t.index() + ": " + t.heard());
        // the agent names the call it placed after the one that asked for it
        String agentName = c.scenario().equals(CALL_BACK) ? "call-me-back--clean-callback" : c.id();
        AgentTurn a = o.truth().stream().filter(x -> x.call().equals(agentName) && x.turn() == t.index()).findFirst().orElseThrow();
        double truthMs = (a.firstVoicedSentUs() - (c.mediaStartEpochUs() + t.callerSpeechEndS() * 1e6)) / 1000.0;
        assertEquals(truthMs, t.latencyMs(), 20, c.id() + " turn " + t.index());
        System.out.printf("%s %s turn %d: latency error %+.2f ms%n", setup, c.id(), t.index(), t.latencyMs() - truthMs);
      }
    }
  }

  private static int freePort(boolean tcp) throws java.io.IOException {
    if (tcp) {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        return s.getLocalPort();
      }
    }
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /**
   * (c): the demo suite's clean calls through Kamailio, a SIP proxy nobody here wrote (Debian {@code kamailio}),
   * on loopback: it challenges every INVITE for digest credentials, record-routes, and loose-routes the ACK and
   * BYE of each dialog, the agent's BYE back to Earshot included.
   */
  @Test
  @DisplayName("(c) through Kamailio with digest auth and record-route: every turn passes, latency within 20 ms of the agent's clock")
  void theDemoSuiteThroughKamailio() throws Exception {
    ExternalTools.require("kamailio", "-v", "kamailio");
    int proxyPort = freePort(false);
    SipSettings viaProxy = new SipSettings(List.of(new SipCredentials("alice", "s3cret-pass", "proxy.test")), "127.0.0.1:" + proxyPort, "udp");
    Outcome o = throughKamailio("proxy.cfg", Map.of("@PROXY_PORT@", String.valueOf(proxyPort)),
        agent -> RunOptions.defaults(agent.uri(), dir.resolve("run")).withSip(viaProxy));
    assertEveryCallWentThrough("(c)", o);
  }

  /**
   * (c), the rest: Kamailio as the registrar and a TLS outbound proxy, the way an SBC or a PBX fronts an agent.
   * Earshot registers over TLS (digest), calls through it (digest again, the proxy's certificate checked against a
   * test CA), Kamailio record-routes from its TLS side to the agent's UDP side (two Record-Route entries), the
   * dialog's ACK and BYE follow them (the agent's BYE to Earshot's TLS listener, which has a certificate of its
   * own); at the end Earshot removes its binding.
   */
  @Test
  @DisplayName("(c) Kamailio as registrar and TLS proxy: registered with digest over TLS, every turn passes through it, unregistered at the end")
  void theDemoSuiteThroughKamailioAsRegistrarOverTls() throws Exception {
    ExternalTools.require("kamailio", "-v", "kamailio");
    boolean tlsModule = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so"));
    if (System.getenv("CI") != null) assertTrue(tlsModule, "kamailio-tls-modules is not installed, and CI installs it");
    org.junit.jupiter.api.Assumptions.assumeTrue(tlsModule, "kamailio-tls-modules is not installed (apt-get install kamailio-tls-modules)");
    dev.earshot.telephony.netns.TestCerts certs = dev.earshot.telephony.netns.TestCerts.ca(dir);
    certs.issue("kamailio", "proxy.test", "ip:127.0.0.1");
    Path earshotCert = certs.issue("earshot", "earshot.test", "ip:127.0.0.1");
    int tlsPort = freePort(true), udpPort = freePort(false);
    Files.writeString(dir.resolve("tls.cfg"), String.join("\n", "[server:default]", "method = TLSv1.2+", "verify_certificate = no",
        "require_certificate = no", "private_key = " + dir.resolve("kamailio.key"), "certificate = " + dir.resolve("kamailio.pem"), "",
        "[client:default]", "method = TLSv1.2+", "verify_certificate = no", "require_certificate = no", ""));
    SipSettings settings = new SipSettings(List.of(new SipCredentials("alice", "s3cret-pass", "proxy.test")), "127.0.0.1:" + tlsPort + "/tls", "udp")
        .withTls(new dev.earshot.telephony.sip.TlsSettings(certs.caPem(), false, earshotCert, null, dev.earshot.telephony.netns.TestCerts.PASSWORD, false), 0)
        .withRegistrar("sips:127.0.0.1:" + tlsPort, 300);
    // the agent's own URI; every request leaves for the outbound proxy over TLS, whose certificate must name 127.0.0.1
    // and a caller who asks to be called back: the agent calls alice at the registrar, Kamailio routes the call to
    // Earshot's binding (over TLS, to Earshot's listener), Earshot answers it in an inbound scenario
    String callBack = String.join("\n", "", "  - name: call-me-back", "    headers: {X-Call-Me-Back: \"yes\"}", "    turns:",
        "      - say: I would like to check my account balance.", "        expect: {intent: check_balance}",
        "  - name: " + CALL_BACK, "    call: inbound", "    wait_s: 120", "    turns:", "      - say: How much money is in my account?",
        "        expect: {intent: check_balance}", "");
    Outcome o = throughKamailio("registrar-tls.cfg", Map.of("@TLS_PORT@", String.valueOf(tlsPort), "@UDP_PORT@", String.valueOf(udpPort),
        "@TLS_CFG@", dir.resolve("tls.cfg").toString()), agent -> RunOptions.defaults(agent.uri(), dir.resolve("run")).withSip(settings),
        AgentConfig.defaults().withPort(0).withCallBack("sip:alice@127.0.0.1:" + udpPort), callBack);
    CallResult back = o.run().calls().stream().filter(c -> c.scenario().equals(CALL_BACK)).findFirst().orElseThrow();
    assertTrue(o.log().contains("EARSHOT routed INVITE " + back.sipCallId() + " to the registered sip:earshot@127.0.0.1:"), "the agent's call went to Earshot's binding:\n" + o.log());
    assertTrue(o.log().matches("(?s).*EARSHOT challenged REGISTER .*EARSHOT registered sip:alice@127\\.0\\.0\\.1 contact <sips?:[^>]+>\\S* expires 300 over tls.*"),
        "registered with digest over TLS:\n" + o.log());
    assertTrue(o.log().matches("(?s).*EARSHOT registered sip:alice@127\\.0\\.0\\.1 contact .* expires 0 over tls.*"), "unregistered at the end:\n" + o.log());
    assertTrue(o.log().matches("(?s).*EARSHOT authenticated INVITE from alice \\S+ over tls.*"), o.log());
    for (CallResult c : o.run().calls()) {
      if (c.scenario().equals(CALL_BACK)) continue; // Kamailio connected to Earshot: nothing of Earshot's checked a certificate
      assertTrue(c.sipEvents().stream().anyMatch(e -> e.kind().equals("TLS") && e.detail().contains("valid for 127.0.0.1")), c.id() + " " + c.sipEvents());
    }
    assertEveryCallWentThrough("(c) registrar+TLS", o);
  }

  /** The inbound scenario of the registrar test: the agent's call back, answered by Earshot. */
  private static final String CALL_BACK = "the-call-back";

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
