package dev.earshot.telephony.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.Playout;
import dev.earshot.telephony.sip.SipEnd;
import dev.earshot.telephony.sip.SipSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Earshot calls SIPp's own built-in UAS scenario, with SIPp echoing the RTP it receives. */
class SippUasIT {
  @TempDir Path dir;

  @BeforeAll
  static void sipp() {
    Sipp.require();
  }

  @Test
  void sippAnswersAndEchoesOurSpeechBitForBit() throws Exception {
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo", "-m", "1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 7)) {
      Thread.sleep(300); // let SIPp bind its ports
      Call call = tel.dial(sipp.uri("echo"), Map.of("X-Earshot-Call", "sipp-echo")).get(5, TimeUnit.SECONDS);
      List<float[]> sent = new CopyOnWriteArrayList<>(), received = new CopyOnWriteArrayList<>();
      call.media().setListener(new MediaListener() {
        @Override
        public void onSent(float[] frame, long sentNanos, Playout playout, int index) {
          if (playout != null) sent.add(frame);
        }

        @Override
        public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
          received.add(frame);
        }
      });
      Pcm speech = Resampler.resample(Signals.speech(), 8000).slice(0, 8000 * 2);
      call.media().play(speech).done().get(5, TimeUnit.SECONDS);
      Thread.sleep(300);
      call.hangup();
      assertEquals(SipEnd.localBye(), call.ended().get(2, TimeUnit.SECONDS));
      assertEquals(0, sipp.await(15), "SIPp exit code (0 = its call succeeded):\n" + sipp.output());

      assertEquals(100, sent.size(), "2 s of speech = 100 frames");
      int first = indexOf(received, sent.get(0));
      assertTrue(first >= 0, "the first speech frame never came back");
      for (int i = 0; i < sent.size(); i++) {
        assertArrayEquals(sent.get(i), received.get(first + i), 0f, "echoed frame " + i);
      }
      var stats = call.media().receiveStatistics();
      assertEquals(0, stats.lost(), "loopback echo loses nothing");
      assertEquals(0, stats.duplicates());
      assertEquals(0, call.media().strangers(), "echo comes back from the SDP's media port");
      assertEquals(null, call.mediaProblem());
    }
  }

  /**
   * RFC 4028: an answer with a 4 s session interval and refresher=uac; Earshot re-INVITEs every 2 s. SIPp's
   * scenario waits at most 3.5 s for the refresh, so it fails if none comes.
   */
  @Test
  void aSessionTimerIsRefreshedByReInvite() throws Exception {
    try (Sipp sipp = Sipp.start("session-timer.xml", dir, "-m", "1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 13)) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("timer"), Map.of()).get(5, TimeUnit.SECONDS);
      Thread.sleep(2900);
      List<String> events = call.events().stream().map(e -> e.kind() + ": " + e.detail()).toList();
      assertTrue(events.contains("session timer: 4 s, refreshed by Earshot (re-INVITE every 2.0 s)"), events.toString());
      assertTrue(events.contains("session timer: refreshed (re-INVITE)"), events.toString());
      assertTrue(events.stream().anyMatch(e -> e.startsWith("UPDATE: session refreshed by the agent (Session-Expires: 4;refresher=uas")), events.toString());
      call.hangup();
      assertEquals(0, sipp.await(15), "SIPp saw the refresh, then the BYE:\n" + sipp.output());
    }
  }

  /**
   * Loose routing (RFC 3261 sections 12.2 and 16.12): the answer's Record-Route makes the route set; the ACK and
   * BYE go to the proxy it names with a Route header, the Request-URI staying the agent's Contact (127.0.0.1:9,
   * where nothing listens: SIPp, as the proxy, receives them and checks both).
   */
  @Test
  void inDialogRequestsFollowTheRecordRoute() throws Exception {
    try (Sipp sipp = Sipp.start("record-route.xml", dir, "-m", "1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 14)) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("routed"), Map.of()).get(5, TimeUnit.SECONDS);
      Thread.sleep(200);
      call.hangup();
      assertEquals(0, sipp.await(15), "SIPp (the proxy) got the ACK and BYE with the route set:\n" + sipp.output());
    }
  }

  /** SIP over TCP (SIPp {@code -t t1}: one TCP connection): INVITE, 200, ACK and BYE all go on the stream. */
  @Test
  void sipOverTcp() throws Exception {
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo", "-m", "1", "-t", "t1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 8)) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("echo") + ";transport=tcp", Map.of()).get(5, TimeUnit.SECONDS);
      Thread.sleep(400);
      assertTrue(call.media().packetsReceived() > 10, "media flows: " + call.media().packetsReceived());
      call.hangup();
      assertEquals(SipEnd.localBye(), call.ended().get(2, TimeUnit.SECONDS));
      assertEquals(0, sipp.await(15), "SIPp over TCP saw INVITE, ACK and BYE:\n" + sipp.output());
    }
    // TCP as the default transport, for targets without ;transport=
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo", "-m", "1", "-t", "t1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 9, new SipSettings(List.of(), null, "tcp"))) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("echo"), Map.of()).get(5, TimeUnit.SECONDS);
      call.hangup();
      call.ended().get(2, TimeUnit.SECONDS);
      assertEquals(0, sipp.await(15), "SIPp over TCP, by default:\n" + sipp.output());
    }
  }

  /**
   * With an outbound proxy every request goes to the proxy whatever the Request-URI says: the target here is
   * a host that does not resolve, and SIPp, standing in for the proxy, still gets and answers the call.
   */
  @Test
  void everyRequestGoesThroughTheOutboundProxy() throws Exception {
    try (Sipp proxy = Sipp.start("uas", dir, "-rtp_echo", "-m", "1")) {
      try (Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 10,
          new SipSettings(List.of(), "127.0.0.1:" + proxy.sipPort, null))) {
        Thread.sleep(300);
        Call call = tel.dial("sip:agent@agent.invalid:5060", Map.of()).get(5, TimeUnit.SECONDS);
        call.hangup();
        assertEquals(SipEnd.localBye(), call.ended().get(2, TimeUnit.SECONDS));
      }
      assertEquals(0, proxy.await(15), "the proxy saw INVITE, ACK and BYE:\n" + proxy.output());
    }
  }

  @Test
  void optionsPingGetsSippsAnswer() throws Exception {
    try (Sipp sipp = Sipp.start("options-uas.xml", dir, "-m", "1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 12)) {
      Thread.sleep(300);
      var pong = tel.ping(sipp.uri("health"), 3000).get(5, TimeUnit.SECONDS);
      assertEquals(new dev.earshot.telephony.sip.Pong(200, "OK", pong.roundTripMs(), "SIPp test peer",
          "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO", "application/sdp", null), pong);
      assertEquals(0, sipp.await(10), sipp.output());
    }
  }

  /**
   * Mid-call changes from SIPp: hold (re-INVITE sendonly; SIPp checks the answer says recvonly), resume with a
   * switch to PCMA (SIPp checks the answer's m= line), then REFER (SIPp checks both NOTIFYs) and BYE.
   */
  @Test
  void holdResumeCodecChangeAndTransferAreFollowedAndRecorded() throws Exception {
    try (Sipp sipp = Sipp.start("reinvite-refer.xml", dir, "-rtp_echo", "-m", "1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 13)) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("agent"), Map.of()).get(5, TimeUnit.SECONDS);
      assertEquals(dev.earshot.telephony.rtp.WireCodec.PCMU, call.codec());
      String target = call.transferred().get(10, TimeUnit.SECONDS);
      assertEquals("sip:billing@127.0.0.1:" + sipp.sipPort, target);
      assertEquals("remote BYE", call.ended().get(5, TimeUnit.SECONDS).cause());
      assertEquals(0, sipp.await(15), "SIPp checked our answers and NOTIFYs:\n" + sipp.output());
      List<String> events = call.events().stream().map(e -> e.kind() + ": " + e.detail()).toList();
      assertEquals(List.of("re-INVITE: hold (sendonly)", "re-INVITE: resume (sendrecv), codec PCMU -> PCMA",
          "REFER: to sip:billing@127.0.0.1:" + sipp.sipPort), events);
      assertEquals(dev.earshot.telephony.rtp.WireCodec.PCMA, call.codec());
      long held = call.media().withheldFrames();
      assertTrue(held >= 40 && held <= 60, "about 1 s on hold sends nothing: " + held + " frames withheld");
    }
  }

  /**
   * A call's capture opens in tshark with its default settings and decodes as SIP (INVITE, 200, ACK, BYE and
   * the 200 to it) and RTP both ways; Wireshark finds the RTP through the SDP in the SIP it decoded.
   */
  @Test
  void theCallsPcapDecodesAsSipAndRtpInTshark() throws Exception {
    dev.earshot.audio.ExternalTools.require("tshark", "-v", "tshark");
    Path file = dir.resolve("call.pcap");
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo", "-m", "1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 14);
        dev.earshot.telephony.capture.Pcap pcap = dev.earshot.telephony.capture.Pcap.create(file)) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("echo"), Map.of("X-Earshot-Call", "pcap"), 5000, null, null, pcap).get(5, TimeUnit.SECONDS);
      call.media().play(Resampler.resample(Signals.speech(), 8000).slice(0, 8000)).done().get(5, TimeUnit.SECONDS);
      Thread.sleep(2500); // past the first RTCP report (half the 5 s interval)
      call.hangup();
      call.ended().get(2, TimeUnit.SECONDS);
      assertEquals(0, sipp.await(15), sipp.output());
      assertTrue(call.media().farEnd().reportsSent() >= 1, "an RTCP report went out");
      long sent = call.media().packetsSent();
      Thread.sleep(100);
      pcap.close();
      List<String> sip = tshark(file, "sip", "sip.Method", "sip.Status-Code");
      // SIPp sends 180 and 200 back to back; the stack's worker threads may record them in either order, and the
      // ACK Earshot sends for the 200 may be recorded before a 180 still being processed, but all must be there
      // (the 180 used to go missing when its transaction had already taken the 200), the ACK after the 200
      List<String> decoded = sip.stream().filter(l -> !l.isBlank()).toList();
      assertEquals(6, decoded.size(), "SIP as decoded: " + sip);
      assertEquals("INVITE", decoded.get(0), "SIP as decoded: " + sip);
      List<String> answer = new java.util.ArrayList<>(decoded.subList(1, 4));
      assertEquals(List.of("180", "200", "ACK"), answer.stream().sorted().toList(), "SIP as decoded: " + sip);
      assertTrue(answer.indexOf("200") < answer.indexOf("ACK"), "the ACK after the 200: " + sip);
      assertEquals(List.of("BYE", "200"), decoded.subList(4, 6), "SIP as decoded: " + sip);
      List<String> rtp = tshark(file, "rtp", "udp.srcport");
      long ours = rtp.stream().filter(l -> l.equals(String.valueOf(call.media().localPort()))).count();
      assertEquals(sent, ours, "every packet Earshot sent is in the capture and decodes as RTP");
      assertTrue(rtp.size() - ours >= sent - 10, "SIPp's echo decodes as RTP too: " + (rtp.size() - ours) + " for " + sent + " sent");
      List<String> rtcp = tshark(file, "rtcp", "rtcp.pt", "rtcp.senderssrc");
      assertTrue(!rtcp.isEmpty() && rtcp.get(0).startsWith("200,202"), "our sender report and SDES decode as RTCP: " + rtcp);
    }
  }

  private static List<String> tshark(Path file, String filter, String... fields) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-Y", filter, "-T", "fields"));
    for (String f : fields) cmd.addAll(List.of("-e", f));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "tshark " + cmd);
    return out.lines().map(String::strip).toList();
  }

  private static int indexOf(List<float[]> frames, float[] frame) {
    for (int i = 0; i < frames.size(); i++) if (java.util.Arrays.equals(frames.get(i), frame)) return i;
    return -1;
  }
}
