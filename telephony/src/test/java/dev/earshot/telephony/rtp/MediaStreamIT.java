package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.codec.G711;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    a.start(new InetSocketAddress("127.0.0.1", b.localPort()), WireCodec.PCMU, telephoneEvent);
    b.start(new InetSocketAddress("127.0.0.1", a.localPort()), WireCodec.PCMU, telephoneEvent);
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

  /**
   * A shared clip (a load run's caller audio, encoded once for every call) sends exactly what the same audio played
   * on its own sends: frame for frame, what the far end decodes is the same, in both G.711 laws, and with a codec
   * that keeps state (G.722) each stream encodes it itself.
   */
  @Test
  void aSharedClipSendsTheSamePayloadsAsTheAudioPlayedAlone() throws Exception {
    float[] tone = new float[1234]; // not a whole number of frames: the last is padded with silence either way
    for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.4 * Math.sin(i * 0.21) * Math.cos(i * 0.013));
    dev.earshot.audio.Pcm audio = new dev.earshot.audio.Pcm(8000, tone);
    SharedClip clip = SharedClip.of(audio);
    assertEquals(8, clip.frameCount());
    for (WireCodec codec : new WireCodec[] {WireCodec.PCMA, WireCodec.PCMU, WireCodec.G722}) {
      java.util.Map<Playout, java.util.Map<Integer, float[]>> sent = new java.util.concurrent.ConcurrentHashMap<>();
      a.setListener(new MediaListener() {
        @Override
        public void onSent(float[] frame, long sentNanos, Playout playout, int index) {
          if (playout != null) sent.computeIfAbsent(playout, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(index, frame.clone());
        }
      });
      a.start(new InetSocketAddress("127.0.0.1", b.localPort()), codec, -1);
      Playout alone = a.play(audio), shared = a.play(clip), again = a.play(clip);
      again.done().get(5, TimeUnit.SECONDS); // completes as its last frame is sent, just before the listener hears that frame
      for (int wait = 0; wait < 100 && (sent.get(again) == null || sent.get(again).size() < 8); wait++) Thread.sleep(10);
      for (Playout p : List.of(alone, shared, again)) assertEquals(8, sent.get(p).size(), codec + ": every frame sent: " + p + " " + sent.get(p).keySet() + " of " + List.of(alone, shared, again));
      for (int f = 0; f < 8; f++) {
        if (codec.stateless()) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(sent.get(alone).get(f), sent.get(shared).get(f), codec + " frame " + f);
          org.junit.jupiter.api.Assertions.assertArrayEquals(sent.get(alone).get(f), sent.get(again).get(f), codec + " frame " + f + ", played again");
        }
      }
      if (codec.stateless()) {
        assertTrue(clip.frame(codec, 0) == clip.frame(codec, 0), "encoded once: the same payload every time");
      } else {
        assertNull(clip.frame(codec, 0), "a codec with state has no shared frames");
        double energy = 0;
        for (float x : sent.get(shared).get(4)) energy += x * x;
        assertTrue(energy > 1, codec + ": the stream encoded the clip itself: " + energy);
      }
    }
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
  void missingAndSilentAudioAreTelephonyFailures() throws Exception {
    // a sends to b, which never sends: no audio at a
    a.start(new InetSocketAddress("127.0.0.1", b.localPort()), WireCodec.PCMU, 101);
    Thread.sleep(300);
    assertEquals(MediaProblem.Kind.NO_AUDIO, a.mediaProblem().kind());
    assertTrue(a.mediaProblem().message().startsWith("no audio: no RTP from the far end"), a.mediaProblem().message());
    // b sends idle frames only: packets arrive, all digital silence
    b.start(new InetSocketAddress("127.0.0.1", a.localPort()), WireCodec.PCMU, 101);
    Thread.sleep(300);
    assertTrue(b.mediaProblem() != null && b.mediaProblem().kind() == MediaProblem.Kind.SILENT, String.valueOf(b.mediaProblem()));
    assertTrue(b.mediaProblem().message().startsWith("silent audio: "), b.mediaProblem().message());
    float[] tone = new float[1600];
    for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(i * 0.3));
    a.play(new dev.earshot.audio.Pcm(8000, tone)).done().get(2, TimeUnit.SECONDS);
    Thread.sleep(100);
    assertEquals(null, b.mediaProblem(), "audio flows a -> b");
  }

  /** Audio that arrives clipped (a gain too high on the path) is counted by frame, and a telephony failure from 1% of them on. */
  @Test
  void clippedAudioIsCountedAndATelephonyFailure() throws Exception {
    connect(101);
    float[] hot = new float[8000], loud = new float[8000];
    for (int i = 0; i < hot.length; i++) {
      double s = Math.sin(2 * Math.PI * 300 * i / 8000.0);
      hot[i] = (float) Math.max(-1, Math.min(1, 3 * s)); // +10 dB into a full-scale limit: flat tops
      loud[i] = (float) (0.9 * s);
    }
    a.play(new dev.earshot.audio.Pcm(8000, loud)).done().get(3, TimeUnit.SECONDS);
    Thread.sleep(100);
    assertEquals(0, b.clippedFrames(), "a loud sine is not clipped");
    assertEquals(null, b.mediaProblem());
    a.play(new dev.earshot.audio.Pcm(8000, hot)).done().get(3, TimeUnit.SECONDS);
    Thread.sleep(100);
    assertTrue(b.clippedFrames() >= 45, b.clippedFrames() + " clipped frames of the second's 50");
    assertEquals(MediaProblem.Kind.CLIPPED, b.mediaProblem().kind(), String.valueOf(b.mediaProblem()));
    assertTrue(b.mediaProblem().message().startsWith("clipped audio: " + b.clippedFrames() + " of the far end's "), b.mediaProblem().message());
  }

  /**
   * A stream nobody hears (a load call: no listener, no in-band DTMF search) reads each G.711 packet's level in
   * place instead of decoding it: the same clipped frames, loss and failures as the decoding path on the same audio.
   */
  @Test
  void aStreamNobodyHearsCountsWhatTheDecodingPathCounts() throws Exception {
    MediaStream c = MediaStream.open(engine, "127.0.0.1", 3);
    MediaStream d = MediaStream.open(engine, "127.0.0.1", 4);
    try {
      d.detectInBandDtmf(false);
      connect(101);
      c.start(new InetSocketAddress("127.0.0.1", d.localPort()), WireCodec.PCMU, 101);
      d.start(new InetSocketAddress("127.0.0.1", c.localPort()), WireCodec.PCMU, 101);
      Thread.sleep(300);
      assertEquals(MediaProblem.Kind.SILENT, b.mediaProblem().kind());
      assertEquals(MediaProblem.Kind.SILENT, d.mediaProblem().kind(), "idle frames read in place are silence too");
      float[] hot = new float[8000];
      for (int i = 0; i < hot.length; i++) hot[i] = (float) Math.max(-1, Math.min(1, 3 * Math.sin(2 * Math.PI * 300 * i / 8000.0)));
      CompletableFuture<?> ab = a.play(new dev.earshot.audio.Pcm(8000, hot)).done();
      c.play(new dev.earshot.audio.Pcm(8000, hot)).done().get(3, TimeUnit.SECONDS);
      ab.get(3, TimeUnit.SECONDS);
      Thread.sleep(100);
      assertTrue(b.clippedFrames() >= 45, b.clippedFrames() + " clipped frames of the second's 50");
      assertEquals(b.clippedFrames(), d.clippedFrames(), "clipped frames, decoded and read in place");
      assertEquals(MediaProblem.Kind.CLIPPED, d.mediaProblem().kind(), String.valueOf(d.mediaProblem()));
      assertEquals(0, d.receiveStatistics().lost());
      assertEquals(0, b.readInPlace, "a stream searching for in-band keys decodes every frame");
      assertEquals(d.packetsReceived(), d.readInPlace, "every packet of the one nobody hears was read in place");
      assertTrue(d.receiveStatistics().received() >= 60, d.receiveStatistics().toString());
      assertEquals(d.packetsReceived(), d.receiveStatistics().received());
    } finally {
      c.close();
      d.close();
    }
  }

  @Test
  void mediaThatStopsArrivingMidCallIsNamedWithWhenItStopped() throws Exception {
    connect(101);
    float[] tone = new float[16000];
    for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(i * 0.3));
    b.play(new dev.earshot.audio.Pcm(8000, tone));
    Thread.sleep(2500); // b's stream arrives steadily at a
    assertNull(a.stoppedMidCall(), "steady so far");
    b.setSending(false); // from here nothing of b's reaches a, as when a NAT's binding expires; a keeps sending
    Thread.sleep(3300);
    MediaProblem stopped = a.stoppedMidCall();
    assertEquals(MediaProblem.Kind.STOPPED, stopped == null ? null : stopped.kind());
    String why = stopped.message();
    assertTrue(why != null && why.matches("one-way audio from 2\\.[4-9] s into the call: the far end's RTP, steady until then \\(1[0-9]{2} packets\\),"
        + " stopped arriving while Earshot sent for 3\\.[0-9] s more .*a NAT or firewall on the path dropping the media when its binding expired.*"), why);
    assertNull(a.mediaProblem(), "audio did arrive: not a failure by itself (an IVR may stop its RTP while it waits for keys)");
    a.farEndSends(false); // had the far end said so (a re-INVITE to hold), nothing is wrong
    assertNull(a.stoppedMidCall());
  }

  @Test
  void aSenderThatSuppressesSilenceIsNotOneWayAudio() throws Exception {
    connect(101);
    Thread.sleep(1000);
    b.setSending(false); // a 1.2 s pause (silence suppression), then it talks again, then stops for good
    Thread.sleep(1200);
    b.setSending(true);
    Thread.sleep(1500);
    b.setSending(false);
    Thread.sleep(3300);
    assertNull(a.stoppedMidCall(), "its stream was never steady: a stop is its silence, not the path");
  }

  /** A caller learns the far end's address from its 200 OK, and the far end may send as soon as it has the ACK. */
  @Test
  void mediaThatBeatsTheAnswerIsKeptUntilTheRemoteIsKnown() throws Exception {
    b.start(new InetSocketAddress("127.0.0.1", a.localPort()), WireCodec.PCMU, 101);
    Thread.sleep(100); // a does not know b yet: b's first packets arrive before a has any remote address
    a.start(new InetSocketAddress("127.0.0.1", b.localPort()), WireCodec.PCMU, 101);
    Thread.sleep(100);
    assertEquals(0, a.strangers(), "nothing dropped");
    var stats = a.receiveStatistics();
    assertEquals(0, stats.lost(), "the early packets were handed on in order: " + stats);
    assertTrue(stats.received() >= 8, "early and later packets: " + stats.received());
  }

  /** A far end behind NAT: its SDP names an address nothing comes from; its media arrives from another. */
  @Test
  void aStreamLatchesToWhereTheMediaComesFromWhenItsSdpAddressSendsNothing() throws Exception {
    MediaStream c = MediaStream.open(engine, "127.0.0.1", 3);
    try {
      InetSocketAddress sdp = new InetSocketAddress("127.0.0.1", b.localPort()); // b never sends
      a.start(sdp, WireCodec.PCMU, 101);
      c.start(new InetSocketAddress("127.0.0.1", a.localPort()), WireCodec.PCMU, 101);
      Thread.sleep(300);
      InetSocketAddress cAddress = new InetSocketAddress("127.0.0.1", c.localPort());
      assertEquals(cAddress, a.latchedTo(), "latched after " + MediaStream.LATCH_PACKETS + " packets from one source");
      assertEquals(cAddress, a.remote());
      assertEquals(sdp, a.advertisedRemote(), "the SDP's address is kept for the result");
      assertTrue(a.packetsReceived() > 0, "c's packets are accepted once latched");
      assertTrue(a.strangers() <= MediaStream.LATCH_PACKETS - 1, "only the packets before the latch were dropped: " + a.strangers());
      assertTrue(c.packetsReceived() > 0, "a now sends to c: " + c.packetsReceived());
      MediaProblem problem = a.mediaProblem();
      assertTrue(problem == null || problem.kind() == MediaProblem.Kind.SILENT, String.valueOf(problem));
    } finally {
      c.close();
    }
  }

  @Test
  void onceMediaFlowsAStrangerCannotTakeTheStreamOver() throws Exception {
    MediaStream c = MediaStream.open(engine, "127.0.0.1", 3);
    try {
      connect(101);
      Thread.sleep(200);
      c.start(new InetSocketAddress("127.0.0.1", a.localPort()), WireCodec.PCMU, 101);
      Thread.sleep(300);
      assertEquals(null, a.latchedTo());
      assertEquals(new InetSocketAddress("127.0.0.1", b.localPort()), a.remote());
      assertTrue(a.strangers() >= 10, "c's packets counted and dropped: " + a.strangers());
    } finally {
      c.close();
    }
  }

  /** Both sides behind NAT: the far end waits for media to latch to, at an address its SDP does not name. */
  @Test
  void aProbeCopiesPacketsToTheSignallingHostUntilMediaArrives() throws Exception {
    MediaStream c = MediaStream.open(engine, "127.0.0.1", 3);
    try {
      InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", b.localPort()); // b never sends nor answers
      a.start(nowhere, WireCodec.PCMU, 101);
      a.probe(new InetSocketAddress("127.0.0.1", c.localPort()));
      // c's SDP for a named another address: only a's probe copies tell it where a is
      c.start(new InetSocketAddress("127.0.0.1", 9), WireCodec.PCMU, 101); // the discard port: nobody there
      Thread.sleep(400);
      assertEquals(new InetSocketAddress("127.0.0.1", a.localPort()), c.latchedTo(), "c latched to a's probe copies");
      assertEquals(new InetSocketAddress("127.0.0.1", c.localPort()), a.latchedTo(), "and a to c's answer");
      long probes = a.probesSent();
      assertTrue(probes >= MediaStream.LATCH_PACKETS, "probe copies sent: " + probes);
      Thread.sleep(200);
      assertEquals(probes, a.probesSent(), "the probe ends once media flows");
      assertEquals(new InetSocketAddress("127.0.0.1", c.localPort()), a.probeAddress());
    } finally {
      c.close();
    }
  }

  /** RTP and RTCP inside a firewall's range: even RTP, the next port RTCP, every pair used before a failure that names the range. */
  @Test
  void portRangesHoldPairsAndSayWhenFull() {
    int low = 41000 + (int) (ProcessHandle.current().pid() % 500) * 8;
    List<MediaStream> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) open.add(MediaStream.open(engine, "127.0.0.1", low, low + 3, 10 + i));
      java.util.Set<Integer> ports = new java.util.HashSet<>();
      for (MediaStream m : open) {
        assertTrue(m.localPort() % 2 == 0 && m.localPort() >= low && m.localPort() + 1 <= low + 3, "port " + m.localPort());
        ports.add(m.localPort());
      }
      assertEquals(2, ports.size());
      var full = org.junit.jupiter.api.Assertions.assertThrows(dev.earshot.telephony.TelephonyException.class,
          () -> MediaStream.open(engine, "127.0.0.1", low, low + 3, 12));
      assertTrue(full.getMessage().contains(low + "-" + (low + 3)) && full.getMessage().contains("--rtp-ports"), full.getMessage());
    } finally {
      open.forEach(MediaStream::close);
    }
  }

  /** A pair whose RTCP port is taken is passed over, however many such pairs the search meets before a free one. */
  @Test
  void aRangeSearchPassesPairsWhoseRtcpPortIsTaken() throws Exception {
    int low = 45000 + (int) (ProcessHandle.current().pid() % 500) * 8;
    try (var rtcp1 = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", low + 1));
        var rtcp2 = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", low + 3))) {
      for (int k = 0; k < 3; k++) { // the search starts at another pair each time: some meet both taken ones first
        MediaStream m = MediaStream.open(engine, "127.0.0.1", low, low + 5, 30 + k);
        try {
          assertEquals(low + 4, m.localPort(), "the one free pair");
        } finally {
          m.close();
        }
      }
    }
  }

  /**
   * RFC 4733 on an Opus stream negotiated with telephone-event/48000: the event's timestamp is the audio's and
   * its duration counts 48 kHz ticks (100 ms = 4800), where the 8000 Hz event counts 800.
   */
  @Test
  void eventDurationsCountTheClockTheyWereNegotiatedOn() throws Exception {
    for (int clock : new int[] {48000, 8000}) {
      MediaStream s = MediaStream.open(engine, "127.0.0.1", 3);
      try (java.net.DatagramSocket sink = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
        sink.setSoTimeout(400);
        int eventType = clock == 48000 ? 102 : 101;
        s.start(new InetSocketAddress("127.0.0.1", sink.getLocalPort()), WireCodec.OPUS, 111, eventType, clock);
        CompletableFuture<Void> sent = s.sendDtmf("5", 100, 60);
        long lastAudioTs = -1, audioStep = -1, eventTs = -1;
        int endDuration = -1;
        byte[] buf = new byte[1500];
        long until = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < until && (endDuration < 0 || audioStep < 0)) {
          java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
          try {
            sink.receive(p);
          } catch (java.net.SocketTimeoutException e) {
            continue;
          }
          RtpPacket rtp = RtpPacket.decode(io.netty.buffer.Unpooled.wrappedBuffer(buf, 0, p.getLength()));
          if (rtp.payloadType() == eventType) {
            eventTs = rtp.timestamp();
            if ((rtp.payload()[1] & 0x80) != 0) endDuration = ((rtp.payload()[2] & 0xFF) << 8) | (rtp.payload()[3] & 0xFF);
          } else if (rtp.payloadType() == 111 && eventTs >= 0) {
            if (lastAudioTs >= 0) audioStep = rtp.timestamp() - lastAudioTs;
            lastAudioTs = rtp.timestamp();
          }
        }
        sent.get(5, TimeUnit.SECONDS);
        assertEquals(clock == 48000 ? 4800 : 800, endDuration, "end packet's duration on the " + clock + " Hz clock");
        assertEquals(960, audioStep, "Opus audio on either side of the key advances 960 ticks a frame");
        assertTrue(lastAudioTs - eventTs >= 4800, "the key's timestamp is on the audio's timeline, before the audio after it");
      } finally {
        s.close();
      }
    }
  }

  @Test
  void wireImpairmentDoesToEachPacketWhatItsLogSays() throws Exception {
    var spec = new dev.earshot.audio.profile.Network(new dev.earshot.audio.profile.Network.Loss("gilbert-elliott", 10, 3.0), 30, 25, 8, null, null, null);
    try (java.net.DatagramSocket sink = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      sink.setSoTimeout(400);
      a.impair(new WireImpairment(spec, 99));
      a.start(new InetSocketAddress("127.0.0.1", sink.getLocalPort()), WireCodec.PCMU, 101);
      java.util.Map<Integer, Integer> arrivals = new java.util.HashMap<>();
      List<Integer> order = new java.util.ArrayList<>();
      long stopAt = System.nanoTime() + 2_000_000_000L;
      List<WireImpairment.Fate> log = null;
      byte[] buf = new byte[1500];
      while (true) {
        if (log == null && System.nanoTime() > stopAt) log = a.impairment().log(); // then drain what is in flight
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        try {
          sink.receive(p);
        } catch (java.net.SocketTimeoutException e) {
          if (log != null) break;
          continue;
        }
        int seq = ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
        arrivals.merge(seq, 1, Integer::sum);
        order.add(seq);
        if (log != null && System.nanoTime() > stopAt + 300_000_000L) break;
      }
      assertTrue(log.size() >= 90, "packets decided in 2 s: " + log.size());
      int lost = 0, dups = 0;
      for (WireImpairment.Fate f : log) {
        int copies = arrivals.getOrDefault(f.sequence(), 0);
        int expected = f.action() == WireImpairment.Action.SENT ? (f.duplicated() ? 2 : 1) : 0;
        assertEquals(expected, copies, "packet " + f.index() + " seq " + f.sequence() + " " + f.action() + ": copies on the wire");
        if (expected == 0) lost++;
        if (expected == 2) dups++;
      }
      assertTrue(lost > 0 && dups > 0, "the seed gives losses and duplicates: " + lost + ", " + dups);
      int inversions = 0;
      for (int i = 1; i < order.size(); i++) if (((order.get(i) - order.get(i - 1)) & 0xFFFF) > 0x8000) inversions++;
      assertTrue(inversions > 3, "jitter of ±25 ms on a 20 ms beat reorders packets on the wire: " + inversions);
    }
  }

  @Test
  void theFarEndCountsImpairedPacketsAsLostDuplicatedAndReordered() throws Exception {
    var spec = new dev.earshot.audio.profile.Network(new dev.earshot.audio.profile.Network.Loss("bernoulli", 10, null), 20, 25, 10, null, null, null);
    a.impair(new WireImpairment(spec, 5));
    connect(101);
    Thread.sleep(2000);
    var stats = b.receiveStatistics();
    assertTrue(stats.lost() > 0 && stats.duplicates() > 0 && stats.reordered() > 0, "at b: " + stats);
    var unimpaired = a.receiveStatistics();
    assertEquals(0, unimpaired.lost() + unimpaired.duplicates() + unimpaired.reordered(), "b -> a is a perfect path: " + unimpaired);
  }

  /** RTCP both ways: b's receiver figures about a's lossy stream come back to a in b's reports, with a round trip. */
  @Test
  void rtcpReportsCarryTheFarEndsViewOfOurStream() throws Exception {
    var spec = new dev.earshot.audio.profile.Network(new dev.earshot.audio.profile.Network.Loss("bernoulli", 10, null), 0, 0, 0, null, null, null);
    a.impair(new WireImpairment(spec, 21));
    a.setRtcpInterval(300);
    b.setRtcpInterval(300);
    connect(101);
    Thread.sleep(2500);
    var far = a.farEnd();
    assertTrue(far.reportsSent() >= 4 && far.reportsReceived() >= 4, "reports both ways: " + far);
    assertTrue(far.aboutUs() != null, "b reports on a's stream: " + far);
    long lostAtB = b.receiveStatistics().lost();
    // b's last report is at most one interval old: its cumulative loss is b's count then, so at most a few behind now
    assertTrue(far.aboutUs().cumulativeLost() <= lostAtB && far.aboutUs().cumulativeLost() >= lostAtB - 8,
        "reported " + far.aboutUs().cumulativeLost() + " lost, b counts " + lostAtB);
    assertTrue(far.aboutUs().cumulativeLost() > 5, "10% of ~100 packets: " + far.aboutUs());
    assertTrue(far.rttMs() >= 0 && far.rttMs() < 50, "loopback round trip from LSR/DLSR: " + far.rttMs());
    assertEquals(0, b.farEnd().aboutUs().cumulativeLost(), "b -> a loses nothing: " + b.farEnd());
  }

  /**
   * a's packets vanish on the way (a black-hole path: a NAT or firewall in real life), while b's reach a: a
   * hears audio, and only b's RTCP can tell a that b hears nothing.
   */
  @Test
  void theFarEndsRtcpRevealsOneWayAudio() throws Exception {
    a.impair(new WireImpairment(new dev.earshot.audio.profile.Network(new dev.earshot.audio.profile.Network.Loss("bernoulli", 100, null),
        0, 0, 0, null, null, null), 1));
    b.setRtcpInterval(300);
    connect(101);
    float[] tone = new float[8000 * 4];
    for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(i * 0.3));
    b.play(new dev.earshot.audio.Pcm(8000, tone));
    Thread.sleep(3500);
    assertTrue(a.packetsReceived() > 100, "a hears b");
    assertEquals(0, b.receiveStatistics().received(), "nothing of a's reaches b");
    MediaProblem problem = a.mediaProblem();
    assertTrue(problem != null && problem.kind() == MediaProblem.Kind.ONE_WAY && problem.message().startsWith("one-way audio: the far end's last "),
        String.valueOf(problem));
  }
}
