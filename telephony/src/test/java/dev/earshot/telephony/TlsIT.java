package dev.earshot.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.telephony.netns.TestCerts;
import dev.earshot.telephony.sip.SipCallFailed;
import dev.earshot.telephony.sip.SipEnd;
import dev.earshot.telephony.sip.SipSettings;
import dev.earshot.telephony.sip.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIP over TLS between two user agents on loopback, with certificates from a test CA made by keytool. */
class TlsIT {
  @TempDir static Path dir;
  private static TestCerts certs;
  private static Path agent;
  private static Path wrongName;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCerts.ca(dir);
    agent = certs.issue("agent", "agent.bank.test", "ip:127.0.0.1,dns:agent.bank.test");
    wrongName = certs.issue("other", "other.bank.test", "ip:127.0.0.2,dns:other.bank.test");
  }

  private static Telephony callee(Path cert, boolean pem) {
    TlsSettings server = pem ? new TlsSettings(null, false, dir.resolve("agent.pem"), dir.resolve("agent.key"), null, false)
        : new TlsSettings(null, false, cert, null, TestCerts.PASSWORD, false);
    Telephony t = Telephony.start(Addressing.bindTo("127.0.0.1"), "callee", 2, SipSettings.DEFAULT.withTls(server, 0));
    t.onIncomingCall(offer -> offer.accept());
    return t;
  }

  private static Telephony caller(TlsSettings tls) {
    return Telephony.start(Addressing.bindTo("127.0.0.1"), "caller", 1, SipSettings.DEFAULT.withTls(tls, 0));
  }

  private static String uri(Telephony callee, String scheme) {
    return scheme.equals("sips") ? "sips:callee@127.0.0.1:" + callee.tlsPort() : "sip:callee@127.0.0.1:" + callee.tlsPort() + ";transport=tls";
  }

  @Test
  void aCallOverTlsWithTheCaTrustedCarriesMediaAndSaysWhoWasChecked() throws Exception {
    try (Telephony b = callee(agent, false); Telephony a = caller(new TlsSettings(certs.caPem(), false, null, null, null, false))) {
      Call call = a.dial(uri(b, "sips"), Map.of()).get(10, TimeUnit.SECONDS);
      float[] tone = new float[1600];
      for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(i * 0.3));
      call.media().play(new Pcm(8000, tone)).done().get(3, TimeUnit.SECONDS);
      assertTrue(call.events().stream().anyMatch(e -> e.kind().equals("TLS") && e.detail().contains("valid for 127.0.0.1")), call.events().toString());
      call.hangup();
      assertEquals(SipEnd.localBye(), call.ended().get(3, TimeUnit.SECONDS));
    }
  }

  @Test
  void aPemCertificateAndKeyServeAsWellAsPkcs12() throws Exception {
    try (Telephony b = callee(null, true); Telephony a = caller(new TlsSettings(certs.caPem(), false, null, null, null, false))) {
      Call call = a.dial(uri(b, "sip"), Map.of()).get(10, TimeUnit.SECONDS);
      call.hangup();
    }
  }

  @Test
  void anUntrustedChainIsOneSentenceNamingTheCertificateAndTheFix() throws Exception {
    try (Telephony b = callee(agent, false); Telephony a = caller(TlsSettings.DEFAULT)) { // the JDK's trust store: our test CA is not in it
      String cause = failure(a.dial(uri(b, "sips"), Map.of()));
      assertTrue(cause.startsWith("TLS: the certificate of 127.0.0.1:" + b.tlsPort() + " (CN=agent.bank.test, issued by CN=Earshot Test CA) is not trusted: "
          + "no chain to a trusted CA; pass --ca FILE"), cause);
    }
  }

  @Test
  void aCertificateForAnotherNameIsRefusedNamingBoth() throws Exception {
    try (Telephony b = callee(wrongName, false); Telephony a = caller(new TlsSettings(certs.caPem(), false, null, null, null, false))) {
      String cause = failure(a.dial(uri(b, "sips"), Map.of()));
      assertTrue(cause.startsWith("TLS: the certificate of 127.0.0.1:" + b.tlsPort() + " (CN=other.bank.test, issued by CN=Earshot Test CA) is for "), cause);
      assertTrue(cause.endsWith(", not 127.0.0.1"), cause);
    }
  }

  @Test
  void insecureAcceptsAnyCertificateAndSaysSoInTheCall() throws Exception {
    try (Telephony b = callee(wrongName, false); Telephony a = caller(new TlsSettings(null, true, null, null, null, false))) {
      Call call = a.dial(uri(b, "sips"), Map.of()).get(10, TimeUnit.SECONDS);
      assertTrue(call.events().stream().anyMatch(e -> e.kind().equals("TLS") && e.detail().contains("not checked (--insecure)")), call.events().toString());
      call.hangup();
    }
  }

  private static String failure(CompletableFuture<Call> dial) throws Exception {
    try {
      dial.get(15, TimeUnit.SECONDS).hangup();
      throw new AssertionError("the call was set up");
    } catch (ExecutionException e) {
      return ((SipCallFailed) e.getCause()).end().cause();
    }
  }
}
