package dev.earshot.telephony.rtp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops every RTP stream of a process shares: sockets, 20 ms pacing and receive handling of all
 * calls run on these few threads, never one thread per call. Close it after the streams using it.
 *
 * <p>On Linux it uses Netty's native epoll transport, whose timer wakes the loop to the microsecond; elsewhere
 * (or with {@code -Dearshot.rtp.nio=true}) Java NIO, whose selector waits in whole milliseconds, so each packet
 * may leave up to a millisecond late.
 */
public final class MediaEngine implements AutoCloseable {
  private final EventLoopGroup group;
  private final Class<? extends DatagramChannel> channelClass;

  public MediaEngine(int threads) {
    DefaultThreadFactory threadsNamed = new DefaultThreadFactory("earshot-rtp", true);
    if (Epoll.isAvailable() && !Boolean.getBoolean("earshot.rtp.nio")) {
      this.group = new EpollEventLoopGroup(threads, threadsNamed);
      this.channelClass = EpollDatagramChannel.class;
    } else {
      this.group = new NioEventLoopGroup(threads, threadsNamed);
      this.channelClass = NioDatagramChannel.class;
    }
  }

  /** Two loops: enough for hundreds of G.711 streams on two cores. */
  public static MediaEngine create() {
    return new MediaEngine(2);
  }

  private final java.util.Map<io.netty.channel.EventLoop, Pacer> pacers = new java.util.concurrent.ConcurrentHashMap<>();

  /** The timer wheel of {@code loop}: every stream on that loop keeps its 20 ms beat on it. */
  Pacer pacer(io.netty.channel.EventLoop loop) {
    return pacers.computeIfAbsent(loop, Pacer::new);
  }

  EventLoopGroup group() {
    return group;
  }

  Class<? extends DatagramChannel> channelClass() {
    return channelClass;
  }

  /** {@code epoll} or {@code nio}: which transport this engine runs on. */
  public String transport() {
    return channelClass == EpollDatagramChannel.class ? "epoll" : "nio";
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
