package dev.earshot.telephony.rtp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * An RTP data packet (RFC 3550 section 5.1): version 2, no padding or extension on the way out, CSRCs and
 * header extensions skipped on the way in.
 *
 * @param sequence 16-bit sequence number, 0..65535
 * @param timestamp 32-bit media timestamp, kept in a long as 0..2^32-1
 * @param ssrc 32-bit synchronisation source, kept in a long as 0..2^32-1
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
  static final int HEADER_BYTES = 12;

  public RtpPacket {
    if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payloadType: expected 0..127, found " + payloadType);
    if (sequence < 0 || sequence > 0xFFFF) throw new IllegalArgumentException("sequence: expected 0..65535, found " + sequence);
    if (timestamp < 0 || timestamp > 0xFFFFFFFFL) throw new IllegalArgumentException("timestamp out of 32-bit range: " + timestamp);
    if (ssrc < 0 || ssrc > 0xFFFFFFFFL) throw new IllegalArgumentException("ssrc out of 32-bit range: " + ssrc);
    if (payload == null) throw new NullPointerException("payload == null");
  }

  public void encode(ByteBuf out) {
    encodeHeader(out, payloadType, marker, sequence, timestamp, ssrc);
    out.writeBytes(payload);
  }

  /** Writes the 12-byte header of a packet with these fields (as {@link #encode}, without making the packet). */
  static void encodeHeader(ByteBuf out, int payloadType, boolean marker, int sequence, long timestamp, long ssrc) {
    out.writeByte(0x80);
    out.writeByte((marker ? 0x80 : 0) | payloadType);
    out.writeShort(sequence);
    out.writeInt((int) timestamp);
    out.writeInt((int) ssrc);
  }

  /** Decodes one packet from the readable bytes of {@code in}. */
  public static RtpPacket decode(ByteBuf in) {
    int start = in.readerIndex();
    long bounds = payloadBounds(in);
    int offset = (int) (bounds >>> 32), end = (int) bounds;
    int b1 = in.getUnsignedByte(start + 1);
    byte[] payload = new byte[end - offset];
    in.getBytes(start + offset, payload);
    in.skipBytes(in.readableBytes());
    return new RtpPacket(b1 & 0x7F, (b1 & 0x80) != 0, in.getUnsignedShort(start + 2),
        in.getUnsignedInt(start + 4), in.getUnsignedInt(start + 8), payload);
  }

  /**
   * Where the payload of the packet in the readable bytes of {@code in} begins and ends, from its reader index
   * (past CSRCs and any header extension, before padding): {@code begin << 32 | end}. Reads nothing off {@code in}.
   */
  static long payloadBounds(ByteBuf in) {
    int len = in.readableBytes();
    if (len < HEADER_BYTES) throw new CorruptedRtpException("RTP packet of " + len + " bytes; expected at least 12");
    int start = in.readerIndex();
    int b0 = in.getUnsignedByte(start);
    if ((b0 >> 6) != 2) throw new CorruptedRtpException("RTP version " + (b0 >> 6) + "; expected 2");
    int csrcs = b0 & 0x0F;
    int offset = HEADER_BYTES + 4 * csrcs;
    if ((b0 & 0x10) != 0) { // header extension: 16-bit profile, 16-bit length in words
      if (len < offset + 4) throw new CorruptedRtpException("RTP extension header truncated at byte " + offset);
      offset += 4 + 4 * in.getUnsignedShort(start + offset + 2);
    }
    int end = len;
    if ((b0 & 0x20) != 0) end -= in.getUnsignedByte(start + len - 1);
    if (offset > end) throw new CorruptedRtpException("RTP header of " + offset + " bytes exceeds packet of " + len);
    return (long) offset << 32 | end;
  }

  /** Signed distance from {@code a} to {@code b} in 16-bit sequence space (RFC 3550 appendix A.1). */
  public static int sequenceDelta(int a, int b) {
    return (short) (b - a);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpPacket p && p.payloadType == payloadType && p.marker == marker && p.sequence == sequence
        && p.timestamp == timestamp && p.ssrc == ssrc && Arrays.equals(p.payload, payload);
  }

  @Override
  public int hashCode() {
    return ((sequence * 31 + (int) timestamp) * 31 + (int) ssrc) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RtpPacket[pt=" + payloadType + (marker ? ", M" : "") + ", seq=" + sequence + ", ts=" + timestamp
        + ", ssrc=" + Long.toHexString(ssrc) + ", " + payload.length + " bytes]";
  }
}
