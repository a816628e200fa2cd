package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RtpPacketDecoderTest {
  private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 40002);

  @Test
  void decodesRtpAndDropsEverythingElse() {
    RtpPacketDecoder decoder = new RtpPacketDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    RtpPacket sent = new RtpPacket(0, false, 1, 160, 7, new byte[160]);
    ByteBuf rtp = Unpooled.buffer();
    sent.encode(rtp);
    ch.writeInbound(new DatagramPacket(rtp, TO, FROM));
    ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), TO, FROM)); // garbage
    ByteBuf rtcp = Unpooled.buffer().writeByte(0x80).writeByte(200).writeShort(6).writeZero(24); // a sender report
    ch.writeInbound(new DatagramPacket(rtcp, TO, FROM));

    ReceivedRtp got = ch.readInbound();
    assertEquals(sent, got.packet());
    assertEquals(FROM, got.sender());
    assertNull(ch.readInbound());
    assertEquals(2, decoder.dropped());
    assertFalse(ch.finish());
  }
}
