package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.codec.G711;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two media streams over loopback, without SIP: key presses and the send-time self-check. */
class MediaStreamIT {
  private MediaEngine engine;
  private MediaStream a;
  private MediaStream b;

  @BeforeEach
  void open() {
    engine = MediaEngine.create();
    a = MediaStream.open(engine, "127.0.0.1", 1);
    b = MediaStream.open(engine, "127.0.0.1", 2);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    engine.close();
  }

  private void connect(int telephoneEvent) {
    a.start(new InetSocketAddress("127.0.0.1", b.localPort()), G711.ULAW, telephoneEvent);
    b.start(new InetSocketAddress("127.0.0.1", a.localPort()), G711.ULAW, telephoneEvent);
  }

  private static String keys(List<MediaStream.DtmfHeard> heard) {
    StringBuilder sb = new StringBuilder();
    heard.forEach(h -> sb.append(h.key()));
    return sb.toString();
  }

  @Test
  void keysGoAsRfc4733EventsWhenNegotiated() throws Exception {
    connect(101);
    a.sendDtmf("159*#D", 100, 60).get(5, TimeUnit.SECONDS);
    Thread.sleep(100);
    List<MediaStream.DtmfHeard> heard = b.dtmfHeard();
    assertEquals("159*#D", keys(heard));
    assertTrue(heard.stream().noneMatch(MediaStream.DtmfHeard::inBand), "events, not tones: " + heard);
    var stats = b.receiveStatistics();
    assertEquals(0, stats.lost());
    assertEquals(0, stats.duplicates(), "end packets are repeated with new sequence numbers");
  }

  @Test
  void keysGoInBandWithoutTelephoneEventAndAreHeardByGoertzel() throws Exception {
    connect(-1);
    a.sendDtmf("0123456789", 80, 80).get(5, TimeUnit.SECONDS);
    Thread.sleep(100);
    List<MediaStream.DtmfHeard> heard = b.dtmfHeard();
    assertEquals("0123456789", keys(heard));
    assertTrue(heard.stream().allMatch(MediaStream.DtmfHeard::inBand), "tones: " + heard);
  }

  @Test
  void everyPacketIsTimedAgainstTheTwentyMillisecondSchedule() throws Exception {
    connect(101);
    Thread.sleep(1000);
    TimingHistogram t = a.sendTiming();
    assertTrue(t.count() >= 45 && t.count() <= 52, "packets timed in 1 s: " + t.count());
    long sent = a.packetsSent(); // read after: a tick may fall in between
    assertTrue(sent == t.count() || sent == t.count() + 1, "every sent packet timed: " + sent + " vs " + t.count());
    // an idle machine sends within a few ms of the slot; the point is that the figure exists and is sane
    assertTrue(t.quantileMicros(0.5) < 20_000, "median send error " + t.quantileMicros(0.5) + " µs");
  }

  @Test
  void missingOneWayAndSilentAudioAreTelephonyFailures() throws Exception {
    MediaStream c = MediaStream.open(engine, "127.0.0.1", 3);
    try {
      // a sends to b, which never sends: no audio at a
      a.start(new InetSocketAddress("127.0.0.1", b.localPort()), G711.ULAW, 101);
      Thread.sleep(300);
      assertTrue(a.mediaProblem().startsWith("no audio: no RTP from the far end"), a.mediaProblem());
      // c sends to a, but a's SDP said b: one-way audio, named with the address it came from
      c.start(new InetSocketAddress("127.0.0.1", a.localPort()), G711.ULAW, 101);
      Thread.sleep(300);
      assertTrue(a.mediaProblem().startsWith("one-way audio: "), a.mediaProblem());
      assertTrue(a.mediaProblem().contains(":" + c.localPort()), a.mediaProblem());
      // b sends idle frames only: packets arrive, all digital silence
      b.start(new InetSocketAddress("127.0.0.1", a.localPort()), G711.ULAW, 101);
      Thread.sleep(300);
      assertTrue(b.mediaProblem() != null && b.mediaProblem().startsWith("silent audio: "), b.mediaProblem());
      float[] tone = new float[1600];
      for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(i * 0.3));
      a.play(new dev.earshot.audio.Pcm(8000, tone)).done().get(2, TimeUnit.SECONDS);
      Thread.sleep(100);
      assertEquals(null, b.mediaProblem(), "audio flows a -> b");
    } finally {
      c.close();
    }
  }
}
