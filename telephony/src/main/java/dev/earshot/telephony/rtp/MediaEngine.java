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

  private record PortKey(io.netty.channel.EventLoop loop, String host) {}

  private final java.util.Map<PortKey, SharedPort> shared = new java.util.concurrent.ConcurrentHashMap<>();

  /** Socket buffers of a shared port: every call of its loop arrives there (the kernel caps them at net.core.rmem_max). */
  static final int SHARED_BUFFER_BYTES = 4 << 20;
  /** Datagrams a shared port reads per system call ({@code recvmmsg}) and the room each has. */
  static final int SHARED_BATCH = 32;
  static final int DATAGRAM_BYTES = 2048;

  /**
   * The RTP/RTCP socket pair on {@code host} that every shared stream of {@code loop} uses (bound the first time,
   * within {@code low..high} when {@code low != 0}); closed with the engine. Call from outside the event loops.
   */
  SharedPort sharedPort(io.netty.channel.EventLoop loop, String host, int low, int high) {
    return shared.computeIfAbsent(new PortKey(loop, host), k -> bindShared(loop, host, low, high));
  }

  /** A channel's handler until its port's own is added (the same one on every socket tried while a pair is sought). */
  private static final io.netty.channel.ChannelHandler NOTHING_YET = new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
    @Override
    protected void initChannel(io.netty.channel.Channel ch) {}
  };

  private SharedPort bindShared(io.netty.channel.EventLoop loop, String host, int low, int high) {
    io.netty.bootstrap.Bootstrap rtp = new io.netty.bootstrap.Bootstrap().group(loop).channel(channelClass)
        .option(io.netty.channel.ChannelOption.SO_RCVBUF, SHARED_BUFFER_BYTES)
        .option(io.netty.channel.ChannelOption.SO_SNDBUF, SHARED_BUFFER_BYTES)
        .option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR,
            new io.netty.channel.FixedRecvByteBufAllocator(SHARED_BATCH * DATAGRAM_BYTES).maxMessagesPerRead(4 * SHARED_BATCH))
        .handler(NOTHING_YET); // the port's own handler follows once the pair is bound
    if (channelClass == EpollDatagramChannel.class) {
      rtp.option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_BYTES); // recvmmsg
    }
    io.netty.bootstrap.Bootstrap rtcp = new io.netty.bootstrap.Bootstrap().group(loop).channel(channelClass)
        .handler(NOTHING_YET);
    io.netty.channel.Channel[] pair = MediaStream.bindPair(rtp, rtcp, host, low, high);
    SharedPort p = new SharedPort(pair[0], pair[1]);
    pair[0].pipeline().addLast(p.new Rtp());
    pair[1].pipeline().addLast(p.new Rtcp());
    return p;
  }

  /** Datagrams that came to this engine's shared ports and named no stream ({@link SharedPort#strays()}), so far. */
  public long sharedPortStrays() {
    long n = 0;
    for (SharedPort p : shared.values()) n += p.strays();
    return n;
  }

  /** Datagrams that came to this engine's shared ports from the far end of a call just ended ({@link SharedPort#late()}). */
  public long sharedPortLate() {
    long n = 0;
    for (SharedPort p : shared.values()) n += p.late();
    return n;
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
