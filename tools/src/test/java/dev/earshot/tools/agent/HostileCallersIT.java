package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.corpora.Speech;
import dev.earshot.corpora.Synthesizer;
import dev.earshot.telephony.interop.OwnSockets;
import dev.earshot.telephony.interop.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference agent against callers that misbehave: a burst of INVITEs whose 200 OKs are never ACKed, and a
 * malformed INVITE. Every INVITE gets an answer (200 up to {@code maxCalls}, then 503 with Retry-After), every
 * never-confirmed dialog is given up after 32 s (RFC 3261 13.3.1.4) with all its sockets, and the stack's own
 * 400 has a one-line reason phrase.
 */
class HostileCallersIT {
  private static final Synthesizer TTS = Speech.synthesizer(Path.of("target/tts-cache"));
  @TempDir Path dir;

  private static int count(String sippOutput, int status) {
    Matcher m = Pattern.compile("(?m)^\\s*" + status + " <-+\\s+(\\d+)").matcher(sippOutput);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static String exchange(int port, String request) throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(3000);
      byte[] b = request.replace("PORT", String.valueOf(s.getLocalPort())).getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
      for (int i = 0; i < 4; i++) { // past 100 Trying to the final answer
        DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
        s.receive(in);
        String r = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
        if (!r.startsWith("SIP/2.0 1")) return r;
      }
      throw new AssertionError("no final answer");
    }
  }

  @Test
  void aBurstOfNeverAckedInvitesIsAnsweredThenReleasedAndMalformedOnesGetOneLineReasons() throws Exception {
    Sipp.require();
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0).withMaxCalls(40), TTS, Speech.transcriber(), t -> {})) {
      int port = Integer.parseInt(agent.uri().replaceAll(".*:(\\d+)$", "$1"));
      long before = OwnSockets.count();
      String out;
      try (Sipp sipp = Sipp.start("uac-never-ack.xml", dir, "127.0.0.1:" + port, "-s", "agent", "-m", "60", "-r", "1000", "-l", "60",
          "-fd", "1", "-timeout", "30")) {
        sipp.await(40);
        out = sipp.output();
      }
      assertEquals(40, count(out, 200), "answered up to --max-calls:\n" + out);
      assertEquals(20, count(out, 503), "the rest refused, none left without an answer:\n" + out);
      assertTrue(agent.callsInProgress() > 0 && OwnSockets.count() > before, "the unconfirmed calls hold their media for now");

      String invite = "INVITE sip:agent@127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-%s\r\n"
          + "From: <sip:x@127.0.0.1>;tag=1\r\nTo: <sip:agent@127.0.0.1>\r\nCall-ID: %s@x\r\nCSeq: 1 INVITE\r\nContact: <sip:x@127.0.0.1:PORT>\r\nMax-Forwards: 70\r\n"
          + "Content-Type: application/sdp\r\nContent-Length: %s\r\n\r\n%s";
      String sdp = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
      String busy = exchange(port, String.format(invite, "busy", "busy", sdp.length(), sdp));
      assertTrue(busy.startsWith("SIP/2.0 503 ") && busy.contains("\r\nRetry-After: 5"), busy);

      String bad = exchange(port, "INVITE sip:agent@127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-neg\r\n"
          + "From: <sip:x@127.0.0.1>;tag=1\r\nTo: <sip:agent@127.0.0.1>\r\nCall-ID: neg@x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
          + "Content-Length: -7\r\n\r\n");
      String statusLine = bad.substring(0, bad.indexOf("\r\n"));
      assertTrue(statusLine.startsWith("SIP/2.0 400 "), bad);
      assertFalse(statusLine.contains("\n") || statusLine.contains("\r"), "one-line reason phrase: " + statusLine);
      assertFalse(bad.substring(0, bad.indexOf("\r\n\r\n")).replace("\r\n", "").contains("\n"), "no bare line feed in the head:\n" + bad);

      long deadline = System.nanoTime() + 45_000_000_000L;
      while (agent.callsInProgress() > 0 && System.nanoTime() < deadline) Thread.sleep(500);
      assertEquals(0, agent.callsInProgress(), "every never-ACKed call given up");
      Thread.sleep(500);
      long after = OwnSockets.count();
      assertTrue(after <= before, "sockets released: " + before + " before the burst, " + after + " after");
    }
  }
}
