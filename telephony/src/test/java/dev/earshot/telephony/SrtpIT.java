package dev.earshot.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.telephony.capture.Pcap;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.RtpPacket;
import dev.earshot.telephony.rtp.SrtpStatistics;
import dev.earshot.telephony.rtp.WireCodec;
import dev.earshot.telephony.sip.SipCallFailed;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SRTP between two real user agents on loopback: negotiation by SDES, audio through it, keys kept out of captures. */
class SrtpIT {
  private Telephony caller, callee;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    caller = Telephony.start("127.0.0.1", 0, "caller", 1);
    callee = Telephony.start("127.0.0.1", 0, "callee", 2);
  }

  @AfterEach
  void stop() {
    caller.close();
    callee.close();
  }

  private String calleeUri() {
    return "sip:callee@127.0.0.1:" + callee.sipPort();
  }

  private CompletableFuture<Call> answering() {
    CompletableFuture<Call> answered = new CompletableFuture<>();
    callee.onIncomingCall(offer -> {
      try {
        answered.complete(offer.accept());
      } catch (RuntimeException e) {
        answered.completeExceptionally(e);
      }
    });
    return answered;
  }

  @Test
  void requiredSrtpCarriesATheToneBothWaysAndTheCaptureIsDecryptableOnlyWithTheKeyLog() throws Exception {
    caller.useSrtp(SrtpMode.REQUIRED).logSrtpKeys(dir.resolve("keys.log"));
    callee.useSrtp(SrtpMode.REQUIRED);
    CompletableFuture<Call> answered = answering();
    AtomicLong loud = new AtomicLong();
    Path capture = dir.resolve("call.pcap");
    Call call;
    try (Pcap pcap = Pcap.create(capture)) {
      call = caller.dial(calleeUri(), Map.of(), 5000, null, null, pcap, List.of(WireCodec.PCMU), null, null).get(5, TimeUnit.SECONDS);
      Call far = answered.get(5, TimeUnit.SECONDS);
      far.media().setListener(new MediaListener() {
        @Override
        public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
          float p = 0;
          for (float s : frame) p = Math.max(p, Math.abs(s));
          if (p > 0.45f && p < 0.55f) loud.incrementAndGet();
        }
      });
      float[] tone = new float[8000];
      for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 400 * i / 8000));
      call.media().play(new Pcm(8000, tone)).done().get(3, TimeUnit.SECONDS);
      Thread.sleep(200);
      assertTrue(loud.get() >= 45, "tone frames heard through SRTP: " + loud.get());
      assertEquals("AES_CM_128_HMAC_SHA1_80", call.srtpSuite(), "the first offered suite");
      assertEquals(call.srtpSuite(), far.srtpSuite());
      SrtpStatistics mine = call.media().srtpStatistics(), theirs = far.media().srtpStatistics();
      assertNotNull(mine);
      assertTrue(mine.protectedSent() >= 50, "protected " + mine.protectedSent());
      assertEquals(0, theirs.authFailures(), "every packet of ours authenticated at the far end");
      assertEquals(0, theirs.replays());
      assertTrue(far.media().packetsReceived() >= 50);
      assertTrue(call.media().packetsReceived() > 0, "the far end's media, decrypted, arrives here too");
      assertEquals(0, mine.authFailures());
      call.hangup();
      far.ended().get(3, TimeUnit.SECONDS);
    }
    // the capture: SIP with its keys blanked, RTP as it went on the wire (encrypted)
    List<Datagram> packets = read(capture);
    String sip = packets.stream().filter(d -> d.payload.length > 3 && new String(d.payload, 0, 3, StandardCharsets.US_ASCII).matches("INV|SIP"))
        .map(d -> new String(d.payload, StandardCharsets.UTF_8)).reduce("", String::concat);
    assertTrue(sip.contains("m=audio") && sip.contains("RTP/SAVP"), sip);
    assertTrue(sip.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:****"), "keys blanked in the capture:\n" + sip);
    assertFalse(sip.matches("(?s).*inline:[A-Za-z0-9+/]{8}.*"), "no key in the capture");
    // the key log: one line, the keys of both directions; with the send key, the captured packets decrypt
    List<String> log = Files.readAllLines(dir.resolve("keys.log"));
    assertTrue(log.get(0).startsWith("# earshot SRTP key log"));
    assertEquals(2, log.size(), String.join("\n", log));
    String[] f = log.get(1).split(" ");
    assertEquals(call.callId(), f[1]);
    assertEquals("AES_CM_128_HMAC_SHA1_80", f[3]);
    int localPort = Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1));
    byte[] sendKey = Base64.getDecoder().decode(f[4].substring("inline:".length()));
    assertEquals(Set.of("rw-------"), Set.of(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys.log")))));
    int decrypted = 0, sent = 0;
    SrtpContextFactory decoder = new SrtpContextFactory(false, java.util.Arrays.copyOf(sendKey, 16), java.util.Arrays.copyOfRange(sendKey, 16, 30),
        policy(10), policy(10), new LoggerImpl("test"));
    SrtpCryptoContext ctx = null;
    for (Datagram d : packets) {
      if (d.srcPort != localPort || d.payload.length < 12 || (d.payload[0] & 0xC0) != 0x80) continue;
      sent++;
      long ssrc = ByteBuffer.wrap(d.payload, 8, 4).getInt() & 0xFFFFFFFFL;
      if (ctx == null) ctx = decoder.deriveContext((int) ssrc, 0);
      Buf b = new Buf(d.payload.clone());
      if (ctx.reverseTransformPacket(b, false) == SrtpErrorStatus.OK) decrypted++;
    }
    assertTrue(sent >= 50, "RTP packets of ours in the capture: " + sent);
    assertEquals(sent, decrypted, "every captured packet decrypts with the logged key");
  }

  @Test
  void optionalSrtpFallsBackToPlainRtpWhenTheFarEndDeclines() throws Exception {
    caller.useSrtp(SrtpMode.OPTIONAL);
    CompletableFuture<Call> answered = answering(); // the callee: SRTP off, ignores the a=crypto of an RTP/AVP offer
    Call call = caller.dial(calleeUri(), Map.of()).get(5, TimeUnit.SECONDS);
    Call far = answered.get(5, TimeUnit.SECONDS);
    call.media().play(new Pcm(8000, new float[4000])).done().get(3, TimeUnit.SECONDS);
    assertNull(call.srtpSuite());
    assertNull(call.media().srtpStatistics());
    assertTrue(far.media().packetsReceived() >= 20, "plain RTP flows: " + far.media().packetsReceived());
    call.hangup();
  }

  /** A call from the caller to the callee with these SRTP settings: the caller's side, then the callee's. */
  private Call[] connect(SrtpMode callerMode, SrtpMode calleeMode) throws Exception {
    caller.useSrtp(callerMode);
    callee.useSrtp(calleeMode);
    CompletableFuture<Call> answered = answering();
    Call call = caller.dial(calleeUri(), Map.of()).get(5, TimeUnit.SECONDS);
    return new Call[] {call, answered.get(5, TimeUnit.SECONDS)};
  }

  @Test
  void optionalMeetsOptionalAndTakesSrtp() throws Exception {
    Call[] both = connect(SrtpMode.OPTIONAL, SrtpMode.OPTIONAL);
    Call call = both[0], far = both[1];
    call.media().play(new Pcm(8000, new float[4000])).done().get(3, TimeUnit.SECONDS);
    Thread.sleep(100);
    assertEquals("AES_CM_128_HMAC_SHA1_80", call.srtpSuite());
    assertTrue(far.media().packetsReceived() >= 20);
    assertEquals(0, far.media().srtpStatistics().authFailures());
    call.hangup();
  }

  @Test
  void requiredSrtpAgainstAnAgentWithoutItFailsWith488AndTheReason() {
    caller.useSrtp(SrtpMode.REQUIRED);
    CompletableFuture<Call> answered = answering(); // SRTP off: refuses RTP/SAVP
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> caller.dial(calleeUri(), Map.of()).get(5, TimeUnit.SECONDS));
    SipCallFailed failed = assertInstanceOf(SipCallFailed.class, e.getCause());
    assertEquals(488, failed.end().status(), failed.end().cause());
    assertTrue(failed.end().cause().startsWith("488 Not Acceptable Here (the offer requires SRTP (RTP/SAVP) and SRTP is off)")
        && failed.end().cause().endsWith("--srtp optional offers it without insisting)"), failed.end().cause());
    ExecutionException why = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> answered.get(1, TimeUnit.SECONDS));
    assertEquals("the offer requires SRTP (RTP/SAVP) and SRTP is off", why.getCause().getMessage());
  }

  @Test
  void forgedAndUnauthenticatedPacketsAreCountedAndNeverHeard() throws Exception {
    Call[] both = connect(SrtpMode.REQUIRED, SrtpMode.REQUIRED);
    Call call = both[0], far = both[1];
    AtomicLong loud = new AtomicLong();
    call.media().setListener(new MediaListener() {
      @Override
      public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
        for (float s : frame) if (Math.abs(s) > 0.4f) {
          loud.incrementAndGet();
          return;
        }
      }
    });
    Thread.sleep(300); // the far end's silence flows, so its SSRC is known and authenticated
    // an attacker on the path sends loud plain RTP (and then garbage SRTP) with the far end's SSRC to our port
    InetSocketAddress target = call.media().localAddress();
    byte[] loudPayload = new byte[160];
    java.util.Arrays.fill(loudPayload, (byte) 0x80); // µ-law near full scale
    try (DatagramSocket attacker = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 40; i++) {
        io.netty.buffer.ByteBuf b = Unpooled.buffer();
        new RtpPacket(0, false, 30000 + i, 160L * i, 0x12345678L, loudPayload).encode(b);
        byte[] bytes = new byte[b.readableBytes() + (i % 2 == 0 ? 10 : 0)]; // half with a made-up tag
        b.getBytes(0, bytes, 0, b.readableBytes());
        b.release();
        attacker.send(new DatagramPacket(bytes, bytes.length, target));
      }
    }
    Thread.sleep(300);
    SrtpStatistics st = call.media().srtpStatistics();
    assertEquals(40, st.authFailures(), "every forged packet failed authentication");
    assertEquals(0, loud.get(), "nothing forged was heard");
    assertNull(call.media().latchedTo(), "nor latched to");
    var stats = call.media().receiveStatistics();
    assertTrue(stats.lost() < 5 && stats.duplicates() == 0, "the forged sequence numbers never reached the statistics: " + stats);
    call.hangup();
    far.ended().get(3, TimeUnit.SECONDS);
  }

  private static SrtpPolicy policy(int tag) {
    return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tag, 14);
  }

  private record Datagram(int srcPort, int dstPort, byte[] payload) {}

  /** The UDP datagrams of a raw-IPv4 pcap (what {@link Pcap} writes). */
  private static List<Datagram> read(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(24);
    List<Datagram> out = new ArrayList<>();
    while (b.remaining() >= 16) {
      b.getInt();
      b.getInt();
      int len = b.getInt();
      b.getInt();
      int at = b.position();
      int ihl = (b.get(at) & 0x0F) * 4;
      int src = ((b.get(at + ihl) & 0xFF) << 8) | (b.get(at + ihl + 1) & 0xFF);
      int dst = ((b.get(at + ihl + 2) & 0xFF) << 8) | (b.get(at + ihl + 3) & 0xFF);
      byte[] payload = new byte[len - ihl - 8];
      b.get(at + ihl + 8, payload);
      out.add(new Datagram(src, dst, payload));
      b.position(at + len);
    }
    return out;
  }

  private static final class Buf implements ByteArrayBuffer {
    private byte[] bytes;
    private int offset, length;

    Buf(byte[] bytes) {
      this.bytes = bytes;
      this.length = bytes.length;
    }

    public byte[] getBuffer() { return bytes; }
    public int getOffset() { return offset; }
    public int getLength() { return length; }
    public void setLength(int l) { length = l; }
    public void setOffset(int o) { offset = o; }
    public boolean isInvalid() { return false; }
    public void readRegionToBuff(int off, int len, byte[] out) { System.arraycopy(bytes, offset + off, out, 0, len); }
    public void grow(int n) {
      if (offset + length + n <= bytes.length) return;
      bytes = java.util.Arrays.copyOfRange(bytes, offset, offset + length + n);
      offset = 0;
    }
    public void append(byte[] d, int len) { grow(len); System.arraycopy(d, 0, bytes, offset + length, len); length += len; }
    public void shrink(int n) { length -= n; }
  }
}
