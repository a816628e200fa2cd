package dev.earshot.telephony.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.MediaProblem;
import dev.earshot.telephony.sip.SipCallFailed;
import dev.earshot.telephony.sip.SipEnd;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp scenarios that misbehave in the ways real peers do (test resources under {@code sipp/}). Each call must
 * end with a precise cause, quickly, and SIPp's own scenario must complete: that proves Earshot sent what the
 * protocol requires in reply (ACK, BYE, CANCEL).
 */
class HostileUasIT {
  @TempDir Path dir;
  private Telephony tel;

  @BeforeAll
  static void sipp() {
    Sipp.require();
  }

  @BeforeEach
  void start() {
    tel = Telephony.start("127.0.0.1", 0, "earshot", 11);
  }

  @AfterEach
  void stop() {
    tel.close();
  }

  private Sipp sipp(String scenario, String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "-m";
    all[1] = "1";
    System.arraycopy(args, 0, all, 2, args.length);
    Sipp s = Sipp.start(scenario, dir, all);
    Thread.sleep(300); // let it bind
    return s;
  }

  private SipEnd failure(CompletableFuture<Call> dial) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> dial.get(10, TimeUnit.SECONDS));
    Throwable cause = e.getCause();
    if (cause instanceof SipCallFailed f) return f.end();
    return new SipEnd(false, -1, cause.getMessage());
  }

  private static void completed(Sipp sipp) throws InterruptedException {
    assertEquals(0, sipp.await(15), "SIPp's scenario did not complete:\n" + sipp.output());
  }

  @Test
  void anAnswerWithoutSdpIsRefusedAndHungUp() throws Exception {
    try (Sipp sipp = sipp("hostile-no-sdp.xml")) {
      SipEnd end = failure(tel.dial(sipp.uri("x"), Map.of()));
      assertTrue(end.cause().contains("no SDP body"), end.cause());
      completed(sipp); // it got our ACK and our BYE
    }
  }

  @Test
  void anAnswerWithNoCommonCodecNamesWhatWasOffered() throws Exception {
    try (Sipp sipp = sipp("hostile-no-common-codec.xml")) {
      SipEnd end = failure(tel.dial(sipp.uri("x"), Map.of()));
      assertTrue(end.cause().contains("no common codec: the SDP offers payload types [18]"), end.cause());
      completed(sipp);
    }
  }

  @Test
  void anUnparseableSdpNamesTheLine() throws Exception {
    try (Sipp sipp = sipp("hostile-bad-sdp.xml")) {
      SipEnd end = failure(tel.dial(sipp.uri("x"), Map.of()));
      assertTrue(end.cause().matches(".*SDP line \\d+: expected numbers in 'm=audio audioport RTP/AVP 0'.*"), end.cause());
      completed(sipp);
    }
  }

  @Test
  void aByeRightAfterTheAnswerEndsTheCallAsNoAudio() throws Exception {
    try (Sipp sipp = sipp("hostile-early-bye.xml")) {
      Call call = tel.dial(sipp.uri("x"), Map.of()).get(5, TimeUnit.SECONDS);
      assertEquals(SipEnd.remoteBye(), call.ended().get(5, TimeUnit.SECONDS));
      assertTrue(call.mediaProblem() == null || call.mediaProblem().kind() == MediaProblem.Kind.NO_AUDIO, String.valueOf(call.mediaProblem()));
      completed(sipp); // it got 200 OK for its BYE
    }
  }

  @Test
  void aCallThatOnlyRingsIsCancelledAtTheRingTimeout() throws Exception {
    try (Sipp sipp = sipp("hostile-ring-forever.xml")) {
      long t0 = System.nanoTime();
      SipEnd end = failure(tel.dial(sipp.uri("x"), Map.of(), 1000, null));
      double s = (System.nanoTime() - t0) / 1e9;
      assertEquals("no answer within 1.0 s (CANCEL sent; 487 Request Terminated)", end.cause());
      assertEquals(487, end.status());
      assertTrue(s < 3, "ended after " + s + " s");
      completed(sipp); // it got CANCEL, and the ACK for its 487
    }
  }

  @Test
  void malformedResponsesAreSurvivedAndTheFinalOneReported() throws Exception {
    try (Sipp sipp = sipp("hostile-garbage-then-busy.xml")) {
      SipEnd end = failure(tel.dial(sipp.uri("x"), Map.of()));
      assertEquals("486 Busy Here", end.cause());
      completed(sipp);
    }
  }

  /** RFC 4475 section 3.1.1 in spirit: a valid but tortuous 200 OK (compact and folded headers, odd SDP) is a normal call. */
  @Test
  void aTortuousButValidAnswerIsANormalCall() throws Exception {
    try (Sipp sipp = sipp("torture-valid.xml", "-rtp_echo")) {
      Call call = tel.dial(sipp.uri("x"), Map.of()).get(5, TimeUnit.SECONDS);
      assertEquals(dev.earshot.telephony.rtp.WireCodec.PCMU, call.codec());
      float[] tone = new float[1600];
      for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(i * 0.2));
      call.media().play(new dev.earshot.audio.Pcm(8000, tone)).done().get(2, TimeUnit.SECONDS);
      Thread.sleep(200);
      assertEquals(null, call.mediaProblem(), "our tone comes back from the audio stream after the refused video one");
      call.hangup();
      assertEquals(SipEnd.localBye(), call.ended().get(3, TimeUnit.SECONDS));
      completed(sipp); // it got our ACK and our BYE
    }
  }

  /** RFC 4475 section 3.1.2 in spirit: responses that are not SIP never establish the call; the final 503 ends it. */
  @Test
  void invalidResponsesNeverEstablishTheCall() throws Exception {
    try (Sipp sipp = sipp("torture-invalid.xml")) {
      long t0 = System.nanoTime();
      SipEnd end = failure(tel.dial(sipp.uri("x"), Map.of()));
      assertEquals(503, end.status(), end.cause());
      assertTrue(end.cause().startsWith("503 Service Unavailable"), end.cause());
      assertTrue((System.nanoTime() - t0) / 1e9 < 3, "no waiting for timers");
      completed(sipp);
    }
    // and the user agent is still whole: its next exchange works
    try (Telephony other = Telephony.start("127.0.0.1", 0, "other", 12)) {
      assertEquals(200, tel.ping("sip:other@127.0.0.1:" + other.sipPort(), 2000).get(5, TimeUnit.SECONDS).status());
    }
  }

  @Test
  void earlyMediaIsHeardBeforeTheAnswer() throws Exception {
    AtomicLong heard = new AtomicLong();
    try (Sipp sipp = sipp("early-media.xml", "-rtp_echo")) {
      long t0 = System.nanoTime();
      Call call = tel.dial(sipp.uri("x"), Map.of(), 5000, new MediaListener() {
        @Override
        public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
          heard.incrementAndGet();
        }
      }).get(5, TimeUnit.SECONDS);
      long before = heard.get();
      double answeredAfter = (System.nanoTime() - t0) / 1e9;
      assertTrue(answeredAfter >= 1.4, "answered after " + answeredAfter + " s");
      assertTrue(before >= 50, "early media frames before the answer: " + before);
      call.hangup();
      completed(sipp);
    }
  }

  @Test
  void aRedirectIsFollowedToItsContact() throws Exception {
    try (Sipp target = sipp("uas", "-rtp_echo");
        Sipp redirect = sipp("redirect-302.xml", "-set", "target", String.valueOf(target.sipPort))) {
      Call call = tel.dial(redirect.uri("x"), Map.of("X-Earshot-Call", "redirected")).get(5, TimeUnit.SECONDS);
      float[] tone = new float[1600];
      for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(i * 0.2));
      call.media().play(new dev.earshot.audio.Pcm(8000, tone)).done().get(2, TimeUnit.SECONDS);
      Thread.sleep(200);
      assertEquals(null, call.mediaProblem(), "our tone comes back from the UAS we were sent to");
      call.hangup();
      completed(redirect);
      completed(target);
    }
  }
}
