package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpPacketTest {
  @Test
  void encodesAndDecodesEveryHeaderField() {
    RtpPacket p = new RtpPacket(8, true, 65535, 0xFFFFFFFFL, 0xDEADBEEFL, new byte[] {1, 2, 3});
    ByteBuf buf = Unpooled.buffer();
    p.encode(buf);
    assertEquals(15, buf.readableBytes());
    assertEquals(0x80, buf.getUnsignedByte(0));
    assertEquals(0x88, buf.getUnsignedByte(1)); // marker + PT 8
    assertEquals(p, RtpPacket.decode(buf));
    assertFalse(buf.isReadable());
    buf.release();
  }

  @Test
  void skipsCsrcsExtensionAndPadding() {
    ByteBuf buf = Unpooled.buffer();
    buf.writeByte(0x80 | 0x20 | 0x10 | 1); // V=2, P, X, CC=1
    buf.writeByte(0);
    buf.writeShort(7).writeInt(160).writeInt(42);
    buf.writeInt(99); // CSRC
    buf.writeShort(0xBEDE).writeShort(1).writeInt(0); // one-word extension
    buf.writeBytes(new byte[] {9, 9});
    buf.writeBytes(new byte[] {0, 0, 3}); // 3 bytes of padding
    RtpPacket p = RtpPacket.decode(buf);
    assertArrayEquals(new byte[] {9, 9}, p.payload());
    assertEquals(7, p.sequence());
    buf.release();
  }

  @ParameterizedTest
  @CsvSource({"65535,0,1", "0,65535,-1", "65500,30,66", "100,90,-10", "0,32767,32767"})
  void sequenceDistanceWrapsAround(int a, int b, int delta) {
    assertEquals(delta, RtpPacket.sequenceDelta(a, b));
  }

  @Test
  void rejectsShortAndWrongVersionPackets() {
    CorruptedRtpException shortOne = assertThrows(CorruptedRtpException.class, () -> RtpPacket.decode(Unpooled.wrappedBuffer(new byte[5])));
    assertTrue(shortOne.getMessage().contains("5 bytes"), shortOne.getMessage());
    byte[] v1 = new byte[12];
    v1[0] = 0x40;
    CorruptedRtpException version = assertThrows(CorruptedRtpException.class, () -> RtpPacket.decode(Unpooled.wrappedBuffer(v1)));
    assertTrue(version.getMessage().contains("version 1"), version.getMessage());
  }

  @Test
  void headerFieldsOutOfRangeAreRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RtpPacket(0, false, 65536, 0, 0, new byte[0]));
    assertTrue(e.getMessage().startsWith("sequence"), e.getMessage());
  }
}
