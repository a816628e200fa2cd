package dev.earshot.telephony.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One stream's SRTP and SRTCP (RFC 3711) through jitsi-srtp: our packets protected with {@code send}, the far
 * end's checked and decrypted with {@code receive}. A packet that fails authentication, or that replay
 * protection has seen before (or is too old to tell), is dropped and counted, never decoded: what an attacker or
 * a broken peer sends cannot reach a figure except as these counts. A receive context is kept per SSRC only
 * once a packet of that SSRC authenticated, so strangers spraying SSRCs cost a key derivation each and keep
 * nothing. RTP methods run on the RTP channel's event loop, RTCP ones on the RTCP channel's.
 */
final class SrtpSession implements AutoCloseable {
  private static final int MAX_SOURCES = 8;
  /** jitsi-srtp's own loggers (held: java.util.logging keeps loggers weakly): warnings only, never its INFO chatter. */
  private static final java.util.logging.Logger JITSI = java.util.logging.Logger.getLogger("org.jitsi");

  static {
    JITSI.setLevel(java.util.logging.Level.WARNING);
    // the JDK's AES (AES-NI intrinsics) without jitsi-srtp's start-up benchmark of every provider, which cost the
    // first call of a run 1.5 s of media (measured) and picks differently from run to run
    org.jitsi.srtp.crypto.Aes.setFactoryClassName("org.jitsi.srtp.crypto.Aes$SunJCECipherFactory");
  }

  /** Loads and initialises the crypto now, so that the first SRTP call of a run does not start its media late. */
  static void warmUp() {
    SrtpKeys k = SrtpKeys.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    try (SrtpSession s = new SrtpSession(k, k)) {
      io.netty.buffer.ByteBuf rtp = io.netty.buffer.Unpooled.buffer();
      new RtpPacket(0, false, 1, 160, 1, new byte[160]).encode(rtp);
      s.protectRtp(rtp, 1).release();
    }
  }
  private final SrtpKeys send, receive;
  private final SrtpContextFactory sender, receiver;
  private SrtpCryptoContext sendRtp;
  private SrtcpCryptoContext sendRtcp;
  private final Map<Long, SrtpCryptoContext> receiveRtp = new LinkedHashMap<>();
  private final Map<Long, SrtcpCryptoContext> receiveRtcp = new LinkedHashMap<>();
  private volatile long authFailures, replays, rtcpAuthFailures, rtcpReplays, protectedPackets;

  SrtpSession(SrtpKeys send, SrtpKeys receive) {
    if (send.suite() != receive.suite()) throw new IllegalArgumentException("SRTP: both directions use one suite, found " + send.suite() + " and " + receive.suite());
    this.send = send;
    this.receive = receive;
    LoggerImpl quiet = new LoggerImpl("dev.earshot.telephony.srtp", java.util.logging.Level.OFF);
    SrtpSuite suite = send.suite();
    this.sender = new SrtpContextFactory(true, send.key(), send.salt(), suite.rtpPolicy(), suite.rtcpPolicy(), quiet);
    this.receiver = new SrtpContextFactory(false, receive.key(), receive.salt(), suite.rtpPolicy(), suite.rtcpPolicy(), quiet);
  }

  SrtpSuite suite() {
    return send.suite();
  }

  SrtpKeys sendKeys() {
    return send;
  }

  SrtpKeys receiveKeys() {
    return receive;
  }

  /** Protects one RTP packet of ours (SSRC {@code ssrc}); releases {@code rtp} and returns the SRTP packet. */
  ByteBuf protectRtp(ByteBuf rtp, long ssrc) {
    Buffer b = Buffer.of(rtp, send.suite().tagBytes());
    rtp.release();
    try {
      if (sendRtp == null) sendRtp = sender.deriveContext((int) ssrc, 0);
      check(sendRtp.transformPacket(b));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SRTP: cannot protect a packet: " + e.getMessage(), e);
    }
    protectedPackets++;
    return b.wrap();
  }

  /** Protects one RTCP compound packet of ours; releases {@code rtcp}. */
  ByteBuf protectRtcp(ByteBuf rtcp, long ssrc) {
    Buffer b = Buffer.of(rtcp, 4 + 10); // E flag and SRTCP index, then the 80-bit tag
    rtcp.release();
    try {
      if (sendRtcp == null) sendRtcp = sender.deriveControlContext((int) ssrc);
      check(sendRtcp.transformPacket(b));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SRTCP: cannot protect a packet: " + e.getMessage(), e);
    }
    return b.wrap();
  }

