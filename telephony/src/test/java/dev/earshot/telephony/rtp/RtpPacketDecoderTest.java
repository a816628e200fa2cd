package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RtpPacketDecoderTest {
  private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 40002);

  @Test
  void decodesRtpAndDropsEverythingElse() {
    RtpPacket sent = new RtpPacket(0, false, 1, 160, 7, new byte[160]);
    ByteBuf rtp = Unpooled.buffer();
    sent.encode(rtp);
    ReceivedRtp got = RtpPacketDecoder.decode(new DatagramPacket(rtp, TO, FROM), 42);
    assertEquals(sent, got.packet());
    assertEquals(FROM, got.sender());
    assertEquals(42, got.arrivalNanos());

    assertNull(RtpPacketDecoder.decode(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), TO, FROM), 0)); // garbage
    ByteBuf rtcp = Unpooled.buffer().writeByte(0x80).writeByte(200).writeShort(6).writeZero(24); // a sender report
    assertNull(RtpPacketDecoder.decode(new DatagramPacket(rtcp, TO, FROM), 0));
  }
}
