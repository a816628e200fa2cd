package dev.earshot.telephony.rtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RTCP sender and receiver reports (RFC 3550 section 6.4), sent as compound packets with an SDES CNAME
 * (section 6.5), and read back from the far end. Other RTCP packet types (BYE, APP, XR, feedback) are
 * skipped on the way in.
 */
public final class Rtcp {
  public static final int SR = 200, RR = 201, SDES = 202;
  /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
  private static final long NTP_OFFSET = 2_208_988_800L;

  private Rtcp() {}

  /**
   * One reception report block: what the report's author receives from {@code ssrc}.
   *
   * @param fractionLost packets lost since its previous report, out of 256
   * @param cumulativeLost packets lost since the start (24-bit signed)
   * @param highestSequence extended highest sequence number received
   * @param jitter interarrival jitter in timestamp units
   * @param lastSr middle 32 bits of the NTP time of the last SR received from {@code ssrc}, 0 if none
   * @param delaySinceLastSr time since then, in 1/65536 s
   */
  public record ReportBlock(long ssrc, int fractionLost, long cumulativeLost, long highestSequence, long jitter, long lastSr,
      long delaySinceLastSr) {}

  /**
   * A sender report (when {@code sender}) or receiver report.
   *
   * @param ntpTime 64-bit NTP time of the report (sender reports only, else 0)
   */
  public record Report(boolean sender, long ssrc, long ntpTime, long rtpTimestamp, long packetCount, long octetCount,
      List<ReportBlock> blocks) {
    public Report {
      blocks = List.copyOf(blocks);
    }

    /** The middle 32 bits of the NTP time, as an LSR field quotes it. */
    public long ntpMiddle() {
      return (ntpTime >>> 16) & 0xFFFFFFFFL;
    }
  }

  /** The 64-bit NTP time of {@code epochMicros}. */
  public static long ntp(long epochMicros) {
    long seconds = epochMicros / 1_000_000 + NTP_OFFSET;
    long fraction = ((epochMicros % 1_000_000) << 32) / 1_000_000;
    return (seconds << 32) | fraction;
  }

  /** Writes {@code report} followed by an SDES packet carrying {@code cname}: one compound RTCP packet. */
  public static void encode(ByteBuf out, Report report, String cname) {
    int blocks = Math.min(31, report.blocks().size());
    int words = 1 + (report.sender() ? 5 : 0) + 6 * blocks; // after the first word
    out.writeByte(0x80 | blocks);
    out.writeByte(report.sender() ? SR : RR);
    out.writeShort(words);
    out.writeInt((int) report.ssrc());
    if (report.sender()) {
      out.writeLong(report.ntpTime());
      out.writeInt((int) report.rtpTimestamp());
      out.writeInt((int) report.packetCount());
      out.writeInt((int) report.octetCount());
    }
    for (int i = 0; i < blocks; i++) {
      ReportBlock b = report.blocks().get(i);
      out.writeInt((int) b.ssrc());
      long lost = Math.max(-0x800000, Math.min(0x7FFFFF, b.cumulativeLost()));
      out.writeInt((b.fractionLost() & 0xFF) << 24 | (int) (lost & 0xFFFFFF));
      out.writeInt((int) b.highestSequence());
      out.writeInt((int) b.jitter());
      out.writeInt((int) b.lastSr());
      out.writeInt((int) b.delaySinceLastSr());
    }
    byte[] name = cname.getBytes(StandardCharsets.UTF_8);
    int len = Math.min(255, name.length);
    int chunk = 4 + 2 + len + 1; // SSRC, type and length, text, the terminating null item
    int padded = (chunk + 3) / 4 * 4;
    out.writeByte(0x81);
    out.writeByte(SDES);
    out.writeShort(padded / 4);
    out.writeInt((int) report.ssrc());
    out.writeByte(1); // CNAME
    out.writeByte(len);
    out.writeBytes(name, 0, len);
    out.writeZero(padded - (4 + 2 + len)); // null item and padding
  }

  /** The SR and RR packets of a compound RTCP packet; throws when its framing is broken. */
  public static List<Report> decode(ByteBuf in) {
    List<Report> out = new ArrayList<>();
    while (in.readableBytes() >= 4) {
      int first = in.readUnsignedByte();
      if ((first >> 6) != 2) throw new CorruptedRtpException("RTCP version " + (first >> 6) + ", expected 2");
      int count = first & 0x1F;
      int type = in.readUnsignedByte();
      int bytes = in.readUnsignedShort() * 4;
      if (bytes > in.readableBytes()) throw new CorruptedRtpException("RTCP length " + bytes + " exceeds the " + in.readableBytes() + " bytes left");
      ByteBuf p = in.readSlice(bytes);
      if (type != SR && type != RR) continue;
      boolean sender = type == SR;
      if (p.readableBytes() < 4 + (sender ? 20 : 0) + 24 * count) throw new CorruptedRtpException("RTCP " + type + " too short for " + count + " blocks");
      long ssrc = p.readUnsignedInt();
      long ntp = 0, rtp = 0, packets = 0, octets = 0;
      if (sender) {
        ntp = p.readLong();
        rtp = p.readUnsignedInt();
        packets = p.readUnsignedInt();
        octets = p.readUnsignedInt();
      }
      List<ReportBlock> blocks = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long source = p.readUnsignedInt();
        int word = p.readInt();
        int lost = word & 0xFFFFFF;
        if ((lost & 0x800000) != 0) lost |= 0xFF000000; // 24-bit signed
        blocks.add(new ReportBlock(source, (word >>> 24) & 0xFF, lost, p.readUnsignedInt(), p.readUnsignedInt(), p.readUnsignedInt(),
            p.readUnsignedInt()));
      }
      out.add(new Report(sender, ssrc, ntp, rtp, packets, octets, blocks));
    }
    return out;
  }
}
