package dev.earshot.telephony.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.sip.SipCallFailed;
import dev.earshot.telephony.sip.SipCredentials;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digest authentication against SIPp: its scenario challenges the INVITE with 401 and checks the Authorization
 * Earshot sends back with SIPp's own digest verification ({@code verifyauth}); only a correct one is answered.
 */
class DigestAuthIT {
  private static final String PASSWORD = "s3cret-pass";
  @TempDir Path dir;
  private Telephony tel;

  @BeforeAll
  static void sippInstalled() {
    Sipp.require();
  }

  @BeforeEach
  void start() {
    tel = Telephony.start("127.0.0.1", 0, "earshot", 5);
  }

  @AfterEach
  void stop() {
    tel.close();
  }

  private Sipp sipp() throws Exception {
    Sipp s = Sipp.start("auth-digest.xml", dir, "-m", "1", "-rtp_echo");
    Thread.sleep(300);
    return s;
  }

  @Test
  void theRightCredentialsAnswerTheChallengeAndTheCallGoesThrough() throws Exception {
    tel.useCredentials(List.of(new SipCredentials("alice", PASSWORD, "earshot.test")));
    try (Sipp sipp = sipp()) {
      Call call = tel.dial(sipp.uri("secure"), Map.of()).get(10, TimeUnit.SECONDS);
      Thread.sleep(500);
      assertTrue(call.media().packetsReceived() > 10, "media flows after authentication");
      call.hangup();
      assertEquals("local BYE", call.ended().get(5, TimeUnit.SECONDS).cause());
      assertEquals(0, sipp.await(15), "SIPp verified the digest and saw the BYE:\n" + sipp.output());
    }
  }

  /**
   * The challenge's own dialog (same Call-ID, ended by the 401) is dropped by the stack a while after the
   * challenge; the authenticated call must outlive that and still end with Earshot's BYE, seen by SIPp.
   */
  @Test
  void aCallThatOutlivesItsChallengeStillEndsWithEarshotsBye() throws Exception {
    tel.useCredentials(List.of(new SipCredentials("alice", PASSWORD, "earshot.test")));
    try (Sipp sipp = sipp()) {
      Call call = tel.dial(sipp.uri("secure"), Map.of()).get(10, TimeUnit.SECONDS);
      Thread.sleep(10_000); // the stack ends the challenge's dialog 4 to 9 s after the 401 (measured)
      assertFalse(call.ended().isDone(), () -> "the call ended on its own: " + call.ended().join().cause());
      call.hangup();
      assertEquals("local BYE", call.ended().get(5, TimeUnit.SECONDS).cause());
      assertEquals(0, sipp.await(15), "SIPp saw the BYE:\n" + sipp.output());
    }
  }

  @Test
  void aWrongPasswordEndsTheCallWithTheAgentsAnswer() throws Exception {
    tel.useCredentials(List.of(new SipCredentials("alice", "not-the-password", null)));
    try (Sipp sipp = sipp()) {
      String cause = failure(tel.dial(sipp.uri("secure"), Map.of()));
      assertEquals("403 Forbidden", cause);
      assertEquals(0, sipp.await(15), "SIPp's verification failed, as it should:\n" + sipp.output());
    }
  }

  @Test
  void noCredentialsForTheRealmIsAPreciseFailure() throws Exception {
    tel.useCredentials(List.of(new SipCredentials("alice", PASSWORD, "another.realm")));
    try (Sipp sipp = sipp()) {
      String cause = failure(tel.dial(sipp.uri("secure"), Map.of()));
      assertEquals("401 Unauthorized: the agent asks for digest authentication (realm \"earshot.test\") and no credentials were given", cause);
      assertFalse(cause.contains(PASSWORD));
    }
  }

  @Test
  void credentialsNeverPrintTheirPassword() {
    String s = new SipCredentials("alice", PASSWORD, null).toString();
    assertFalse(s.contains(PASSWORD), s);
    assertTrue(s.contains("alice"), s);
  }

  private static String failure(java.util.concurrent.CompletableFuture<Call> dial) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> dial.get(10, TimeUnit.SECONDS));
    return e.getCause() instanceof SipCallFailed f ? f.end().cause() : String.valueOf(e.getCause());
  }

  /** RFC 3261 section 10 against a SIPp registrar that verifies the digest: register, refresh, unregister. */
  @Test
  void aRegistrationIsAuthenticatedRefreshedAndRemoved() throws Exception {
    tel.useCredentials(List.of(new SipCredentials("alice", PASSWORD, "registrar.test")));
    try (Sipp registrar = Sipp.start("registrar.xml", dir, "-m", "1")) {
      Thread.sleep(300);
      var reg = tel.register(registrar.uri("").replace("sip:@", "sip:"), 2);
      reg.registered().get(5, TimeUnit.SECONDS);
      assertEquals("sip:alice@127.0.0.1", reg.aor());
      assertEquals(2, reg.grantedSeconds(), "the registrar's Contact ;expires");
      Thread.sleep(1600);
      assertEquals(1, reg.refreshes(), "refreshed at half the granted time");
      tel.unregister(reg).get(5, TimeUnit.SECONDS);
      assertEquals(0, registrar.await(10), "SIPp verified the digest, the refresh and Expires: 0:\n" + registrar.output());
    }
  }

  @Test
  void aRegistrarThatRefusesTheCredentialsIsOneLine() throws Exception {
    tel.useCredentials(List.of(new SipCredentials("alice", "not-the-password", null)));
    try (Sipp registrar = Sipp.start("registrar.xml", dir, "-m", "1")) {
      Thread.sleep(300);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> tel.register(registrar.uri("").replace("sip:@", "sip:"), 2).registered().get(5, TimeUnit.SECONDS));
      String cause = ((SipCallFailed) e.getCause()).end().cause();
      assertTrue(cause.startsWith("registration at sip:127.0.0.1:") && cause.endsWith("failed: 403 Forbidden: the registrar refused the credentials"), cause);
    }
  }
}
