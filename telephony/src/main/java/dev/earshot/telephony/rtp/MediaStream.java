package dev.earshot.telephony.rtp;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.codec.G711;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call's audio: a UDP socket on the shared {@link MediaEngine}, sending G.711 RTP every 20 ms (queued
 * playouts, idle silence between them) and decoding what arrives.
 *
 * <p>Symmetric RTP: packets are accepted only from the remote address given to {@link #start}; others are
 * counted in {@link #strangers()} and ignored. All state is confined to the stream's event loop, except the
 * public methods, which hop onto it.
 */
public final class MediaStream implements AutoCloseable {
  public static final int FRAME_MS = 20;
  public static final int SAMPLE_RATE = 8000;
  public static final int FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS / 1000;

  private final Channel channel;
  private final long ssrc;
  private final ArrayDeque<Playout> queue = new ArrayDeque<>();
  private volatile MediaListener listener = MediaListener.NONE;
  private InetSocketAddress remote;
  private G711 codec;
  private ScheduledFuture<?> ticker;
  private final ReceiveStatistics receiveStats = new ReceiveStatistics(SAMPLE_RATE);
  private int sequence;
  private long timestamp;
  private int playoutFrame;
  private int idleFrames;
  private boolean talkspurt;
  private volatile long packetsSent, packetsReceived, strangers;

  private MediaStream(Channel channel, long seed) {
    this.channel = channel;
    SplittableRandom random = new SplittableRandom(seed);
    this.ssrc = random.nextLong(1L << 32);
    this.sequence = random.nextInt(1 << 16);
    this.timestamp = random.nextLong(1L << 32);
  }

  /**
   * Binds a stream on {@code host} with an ephemeral port. {@code seed} picks SSRC, first sequence number
   * and first timestamp (RFC 3550 wants them random; Earshot wants every random choice reproducible).
   */
  public static MediaStream open(MediaEngine engine, String host, long seed) {
    MediaStream[] holder = new MediaStream[1];
    Bootstrap b = new Bootstrap().group(engine.group()).channel(NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, 1 << 20).option(ChannelOption.SO_SNDBUF, 1 << 20)
        .handler(new ChannelInitializer<DatagramChannel>() {
          @Override
          protected void initChannel(DatagramChannel ch) {
            ch.pipeline().addLast(new RtpPacketDecoder(), new SimpleChannelInboundHandler<ReceivedRtp>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, ReceivedRtp msg) {
                holder[0].received(msg);
              }
            });
          }
        });
    Channel ch = b.bind(host, 0).syncUninterruptibly().channel();
    holder[0] = new MediaStream(ch, seed);
    return holder[0];
  }

  public int localPort() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public void setListener(MediaListener listener) {
    this.listener = listener == null ? MediaListener.NONE : listener;
  }

  /**
   * Accepts packets from {@code remote} from now on, before sending starts: a callee must hear media that
   * arrives between its 200 OK and the ACK (RFC 3261 lets the caller send as soon as it has the answer).
   */
  public void receiveFrom(InetSocketAddress remote) {
    channel.eventLoop().execute(() -> {
      if (this.remote == null) this.remote = remote;
    });
  }

  /** Starts sending to {@code remote} on a 20 ms beat with {@code codec}; the first frame goes out at once. */
  public void start(InetSocketAddress remote, G711 codec) {
    channel.eventLoop().execute(() -> {
      if (ticker != null) return;
      this.remote = remote;
      this.codec = codec;
      ticker = channel.eventLoop().scheduleAtFixedRate(this::tick, 0, FRAME_MS, TimeUnit.MILLISECONDS);
    });
  }

  /** Queues {@code audio} (8 kHz) after anything already queued. */
  public Playout play(Pcm audio) {
    if (audio.sampleRate() != SAMPLE_RATE) {
      throw new IllegalArgumentException("play needs 8000 Hz audio, found " + audio.sampleRate() + " Hz");
    }
    Playout p = new Playout(audio, FRAME_SAMPLES);
    channel.eventLoop().execute(() -> {
      if (ticker == null && !channel.isOpen()) p.finishStopped();
      else queue.add(p);
    });
    return p;
  }

  /** Stops the current playout and drops the queued ones at the next frame boundary (barge-in). */
  public void stopPlayback() {
    channel.eventLoop().execute(this::flush);
  }

  private void flush() {
    for (Playout p : queue) p.finishStopped();
    queue.clear();
    playoutFrame = 0;
  }

  private void tick() {
    Playout current = queue.peek();
    while (current != null && current.stopped()) {
      queue.poll().finishStopped();
      playoutFrame = 0;
      current = queue.peek();
    }
    short[] pcm = new short[FRAME_SAMPLES];
    boolean marker = false;
    if (current != null) {
      float[] src = current.audio().samples();
      int from = playoutFrame * FRAME_SAMPLES;
      for (int i = 0; i < FRAME_SAMPLES && from + i < src.length; i++) pcm[i] = Pcm.toShort(src[from + i]);
      marker = !talkspurt;
      talkspurt = true;
    } else {
      talkspurt = false;
    }
    byte[] payload = codec.encode(pcm);
    ByteBuf buf = channel.alloc().directBuffer(RtpPacket.HEADER_BYTES + payload.length);
    new RtpPacket(codec.payloadType(), marker, sequence, timestamp, ssrc, payload).encode(buf);
    channel.writeAndFlush(new DatagramPacket(buf, remote));
    long sent = System.nanoTime();
    packetsSent++;
    sequence = (sequence + 1) & 0xFFFF;
    timestamp = (timestamp + FRAME_SAMPLES) & 0xFFFFFFFFL;
    float[] heard = decode(codec, payload);
    if (current != null) {
      int index = playoutFrame++;
      current.recordSent(index, sent);
      listener.onSent(heard, sent, current, index);
      if (playoutFrame >= current.frameCount()) {
        queue.poll();
        playoutFrame = 0;
      }
    } else {
      listener.onSent(heard, sent, null, idleFrames++);
    }
  }

  private void received(ReceivedRtp msg) {
    if (remote == null || !msg.sender().equals(remote)) {
      strangers++;
      return;
    }
    receiveStats.onPacket(msg.packet().sequence(), msg.packet().timestamp(), msg.arrivalNanos());
    G711 law = G711.forPayloadType(msg.packet().payloadType());
    if (law == null) return; // telephone-event, comfort noise: not audio for this stream
    packetsReceived++;
    listener.onReceived(decode(law, msg.packet().payload()), msg.arrivalNanos(), msg.packet().timestamp());
  }

  private static float[] decode(G711 law, byte[] payload) {
    float[] out = new float[payload.length];
    for (int i = 0; i < payload.length; i++) out[i] = law.decode(payload[i]) / 32768f;
    return out;
  }

  public long packetsSent() {
    return packetsSent;
  }

  public long packetsReceived() {
    return packetsReceived;
  }

  /** RFC 3550 receive statistics of the remote's stream (every payload type): loss, duplicates, reordering, jitter. */
  public ReceiveStatistics.Snapshot receiveStatistics() {
    return receiveStats.snapshot();
  }

  /** Datagrams ignored because they came from an address other than the negotiated remote. */
  public long strangers() {
    return strangers;
  }

  /** Stops sending, ends pending playouts and closes the socket. Idempotent. */
  @Override
  public void close() {
    channel.eventLoop().execute(() -> {
      if (ticker != null) ticker.cancel(false);
      flush();
    });
    channel.close().syncUninterruptibly();
  }
}
