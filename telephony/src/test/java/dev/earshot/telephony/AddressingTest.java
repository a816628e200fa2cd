package dev.earshot.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressingTest {
  @Test
  @DisplayName("an agent on loopback is called from loopback, over IPv4 and IPv6, as before")
  void loopbackAgentsAreCalledFromLoopback() {
    assertEquals("127.0.0.1", Addressing.routeTo("127.0.0.1"));
    assertEquals("127.0.0.1", Addressing.routeTo("127.0.0.5"), "all of 127/8 is loopback");
    assertEquals("::1", Addressing.routeTo("[::1]"));
    assertEquals("127.0.0.1", Addressing.AUTO.towards("127.0.0.1").listenHost());
  }

  @Test
  void aGivenBindAddressWinsOverTheRoute() {
    Addressing a = Addressing.bindTo("127.0.0.2").towards("127.0.0.1");
    assertEquals("127.0.0.2", a.listenHost());
    assertEquals("127.0.0.2", a.advertisedHost());
    assertEquals("127.0.0.2", a.mediaHost());
  }

  @Test
  void aPublicAddressIsAdvertisedForSipAndMediaAMediaAddressForMediaOnly() {
    Addressing a = Addressing.AUTO.withAdvertised("[2001:db8::7]", 5062).towards("::1");
    assertEquals("::1", a.listenHost());
    assertEquals("2001:db8::7", a.advertisedHost(), "brackets come off");
    assertEquals(5062, a.advertisedPort());
    assertEquals("2001:db8::7", a.mediaHost());
    assertEquals("192.0.2.9", a.withMedia("192.0.2.9").mediaHost());
  }

  @Test
  void settlingIsRequiredBeforeTheListenAddressIsRead() {
    assertThrows(IllegalStateException.class, Addressing.AUTO::listenHost);
  }

  @Test
  void rtpRangesNeedRoomForAPair() {
    var e = assertThrows(IllegalArgumentException.class, () -> Addressing.AUTO.withRtpPorts(20000, 20000));
    assertTrue(e.getMessage().contains("20000-20000"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Addressing.AUTO.withRtpPorts(80, 200));
    assertTrue(Addressing.AUTO.withRtpPorts(20000, 20001).hasRtpRange());
  }

  @ParameterizedTest
  @CsvSource({
      "sip:agent@10.0.0.5:5080, 10.0.0.5",
      "sip:agent@pbx.example.com, pbx.example.com",
      "sip:agent@[2001:db8::5]:5080;transport=tcp, 2001:db8::5",
      "sip:[::1], ::1",
      "sips:ivr@host.example;transport=tls, host.example",
      "sip:10.0.0.9?subject=x, 10.0.0.9"})
  void theHostOfAUriIsWhatRequestsGoTo(String uri, String host) {
    assertEquals(host, Addressing.hostOf(uri));
  }

  @ParameterizedTest
  @CsvSource({
      "::1, ::1",
      "2001:db8:0:0:0:0:0:5, 2001:db8::5",
      "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
      "2001:0:0:1:0:0:0:0, 2001:0:0:1::",
      "2001:db8:1:2:3:4:0:6, 2001:db8:1:2:3:4:0:6",
      "fe80:0:0:0:0:0:0:1, fe80::1",
      "10.0.0.1, 10.0.0.1"})
  void addressesAreWrittenInTheirCanonicalText(String in, String canonical) throws Exception {
    assertEquals(canonical, Addressing.hostAddress(InetAddress.getByName(in)), "RFC 5952 section 4");
  }

  @Test
  void privateAddressesAreTheOnesOnlyTheirNetworkReaches() throws Exception {
    for (String p : new String[] {"10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.1.1", "fd00::1", "fe80::1"}) {
      assertTrue(Addressing.isPrivate(InetAddress.getByName(p)), p);
    }
    for (String p : new String[] {"192.0.2.1", "8.8.8.8", "100.128.0.1", "2001:db8::1", "127.0.0.1"}) {
      assertFalse(Addressing.isPrivate(InetAddress.getByName(p)), p);
    }
  }

  @Test
  void ipv6HostsAreBracketedInUris() {
    assertEquals("[::1]", Addressing.uriHost("::1"));
    assertEquals("[::1]", Addressing.uriHost("[::1]"));
    assertEquals("10.0.0.1", Addressing.uriHost("10.0.0.1"));
  }
}
