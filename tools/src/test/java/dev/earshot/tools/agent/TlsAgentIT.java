package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.earshot.telephony.netns.TestCerts;
import dev.earshot.telephony.sip.SipSettings;
import dev.earshot.telephony.sip.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (d): the demo suite's clean calls over SIP/TLS with mutual TLS and SRTP required, to the reference agent on
 * loopback, certificates from a test CA keytool makes. The keys (in the key log asked for) appear in no report,
 * capture or log of the run.
 */
class TlsAgentIT {
  @TempDir Path dir;

  @Test
  @DisplayName("(d) the demo suite over mutual TLS and SRTP: every turn passes, latency within 20 ms of the agent's clock, the agent's BYE comes back over TLS")
  void theDemoSuiteOverMutualTlsAndSrtp() throws Exception {
    TestCerts certs = TestCerts.ca(dir);
    Path agentCert = certs.issue("agent", "agent.bank.test", "ip:127.0.0.1,dns:agent.bank.test");
    Path earshotCert = certs.issue("earshot", "earshot.test", "ip:127.0.0.1");
    AgentConfig config = AgentConfig.defaults().withPort(0)
        .withTls(new TlsSettings(certs.caPem(), false, agentCert, null, TestCerts.PASSWORD, true), 0).withSrtp(dev.earshot.telephony.SrtpMode.REQUIRED);
    String text = Files.readString(Path.of("../examples/bank-demo.yaml")).replace("profiles: [clean, noisy-phone]", "profiles: [clean]");
    Suite suite = SuiteLoader.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "bank-demo-clean.yaml", Profiles.builtIn());
    Harness harness = Harness.create(Profiles.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    RunResult run;
    String refused;
    List<AgentTurn> truth;
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      SipSettings tls = SipSettings.DEFAULT.withTls(new TlsSettings(certs.caPem(), false, earshotCert, null, TestCerts.PASSWORD, false), 0)
          .withSrtp(dev.earshot.telephony.SrtpMode.REQUIRED, dir.resolve("srtp-keys.log"));
      run = harness.run(suite, RunOptions.defaults(agent.tlsUri(), dir.resolve("tls")).withConcurrency(5).withSip(tls), RunListener.NONE);
      truth = agent.turns();
      // the same agent refuses a caller without a client certificate, and says so
      Suite one = new Suite(suite.name(), suite.seed(), suite.trials(), suite.profiles(), suite.personas(), suite.intents(), suite.budgets(),
          suite.scenarios().subList(0, 1));
      RunResult anonymous = harness.run(one, RunOptions.defaults(agent.tlsUri(), dir.resolve("no-cert"))
          .withSip(SipSettings.DEFAULT.withTls(new TlsSettings(certs.caPem(), false, null, null, null, false), 0)), RunListener.NONE);
      refused = anonymous.calls().get(0).failure().message();
    }
    assertTrue(refused != null && refused.startsWith("TLS: 127.0.0.1:") && refused.contains("wants a client certificate it trusts (mutual TLS); pass --client-cert"),
        String.valueOf(refused));
    List<Double> errors = new ArrayList<>();
    for (CallResult c : run.calls()) {
      assertEquals(CallResult.COMPLETED, c.status(), c.id() + ": " + c.failure());
      assertTrue(c.sipEvents().stream().anyMatch(e -> e.kind().equals("TLS") && e.detail().contains("valid for 127.0.0.1")), c.id() + " " + c.sipEvents());
      assertEquals("AES_CM_128_HMAC_SHA1_80", c.rtp().srtp() == null ? null : c.rtp().srtp().suite(), c.id() + ": SRTP");
      assertEquals(0, c.rtp().srtp().authFailures(), c.id() + ": every packet of the agent's authenticated");
      if (c.turns().get(c.turns().size() - 1).expectedIntent().equals("goodbye")) assertEquals("remote BYE", c.endedBy(), c.id() + ": the agent's BYE over TLS");
      for (TurnResult t : c.turns()) {
        assertTrue(t.passed(), c.id() + " turn " + t.index() + ": " + t.heard());
        AgentTurn a = truth.stream().filter(x -> x.call().equals(c.id()) && x.turn() == t.index()).findFirst().orElseThrow();
        double truthMs = (a.firstVoicedSentUs() - (c.mediaStartEpochUs() + t.callerSpeechEndS() * 1e6)) / 1000.0;
        errors.add(t.latencyMs() - truthMs);
        assertEquals(truthMs, t.latencyMs(), 20, c.id() + " turn " + t.index());
      }
    }
    assertEquals(7, errors.size());
    // the keys: one line per call in the key log, and in no other file the run wrote (report, captures, recordings, logs)
    List<String> keys = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("srtp-keys.log"))) {
      if (line.startsWith("#")) continue;
      String[] f = line.split(" ");
      keys.add(f[4].substring("inline:".length()));
      keys.add(f[5].substring("inline:".length()));
    }
    assertEquals(2 * run.calls().size(), keys.size(), "a line per call");
    try (var files = Files.walk(dir.resolve("tls"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String k : keys) assertTrue(!content.contains(k), "an SRTP key in " + f);
        if (f.toString().endsWith(".pcap")) assertTrue(content.contains("RTP/SAVP") && content.contains("inline:****"), f + ": SDP with its keys blanked");
      }
    }
    System.out.println("(d) TLS + SRTP: 7/7 turns passed; latency error against the agent's clock: " + errors);
  }
}
