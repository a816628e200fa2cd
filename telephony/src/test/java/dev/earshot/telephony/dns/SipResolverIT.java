package dev.earshot.telephony.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.TelephonyException;
import dev.earshot.telephony.netns.Dnsmasq;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 3263 resolution against dnsmasq on loopback, serving only the records below (the .test domain, RFC 6761). */
class SipResolverIT {
  @TempDir static Path dir;
  private static Dnsmasq dns;

  @BeforeAll
  static void start() throws Exception {
    dns = Dnsmasq.onLoopback(dir, List.of("--local=/test/", // authoritative for .test: unknown names are NXDOMAIN
        // NAPTR prefers TCP (order 10) over UDP (order 20); two UDP servers share priority 10 by weight, a backup at 20
        "--naptr-record=pbx.test,20,10,S,SIP+D2U,,_sip._udp.pbx.test",
        "--naptr-record=pbx.test,10,10,S,SIP+D2T,,_sip._tcp.pbx.test",
        "--naptr-record=pbx.test,30,10,S,SIPS+D2T,,_sips._tcp.pbx.test",
        "--srv-host=_sip._tcp.pbx.test,edge.pbx.test,5070,10,0",
        "--srv-host=_sip._udp.pbx.test,a.pbx.test,5060,10,60",
        "--srv-host=_sip._udp.pbx.test,b.pbx.test,5062,10,40",
        "--srv-host=_sip._udp.pbx.test,backup.pbx.test,5064,20,0",
        "--host-record=edge.pbx.test,10.9.0.1", "--host-record=a.pbx.test,10.9.0.2", "--host-record=b.pbx.test,10.9.0.3",
        "--host-record=backup.pbx.test,10.9.0.4",
        // no NAPTR: SRV for UDP only
        "--srv-host=_sip._udp.srv-only.test,media.srv-only.test,5080,10,0", "--host-record=media.srv-only.test,10.9.1.1",
        // neither: the host's own address, port 5060
        "--host-record=plain.test,10.9.2.1",
        // SRV that says the service is not there
        "--srv-host=_sip._udp.none.test"));
  }

  @AfterAll
  static void stop() {
    if (dns != null) dns.close();
  }

  private static SipResolver.Resolution resolve(String uri, long seed) {
    return SipResolver.using(dns.server(), seed).resolve(uri);
  }

  @Test
  void naptrOrderChoosesTheTransportAndSrvPriorityTheServers() {
    List<SipResolver.Target> t = resolve("sip:agent@pbx.test", 1).targets();
    assertEquals("10.9.0.1:5070/tcp", t.get(0).toString(), "NAPTR order 10: TCP first " + t);
    assertEquals(List.of("10.9.0.2", "10.9.0.3"), List.of(t.get(1).address(), t.get(2).address()).stream().sorted().toList(), "then UDP priority 10");
    assertEquals("10.9.0.4:5064/udp", t.get(3).toString(), "priority 20 last");
    assertEquals(4, t.size(), "SIPS+D2T (TLS) is not a transport Earshot places calls over yet: " + t);
    assertTrue(t.get(0).how().startsWith("NAPTR 10 10 SIP+D2T -> _sip._tcp.pbx.test; SRV 10 0 5070 edge.pbx.test -> A 10.9.0.1"), t.get(0).how());
  }

  @Test
  void weightsOrderServersOfOnePriorityTheSameWayForTheSameSeed() {
    int aFirst = 0;
    for (long seed = 0; seed < 200; seed++) {
      List<SipResolver.Target> t = resolve("sip:agent@pbx.test", seed).targets();
      assertEquals(t, resolve("sip:agent@pbx.test", seed).targets(), "deterministic per seed");
      if (t.get(1).address().equals("10.9.0.2")) aFirst++;
    }
    // weight 60 against 40: RFC 2782 picks a first about 60% of the time
    assertTrue(aFirst > 95 && aFirst < 145, "a first in " + aFirst + " of 200");
  }

  @Test
  void withoutNaptrSrvIsAskedPerTransport() {
    SipResolver.Target t = resolve("sip:agent@srv-only.test", 1).targets().get(0);
    assertEquals("10.9.1.1:5080/udp", t.toString());
    assertTrue(t.how().startsWith("no NAPTR; SRV _sip._udp.srv-only.test"), t.how());
  }

  @Test
  void withNeitherTheHostsAddressOnPort5060() {
    assertEquals("10.9.2.1:5060/udp", resolve("sip:agent@plain.test", 1).targets().get(0).toString());
  }

  @Test
  void aPortOrTransportInTheUriSkipsNaptrAndSrv() {
    assertEquals("10.9.2.1:5099/udp", resolve("sip:agent@plain.test:5099", 1).targets().get(0).toString());
    assertEquals("10.9.2.1:5060/tcp", resolve("sip:agent@plain.test;transport=tcp", 1).targets().get(0).toString());
    assertEquals("192.0.2.7:5080/udp", resolve("sip:agent@192.0.2.7:5080", 1).targets().get(0).toString(), "a literal is not looked up");
  }

  @Test
  void aNameWithNoRecordIsOneLineNamingWhatWasAsked() {
    TelephonyException e = assertThrows(TelephonyException.class, () -> resolve("sip:agent@missing.test", 1));
    assertTrue(e.getMessage().startsWith("DNS: no NAPTR, SRV (_sip._udp, _sip._tcp) or A/AAAA record for missing.test (asked 127.0.0.1:"), e.getMessage());
    assertTrue(e.getMessage().contains("SRV _sip._udp.missing.test: none"), e.getMessage());
    assertThrows(TelephonyException.class, () -> resolve("sip:agent@none.test", 1), "an SRV target of '.' is no target");
  }
}
