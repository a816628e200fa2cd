package dev.earshot.telephony.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramPacket;

/**
 * Decodes datagrams into {@link ReceivedRtp}. Datagrams that are not RTP (RTCP on a muxed port, STUN, garbage)
 * decode to null: dropped, never an error that could close a socket.
 */
final class RtpPacketDecoder {
  private RtpPacketDecoder() {}

  /** {@code datagram} as RTP that arrived at {@code arrivalNanos} ({@link System#nanoTime()}), or null when it is not RTP. */
  static ReceivedRtp decode(DatagramPacket datagram, long arrivalNanos) {
    if (isRtcp(datagram.content())) return null;
    try {
      return new ReceivedRtp(RtpPacket.decode(datagram.content()), datagram.sender(), arrivalNanos);
    } catch (CorruptedRtpException e) {
      return null;
    }
  }

  /** Whether {@code datagram} is RTCP on the RTP port: packet types 200..204 seen through the RTP payload-type mask (RFC 5761). */
  static boolean isRtcp(ByteBuf datagram) {
    int pt = datagram.readableBytes() >= 2 ? datagram.getUnsignedByte(datagram.readerIndex() + 1) & 0x7F : -1;
    return pt >= 72 && pt <= 76;
  }
}
