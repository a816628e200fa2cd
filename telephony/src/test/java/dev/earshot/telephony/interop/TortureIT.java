package dev.earshot.telephony.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.rtp.MediaProblem;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call in progress while its caller's SIP port takes the RFC 4475 torture requests (valid and invalid, our own
 * renderings of its sections 3.1.1 and 3.1.2) and a seeded stream of garbage datagrams, and its RTP port takes
 * garbage and well-formed RTP from a stranger. The call must carry on as if nothing happened (media still flowing
 * both ways, no figure changed but the stranger count), end with Earshot's BYE, and every socket must be released
 * when the user agent closes.
 */
class TortureIT {
  @TempDir Path dir;

  /** RFC 4475-style requests: tortuous but valid ones, and invalid ones the stack must refuse or drop. */
  static final List<String> TORTURE = List.of(
      // 3.1.1.1 short forms, odd whitespace, line folding, escaped characters
      "OPTIONS sip:earshot@127.0.0.1 SIP/2.0\r\nv:  SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-wsinv\r\nf: <sip:t@127.0.0.1>;tag=x\r\n"
          + "t:\r\n  <sip:earshot@127.0.0.1>\r\ni: wsinv@x\r\nCSeq:   8\r\n  OPTIONS\r\nMax-Forwards: 70\r\nl: 0\r\n\r\n",
      // 3.1.1.2 an unknown method with a body
      "NEWMETHOD sip:earshot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-unk\r\nFrom: <sip:t@127.0.0.1>;tag=x\r\n"
          + "To: <sip:earshot@127.0.0.1>\r\nCall-ID: unk@x\r\nCSeq: 1 NEWMETHOD\r\nMax-Forwards: 70\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
      // 3.1.2.1 extraneous header field separators, 3.1.2.2 Content-Length larger than the message
      "INVITE sip:earshot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-clerr\r\nFrom: <sip:t@127.0.0.1>;tag=x\r\n"
          + "To: <sip:earshot@127.0.0.1>\r\nCall-ID: clerr@x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 9999\r\n\r\nv=0\r\n",
      // 3.1.2.3 negative Content-Length
      "INVITE sip:earshot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-ncl\r\nFrom: <sip:t@127.0.0.1>;tag=x\r\n"
          + "To: <sip:earshot@127.0.0.1>\r\nCall-ID: ncl@x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: -999\r\n\r\n",
      // 3.1.2.4 request scalar fields with overlarge values
      "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-scalar;ttl=256\r\nFrom: <sip:t@127.0.0.1>;tag=x\r\n"
          + "To: <sip:t@127.0.0.1>\r\nCall-ID: scalar@x\r\nCSeq: 36893488147419103232 REGISTER\r\nMax-Forwards: 300\r\nExpires: 1" + "0".repeat(40)
          + "\r\nContent-Length: 0\r\n\r\n",
      // 3.1.2.6 unterminated quoted string in a display name
      "INVITE sip:earshot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-quot\r\nFrom: \"Bell, Alexander <sip:a.g.bell@127.0.0.1>;tag=x\r\n"
          + "To: <sip:earshot@127.0.0.1>\r\nCall-ID: quot@x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
      // 3.1.2.8 a malformed SIP Request-URI (embedded spaces), 3.1.2.11 CSeq method mismatch
      "INVITE sip:earshot@127.0.0.1;lr=x y SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-ruri\r\nFrom: <sip:t@127.0.0.1>;tag=x\r\n"
          + "To: <sip:earshot@127.0.0.1>\r\nCall-ID: ruri@x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
      "INVITE sip:earshot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-mism\r\nFrom: <sip:t@127.0.0.1>;tag=x\r\n"
          + "To: <sip:earshot@127.0.0.1>\r\nCall-ID: mism@x\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
      // 3.1.2.16 unknown protocol version, 3.1.2.17 a response-looking request line, a BYE for the call with a forged tag
      "OPTIONS sip:earshot@127.0.0.1 SIP/7.0\r\nVia: SIP/7.0/UDP 127.0.0.1:1;branch=z9hG4bK-ver\r\nCall-ID: ver@x\r\nCSeq: 1 OPTIONS\r\n\r\n",
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-stray\r\nCall-ID: stray@x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
      "\r\n\r\n\r\n",
      "INVITE\r\n\r\n");

  @Test
  void aCallInProgressSurvivesTortureAndGarbageAndEverySocketIsReleased() throws Exception {
    Sipp.require();
    long before = OwnSockets.count();
    Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 17);
    try (Sipp sipp = Sipp.start("uas", dir, "-m", "1", "-rtp_echo")) {
      Thread.sleep(300);
      Call call = tel.dial(sipp.uri("torture"), Map.of()).get(10, TimeUnit.SECONDS);
      float[] tone = new float[8000 * 6];
      for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      call.media().play(new Pcm(8000, tone));
      Thread.sleep(1000);
      long heardBefore = call.media().packetsReceived();
      assertTrue(heardBefore > 20, "the echo flows: " + heardBefore);
      SplittableRandom random = new SplittableRandom(4475);
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (String m : TORTURE) {
          byte[] b = m.getBytes(StandardCharsets.ISO_8859_1);
          s.send(new DatagramPacket(b, b.length, lo, tel.sipPort()));
        }
        for (int i = 0; i < 300; i++) { // garbage: random lengths and bytes, to SIP and to the call's RTP and RTCP ports
          byte[] g = new byte[random.nextInt(1, 1400)];
          random.nextBytes(g);
          if (i % 3 == 2) g[0] = (byte) 0x80; // looks like RTP version 2
          int port = i % 3 == 0 ? tel.sipPort() : call.media().localPort() + (i % 6 == 1 ? 1 : 0);
          s.send(new DatagramPacket(g, g.length, lo, port));
        }
      }
      Thread.sleep(1500);
      assertFalse(call.ended().isDone(), "the call is still up: " + call.ended().getNow(null));
      long heardAfter = call.media().packetsReceived();
      assertTrue(heardAfter > heardBefore + 40, "the agent's media still flows: " + heardBefore + " then " + heardAfter);
      assertEquals(null, call.mediaProblem() != null && call.mediaProblem().kind() == MediaProblem.Kind.ONE_WAY ? call.mediaProblem() : null);
      call.hangup();
      assertEquals("local BYE", call.ended().get(5, TimeUnit.SECONDS).cause());
      assertEquals(0, sipp.await(15), "SIPp's call ended with our BYE:\n" + sipp.output());
    } finally {
      tel.close();
    }
    Thread.sleep(500);
    long after = OwnSockets.count();
    assertTrue(after <= before, "every socket released: " + before + " before, " + after + " after the user agent closed:\n" + String.join("\n", OwnSockets.list()));
  }
}
