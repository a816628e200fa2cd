package dev.earshot.telephony.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.sip.SipSession;
import dev.earshot.telephony.sip.SipSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5626 keep-alives over TCP: a far end that answers the CRLF pings (JAIN-SIP's own stack) keeps the call's
 * connection, and the call says only that pings went; one that never answers them (SIPp) has the connection
 * closed once the wait for a pong is over (2 s here, 10 s by default) and the call names why.
 */
class KeepAliveIT {
  static {
    System.setProperty("earshot.sip.pongSeconds", "2"); // RFC 5626's 10 s would make each case 20 s long
  }

  @TempDir Path dir;

  private static String keepAlive(Call call) {
    return call.events().stream().filter(e -> e.kind().equals("keep-alive")).map(SipSession.MidCallEvent::detail).toList().toString();
  }

  @Test
  void aFarEndThatAnswersThePingsKeepsItsConnection() throws Exception {
    try (Telephony callee = Telephony.start("127.0.0.1", 0, "callee", 2);
        Telephony caller = Telephony.start("127.0.0.1", 0, "caller", 1, SipSettings.DEFAULT.withKeepAlive(3))) {
      CompletableFuture<Call> answered = new CompletableFuture<>();
      callee.onIncomingCall(offer -> answered.complete(offer.accept()));
      Call call = caller.dial("sip:callee@127.0.0.1:" + callee.sipPort() + ";transport=tcp", Map.of()).get(5, TimeUnit.SECONDS);
      answered.get(5, TimeUnit.SECONDS);
      Thread.sleep(7_500); // pings at 3 s and 6 s; a missing pong would close the connection 2 s after its ping
      String events = keepAlive(call);
      assertTrue(events.contains("CRLF ping every 3 s on the TCP connection to 127.0.0.1:" + callee.sipPort() + " (RFC 5626)"), events);
      assertTrue(!events.contains("no pong"), events);
      call.hangup();
      assertEquals("local BYE", call.ended().get(3, TimeUnit.SECONDS).cause(), "the BYE went on the kept connection");
    }
  }

  @Test
  void aFarEndThatNeverAnswersThePingsIsNamed() throws Exception {
    Sipp.require();
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo", "-m", "1", "-t", "t1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 8, SipSettings.DEFAULT.withKeepAlive(3))) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("echo") + ";transport=tcp", Map.of()).get(5, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!keepAlive(call).contains("no pong") && System.nanoTime() < deadline) Thread.sleep(100);
      String events = keepAlive(call);
      assertTrue(events.matches("(?s).*no pong from 127\\.0\\.0\\.1:\\d+ within 2 s of ping \\d+: the TCP connection is gone .*"), events);
      call.hangup();
      call.ended().get(5, TimeUnit.SECONDS);
    }
  }
}
