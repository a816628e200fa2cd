package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.Reports;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import dev.earshot.telephony.Addressing;
import dev.earshot.telephony.netns.Dnsmasq;
import dev.earshot.telephony.netns.NetLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo suite's clean profile (5 calls, 7 turns) against the reference agent where real agents are: on
 * another host, and behind NAT. Every host is a network namespace this test makes, joined by veth pairs with
 * addresses from 10.231.0.0/16 used only inside them, torn down afterwards; the agent (and in the NAT case
 * Earshot too) runs as its own process from {@code target/earshot.jar} inside its namespace. In each setup
 * every turn must pass and every latency agree with the agent's own clock within a frame, as on loopback.
 */
class ReachAgentsIT {
  /**
   * One 20 ms frame, plus 1 ms of transit through the namespaces: the agent decides which frame of its reply is
   * the first voiced one on the frame it encodes, Earshot on the frame it decodes, and through Opus (the lost-card
   * call) the two can fall on either side of the voice threshold one frame apart (seen once in (e): -20.4 ms, with
   * every other turn's error under 0.5 ms).
   */
  private static final double TOLERANCE_MS = 21;

  @TempDir Path dir;

  /**
   * (a) and (b): one agent in its own namespace, with dnsmasq beside it serving bank.test: a NAPTR to
   * {@code _sip._udp.bank.test}, whose SRV records name a dead server first (priority 10, an address nobody has)
   * and the agent second (priority 20).
   */
  @Test
  @DisplayName("(a) an agent on another host by its address, (b) by a DNS name: NAPTR, SRV, failover from a dead server")
  void agentOnAnotherHostByAddressAndByName() throws Exception {
    try (NetLab lab = NetLab.open("reach")) {
      String agentNs = lab.namespace("agent");
      lab.link(null, "10.231.7.1/24", agentNs, "10.231.7.2/24");
      Process agent = LabAgent.start(lab, agentNs, dir.resolve("agent.log"), "--host", "10.231.7.2", "-p", "5080", "--rtp-ports", "30000-30099");
      Dnsmasq dns = Dnsmasq.inNamespace(lab, agentNs, "10.231.7.2", dir, List.of("--local=/test/",
          "--naptr-record=bank.test,10,10,S,SIP+D2U,,_sip._udp.bank.test",
          "--srv-host=_sip._udp.bank.test,dead.bank.test,5080,10,0", "--srv-host=_sip._udp.bank.test,agent.bank.test,5080,20,0",
          "--host-record=dead.bank.test,10.231.7.3", "--host-record=agent.bank.test,10.231.7.2"));
      Suite suite = SuiteLoader.load(cleanDemoSuite(), Profiles.builtIn());
      Harness harness = Harness.create(Profiles.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
      // the five calls at once: they wait on audio, not on the CPU (two runs at two at a time kept the 2 cores 24% busy)
      RunOptions options = RunOptions.defaults("sip:agent@10.231.7.2:5080", dir.resolve("a")).withConcurrency(5)
          .withAddressing(Addressing.AUTO.withRtpPorts(40000, 40199), null, null);
      RunResult run = harness.run(suite, options, RunListener.NONE);
      RunOptions byName = RunOptions.defaults("sip:agent@bank.test", dir.resolve("b")).withConcurrency(5)
          .withSip(dev.earshot.telephony.sip.SipSettings.DEFAULT.withDns(dns.server()));
      RunResult named = harness.run(suite, byName, RunListener.NONE);
      List<AgentTurn> truth = LabAgent.turns(dir.resolve("agent.log"));
      assertTrue(agent.isAlive(), "agent still running");
      for (CallResult c : run.calls()) {
        CallResult.PathStats p = c.path();
        assertEquals("10.231.7.1", p.local(), c.id() + ": listens on the interface routed to the agent, not loopback");
        assertEquals("10.231.7.1", p.advertised(), c.id());
        assertFalse(p.latched(), c.id() + ": nothing to latch to on a plain path " + p);
        assertNull(p.mediaProbed(), c.id());
        int agentRtp = Integer.parseInt(p.mediaObserved().substring(p.mediaObserved().lastIndexOf(':') + 1));
        assertTrue(p.mediaObserved().startsWith("10.231.7.2:") && agentRtp >= 30000 && agentRtp <= 30099, c.id() + ": agent's --rtp-ports " + p);
        int ours = Integer.parseInt(p.localMedia().substring(p.localMedia().lastIndexOf(':') + 1));
        assertTrue(ours >= 40000 && ours <= 40199 && ours % 2 == 0, c.id() + ": Earshot's RTP within its range, even: " + p);
        assertEquals(0, c.rtp().ignoredFromStrangers(), c.id());
      }
      assertEveryTurnPassedOnTime("(a)", run, truth);
      for (CallResult c : named.calls()) {
        assertEquals("10.231.7.1", c.path().local(), c.id() + ": the route to the address the records gave");
        List<String> events = c.sipEvents().stream().map(e -> e.kind() + ": " + e.detail()).toList();
        assertEquals("failover: no response from 10.231.7.3:5080/udp within 2.0 s; trying 10.231.7.2:5080/udp", events.get(0), c.id() + " " + events);
        assertTrue(events.get(1).startsWith("DNS: 10.231.7.2:5080/udp (NAPTR 10 10 SIP+D2U -> _sip._udp.bank.test; SRV 20 0 5080 agent.bank.test"),
            c.id() + " " + events);
        assertTrue(c.setupMs() >= 2000, c.id() + ": setup includes the 2 s spent on the dead server: " + c.setupMs());
      }
      assertEveryTurnPassedOnTime("(b)", named, truth);
    }
  }

  @Test
  @DisplayName("(e) Earshot behind a NAT calls an agent whose SDP names its private address: probe, latch both ways, BYE back through the NAT")
  void behindNatToAnAgentAdvertisingItsPrivateAddress() throws Exception {
    try (NetLab lab = NetLab.open("nat")) {
      String caller = lab.namespace("caller");
      String nat = lab.namespace("nat");
      String agentNs = lab.namespace("agent");
      lab.link(caller, "10.231.1.2/24", nat, "10.231.1.1/24");
      String[] wan = lab.link(nat, "10.231.2.1/24", agentNs, "10.231.2.2/24");
      lab.in(caller, "ip", "route", "add", "default", "via", "10.231.1.1");
      lab.in(nat, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      lab.in(nat, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", wan[0], "-j", "MASQUERADE");
      // the agent's SIP is reachable, its SDP names 10.231.3.2, an address nobody has: only latching gets audio through;
      // its reports travel in SIP INFO, since Earshot's HTTP side channel sits behind the NAT
      LabAgent.start(lab, agentNs, dir.resolve("agent.log"), "--host", "10.231.2.2", "-p", "5080", "--media-address", "10.231.3.2", "--report-via", "info");
      Path out = dir.resolve("e");
      Process earshot = lab.start(caller, dir.resolve("earshot.log"), List.of("java", "-jar", LabAgent.JAR.toString(), "run", cleanDemoSuite().toString(),
          "--agent", "sip:agent@10.231.2.2:5080", "-j", "5", "--cache", Path.of("target/tts-cache").toAbsolutePath().toString(), "-o", out.toString()));
      assertTrue(earshot.waitFor(240, TimeUnit.SECONDS), "earshot run ended: " + Files.readString(dir.resolve("earshot.log")));
      String log = Files.readString(dir.resolve("earshot.log"));
      assertEquals(0, earshot.exitValue(), log);
      RunResult run = Reports.readJson(out.resolve(Reports.REPORT_JSON));
      List<AgentTurn> truth = LabAgent.turns(dir.resolve("agent.log"));
      for (CallResult c : run.calls()) {
        CallResult.PathStats p = c.path();
        assertEquals("10.231.1.2", p.local(), c.id());
        assertTrue(p.seenFrom() != null && p.seenFrom().startsWith("10.231.2.1:"), c.id() + ": the agent saw the NAT's address: " + p);
        assertTrue(p.mediaAdvertised().startsWith("10.231.3.2:"), c.id() + " " + p);
        assertTrue(p.latched() && p.mediaObserved().startsWith("10.231.2.2:"), c.id() + ": latched to where the agent's media came from: " + p);
        assertTrue(p.mediaProbed() != null && p.mediaProbed().startsWith("10.231.2.2:") && p.probePackets() > 0, c.id() + " " + p);
        if (c.turns().get(c.turns().size() - 1).expectedIntent().equals("goodbye")) {
          // the agent hangs up after goodbye: its BYE reached Earshot's private address through the NAT, by the learned Contact
          assertEquals("remote BYE", c.endedBy(), c.id());
        }
      }
      assertEveryTurnPassedOnTime("(e)", run, truth);
      // and earshot doctor, from behind the same NAT, names both things it got past
      int doctor = LabAgent.run(lab, caller, dir.resolve("doctor.log"), 60, "doctor", "sip:agent@10.231.2.2:5080");
      String report = Files.readString(dir.resolve("doctor.log"));
      assertEquals(0, doctor, report);
      assertTrue(report.matches("(?s).*warn nat +the agent sees Earshot at 10\\.231\\.2\\.1:.*"), report);
      assertTrue(report.contains("not the 10.231.3.2:") && report.contains("Earshot latched to where its media came from"), report);
      System.out.println("(e) NAT: " + run.calls().get(0).path());
      // the NAT forgets the media's binding mid-call (a DROP for what comes back, as after its UDP timeout): named with when
      Process late = lab.start(caller, dir.resolve("doctor-expiry.log"), List.of("java", "-jar", LabAgent.JAR.toString(), "doctor",
          "sip:agent@10.231.2.2:5080", "--call-s", "8"));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.readString(dir.resolve("doctor-expiry.log")).contains("ok   call") && System.nanoTime() < deadline) Thread.sleep(50);
      Thread.sleep(3000);
      lab.in(nat, "iptables", "-I", "FORWARD", "-i", wan[0], "-p", "udp", "!", "--sport", "5080", "-j", "DROP");
      assertTrue(late.waitFor(60, TimeUnit.SECONDS), "doctor ended");
      String expiry = Files.readString(dir.resolve("doctor-expiry.log"));
      assertEquals(1, late.exitValue(), expiry);
      // named with when: the drop came 3 s after the call was up; the agent's last packet before it may be a little
      // earlier when the agent's JVM is held up on a loaded machine (seen in CI: 2.9 s)
      assertTrue(expiry.matches("(?s).*FAIL media +one-way audio from (2\\.[5-9]|[3-4]\\.[0-9]) s into the call: the far end's RTP, steady until then .*"
          + "a NAT or firewall on the path dropping the media when its binding expired.*fix: a NAT or firewall between here and the agent forgets.*"), expiry);
      System.out.println("(e) NAT binding lost mid-call: " + expiry.lines().filter(l -> l.contains("FAIL media")).findFirst().orElse(""));
    }
  }

  /** Every clean-profile turn passed, and each latency is within {@link #TOLERANCE_MS} of the agent's ground truth. */
  private static void assertEveryTurnPassedOnTime(String setup, RunResult run, List<AgentTurn> truth) {
    assertEquals(5, run.calls().size(), setup);
    Map<String, List<AgentTurn>> byCall = truth.stream().collect(Collectors.groupingBy(AgentTurn::call));
    List<Double> errors = new ArrayList<>();
    for (CallResult c : run.calls()) {
      assertEquals(CallResult.COMPLETED, c.status(), setup + " " + c.id() + ": " + c.failure());
      for (TurnResult t : c.turns()) {
        assertTrue(t.passed(), setup + " " + c.id() + " turn " + t.index() + ": " + t.failure() + " heard: " + t.heard());
        long from = c.mediaStartEpochUs(), to = from + Math.round(c.durationS() * 1e6) + 1_000_000; // this run's call of that id
        AgentTurn a = byCall.getOrDefault(c.id(), List.of()).stream()
            .filter(x -> x.turn() == t.index() && x.firstVoicedSentUs() >= from && x.firstVoicedSentUs() <= to).findFirst()
            .orElseThrow(() -> new AssertionError(setup + ": agent logged no turn " + t.index() + " of " + c.id() + ": " + truth));
        double truthMs = (a.firstVoicedSentUs() - (c.mediaStartEpochUs() + t.callerSpeechEndS() * 1e6)) / 1000.0;
        errors.add(t.latencyMs() - truthMs);
        assertTrue(Math.abs(t.latencyMs() - truthMs) <= TOLERANCE_MS,
            setup + " " + c.id() + " turn " + t.index() + ": measured " + t.latencyMs() + " ms, agent's ground truth " + truthMs + " ms");
      }
    }
    assertEquals(7, errors.size(), setup + ": turns compared");
    System.out.printf("%s: 7/7 turns passed; latency error against the agent's clock: %s ms%n", setup,
        errors.stream().map(e -> String.format(java.util.Locale.ROOT, "%+.1f", e)).collect(Collectors.joining(", ")));
  }

  /** The demo suite with its clean profile only (noisy-phone fails turns by design). */
  private Path cleanDemoSuite() throws IOException {
    Path suite = dir.resolve("bank-demo-clean.yaml");
    if (!Files.exists(suite)) {
      String text = Files.readString(Path.of("../examples/bank-demo.yaml"));
      String clean = text.replace("profiles: [clean, noisy-phone]", "profiles: [clean]");
      if (clean.equals(text)) throw new IllegalStateException("examples/bank-demo.yaml no longer lists 'profiles: [clean, noisy-phone]'");
      Files.writeString(suite, clean.replaceFirst("# yaml-language-server: \\$schema=\\S+\n", ""));
    }
    return suite;
  }

}
