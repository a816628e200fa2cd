package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.sip.SipCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipOptionsTest {
  @TempDir Path dir;

  @Test
  void aSecretsFileHoldsAccountsPerRealm() throws Exception {
    Path f = Files.writeString(dir.resolve("sip.secrets"), """
        # the default account answers any realm
        username = alice
        password = p=w  with spaces

        [pbx.example.com]
        username=bob
        password=hunter2
        """);
    List<SipCredentials> accounts = SipOptions.readSecrets(f);
    assertEquals(List.of(new SipCredentials("alice", "p=w  with spaces", null), new SipCredentials("bob", "hunter2", "pbx.example.com")), accounts);
  }

  @Test
  void aMalformedSecretsFileNamesTheLineAndNeverEchoesAValue() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.secrets"), "username = alice\npasword = hunter2\n");
    BadInputException e = assertThrows(BadInputException.class, () -> SipOptions.readSecrets(f));
    assertEquals(f + ":2: expected 'username = ...' or 'password = ...', found key 'pasword'", e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
    Path g = Files.writeString(dir.resolve("half.secrets"), "[realm]\nusername = alice\n");
    e = assertThrows(BadInputException.class, () -> SipOptions.readSecrets(g));
    assertEquals(g + ":1: this account has no 'password = ...' line", e.getMessage());
    e = assertThrows(BadInputException.class, () -> SipOptions.readSecrets(dir.resolve("missing")));
    assertTrue(e.getMessage().endsWith("missing: no such file; expected a secrets file with username and password lines"), e.getMessage());
  }

  @Test
  void theEnvironmentGivesOneAccountAndBothHalvesAreNeeded() {
    assertEquals(List.of(new SipCredentials("carol", "pw", "r")),
        SipOptions.fromEnvironment(Map.of("EARSHOT_SIP_USERNAME", "carol", "EARSHOT_SIP_PASSWORD", "pw", "EARSHOT_SIP_REALM", "r")));
    assertEquals(List.of(), SipOptions.fromEnvironment(Map.of()));
    BadInputException e = assertThrows(BadInputException.class, () -> SipOptions.fromEnvironment(Map.of("EARSHOT_SIP_PASSWORD", "pw")));
    assertEquals("environment: EARSHOT_SIP_USERNAME and EARSHOT_SIP_PASSWORD must be set together (found only EARSHOT_SIP_PASSWORD)", e.getMessage());
  }

  @Test
  void aBadProxyOrTransportIsOneLine() {
    SipOptions o = new SipOptions();
    o.transport = "udp";
    o.outboundProxy = "proxy.example.com";
    BadInputException e = assertThrows(BadInputException.class, () -> o.settings(Map.of()));
    assertEquals("--outbound-proxy: expected host:port, host:port/tcp or host:port/tls, found 'proxy.example.com'", e.getMessage());
    o.outboundProxy = "proxy.example.com:5060/tcp";
    o.transport = "sctp";
    e = assertThrows(BadInputException.class, () -> o.settings(Map.of()));
    assertEquals("--transport: expected udp, tcp or tls, found sctp", e.getMessage());
    o.transport = "TCP";
    assertEquals("tcp", o.settings(Map.of()).transport());
  }

  @Test
  void srtpOptionsAreCheckedBeforeAnyCall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    SipOptions o = new SipOptions();
    o.transport = "udp";
    o.srtp = "mandatory";
    assertEquals("--srtp: expected off, optional or required, found 'mandatory'", assertThrows(BadInputException.class, () -> o.settings(Map.of())).getMessage());
    o.srtp = "Required";
    o.srtpKeyLog = dir;
    assertEquals("--srtp-key-log: " + dir + " is a directory; expected a file to append keys to",
        assertThrows(BadInputException.class, () -> o.settings(Map.of())).getMessage());
    o.srtpKeyLog = dir.resolve("nosuch/keys.log");
    assertEquals("--srtp-key-log: " + dir.resolve("nosuch") + ": no such directory", assertThrows(BadInputException.class, () -> o.settings(Map.of())).getMessage());
    o.srtpKeyLog = dir.resolve("keys.log");
    var s = o.settings(Map.of());
    assertEquals(dev.earshot.telephony.SrtpMode.REQUIRED, s.srtp());
    assertEquals(dir.resolve("keys.log"), s.srtpKeyLog());
    o.keepAlive = 5;
    assertEquals("--keepalive: expected 15..3600 seconds (longer than the 10 s a pong may take), or 0 for none, found 5",
        assertThrows(BadInputException.class, () -> o.settings(Map.of())).getMessage());
    o.keepAlive = 30;
    assertEquals(30, o.settings(Map.of()).keepAliveSeconds());
  }
}