  /** The far end's SRTP packet decrypted to plain RTP, or null when it failed authentication or was a replay (counted). */
  ByteBuf unprotectRtp(ByteBuf srtp) {
    if (srtp.readableBytes() < RtpPacket.HEADER_BYTES + send.suite().tagBytes()) {
      authFailures++;
      return null;
    }
    Buffer b = Buffer.of(srtp, 0);
    long ssrc = b.getUnsignedInt(8);
    try {
      SrtpCryptoContext c = receiveRtp.get(ssrc);
      boolean known = c != null;
      if (!known) c = receiver.deriveContext((int) ssrc, 0);
      SrtpErrorStatus status = c.reverseTransformPacket(b, false);
      if (status != SrtpErrorStatus.OK) {
        if (status == SrtpErrorStatus.REPLAY_FAIL || status == SrtpErrorStatus.REPLAY_OLD) replays++;
        else authFailures++;
        return null;
      }
      if (!known) remember(receiveRtp, ssrc, c);
    } catch (GeneralSecurityException e) {
      authFailures++;
      return null;
    }
    return b.wrap();
  }

  /** The far end's SRTCP packet as plain RTCP, or null (counted). */
  ByteBuf unprotectRtcp(ByteBuf srtcp) {
    if (srtcp.readableBytes() < 8 + 4 + 10) {
      rtcpAuthFailures++;
      return null;
    }
    Buffer b = Buffer.of(srtcp, 0);
    long ssrc = b.getUnsignedInt(4);
    try {
      SrtcpCryptoContext c = receiveRtcp.get(ssrc);
      boolean known = c != null;
      if (!known) c = receiver.deriveControlContext((int) ssrc);
      SrtpErrorStatus status = c.reverseTransformPacket(b);
      if (status != SrtpErrorStatus.OK) {
        if (status == SrtpErrorStatus.REPLAY_FAIL || status == SrtpErrorStatus.REPLAY_OLD) rtcpReplays++;
        else rtcpAuthFailures++;
        return null;
      }
      if (!known) remember(receiveRtcp, ssrc, c);
    } catch (GeneralSecurityException e) {
      rtcpAuthFailures++;
      return null;
    }
    return b.wrap();
  }

  private static <C> void remember(Map<Long, C> contexts, long ssrc, C context) {
    if (contexts.size() >= MAX_SOURCES) contexts.remove(contexts.keySet().iterator().next());
    contexts.put(ssrc, context);
  }

  private static void check(SrtpErrorStatus status) {
    if (status != SrtpErrorStatus.OK) throw new IllegalStateException("SRTP: protecting a packet failed: " + status.desc);
  }

  SrtpStatistics statistics() {
    return new SrtpStatistics(send.suite().name(), protectedPackets, authFailures, replays, rtcpAuthFailures, rtcpReplays);
  }

  @Override
  public void close() {
    sender.close();
    receiver.close();
  }

  /** jitsi-srtp's view of a packet: a heap copy with room for what protecting it appends. */
  private static final class Buffer implements ByteArrayBuffer {
    private byte[] bytes;
    private int offset, length;

    private Buffer(byte[] bytes, int length) {
      this.bytes = bytes;
      this.length = length;
    }

    /** A copy of {@code buf}'s readable bytes with {@code room} spare after them ({@code buf} is left as it was). */
    static Buffer of(ByteBuf buf, int room) {
      int n = buf.readableBytes();
      byte[] copy = new byte[n + room];
      buf.getBytes(buf.readerIndex(), copy, 0, n);
      return new Buffer(copy, n);
    }

    long getUnsignedInt(int at) {
      return ((bytes[offset + at] & 0xFFL) << 24) | ((bytes[offset + at + 1] & 0xFFL) << 16) | ((bytes[offset + at + 2] & 0xFFL) << 8)
          | (bytes[offset + at + 3] & 0xFFL);
    }

    ByteBuf wrap() {
      return Unpooled.wrappedBuffer(bytes, offset, length);
    }

    @Override
    public byte[] getBuffer() {
      return bytes;
    }

    @Override
    public int getOffset() {
      return offset;
    }

    @Override
    public int getLength() {
      return length;
    }

    @Override
    public void setLength(int length) {
      this.length = length;
    }

    @Override
    public void setOffset(int offset) {
      this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
      System.arraycopy(bytes, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
      if (offset + length + howMuch <= bytes.length) return;
      byte[] bigger = new byte[length + howMuch];
      System.arraycopy(bytes, offset, bigger, 0, length);
      bytes = bigger;
      offset = 0;
    }

    @Override
    public void append(byte[] data, int len) {
      grow(len);
      System.arraycopy(data, 0, bytes, offset + length, len);
      length += len;
    }

    @Override
    public void shrink(int len) {
      length = Math.max(0, length - len);
    }
  }
}
