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
    int pt = msg.content().readableBytes() >= 2 ? msg.content().getUnsignedByte(msg.content().readerIndex() + 1) & 0x7F : -1;
    if (pt >= 72 && pt <= 76) { // RTCP packet types 200..204 seen through the RTP payload-type mask (RFC 5761)
      dropped.increment();
      return;
    }
    try {
      out.add(new ReceivedRtp(RtpPacket.decode(msg.content()), msg.sender(), now));
    } catch (CorruptedRtpException e) {
      dropped.increment();
    }
  }

  /** Datagrams dropped because they were not RTP. */
  public long dropped() {
    return dropped.sum();
  }
}
