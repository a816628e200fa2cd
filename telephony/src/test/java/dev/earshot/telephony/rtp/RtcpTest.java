package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {
  @Test
  void aSenderReportWithABlockRoundTripsAndTheCompoundIsWordAligned() {
    Rtcp.ReportBlock block = new Rtcp.ReportBlock(0xCAFEBABEL, 25, 1234, 0x1_0005L, 80, 0x12345678L, 65536);
    Rtcp.Report sr = new Rtcp.Report(true, 0xDEADBEEFL, Rtcp.ntp(1_700_000_000_123_456L), 160_000, 500, 80_000, List.of(block));
    ByteBuf buf = Unpooled.buffer();
    Rtcp.encode(buf, sr, "earshot@127.0.0.1");
    assertEquals(0, buf.readableBytes() % 4, "RTCP packets are whole 32-bit words");
    assertEquals(28 + 24 + 28, buf.readableBytes(), "SR (28) with one block (24), then SDES: 4 + SSRC, type, length, 17-byte CNAME, null item = 28");
    assertEquals(List.of(sr), Rtcp.decode(buf));
  }

  @Test
  void negativeCumulativeLossSurvivesTheTwentyFourBitField() {
    Rtcp.Report rr = new Rtcp.Report(false, 1, 0, 0, 0, 0, List.of(new Rtcp.ReportBlock(2, 0, -3, 100, 0, 0, 0)));
    ByteBuf buf = Unpooled.buffer();
    Rtcp.encode(buf, rr, "x");
    assertEquals(-3, Rtcp.decode(buf).get(0).blocks().get(0).cumulativeLost(), "duplicates can make it negative (RFC 3550 6.4.1)");
  }

  @Test
  void ntpTimeAndItsMiddleBits() {
    long ntp = Rtcp.ntp(0); // the Unix epoch
    assertEquals(2_208_988_800L, ntp >>> 32);
    assertEquals(0, ntp & 0xFFFFFFFFL);
    assertEquals(0x8000_0000L, Rtcp.ntp(500_000) & 0xFFFFFFFFL, "half a second is half of 2^32");
    var r = new Rtcp.Report(true, 1, Rtcp.ntp(1_500_000), 0, 0, 0, List.of());
    assertEquals(((2_208_988_801L & 0xFFFF) << 16) | 0x8000, r.ntpMiddle());
  }

  @Test
  void brokenFramingIsRejected() {
    ByteBuf buf = Unpooled.buffer();
    buf.writeByte(0x81).writeByte(Rtcp.RR).writeShort(40).writeInt(7); // claims 160 bytes, has 4
    assertThrows(CorruptedRtpException.class, () -> Rtcp.decode(buf));
  }
}
