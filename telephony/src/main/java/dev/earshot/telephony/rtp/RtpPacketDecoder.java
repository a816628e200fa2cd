package dev.earshot.telephony.rtp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Decodes datagrams into {@link ReceivedRtp}, stamping the arrival time. Datagrams that are not RTP (RTCP
 * on a muxed port, STUN, garbage) are dropped and counted; they never close the channel.
 */
@ChannelHandler.Sharable
public final class RtpPacketDecoder extends MessageToMessageDecoder<DatagramPacket> {
  private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();

  @Override
  protected void decode(ChannelHandlerContext ctx, DatagramPacket msg, List<Object> out) {
    long now = System.nanoTime();
    if (isRtcp(msg.content())) {
      dropped.increment();
      return;
    }
    try {
      out.add(new ReceivedRtp(RtpPacket.decode(msg.content()), msg.sender(), now));
    } catch (CorruptedRtpException e) {
      dropped.increment();
    }
  }

  /** Whether {@code datagram} is RTCP on the RTP port: packet types 200..204 seen through the RTP payload-type mask (RFC 5761). */
  static boolean isRtcp(io.netty.buffer.ByteBuf datagram) {
    int pt = datagram.readableBytes() >= 2 ? datagram.getUnsignedByte(datagram.readerIndex() + 1) & 0x7F : -1;
    return pt >= 72 && pt <= 76;
  }

  /** Datagrams dropped because they were not RTP. */
  public long dropped() {
    return dropped.sum();
  }
}
