package dev.earshot.telephony.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RTP/RTCP socket pair that every stream of one event loop shares (as SIPp's {@code -mp}: each call's SDP names
 * the same port), so that a 20 ms slot's packets of every call leave in one {@code sendmmsg} and arrivals are read
 * many at a time ({@code recvmmsg}), instead of a system call and an epoll wake-up per packet per call.
 *
 * <p>What arrives is handed to the stream whose far end sent it: by the sender's address when one stream talks to
 * that address; else (a far end sending every call from one address, as an echo server does) by SSRC, the one
 * the stream sends (echoed back) or the one it has heard from that far end. A packet that names no stream is a
 * stray, counted ({@link #strays()}) and dropped: a shared port cannot latch to a new address (symmetric RTP
 * behind NAT needs a socket per call) and drops media that beats its call's answer. What a stream's far end sends
 * in the {@link #LATE_NANOS} after the stream closed (an echo in flight at hang-up) is dropped as a per-call
 * socket's close drops it, and counted apart ({@link #late()}), not as a stray.
 *
 * <p>Confined to its event loop, like its streams.
 */
final class SharedPort {
  private final Channel rtp;
  private final Channel rtcp;
  /** The streams sending to each far-end RTP address (one, or several when a far end serves calls from one port). */
  private final Map<InetSocketAddress, List<MediaStream>> byRemote = new HashMap<>();
  /** Each stream's own SSRC and the far end's it has heard. */
  private final LongObjectHashMap<MediaStream> bySsrc = new LongObjectHashMap<>(); // looked up per packet: no boxing
  /** Far-end addresses and SSRCs of closed streams, oldest first, with when each closed. */
  private final LinkedHashMap<Object, Long> departed = new LinkedHashMap<>();
  /** How long after a stream closed its far end's packets still count as late, not stray. */
  static final long LATE_NANOS = 2_000_000_000L;
  private volatile long strays;
  private volatile long late;

  SharedPort(Channel rtp, Channel rtcp) {
    this.rtp = rtp;
    this.rtcp = rtcp;
  }

  Channel rtp() {
    return rtp;
  }

  Channel rtcp() {
    return rtcp;
  }

  /** Datagrams on this port that named no stream (their count so far). */
  long strays() {
    return strays;
  }

  /** Datagrams on this port from the far end of a stream that had closed moments before (their count so far). */
  long late() {
    return late;
  }

  /** Takes {@code s}'s own SSRC; false when another stream on this port already sends with it (an RFC 3550 collision). */
  boolean claim(MediaStream s, long ssrc) {
    if (bySsrc.get(ssrc) != null) return false;
    bySsrc.put(ssrc, s);
    return true;
  }

  /** {@code s} now sends to and hears {@code to} (was {@code from}; either may be null). */
  void route(MediaStream s, InetSocketAddress from, InetSocketAddress to) {
    if (from != null && from.equals(to)) return;
    if (from != null) {
      List<MediaStream> l = byRemote.get(from);
      if (l != null && l.remove(s) && l.isEmpty()) byRemote.remove(from);
    }
    if (to != null) byRemote.computeIfAbsent(to, k -> new ArrayList<>(1)).add(s);
  }

  /** {@code s} has heard the far end send as {@code ssrc}. */
  void heard(MediaStream s, long ssrc) {
    if (bySsrc.get(ssrc) == null) bySsrc.put(ssrc, s);
  }

  /** {@code s} is closed: nothing is handed to it from now on. */
  void leave(MediaStream s, InetSocketAddress remote) {
    long now = System.nanoTime();
    route(s, remote, null);
    if (remote != null) depart(remote, now);
    for (Iterator<LongObjectMap.PrimitiveEntry<MediaStream>> i = bySsrc.entries().iterator(); i.hasNext(); ) {
      LongObjectMap.PrimitiveEntry<MediaStream> e = i.next();
      if (e.value() != s) continue;
      long ssrc = e.key();
      i.remove();
      depart(ssrc, now);
    }
  }

  private void depart(Object key, long now) {
    forget(now);
    departed.remove(key); // re-inserted last: the map stays in order of closing
    departed.put(key, now);
  }

  /** Drops the departures older than {@link #LATE_NANOS}. */
  private void forget(long now) {
    for (Iterator<Long> i = departed.values().iterator(); i.hasNext() && now - i.next() > LATE_NANOS; ) i.remove();
  }

  /** Counts a datagram no stream owns: late when its sender or SSRC belonged to a stream closed just now, else stray. */
  private void unowned(InetSocketAddress sender, long ssrc) {
    forget(System.nanoTime());
    if (departed.containsKey(sender) || ssrc >= 0 && departed.containsKey(ssrc)) late++;
    else strays++;
  }

  /** The stream a datagram from {@code sender} carrying {@code ssrc} (or -1) belongs to, or null. */
  private MediaStream owner(InetSocketAddress sender, long ssrc) {
    List<MediaStream> l = byRemote.get(sender);
    if (l != null && l.size() == 1) return l.get(0);
    return ssrc < 0 ? null : bySsrc.get(ssrc);
  }

  /** Writes a datagram to the RTP socket; flushed with the rest of the slot when a pacer tick wrote it, else at once. */
  void write(Pacer pacer, DatagramPacket packet) {
    rtp.write(packet, rtp.voidPromise());
    pacer.flushAfterSlot(rtp);
  }

  /** The receive handler of the RTP socket. */
  final class Rtp extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
      ByteBuf b = d.content();
      long ssrc = b.readableBytes() >= RtpPacket.HEADER_BYTES ? b.getUnsignedInt(b.readerIndex() + 8) : -1;
      MediaStream s = owner(d.sender(), ssrc);
      if (s == null) unowned(d.sender(), ssrc);
      else s.datagram(d);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a packet the kernel refused (written with the void promise): lost, and counted as lost by the far end
    }
  }

  /** The receive handler of the RTCP socket: a report's sender is the far end's RTP address + 1, or its SSRC. */
  final class Rtcp extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
      ByteBuf b = d.content();
      long ssrc = b.readableBytes() >= 8 ? b.getUnsignedInt(b.readerIndex() + 4) : -1;
      InetSocketAddress from = d.sender();
      InetSocketAddress rtpSender = new InetSocketAddress(from.getAddress(), from.getPort() - 1);
      MediaStream s = owner(rtpSender, ssrc);
      if (s == null) unowned(rtpSender, ssrc);
      else s.rtcpReceived(d);
    }
  }
}
