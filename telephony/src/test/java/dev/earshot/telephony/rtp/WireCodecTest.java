package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.audio.profile.Network;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each codec's frame-by-frame coders on real speech: payload sizes, delay, and how much of the waveform survives. */
class WireCodecTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // codec, payload bytes per 20 ms (-1: variable), floor of waveform correlation at the best lag, max lag (8 kHz samples)
    // measured here: pcmu 1.000 at 0, pcma 1.000 at 0, g722 .978 at 42 (the two 63-tap filters, which also cut 3.4-4 kHz,
    // and the QMF), opus .946 at 51 (23.1 kbit/s)
    "PCMU,160,0.99,0", "PCMA,160,0.99,0", "G722,160,0.95,45", "OPUS,-1,0.85,60",
  })
  void speechSurvivesFrameByFrameCoding(WireCodec codec, int payloadBytes, double floor, int maxLag) {
    Pcm speech = Resampler.resample(Signals.speech(), 8000);
    float[] x = speech.samples();
    int frames = x.length / 160;
    float[] y = new float[frames * 160];
    long bytes = 0;
    try (WireCodec.Encoder enc = codec.encoder(); WireCodec.Decoder dec = codec.decoder()) {
      for (int f = 0; f < frames; f++) {
        short[] pcm = new short[160];
        for (int i = 0; i < 160; i++) pcm[i] = Pcm.toShort(x[f * 160 + i]);
        byte[] payload = enc.encode(pcm);
        if (payloadBytes > 0) assertEquals(payloadBytes, payload.length, "payload bytes");
        bytes += payload.length;
        float[] out = dec.decode(payload);
        assertEquals(160, out.length, "decoded samples per frame");
        System.arraycopy(out, 0, y, f * 160, 160);
      }
    }
    int best = 0;
    double bestR = -2;
    for (int lag = 0; lag <= 80; lag++) {
      double r = Signals.correlation(java.util.Arrays.copyOfRange(x, 0, y.length - 80), java.util.Arrays.copyOfRange(y, lag, y.length - 80 + lag));
      if (r > bestR) {
        bestR = r;
        best = lag;
      }
    }
    System.out.printf("%s: correlation %.3f at lag %d, %.1f kbit/s%n", codec, bestR, best, bytes * 8 / (frames * 0.02) / 1000);
    assertTrue(bestR >= floor, codec + ": correlation " + bestR + " < " + floor);
    assertTrue(best <= maxLag, codec + ": delay " + best + " samples");
    if (codec == WireCodec.OPUS) assertTrue(bytes * 8 / (frames * 0.02) < 30_000, "Opus at about 24 kbit/s");
  }

  @Test
  void sdpNamesAndClocks() {
    assertEquals("opus/48000/2", WireCodec.OPUS.rtpmap());
    assertEquals(960, WireCodec.OPUS.timestampStep());
    assertEquals("G722/8000", WireCodec.G722.rtpmap());
    assertEquals(160, WireCodec.G722.timestampStep(), "G.722's RTP clock is 8000 although it samples at 16 kHz");
    assertEquals(WireCodec.OPUS, WireCodec.byRtpmap("OPUS/48000/2"));
    assertNull(WireCodec.byRtpmap("G729/8000"));
    assertEquals(WireCodec.G722, WireCodec.byStaticPayloadType(9));
    assertNull(WireCodec.byStaticPayloadType(111), "dynamic numbers mean nothing without an rtpmap");
  }

  @Test
  void aProfileChoosesWhatTheCallOffers() {
    assertEquals(List.of(WireCodec.PCMU, WireCodec.PCMA), WireCodec.offered(null));
    Network n = new Network(null, 0, 0, 0, null, null, List.of("G722", "pcmu"));
    assertEquals(List.of(WireCodec.G722, WireCodec.PCMU), WireCodec.offered(n));
    assertTrue(n.isNone(), "offering codecs is not an impairment");
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Network(null, 0, 0, 0, null, null, List.of("g729")));
    assertEquals("codecs: expected names from [pcmu, pcma, g722, opus], found 'g729'", e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aG711PayloadsPeakIsItsDecodedFramesWithoutDecodingIt() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (WireCodec codec : new WireCodec[] {WireCodec.PCMU, WireCodec.PCMA}) {
      for (int trial = 0; trial < 200; trial++) {
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) random.nextInt(trial % 2 == 0 ? 256 : 8); // any codes, or a few
        float decodedPeak = 0;
        for (float x : codec.decoder().decode(payload)) decodedPeak = Math.max(decodedPeak, Math.abs(x));
        org.junit.jupiter.api.Assertions.assertEquals(decodedPeak, codec.peak(payload), 0f, codec + " trial " + trial);
      }
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> WireCodec.G722.peak(new byte[160]));
  }

  /** Clipping: three samples running at G.711's top code; the payload's verdict is the decoded frame's, without decoding it. */
  @org.junit.jupiter.api.Test
  void clippedAudioIsThreeSamplesRunningAtFullScale() {
    for (WireCodec codec : new WireCodec[] {WireCodec.PCMU, WireCodec.PCMA}) {
      short[] square = new short[160], loud = new short[160], spike = new short[160];
      for (int i = 0; i < 160; i++) {
        square[i] = (short) ((i / 20) % 2 == 0 ? 32767 : -32768); // a sine driven far past full scale, as a hot gain makes it
        loud[i] = (short) (0.9 * 32767 * Math.sin(2 * Math.PI * 400 * i / 8000.0)); // loud, but round at the top
      }
      spike[40] = spike[41] = 32767; // two samples: a click, not clipping
      assertTrue(codec.clipped(codec.encoder().encode(square)) && WireCodec.clipped(codec.decoder().decode(codec.encoder().encode(square))), codec + " square");
      assertTrue(!codec.clipped(codec.encoder().encode(loud)), codec + " a sine at -1 dBFS is not clipped");
      assertTrue(!codec.clipped(codec.encoder().encode(spike)), codec + " two samples at full scale are not clipping");
      java.util.SplittableRandom random = new java.util.SplittableRandom(11);
      for (int trial = 0; trial < 300; trial++) {
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (trial % 3 == 0 ? random.nextInt(256) : random.nextBoolean() ? 0x00 : 0x80 | random.nextInt(2));
        assertEquals(WireCodec.clipped(codec.decoder().decode(payload)), codec.clipped(payload), codec + " trial " + trial);
      }
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> WireCodec.G722.clipped(new byte[160]));
  }
  /** In place: the payload's bytes of a datagram, and none of the header or padding around them (here at full scale). */
  @org.junit.jupiter.api.Test
  void aPayloadIsReadInPlaceBetweenItsBounds() {
    for (WireCodec codec : new WireCodec[] {WireCodec.PCMU, WireCodec.PCMA}) {
      short[] quiet = new short[160], rail = new short[8];
      for (int i = 0; i < 160; i++) quiet[i] = (short) (1000 * Math.sin(2 * Math.PI * 400 * i / 8000.0));
      java.util.Arrays.fill(rail, (short) 32767);
      byte[] payload = codec.encoder().encode(quiet), around = codec.encoder().encode(rail);
      io.netty.buffer.ByteBuf datagram = io.netty.buffer.Unpooled.buffer();
      datagram.writeBytes(around).writeBytes(payload).writeBytes(around);
      int from = around.length, to = from + payload.length;
      assertEquals(codec.peak(payload), codec.peak(datagram, from, to), 0f, codec.toString());
      assertTrue(codec.peak(payload) < 0.1f, codec + " peak " + codec.peak(payload));
      assertTrue(!codec.clipped(datagram, from, to) && codec.clipped(datagram, 0, from), codec.toString());
      assertTrue(codec.peak(datagram, 0, datagram.writerIndex()) > 0.97f, "the rails around it are at full scale");
    }
  }
}
