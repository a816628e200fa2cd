package dev.earshot.telephony.rtp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops every RTP stream of a process shares: sockets, 20 ms pacing and receive handling of all
 * calls run on these few threads, never one thread per call. Close it after the streams using it.
 */
public final class MediaEngine implements AutoCloseable {
  private final EventLoopGroup group;

  public MediaEngine(int threads) {
    this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("earshot-rtp", true));
  }

  /** Two loops: enough for hundreds of G.711 streams on two cores. */
  public static MediaEngine create() {
    return new MediaEngine(2);
  }

  EventLoopGroup group() {
    return group;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
