package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.corpora.Speech;
import dev.earshot.telephony.interop.Sipp;
import dev.earshot.telephony.netns.Dnsmasq;
import dev.earshot.telephony.netns.NetLab;
import dev.earshot.tools.agent.AgentConfig;
import dev.earshot.tools.agent.LabAgent;
import dev.earshot.tools.agent.ReferenceAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code earshot doctor} against a healthy agent and against each broken setup it must name, with its fix. */
class DoctorIT {
  @TempDir Path dir;
  private final Cli cli = new Cli();

  private String out() {
    return cli.out.toString();
  }

  @Test
  @DisplayName("a healthy agent: every check passes and the exit code is 0")
  void aHealthyAgentPasses() {
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0), Speech.synthesizer(Path.of("target/tts-cache")),
        Speech.transcriber(), t -> {})) {
      assertEquals(0, cli.run("doctor", agent.uri(), "--call-s", "2"), out());
    }
    for (String s : new String[] {"ok +options/udp +200 OK", "ok +nat +none seen", "ok +call +answered in [0-9.]+ ms, codec PCMU",
        "ok +media +\\d+ RTP packets from the agent at 127\\.0\\.0\\.1:", "A call to sip:agent@127\\.0\\.0\\.1:\\d+ can work\\."}) {
      assertTrue(out().matches("(?s).*" + s + ".*"), s + " in:\n" + out());
    }
  }

  @Test
  @DisplayName("SRTP: agreed both ways with an agent that requires it; refused with the reason and the fix without --srtp")
  void srtpAgreedOrRefusedWithTheFix() {
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0).withSrtp(dev.earshot.telephony.SrtpMode.REQUIRED),
        Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      assertEquals(0, cli.run("doctor", agent.uri(), "--call-s", "1", "--srtp", "required"), out());
      assertTrue(out().matches("(?s).*ok +srtp +AES_CM_128_HMAC_SHA1_80 both ways; \\d+ packets protected, 0 of the agent's failed authentication.*"), out());
      Cli plain = new Cli();
      assertEquals(Earshot.EXIT_FAILED, plain.run("doctor", agent.uri(), "--call-s", "1"), plain.out.toString());
      assertTrue(plain.out.toString().matches("(?s).*FAIL call +488 Not Acceptable Here \\(SRTP is required and the offer has no a=crypto.*"
          + "fix: the agent requires SRTP: pass --srtp required.*will fail: call\\..*"), plain.out.toString());
    }
  }

  @Test
  @DisplayName("a DNS name with no record: the look-ups made, and where to fix it")
  void aNameWithoutRecords() throws Exception {
    try (Dnsmasq dns = Dnsmasq.onLoopback(dir, List.of("--local=/test/", "--host-record=other.test,127.0.0.9"))) {
      assertEquals(1, cli.run("doctor", "sip:agent@missing.test", "--dns", dns.server()));
    }
    assertTrue(out().contains("DNS: no NAPTR, SRV (_sip._udp, _sip._tcp) or A/AAAA record for missing.test"), out());
    assertTrue(out().contains("fix: check the name, add the records (NAPTR/SRV/A) to its zone, or pass --dns"), out());
    assertTrue(out().contains("will fail: dns."), out());
  }

  @Test
  @DisplayName("a proxy that wants credentials: its 407 to OPTIONS and INVITE, and how to give them")
  void aProxyThatWantsCredentials() throws Exception {
    try (Sipp proxy = Sipp.start("proxy-wants-credentials.xml", dir, "-m", "2")) {
      Thread.sleep(300);
      assertEquals(1, cli.run("doctor", proxy.uri("agent"), "-t", "1"), out());
    }
    assertTrue(out().matches("(?s).*FAIL options/udp +407 Proxy Authentication Required.*"), out());
    assertTrue(out().matches("(?s).*FAIL call +407 Proxy Authentication Required: the agent asks for digest authentication \\(realm \"proxy.test\"\\) and no credentials were given.*"), out());
    assertTrue(out().contains("fix: pass --secrets FILE or set EARSHOT_SIP_USERNAME"), out());
  }

  @Test
  @DisplayName("a firewall that drops the agent's media: the call is answered, no RTP comes, and the ports to open")
  void aFirewallThatDropsTheAgentsMedia() throws Exception {
    try (NetLab lab = NetLab.open("doctor")) {
      String ns = lab.namespace("agent");
      lab.link(null, "10.231.9.1/24", ns, "10.231.9.2/24");
      lab.in(ns, "iptables", "-A", "OUTPUT", "-p", "udp", "--sport", "30000:30099", "-j", "DROP"); // its media, not its SIP
      LabAgent.start(lab, ns, dir.resolve("agent.log"), "--host", "10.231.9.2", "-p", "5080", "--rtp-ports", "30000-30099");
      assertEquals(1, cli.run("doctor", "sip:agent@10.231.9.2:5080", "--call-s", "2"), out());
    }
    assertTrue(out().matches("(?s).*ok   call +answered.*"), out());
    assertTrue(out().matches("(?s).*FAIL media +no RTP from the agent in 2.0 s \\(\\d+ packets sent to 10.231.9.2:300\\d\\d\\).*"), out());
    assertTrue(out().contains("fix: a firewall or NAT drops the agent's media"), out());
  }

  @Test
  @DisplayName("--register: a registrar that refuses the credentials stops the command before any call, in one line")
  void aRefusedRegistrationIsOneLine() throws Exception {
    Path secrets = dir.resolve("secrets.ini");
    Files.writeString(secrets, "username = alice\npassword = not-the-password\n");
    Files.setPosixFilePermissions(secrets, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (Sipp registrar = Sipp.start("registrar.xml", dir, "-m", "1")) {
      Thread.sleep(300);
      int code = cli.run("ping", "sip:agent@127.0.0.1:9", "--register", registrar.uri("").replace("sip:@", "sip:"), "--secrets", secrets.toString());
      assertEquals(1, code, cli.err.toString());
    }
    String err = cli.err.toString().strip();
    assertTrue(err.matches("earshot: registration at sip:127\\.0\\.0\\.1:\\d+ failed: 403 Forbidden: the registrar refused the credentials"), err);
    assertTrue(!err.contains("not-the-password") && !out().contains("not-the-password"), "the password is never printed");
  }

  @Test
  @DisplayName("TLS with an untrusted certificate: the certificate named, and --ca as the fix; with --ca the call works")
  void tlsWithAnUntrustedCertificate() throws Exception {
    dev.earshot.telephony.netns.TestCerts certs = dev.earshot.telephony.netns.TestCerts.ca(dir);
    Path cert = certs.issue("agent", "agent.bank.test", "ip:127.0.0.1");
    AgentConfig tls = AgentConfig.defaults().withPort(0)
        .withTls(new dev.earshot.telephony.sip.TlsSettings(null, false, cert, null, dev.earshot.telephony.netns.TestCerts.PASSWORD, false), 0);
    Cli trusted = new Cli();
    try (ReferenceAgent agent = ReferenceAgent.start(tls, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      assertEquals(1, cli.run("doctor", agent.tlsUri(), "--call-s", "1"), out());
      assertEquals(0, trusted.run("doctor", agent.tlsUri(), "--call-s", "1", "--ca", certs.caPem().toString()), trusted.out.toString());
    }
    assertTrue(out().matches("(?s).*FAIL options/tls +TLS: the certificate of 127\\.0\\.0\\.1:\\d+ \\(CN=agent\\.bank\\.test, issued by CN=Earshot Test CA\\) is not trusted: no chain to a trusted CA.*"), out());
    assertTrue(out().contains("fix: pass --ca FILE with the CA that issued the agent's certificate"), out());
    assertTrue(trusted.out.toString().matches("(?s).*ok +options/tls +200 OK.*ok +call +answered.*"), trusted.out.toString());
  }
}
