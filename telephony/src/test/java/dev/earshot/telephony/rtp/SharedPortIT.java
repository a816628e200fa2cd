package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams sharing one RTP socket ({@link MediaStream#openShared}) over loopback: each hears its own far end only. */
class SharedPortIT {
  private MediaEngine engine;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() {
    engine = new MediaEngine(1); // one event loop: every shared stream on one port
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) c.close();
    engine.close();
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private static Pcm tone(double seconds) {
    float[] s = new float[(int) (8000 * seconds)];
    for (int i = 0; i < s.length; i++) s[i] = (float) (0.3 * Math.sin(i * 0.3));
    return new Pcm(8000, s);
  }

  private static InetSocketAddress at(MediaStream s) {
    return new InetSocketAddress("127.0.0.1", s.localPort());
  }

  @Test
  void streamsOnOneSocketEachHearTheirOwnFarEnd() throws Exception {
    MediaStream[] near = new MediaStream[3], far = new MediaStream[3];
    for (int i = 0; i < 3; i++) {
      near[i] = keep(MediaStream.openShared(engine, "127.0.0.1", 0, 0, 10 + i));
      far[i] = keep(MediaStream.open(engine, "127.0.0.1", 20 + i));
      near[i].setRtcpInterval(300);
      far[i].setRtcpInterval(300);
    }
    assertEquals(near[0].localPort(), near[1].localPort(), "one port in every call's SDP");
    assertEquals(near[0].localPort(), near[2].localPort());
    for (int i = 0; i < 3; i++) {
      near[i].start(at(far[i]), WireCodec.PCMU, 101);
      far[i].start(at(near[i]), WireCodec.PCMU, 101);
    }
    far[1].play(tone(3)); // only the second far end makes a sound: what each near stream hears tells whose it is
    near[2].play(tone(3));
    Thread.sleep(1500);

    for (int i = 0; i < 3; i++) {
      MediaStream n = near[i], f = far[i];
      long received = n.packetsReceived(), sent = f.packetsSent();
      assertTrue(received >= 60 && received <= sent, "near " + i + " hears its far end's packets: " + received + " of " + sent);
      assertEquals(0, n.receiveStatistics().lost(), "near " + i);
      assertEquals(0, n.strangers(), "near " + i + ": nothing of another call's");
      long heard = f.receiveStatistics().received();
      assertTrue(heard >= 60 && heard <= n.packetsSent(), "far " + i + " hears its own call: " + heard + " of " + n.packetsSent());
      assertEquals(0, f.strangers(), "far " + i + " hears from the shared port only what is its call's");
      assertTrue(n.farEnd().reportsReceived() >= 2, "RTCP over the shared pair, both ways: " + n.farEnd());
      TimingHistogram t = n.sendTiming();
      long s = n.packetsSent();
      assertTrue(s - t.count() <= 1, "every packet timed when its slot's batch went: " + t.count() + " of " + s);
      assertTrue(t.quantileMicros(0.5) < 20_000, "median send error " + t.quantileMicros(0.5) + " µs");
    }
    assertEquals(MediaProblem.Kind.SILENT, near[0].mediaProblem().kind(), "far 0 sent digital silence");
    assertNull(near[1].mediaProblem(), "far 1's tone reached near 1 and nobody else");
    assertEquals(MediaProblem.Kind.SILENT, near[2].mediaProblem().kind(), "far 2 sent digital silence");
    assertNull(far[2].mediaProblem(), "near 2's tone reached far 2");
    assertEquals(MediaProblem.Kind.SILENT, far[0].mediaProblem().kind(), "near 0 sent silence; near 2's tone went to far 2 only");
    assertEquals(0, engine.sharedPortStrays());

    // a closed stream leaves the port to the others; what its far end still sends is late (an echo in flight at
    // hang-up) for a moment, then a stray
    near[0].close();
    Thread.sleep(300);
    long before = near[1].packetsReceived();
    Thread.sleep(300);
    assertTrue(near[1].packetsReceived() - before >= 10, "the port still serves the other calls");
    assertTrue(engine.sharedPortLate() >= 10, "far 0's packets name no stream now: " + engine.sharedPortLate());
    assertEquals(0, engine.sharedPortStrays(), "just after its call closed, far 0's packets are late, not strays");
    Thread.sleep(SharedPort.LATE_NANOS / 1_000_000 + 200);
    assertTrue(engine.sharedPortStrays() >= 5, "long after, they are strays: " + engine.sharedPortStrays());
  }

  /** An echo server answering every call from one port (SIPp's -rtp_echo): its packets are told apart by SSRC. */
  @Test
  void anEchoServingEveryCallFromOnePortIsToldApartBySsrc() throws Exception {
    DatagramSocket echo = keep(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    Thread echoing = new Thread(() -> {
      byte[] buf = new byte[2048];
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          echo.receive(p);
          echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        }
      } catch (java.io.IOException closed) {
        // the test is over
      }
    }, "echo");
    echoing.setDaemon(true);
    echoing.start();
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", echo.getLocalPort());
    // the same seed twice: the same SSRC drawn twice, which the port must resolve (RFC 3550 8.2) to tell them apart
    MediaStream a = keep(MediaStream.openShared(engine, "127.0.0.1", 0, 0, 7));
    MediaStream b = keep(MediaStream.openShared(engine, "127.0.0.1", 0, 0, 7));
    MediaStream c = keep(MediaStream.openShared(engine, "127.0.0.1", 0, 0, 8));
    for (MediaStream s : new MediaStream[] {a, b, c}) s.start(to, WireCodec.PCMU, 101);
    b.play(tone(3));
    Thread.sleep(1200);
    for (MediaStream s : new MediaStream[] {a, b, c}) {
      var stats = s.receiveStatistics();
      assertTrue(stats.received() >= 45, "its own packets back: " + stats.received() + " of " + s.packetsSent());
      assertEquals(0, stats.duplicates(), "nobody else's packets: " + stats);
      assertEquals(0, stats.lost(), "none of its own taken by another: " + stats);
    }
    assertEquals(MediaProblem.Kind.SILENT, a.mediaProblem().kind());
    assertNull(b.mediaProblem(), "b's tone came back to b");
    assertEquals(MediaProblem.Kind.SILENT, c.mediaProblem().kind());
    assertEquals(0, engine.sharedPortStrays());
  }

  @Test
  void aDatagramForNoCallIsCountedAndChangesNoCall() throws Exception {
    MediaStream far = keep(MediaStream.open(engine, "127.0.0.1", 2));
    MediaStream near = keep(MediaStream.openShared(engine, "127.0.0.1", 0, 0, 1));
    near.start(at(far), WireCodec.PCMU, 101);
    far.start(at(near), WireCodec.PCMU, 101);
    Thread.sleep(300);
    byte[] rtp = new byte[172];
    rtp[0] = (byte) 0x80; // RTP version 2, PCMU, an SSRC nobody sends
    rtp[8] = 0x12;
    try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      for (int i = 0; i < 5; i++) stranger.send(new DatagramPacket(rtp, rtp.length, at(near)));
    } catch (SocketException e) {
      throw new AssertionError(e);
    }
    Thread.sleep(200);
    assertEquals(5, engine.sharedPortStrays());
    assertEquals(0, near.strangers());
    assertEquals(0, near.receiveStatistics().lost());
    assertEquals(0, near.receiveStatistics().duplicates());
  }
}
