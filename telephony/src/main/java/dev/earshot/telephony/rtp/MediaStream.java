package dev.earshot.telephony.rtp;

import dev.earshot.audio.Pcm;
import dev.earshot.telephony.capture.Pcap;
import dev.earshot.telephony.dtmf.Dtmf;
import dev.earshot.telephony.dtmf.DtmfDetector;
import dev.earshot.telephony.dtmf.TelephoneEvents;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call's audio: a UDP socket on the shared {@link MediaEngine}, sending RTP every 20 ms in the negotiated
 * {@link WireCodec} (G.711, G.722 or Opus; queued
 * playouts, idle silence between them; RFC 4733 key presses in place of audio while they last) and decoding
 * what arrives: audio, telephone-events, comfort noise (RFC 3389), and DTMF tones heard in-band.
 *
 * <p>Its socket pair is its own ({@link #open}) or the one every stream of its event loop shares ({@link #openShared}:
 * load at SIPp's scale, a slot's packets sent in one system call).
 *
 * <p>Symmetric RTP: packets are accepted only from the remote address given to {@link #start}, or from the one
 * address the stream latched to while nothing came from that one ({@link #latchedTo()}: a far end behind NAT);
 * others are counted in {@link #strangers()} and ignored. All state is confined to the stream's event loop, except the
 * public methods, which hop onto it.
 *
 * <p>Self-check: every send is timed against its slot on the 20 ms schedule ({@link #sendTiming()}), so a
 * loaded harness shows its own lateness rather than blaming the agent.
 */
public final class MediaStream implements AutoCloseable {
  public static final int FRAME_MS = 20;
  public static final int SAMPLE_RATE = 8000;
  public static final int FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS / 1000;
  /** RFC 3389 comfort noise, static payload type. */
  public static final int COMFORT_NOISE = 13;
  static final long FRAME_NANOS = FRAME_MS * 1_000_000L;
  private static final float DTMF_AMPLITUDE = 0.2f; // per tone; what the caller track shows for a sent key

  private final Channel channel;
  private final Channel rtcpChannel;
  private final SplittableRandom rtcpRandom;
  private final String cname;
  private volatile long rtcpIntervalMs = 5000;
  private ScheduledFuture<?> rtcpTimer;
  private volatile long rtcpSent, rtcpReports, reportsWithoutUs, octetsSent;
  private volatile long remoteSsrc = -1;
  private volatile long lastSrMiddle, lastSrArrivalNanos, firstSentNanos, lastSentNanos;
  /** The far end's stream as it arrived: its latest packet, packets so far, the longest gap between two. */
  private volatile long lastHeardNanos, heardPackets, longestGapNanos;
  private volatile Rtcp.ReportBlock farEnd;
  private volatile double rttMs = Double.NaN;
  private long ssrc;
  /** The socket pair this stream shares with the others of its event loop, or null when it has its own. */
  private final SharedPort shared;
  private volatile boolean closed;
  private final ArrayDeque<Playout> queue = new ArrayDeque<>();
  private volatile MediaListener listener = MediaListener.NONE;
  private volatile InetSocketAddress remote;
  private volatile InetSocketAddress advertisedRemote;
  private volatile InetSocketAddress latchedTo;
  private InetSocketAddress latchCandidate;
  /** Packets that came before any remote address was known, handed on once one is (at most {@link #EARLY_PACKETS}). */
  private final ArrayDeque<ReceivedRtp> early = new ArrayDeque<>();
  private static final int EARLY_PACKETS = 50;
  /** SRTP once keys are agreed ({@link #protect}); while {@code srtpPending}, packets wait encrypted in {@code sealed}. */
  private volatile SrtpSession srtp;
  private volatile boolean srtpPending;
  private final ArrayDeque<Sealed> sealed = new ArrayDeque<>();

  private record Sealed(byte[] bytes, InetSocketAddress sender, long arrivalNanos) {}
  private InetSocketAddress probe;
  private volatile InetSocketAddress probed;
  private volatile long probesSent;
  private long latchSsrc;
  private int latchVotes;
  private WireCodec codec;
  private int payloadType;
  private WireCodec.Encoder encoder;
  private WireCodec.Decoder sentDecoder; // what the far end's decoder makes of what we send: the caller track
  private WireCodec receiveCodec;
  private int receivePayloadType = -1;
  private WireCodec.Decoder receiveDecoder;
  private long firstRemoteTimestamp = -1;
  private int telephoneEvent = -1;
  private int telephoneEventClock = SAMPLE_RATE; // RTP clock of the telephone-event: its durations count in it
  /** This stream's place on its event loop's 20 ms wheel, once started. */
  private Pacer.Member ticker;
  private final Pacer pacer;
  private long scheduleStart;
  private long ticks;
  private final TimingHistogram sendTiming = new TimingHistogram();
  private final ReceiveStatistics receiveStats = new ReceiveStatistics(SAMPLE_RATE);
  private final ArrayDeque<KeyPress> keys = new ArrayDeque<>();
  private int keyFrame;
  private long keyTimestamp;
  private final TelephoneEvents events = new TelephoneEvents();
  private final DtmfDetector inband = new DtmfDetector(SAMPLE_RATE);
  /** Whether received audio is searched for in-band DTMF (Goertzel filters on every frame); see {@link #detectInBandDtmf}. */
  private volatile boolean inbandDtmf = true;
  private final List<DtmfHeard> dtmfHeard = new ArrayList<>();
  private volatile long comfortNoise;
  /** Audio frames from the far end with samples held at full scale ({@link WireCodec#clipped(float[])}). */
  private volatile long clippedFrames;
  private volatile float peakReceived;
  private volatile InetSocketAddress lastStranger;
  private int sequence;
  private long timestamp;
  private int playoutFrame;
  private int idleFrames;
  private boolean talkspurt;
  private volatile long packetsSent, packetsReceived, strangers;
  private volatile WireImpairment impairment;
  private volatile boolean sending = true;
  private volatile Pcap capture;
  private volatile long withheld;

  private MediaStream(MediaEngine engine, Channel channel, Channel rtcpChannel, long seed, SharedPort shared) {
    this.channel = channel;
    this.pacer = engine.pacer(channel.eventLoop());
    this.rtcpChannel = rtcpChannel;
    this.shared = shared;
    SplittableRandom random = new SplittableRandom(seed);
    this.ssrc = random.nextLong(1L << 32);
    this.sequence = random.nextInt(1 << 16);
    this.timestamp = random.nextLong(1L << 32);
    this.rtcpRandom = random.split();
    this.cname = "earshot@" + ((InetSocketAddress) channel.localAddress()).getAddress().getHostAddress();
  }

  /**
   * Binds a stream on {@code host}: RTP on an even ephemeral port and RTCP on the next one (RFC 3550 section
   * 11). {@code seed} picks SSRC, first sequence number and first timestamp (RFC 3550 wants them random;
   * Earshot wants every random choice reproducible) and the RTCP report intervals.
   */
  public static MediaStream open(MediaEngine engine, String host, long seed) {
    return open(engine, host, 0, 0, seed);
  }

  /** Ports the kernel is asked for before an ephemeral RTP/RTCP pair is given up. */
  private static final int EPHEMERAL_ATTEMPTS = 512;

  /** Where the next search of a port range starts: streams take the range in turn instead of all probing its bottom. */
  private static final java.util.concurrent.atomic.AtomicInteger RANGE_CURSOR = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * As {@link #open(MediaEngine, String, long)}, with RTP and RTCP inside {@code low..high} (a firewall's media
   * range); {@code low == 0} takes ephemeral ports. Fails naming the range when every pair in it is taken.
   */
  public static MediaStream open(MediaEngine engine, String host, int low, int high, long seed) {
    MediaStream[] holder = new MediaStream[1];
    Bootstrap b = new Bootstrap().group(engine.group()).channel(engine.channelClass())
        .option(ChannelOption.SO_RCVBUF, 1 << 20).option(ChannelOption.SO_SNDBUF, 1 << 20)
        .handler(new ChannelInitializer<DatagramChannel>() { // a new handler for each socket tried
          @Override
          protected void initChannel(DatagramChannel ch) {
            ch.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
                if (holder[0] != null) holder[0].datagram(d);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // a packet the kernel refused to send (no route, a full buffer): written with the void promise, so it
                // ends here; a lost packet is what it is, the far end's receive statistics count it
              }
            });
          }
        });
    Bootstrap rtcp = new Bootstrap().group(engine.group()).channel(engine.channelClass())
        .handler(new ChannelInitializer<DatagramChannel>() { // the same: one handler would refuse a second socket
          @Override
          protected void initChannel(DatagramChannel ch) {
            ch.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
                if (holder[0] != null) holder[0].rtcpReceived(d);
              }
            });
          }
        });
    Channel[] pair = bindPair(b, rtcp, host, low, high);
    holder[0] = new MediaStream(engine, pair[0], pair[1], seed, null);
    return holder[0];
  }

  /**
   * As {@link #open(MediaEngine, String, int, int, long)}, on the socket pair every stream of one event loop
   * shares ({@link SharedPort}: the same port in every call's SDP; a slot's packets leave in one batch). Far ends
   * are told apart by their address, or by SSRC when one address serves several calls; such a stream does not
   * latch to a new address (symmetric RTP behind NAT needs {@link #open}), and media that beats its call's answer
   * is dropped as a stray of the port.
   */
  public static MediaStream openShared(MediaEngine engine, String host, int low, int high, long seed) {
    io.netty.channel.EventLoop loop = engine.group().next();
    SharedPort port = engine.sharedPort(loop, host, low, high);
    MediaStream s = new MediaStream(engine, port.rtp(), port.rtcp(), seed, port);
    // before anything else this stream does on its loop: an SSRC no other stream on the port sends with
    loop.execute(() -> {
      while (!port.claim(s, s.ssrc)) s.ssrc = s.rtcpRandom.nextLong(1L << 32);
    });
    return s;
  }

  /**
   * Binds an RTP socket on an even port of {@code host} and RTCP on the next one, within {@code low..high} or,
   * when {@code low == 0}, among the ephemeral ports. Fails naming the range when every pair in it is taken.
   */
  static Channel[] bindPair(Bootstrap b, Bootstrap rtcp, String host, int low, int high) {
    if (low != 0) {
      int first = low + (low & 1); // RTP on an even port
      int pairs = (high - first + 1) / 2;
      if (pairs < 1) throw new dev.earshot.telephony.TelephonyException("RTP port range " + low + "-" + high + " holds no even/odd pair");
      int start = Math.floorMod(RANGE_CURSOR.getAndIncrement(), pairs);
      for (int i = 0; i < pairs; i++) {
        int port = first + 2 * ((start + i) % pairs);
        io.netty.channel.ChannelFuture media = b.bind(host, port).awaitUninterruptibly();
        if (!media.isSuccess()) continue;
        io.netty.channel.ChannelFuture control = rtcp.bind(host, port + 1).awaitUninterruptibly();
        if (control.isSuccess()) {
          RANGE_CURSOR.set(start + i + 1);
          return new Channel[] {media.channel(), control.channel()};
        }
        media.channel().close().syncUninterruptibly();
      }
      throw new dev.earshot.telephony.TelephonyException("every RTP port pair in " + low + "-" + high + " on " + host
          + " is in use (" + pairs + " pairs); widen --rtp-ports or place fewer calls at once");
    }
    // the kernel picks each port; one that cannot start a pair (odd, or its odd neighbour taken) is held until the
    // search ends, so that the next bind gets another port instead of the same one back (seen at 2000 calls at once)
    List<Channel> refused = new ArrayList<>();
    try {
      for (int attempt = 0; attempt < EPHEMERAL_ATTEMPTS; attempt++) {
        Channel ch = b.bind(host, 0).syncUninterruptibly().channel();
        int port = ((InetSocketAddress) ch.localAddress()).getPort();
        if (port % 2 == 0) {
          io.netty.channel.ChannelFuture control = rtcp.bind(host, port + 1).awaitUninterruptibly();
          if (control.isSuccess()) return new Channel[] {ch, control.channel()};
        }
        refused.add(ch);
      }
    } finally {
      for (Channel ch : refused) ch.close().syncUninterruptibly();
    }
    // the kernel kept handing out ports that start no pair (seen with 2000 calls at once): walk the ephemeral range
    // for a free even/odd pair, as for a --rtp-ports range, before giving up
    int[] range = ephemeralRange();
    return bindPair(b, rtcp, host, range[0] + (range[0] % 2), range[1]);
  }

  /** The kernel's ephemeral port range ({@code /proc/sys/net/ipv4/ip_local_port_range}; Linux's default without it). */
  private static int[] ephemeralRange() {
    try {
      String[] r = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      return new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[1])};
    } catch (java.io.IOException | RuntimeException e) {
      return new int[] {32768, 60999};
    }
  }

  public int localPort() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** The RTP socket's address and port. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  public void setListener(MediaListener listener) {
    this.listener = listener == null ? MediaListener.NONE : listener;
  }

  /**
   * Accepts packets from {@code remote} from now on, before sending starts: a callee must hear media that
   * arrives between its 200 OK and the ACK (RFC 3261 lets the caller send as soon as it has the answer).
   */
  public void receiveFrom(InetSocketAddress remote, WireCodec codec, int payloadType, int telephoneEvent) {
    receiveFrom(remote, codec, payloadType, telephoneEvent, SAMPLE_RATE);
  }

  /** As {@link #receiveFrom(InetSocketAddress, WireCodec, int, int)}, with the telephone-event's RTP clock. */
  public void receiveFrom(InetSocketAddress remote, WireCodec codec, int payloadType, int telephoneEvent, int telephoneEventClock) {
    channel.eventLoop().execute(() -> {
      if (this.remote == null) {
        moveTo(remote);
        this.advertisedRemote = remote;
      }
      if (ticker == null) {
        this.telephoneEvent = telephoneEvent;
        this.telephoneEventClock = telephoneEventClock;
      }
      useReceiveCodec(codec, payloadType);
      replayEarly();
    });
  }

  /** Decodes {@code payloadType} as {@code codec} from now on (a new decoder when it changes). */
  private void useReceiveCodec(WireCodec codec, int payloadType) {
    if (codec == receiveCodec && payloadType == receivePayloadType) return;
    if (receiveDecoder != null) receiveDecoder.close();
    receiveDecoder = codec.decoder();
    receiveCodec = codec;
    receivePayloadType = payloadType;
    if (receiveStats.snapshot().received() == 0) receiveStats.setClockRate(codec.clockRate());
  }

  /** Encodes with {@code codec} as {@code payloadType} from now on (new coder state when it changes). */
  private void useSendCodec(WireCodec codec, int payloadType) {
    if (codec == this.codec && payloadType == this.payloadType) return;
    if (encoder != null) encoder.close();
    if (sentDecoder != null) sentDecoder.close();
    encoder = codec.encoder();
    sentDecoder = codec.decoder();
    this.codec = codec;
    this.payloadType = payloadType;
  }

  /** The codec this stream sends, or null before {@link #start}. */
  public WireCodec codec() {
    return codec;
  }

  /**
   * Impairs every packet this stream sends from now on (loss, queueing, delay with jitter, duplication) as
   * {@code impairment} decides; set it before {@link #start} so it covers the whole call. Null: a perfect path.
   */
  public void impair(WireImpairment impairment) {
    this.impairment = impairment;
  }

  /**
   * Whether packets go out: false while the far end has put the call on hold (its SDP says sendonly or
   * inactive), when RFC 3264 says not to send it media. Playouts and the RTP clock run on regardless, so a
   * resumed stream continues where the schedule is, with the sequence numbers following on.
   */
  public void setSending(boolean sending) {
    this.sending = sending;
  }

  /** Frames not sent because the far end had the call on hold. */
  public long withheldFrames() {
    return withheld;
  }

  /** Records every datagram this stream sends (as it leaves, after any impairment) and receives into {@code pcap}; null stops. */
  public void capture(Pcap pcap) {
    this.capture = pcap;
  }

  private void record(Pcap pcap, ByteBuf buf, InetSocketAddress from, InetSocketAddress to) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), bytes);
    pcap.udp(from, to, bytes);
  }

  /** Writes one datagram to {@code remote}, recording it first when capturing; and a copy to the probe while it lasts. */
  private void write(ByteBuf buf, InetSocketAddress to) {
    Pcap pcap = capture;
    InetSocketAddress also = probe;
    if (also != null && (latchedTo != null || packetsReceived > 0)) probe = also = null; // media flows: the probe is over
    if (also != null && !also.equals(to)) {
      if (pcap != null) record(pcap, buf, localAddress(), also);
      channel.write(new DatagramPacket(buf.retainedDuplicate(), also), channel.voidPromise());
      probesSent++;
    }
    if (pcap != null) record(pcap, buf, localAddress(), to);
    if (shared != null) shared.write(pacer, new DatagramPacket(buf, to)); // leaves with the rest of its slot
    else channel.writeAndFlush(new DatagramPacket(buf, to), channel.voidPromise()); // no future a packet to wait on: none made
  }

  /**
   * Until media arrives, sends a copy of every packet to {@code also} as well as to the SDP's address: for a far
   * end whose SDP names a private address while its signalling comes from another ({@code also}: that address
   * with the SDP's port), as when both sides are behind NAT and the far end waits for media to latch to. The
   * first packet accepted (from the SDP address, or latched to from wherever it really comes) ends the probe.
   * Counted in {@link #probesSent()}.
   */
  public void probe(InetSocketAddress also) {
    channel.eventLoop().execute(() -> {
      if (latchedTo == null && packetsReceived == 0) {
        probe = also;
        probed = also;
      }
    });
  }

  /** Copies sent to the probe address ({@link #probe}). */
  public long probesSent() {
    return probesSent;
  }

  /** Where probe copies went, while probing or after, or null when there was no probe. */
  public InetSocketAddress probeAddress() {
    return probed;
  }

  /** The impairment applied to sent packets, with its per-packet log, or null. */
  public WireImpairment impairment() {
    return impairment;
  }

  /** Starts sending G.711 to {@code remote} on a 20 ms beat (static payload type); the first frame goes out at once. */
  public void start(InetSocketAddress remote, WireCodec codec) {
    start(remote, codec, codec.payloadType(), -1);
  }

  /** As {@link #start(InetSocketAddress, WireCodec, int, int)} with the codec's own payload type number. */
  public void start(InetSocketAddress remote, WireCodec codec, int telephoneEvent) {
    start(remote, codec, codec.payloadType(), telephoneEvent);
  }

  /**
   * Starts sending to {@code remote} on a 20 ms beat with {@code codec} as {@code payloadType} (the number the
   * session gave it), and decoding it; {@code telephoneEvent} is the payload type the far end gave
   * telephone-event (RFC 4733), or -1 when it has none: then keys are sent as in-band tones. Called again
   * (early media, then the answer, a re-INVITE), it re-targets the running stream without a new schedule.
   */
  public void start(InetSocketAddress remote, WireCodec codec, int payloadType, int telephoneEvent) {
    start(remote, codec, payloadType, telephoneEvent, SAMPLE_RATE);
  }

  /**
   * As {@link #start(InetSocketAddress, WireCodec, int, int)}, with the RTP clock the telephone-event was
   * negotiated on ({@code telephone-event/48000} beside Opus): its durations are counted in that clock.
   */
  public void start(InetSocketAddress remote, WireCodec codec, int payloadType, int telephoneEvent, int telephoneEventClock) {
    channel.eventLoop().execute(() -> {
      // the same SDP address again (early media, then the answer) keeps a latch; a new one is followed
      if (latchedTo == null || !remote.equals(advertisedRemote)) {
        moveTo(remote);
        this.advertisedRemote = remote;
        this.latchedTo = null;
      }
      useSendCodec(codec, payloadType);
      useReceiveCodec(codec, payloadType);
      this.telephoneEvent = telephoneEvent;
      this.telephoneEventClock = telephoneEventClock;
      replayEarly();
      if (ticker != null) return;
      ticker = pacer.join(this::tick);
      scheduleStart = ticker.firstDueNanos;
      scheduleRtcp(rtcpIntervalMs / 2); // RFC 3550 6.2: the first report after half the interval
    });
  }

  /** Sends to and hears {@code to} from now on (on the event loop); a shared port hands this stream what comes from there. */
  private void moveTo(InetSocketAddress to) {
    if (shared != null && !closed) shared.route(this, remote, to);
    remote = to;
  }

  /** Hands on the packets that came before the remote address was known, now that it is (on the event loop). */
  private void replayEarly() {
    while (!early.isEmpty()) received(early.poll());
  }

  /** A DTMF key press queued for sending. */
  private record KeyPress(char key, int toneFrames, int gapFrames, CompletableFuture<Void> done, boolean inBand) {}

  /** A key press heard from the far end: as RFC 4733 events or as in-band tones. */
  public record DtmfHeard(char key, long arrivalNanos, boolean inBand) {}

  /**
   * Queues key presses ({@code 0-9 * # A-D}), sent as RFC 4733 events when the far end accepts them and as
   * in-band tones otherwise. While keys are sent, audio playouts wait. Each key lasts {@code toneMs} (rounded
   * to 20 ms frames, at least 40) followed by {@code gapMs} of silence; the future completes after the last.
   */
  public CompletableFuture<Void> sendDtmf(String keys, int toneMs, int gapMs) {
    return sendDtmf(keys, toneMs, gapMs, false);
  }

  /** As {@link #sendDtmf(String, int, int)}; {@code inBand} sends tones in the audio even when telephone-event was negotiated. */
  public CompletableFuture<Void> sendDtmf(String keys, int toneMs, int gapMs, boolean inBand) {
    String checked = Dtmf.check(keys);
    int tone = Math.max(2, Math.round(toneMs / (float) FRAME_MS));
    int gap = Math.max(1, Math.round(gapMs / (float) FRAME_MS));
    CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    List<KeyPress> presses = new ArrayList<>();
    for (char k : checked.toCharArray()) {
      KeyPress p = new KeyPress(k, tone, gap, new CompletableFuture<>(), inBand);
      presses.add(p);
      last = p.done();
    }
    channel.eventLoop().execute(() -> {
      if (ticker == null && (closed || !channel.isOpen())) presses.forEach(p -> p.done().cancel(false));
      else this.keys.addAll(presses);
    });
    return last;
  }

  /** Queues {@code audio} (8 kHz) after anything already queued. */
  public Playout play(Pcm audio) {
    if (audio.sampleRate() != SAMPLE_RATE) {
      throw new IllegalArgumentException("play needs 8000 Hz audio, found " + audio.sampleRate() + " Hz");
    }
    return queue(new Playout(audio, FRAME_SAMPLES));
  }

  /**
   * Queues a clip that other streams play too, after anything already queued: with a stateless codec its frames go
   * out as the clip's shared payloads (encoded once for every stream; the same bytes {@link #play(Pcm)} would send).
   */
  public Playout play(SharedClip clip) {
    return queue(new Playout(clip.audio(), FRAME_SAMPLES, clip));
  }

  private Playout queue(Playout p) {
    channel.eventLoop().execute(() -> {
      if (ticker == null && (closed || !channel.isOpen())) p.finishStopped();
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
    KeyPress key = keys.peek();
    if (key != null && sendKeyFrame(key)) return;
    Playout current = queue.peek();
    while (current != null && current.stopped()) {
      queue.poll().finishStopped();
      playoutFrame = 0;
      current = queue.peek();
    }
    boolean marker = false;
    byte[] payload;
    if (current != null) {
      byte[] encoded = current.sharedFrame(codec, playoutFrame);
      payload = encoded != null ? encoded : encoder.encode(frame(current.audio().samples(), playoutFrame, framePcm));
      marker = !talkspurt;
      talkspurt = true;
    } else {
      talkspurt = false;
      payload = codec.stateless() ? silence(codec) : encoder.encode(SILENT_FRAME);
    }
    long sent = send(payloadType, marker, timestamp, payload);
    MediaListener l = listener;
    float[] heard = l == MediaListener.NONE ? null : sentDecoder.decode(payload); // nobody listening (load runs): skip
    if (current != null) {
      int index = playoutFrame++;
      current.recordSent(index, sent);
      l.onSent(heard, sent, current, index);
      if (playoutFrame >= current.frameCount()) {
        queue.poll();
        playoutFrame = 0;
      }
    } else {
      l.onSent(heard, sent, null, idleFrames++);
    }
  }

  /** A frame's samples, reused tick after tick (an encoder reads it and keeps nothing of it). */
  private final short[] framePcm = new short[FRAME_SAMPLES];
  private static final short[] SILENT_FRAME = new short[FRAME_SAMPLES];
  private static final byte[] PCMU_SILENCE = WireCodec.PCMU.encoder().encode(SILENT_FRAME);
  private static final byte[] PCMA_SILENCE = WireCodec.PCMA.encoder().encode(SILENT_FRAME);

  /** A silent frame's payload in a stateless codec: the same bytes every time, so encoded once. */
  private static byte[] silence(WireCodec codec) {
    return codec == WireCodec.PCMU ? PCMU_SILENCE : PCMA_SILENCE;
  }

  /** Frame {@code f} of {@code src} as 16-bit samples in {@code into} (silence past the end); returns {@code into}. */
  static short[] frame(float[] src, int f, short[] into) {
    int from = f * FRAME_SAMPLES;
    for (int i = 0; i < FRAME_SAMPLES; i++) into[i] = from + i < src.length ? Pcm.toShort(src[from + i]) : 0;
    return into;
  }

  /** Writes one packet, advances sequence and timestamp, times the send against its slot; returns when it went. */
  private long send(int payloadType, boolean marker, long packetTimestamp, byte[] payload) {
    if (!sending) {
      ticks++;
      withheld++;
      timestamp = (timestamp + codec.timestampStep()) & 0xFFFFFFFFL;
      return System.nanoTime();
    }
    ByteBuf buf = channel.alloc().directBuffer(RtpPacket.HEADER_BYTES + payload.length);
    RtpPacket.encodeHeader(buf, payloadType, marker, sequence, packetTimestamp, ssrc);
    buf.writeBytes(payload);
    SrtpSession secure = srtp;
    if (secure != null) buf = secure.protectRtp(buf, ssrc);
    WireImpairment path = impairment;
    if (path == null) write(buf, remote);
    else transmit(path.next(ticks, sequence, buf.readableBytes()), buf);
    long sent = System.nanoTime();
    long due = scheduleStart + ticks * FRAME_NANOS;
    if (shared != null && pacer.serving()) { // it leaves when the slot is flushed: timed then ({@link #flushed})
      pendingDue = due;
      pacer.timeFlush(this);
    } else {
      synchronized (sendTiming) {
        sendTiming.record(Math.abs(sent - due) / 1000);
      }
    }
    ticks++;
    if (packetsSent++ == 0) firstSentNanos = sent;
    lastSentNanos = sent;
    octetsSent += payload.length;
    sequence = (sequence + 1) & 0xFFFF;
    timestamp = (timestamp + codec.timestampStep()) & 0xFFFFFFFFL;
    return sent;
  }

  /** The nominal send time of the packet waiting in its slot's flush. */
  private long pendingDue;

  /** The slot's batch, this stream's packet in it, went at {@code nanos}: timed against its slot on the schedule. */
  void flushed(long nanos) {
    synchronized (sendTiming) {
      sendTiming.record(Math.abs(nanos - pendingDue) / 1000);
    }
  }

  /** Sends (or drops) this tick's packet as the impairment decided: each copy leaves at its nominal time plus its delay. */
  private void transmit(WireImpairment.Fate fate, ByteBuf buf) {
    if (fate.action() != WireImpairment.Action.SENT) {
      buf.release();
      return;
    }
    long due = scheduleStart + ticks * FRAME_NANOS;
    if (fate.duplicated()) transmitAt(buf.retainedDuplicate(), due + Math.round(fate.duplicateDelayMs() * 1e6));
    transmitAt(buf, due + Math.round(fate.delayMs() * 1e6));
  }

  private void transmitAt(ByteBuf buf, long dueNanos) {
    InetSocketAddress to = remote;
    long wait = dueNanos - System.nanoTime();
    if (wait <= 0) write(buf, to);
    else channel.eventLoop().schedule(() -> write(buf, to), wait, TimeUnit.NANOSECONDS);
  }

  /**
   * Sends frame {@code keyFrame} of a key press: tone frames, then (RFC 4733) the end packet three times, then
   * the gap. Returns false when the press is over, so the tick sends audio instead.
   */
  private boolean sendKeyFrame(KeyPress key) {
    int f = keyFrame;
    boolean events = telephoneEvent >= 0 && !key.inBand();
    int endFrames = events ? 3 : 0;
    if (f >= key.toneFrames() + endFrames + key.gapFrames()) {
      keys.poll();
      keyFrame = 0;
      key.done().complete(null);
      return false;
    }
    keyFrame++;
    if (f == 0) keyTimestamp = timestamp;
    float[] heard = new float[FRAME_SAMPLES];
    if (f < key.toneFrames()) Dtmf.tone(key.key(), SAMPLE_RATE, (long) f * FRAME_SAMPLES, DTMF_AMPLITUDE, heard);
    long sent;
    if (events && f < key.toneFrames() + endFrames) {
      boolean end = f >= key.toneFrames();
      int duration = (end ? key.toneFrames() : f + 1) * FRAME_SAMPLES * (telephoneEventClock / SAMPLE_RATE);
      sent = send(telephoneEvent, f == 0, keyTimestamp, TelephoneEvents.payload(Dtmf.event(key.key()), end, duration));
    } else {
      short[] pcm = new short[FRAME_SAMPLES];
      for (int i = 0; i < FRAME_SAMPLES; i++) pcm[i] = Pcm.toShort(heard[i]);
      byte[] payload = encoder.encode(pcm);
      sent = send(payloadType, f == 0, timestamp, payload);
      heard = sentDecoder.decode(payload);
    }
    talkspurt = false;
    listener.onSent(heard, sent, null, idleFrames++);
    return true;
  }

  /** On the event loop: a datagram from the far end (already handed to this stream), captured, unprotected, decoded. */
  void datagram(DatagramPacket d) {
    long arrival = System.nanoTime();
    Pcap pcap = capture;
    if (pcap != null) record(pcap, d.content(), d.sender(), localAddress());
    else if (srtp == null && !srtpPending && levelOnly(d, arrival)) return;
    DatagramPacket plain = inbound(d);
    if (plain == null) return;
    try {
      ReceivedRtp rtp = RtpPacketDecoder.decode(plain, arrival);
      if (rtp != null) received(rtp);
    } finally {
      if (plain != d) plain.release();
    }
  }

  /** A packet from the far end, in sequence and timing: its SSRC, its place in the stream, the gaps between arrivals. */
  private void heard(long packetSsrc, int sequence, long rtpTimestamp, long at) {
    if (remoteSsrc != packetSsrc && shared != null) shared.heard(this, packetSsrc);
    remoteSsrc = packetSsrc;
    if (heardPackets++ > 0 && at - lastHeardNanos > longestGapNanos) longestGapNanos = at - lastHeardNanos;
    lastHeardNanos = Math.max(lastHeardNanos, at);
    receiveStats.onPacket(sequence, rtpTimestamp, at);
  }

  /**
   * The receive path of a stream whose audio nobody hears (a load call, not captured, not SRTP): a G.711 packet
   * from the far end is counted and its level read from the datagram in place, as {@link #received} would, without
   * copying or decoding it. False (nothing done) for anything else: events, comfort noise, another codec, a
   * sender to latch to, media before the answer, what is not RTP; the full path takes those.
   */
  private boolean levelOnly(DatagramPacket d, long arrival) {
    if (listener != MediaListener.NONE || inbandDtmf || remote == null || !remote.equals(d.sender())) return false;
    ByteBuf b = d.content();
    if (RtpPacketDecoder.isRtcp(b)) return false;
    long bounds;
    try {
      bounds = RtpPacket.payloadBounds(b);
    } catch (CorruptedRtpException e) {
      return false;
    }
    int start = b.readerIndex();
    int pt = b.getUnsignedByte(start + 1) & 0x7F;
    if (pt == telephoneEvent || pt == COMFORT_NOISE) return false;
    WireCodec law = statelessLaw(pt);
    if (law == null) return false;
    heard(b.getUnsignedInt(start + 8), b.getUnsignedShort(start + 2), b.getUnsignedInt(start + 4), arrival);
    readInPlace++;
    level(law, b, start + (int) (bounds >>> 32), start + (int) bounds);
    return true;
  }

  /** The stateless codec (G.711) payload type {@code pt} carries here, or null. */
  private WireCodec statelessLaw(int pt) {
    WireCodec law = pt == receivePayloadType ? receiveCodec : WireCodec.byStaticPayloadType(pt);
    return law != null && law.stateless() ? law : null;
  }

  /** Counts an audio packet nobody hears, keeping only its level: its payload is bytes {@code from} to {@code to} of {@code b}. */
  private void level(WireCodec law, ByteBuf b, int from, int to) {
    packetsReceived++;
    peakReceived = Math.max(peakReceived, law.peak(b, from, to));
    if (law.clipped(b, from, to)) clippedFrames++;
  }

  /** Packets {@link #levelOnly} took (a test's view of which path ran). */
  long readInPlace;

  private void received(ReceivedRtp msg) {
    RtpPacket packet = msg.packet();
    if (remote == null) { // the far end's media can beat its own answer here (it may send once it has our ACK): keep it
      if (early.size() < EARLY_PACKETS) early.add(msg);
      else strangers++;
      return;
    }
    if (!msg.sender().equals(remote)) {
      if (!latch(msg.sender(), packet)) {
        strangers++;
        lastStranger = msg.sender();
        return;
      }
    }
    heard(packet.ssrc(), packet.sequence(), packet.timestamp(), msg.arrivalNanos());
    int pt = packet.payloadType();
    if (pt == telephoneEvent) {
      events.onPacket(packet.timestamp(), packet.payload(), msg.arrivalNanos(), r -> heardKey(r.key(), r.firstArrivalNanos(), false));
      return;
    }
    if (pt == COMFORT_NOISE) {
      comfortNoise++;
      return; // silence with a level: the timeline treats the gap until the next packet as silence
    }
    if (listener == MediaListener.NONE && !inbandDtmf) { // nobody hears the audio (a load call): its level is all that is kept
      WireCodec law = statelessLaw(pt);
      if (law != null) {
        level(law, io.netty.buffer.Unpooled.wrappedBuffer(packet.payload()), 0, packet.payload().length);
        return;
      }
    }
    float[] frame;
    if (pt == receivePayloadType) {
      frame = receiveDecoder.decode(packet.payload());
    } else {
      WireCodec g711 = WireCodec.byStaticPayloadType(pt); // G.711 is stateless: accepted even when not negotiated
      if (g711 != WireCodec.PCMU && g711 != WireCodec.PCMA) return; // a payload type we did not negotiate
      frame = g711.decoder().decode(packet.payload());
    }
    packetsReceived++;
    float peak = peakReceived;
    for (float x : frame) peak = Math.max(peak, Math.abs(x));
    peakReceived = peak;
    if (WireCodec.clipped(frame)) clippedFrames++;
    if (inbandDtmf) for (DtmfDetector.Detection d : inband.feed(frame)) heardKey(d.key(), msg.arrivalNanos(), true);
    listener.onReceived(frame, msg.arrivalNanos(), mediaTimestamp(packet.timestamp()));
  }

  /**
   * Whether to search the received audio for in-band DTMF tones (on by default; RFC 4733 events are always heard).
   * A stream that never asks which keys the far end sent (a load call) turns it off: the search is the costliest
   * per-frame work on the receive path (a quarter of the RTP threads' time at 1000 calls, by JFR).
   */
  public void detectInBandDtmf(boolean on) {
    inbandDtmf = on;
  }

  private void heardKey(char key, long arrivalNanos, boolean inBand) {
    DtmfHeard h = new DtmfHeard(key, arrivalNanos, inBand);
    synchronized (dtmfHeard) {
      dtmfHeard.add(h);
    }
    listener.onDtmf(h);
  }

  /**
   * The packet's timestamp in 8 kHz samples (what {@link MediaListener#onReceived} promises): as sent for an
   * 8000 Hz clock, else counted from the first packet's and scaled (Opus: 48000 Hz), wrapping at 32 bits.
   */
  private long mediaTimestamp(long rtpTimestamp) {
    int clock = receiveCodec == null ? SAMPLE_RATE : receiveCodec.clockRate();
    if (clock == SAMPLE_RATE) return rtpTimestamp;
    if (firstRemoteTimestamp < 0) firstRemoteTimestamp = rtpTimestamp;
    long delta = (int) (rtpTimestamp - firstRemoteTimestamp); // signed: a late packet is before the first one's
    return (firstRemoteTimestamp + Math.floorDiv(delta * SAMPLE_RATE, clock)) & 0xFFFFFFFFL;
  }

  /**
   * Sets the mean RTCP report interval (RFC 3550 recommends at least 5 s, the default); each interval is drawn
   * from 0.5 to 1.5 times it with the stream's seed. Takes effect from the next report.
   */
  public void setRtcpInterval(long ms) {
    if (ms < 100) throw new IllegalArgumentException("RTCP interval: expected at least 100 ms, found " + ms);
    this.rtcpIntervalMs = ms;
  }

  private void scheduleRtcp(long delayMs) {
    rtcpTimer = channel.eventLoop().schedule(() -> {
      sendRtcp();
      scheduleRtcp(Math.round(rtcpIntervalMs * (0.5 + rtcpRandom.nextDouble())));
    }, delayMs, TimeUnit.MILLISECONDS);
  }

  /** One compound report to the far end's RTCP port (its RTP port + 1): SR while we send, else RR; SDES CNAME. */
  private void sendRtcp() {
    InetSocketAddress to = remote;
    if (to == null || closed || !rtcpChannel.isOpen()) return;
    long nowNanos = System.nanoTime();
    long epochMicros = java.time.Instant.now().getEpochSecond() * 1_000_000L + java.time.Instant.now().getNano() / 1000;
    List<Rtcp.ReportBlock> blocks = new ArrayList<>();
    ReceiveStatistics.ReportFigures f = remoteSsrc < 0 ? null : receiveStats.reportFigures();
    if (f != null) {
      long lsr = lastSrMiddle, arrived = lastSrArrivalNanos;
      long dlsr = lsr == 0 ? 0 : (nowNanos - arrived) * 65536 / 1_000_000_000L;
      blocks.add(new Rtcp.ReportBlock(remoteSsrc, f.fractionLost(), f.cumulativeLost(), f.highestSequence(), f.jitter(), lsr, dlsr));
    }
    boolean sender = packetsSent > 0 && sending;
    Rtcp.Report report = new Rtcp.Report(sender, ssrc, sender ? Rtcp.ntp(epochMicros) : 0, sender ? timestamp : 0,
        sender ? packetsSent : 0, sender ? octetsSent : 0, blocks);
    ByteBuf buf = rtcpChannel.alloc().buffer(128);
    Rtcp.encode(buf, report, cname);
    SrtpSession secure = srtp;
    if (secure != null) buf = secure.protectRtcp(buf, ssrc);
    else if (srtpPending) {
      buf.release(); // no keys yet: nothing the far end could authenticate
      return;
    }
    InetSocketAddress control = new InetSocketAddress(to.getAddress(), to.getPort() + 1);
    Pcap pcap = capture;
    if (pcap != null) record(pcap, buf, (InetSocketAddress) rtcpChannel.localAddress(), control);
    rtcpChannel.writeAndFlush(new DatagramPacket(buf, control));
    rtcpSent++;
  }

  void rtcpReceived(DatagramPacket d) {
    InetSocketAddress from = remote;
    if (from == null || !d.sender().getAddress().equals(from.getAddress())) return;
    Pcap pcap = capture;
    if (pcap != null) record(pcap, d.content(), d.sender(), (InetSocketAddress) rtcpChannel.localAddress());
    List<Rtcp.Report> reports;
    SrtpSession secure = srtp;
    ByteBuf plain = secure == null ? d.content() : secure.unprotectRtcp(d.content());
    if (plain == null || (secure == null && srtpPending)) return;
    try {
      reports = Rtcp.decode(plain);
    } catch (CorruptedRtpException e) {
      return;
    } finally {
      if (plain != d.content()) plain.release();
    }
    long now = System.nanoTime();
    long nowMiddle = (Rtcp.ntp(java.time.Instant.now().getEpochSecond() * 1_000_000L + java.time.Instant.now().getNano() / 1000) >>> 16) & 0xFFFFFFFFL;
    for (Rtcp.Report r : reports) {
      rtcpReports++;
      if (r.sender()) {
        lastSrMiddle = r.ntpMiddle();
        lastSrArrivalNanos = now;
      }
      Rtcp.ReportBlock aboutUs = r.blocks().stream().filter(b -> b.ssrc() == ssrc).findFirst().orElse(null);
      if (aboutUs != null) {
        reportsWithoutUs = 0;
        farEnd = aboutUs;
        if (aboutUs.lastSr() != 0) rttMs = ((nowMiddle - aboutUs.lastSr() - aboutUs.delaySinceLastSr()) & 0xFFFFFFFFL) * 1000.0 / 65536;
      } else if (packetsSent > 0 && now - firstSentNanos > 2_000_000_000L) {
        reportsWithoutUs++; // it has had 2 s of our packets and reports none arriving since its last report
      }
    }
  }

  /**
   * What the far end's RTCP says about our stream: reports received, its latest reception block about us
   * (null when none mentioned us), the round-trip time from its LSR/DLSR (NaN until it echoes one of our SRs).
   */
  public FarEnd farEnd() {
    return new FarEnd(rtcpSent, rtcpReports, farEnd, rttMs, codec == null ? SAMPLE_RATE : codec.clockRate());
  }

  /** See {@link #farEnd()}; {@code jitterMs} converts the block's jitter from our stream's timestamp units. */
  public record FarEnd(long reportsSent, long reportsReceived, Rtcp.ReportBlock aboutUs, double rttMs, int clockRate) {
    public double jitterMs() {
      return aboutUs == null ? Double.NaN : aboutUs.jitter() * 1000.0 / clockRate;
    }
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

  /**
   * What is wrong with the media so far, as a telephony failure, or null when audio flows both ways as far as
   * this side can tell: no RTP from the far end at all; RTP only from another address than the negotiated one
   * (one-way audio, typically a NAT or a media server answering from a different port); or packets that carry
   * nothing but digital silence.
   */
  public MediaProblem mediaProblem() {
    if (packetsSent == 0) return null; // not started
    double seconds = packetsSent * FRAME_MS / 1000.0;
    if (packetsReceived == 0 && receiveStats.snapshot().received() == 0) {
      SrtpSession secure = srtp;
      long failed = secure == null ? 0 : secure.statistics().authFailures();
      if (failed > 0) {
        return new MediaProblem(MediaProblem.Kind.NO_AUDIO, "no audio: all " + failed + " SRTP packets from the far end failed authentication ("
            + secure.suite() + "): its key is not the one its SDP gave, or something rewrote the packets on the way");
      }
      if (strangers > 0) {
        return new MediaProblem(MediaProblem.Kind.ONE_WAY, "one-way audio: " + strangers + " RTP packets came from " + lastStranger
            + " instead of the SDP's " + remote + ", and were not latched to (" + LATCH_PACKETS + " in a row from one address with one SSRC are needed)");
      }
      return new MediaProblem(MediaProblem.Kind.NO_AUDIO, String.format(java.util.Locale.ROOT, "no audio: no RTP from the far end in %.1f s", seconds));
    }
    if (reportsWithoutUs >= 2) { // two reports in a row that heard nothing from us since the one before
      return new MediaProblem(MediaProblem.Kind.ONE_WAY, "one-way audio: the far end's last " + reportsWithoutUs
          + " RTCP reports show none of our RTP packets arriving there (" + packetsSent + " sent)");
    }
    if (packetsReceived > 0 && peakReceived == 0 && comfortNoise == 0) {
      return new MediaProblem(MediaProblem.Kind.SILENT, "silent audio: all " + packetsReceived + " RTP packets from the far end carried digital silence");
    }
    long clipped = clippedFrames;
    if (clipped >= CLIPPED_MIN_FRAMES && clipped * 100 >= CLIPPED_PERCENT * packetsReceived) {
      return new MediaProblem(MediaProblem.Kind.CLIPPED, String.format(java.util.Locale.ROOT,
          "clipped audio: %d of the far end's %d audio frames (%.1f%%) had samples held at full scale: a gain too high on the path, or in the agent's own audio",
          clipped, packetsReceived, 100.0 * clipped / packetsReceived));
    }
    return null;
  }

  /** Clipped audio is a problem from this many frames (0.5 s) on, when they are at least {@link #CLIPPED_PERCENT}% of the frames received. */
  static final long CLIPPED_MIN_FRAMES = 25;
  static final long CLIPPED_PERCENT = 1;

  /** Audio frames from the far end whose samples were held at full scale (three in a row at the top G.711 code or above). */
  public long clippedFrames() {
    return clippedFrames;
  }

  /** How long the far end's media must have been missing, while Earshot kept sending, to be named one-way audio. */
  static final long STOPPED_NANOS = 3_000_000_000L;
  /** A stream counts as steady when no two of its packets were further apart than this (no silence suppression). */
  static final long STEADY_GAP_NANOS = 1_000_000_000L;

  /**
   * One-way audio that began mid-call: the far end's stream had been steady (at least 100 packets, never a gap
   * of a second, so not a sender that suppresses silence) and then stopped arriving for good, while this side
   * went on sending for at least 3 s more. What a NAT or firewall does when its binding for the media expires
   * mid-call (or a far end that stopped sending); null when that did not happen, or when the far end said it
   * would stop sending (a re-INVITE to hold). Not part of {@link #mediaProblem()}: an IVR may stop its RTP while
   * it waits for keys, so this explains a failure, it is not one by itself.
   */
  public MediaProblem stoppedMidCall() {
    if (!farEndSends) return null;
    long heard = heardPackets, last = lastHeardNanos, sentUntil = lastSentNanos;
    if (heard < 100 || longestGapNanos >= STEADY_GAP_NANOS || sentUntil - last < STOPPED_NANOS) return null;
    return new MediaProblem(MediaProblem.Kind.STOPPED, String.format(java.util.Locale.ROOT,
        "one-way audio from %.1f s into the call: the far end's RTP, steady until then (%d packets),"
        + " stopped arriving while Earshot sent for %.1f s more (%d packets in all); a NAT or firewall on the path dropping the media"
        + " when its binding expired, or the far end stopped sending", (last - firstSentNanos) / 1e9, heard, (sentUntil - last) / 1e9, packetsSent));
  }

  private volatile boolean farEndSends = true;

  /** What the far end's SDP now says about its sending (false: on hold, recvonly or inactive), for {@link #stoppedMidCall()}. */
  public void farEndSends(boolean sends) {
    this.farEndSends = sends;
  }

  /** Key presses heard from the far end so far, RFC 4733 and in-band, in arrival order. */
  public List<DtmfHeard> dtmfHeard() {
    synchronized (dtmfHeard) {
      return List.copyOf(dtmfHeard);
    }
  }

  /** RFC 3389 comfort-noise packets received. */
  public long comfortNoisePackets() {
    return comfortNoise;
  }

  /** How late (or early) each packet left against its slot on the 20 ms schedule, in microseconds. */
  public TimingHistogram sendTiming() {
    synchronized (sendTiming) {
      return sendTiming.copy();
    }
  }

  /**
   * Symmetric RTP (RFC 4961; the "latching" of session border controllers): while nothing has come from the
   * SDP's address, {@link #LATCH_PACKETS} RTP packets in a row from one other address with one SSRC move the
   * stream there, for sending and receiving, as a far end behind NAT that advertised its private address needs.
   * Once media has come from the address in use, or once latched, nothing moves the stream but a new SDP: a
   * stranger's packets are counted ({@link #strangers()}) and dropped, so nobody can take over a running call.
   */
  private boolean latch(InetSocketAddress sender, RtpPacket packet) {
    if (remote == null || latchedTo != null || packetsReceived > 0 || receiveStats.snapshot().received() > 0) return false;
    if (sender.equals(latchCandidate) && packet.ssrc() == latchSsrc) {
      latchVotes++;
    } else {
      latchCandidate = sender;
      latchSsrc = packet.ssrc();
      latchVotes = 1;
    }
    if (latchVotes < LATCH_PACKETS) return false;
    moveTo(sender);
    latchedTo = sender;
    return true;
  }

  /** Valid RTP packets in a row, from one address and SSRC, that latch a stream with no media yet from its SDP address. */
  public static final int LATCH_PACKETS = 3;

  /** Where the far end's SDP said its media is (the latest offer or answer), or null before one. */
  public InetSocketAddress advertisedRemote() {
    return advertisedRemote;
  }

  /** The address the stream sends to and accepts media from now: the SDP's, or the one it latched to. */
  public InetSocketAddress remote() {
    return remote;
  }

  /** The address the stream latched to from the SDP's ({@link #latch}), or null when it did not. */
  public InetSocketAddress latchedTo() {
    return latchedTo;
  }

  /** Datagrams ignored because they came from an address other than the negotiated remote. */
  public long strangers() {
    return strangers;
  }

  /** Whether the far end accepts RFC 4733 telephone-events (its SDP gave them a payload type). */
  public boolean takesTelephoneEvents() {
    return telephoneEvent >= 0;
  }

  /**
   * From now until {@link #protect} or {@link #plainRtp}, what arrives is kept encrypted, not decoded: the caller
   * offered SRTP and does not know yet whether the answer takes it, nor the far end's key (its media can beat
   * the answer). At most {@code EARLY_PACKETS} are kept.
   */
  public void expectSrtp() {
    srtpPending = true;
  }

  /** The answer declined SRTP: what was kept is handed on as plain RTP, and plain RTP is what this stream uses. */
  public void plainRtp() {
    channel.eventLoop().execute(() -> {
      srtpPending = false;
      unseal(null);
    });
  }

  /**
   * Protects everything this stream sends with {@code send} and accepts only what authenticates with
   * {@code receive} (SRTP and SRTCP, RFC 3711), from the next packet; packets kept since {@link #expectSrtp} are
   * checked and handed on. Call before {@link #start}. Called again with the keys in use it changes nothing;
   * with others (a re-INVITE that re-keyed), new contexts start.
   */
  public void protect(SrtpKeys send, SrtpKeys receive) {
    SrtpSession current = srtp;
    if (current != null && current.sendKeys().equals(send) && current.receiveKeys().equals(receive)) return;
    SrtpSession next = new SrtpSession(send, receive);
    srtp = next; // at once: the first packet sent after this call must be protected
    srtpPending = false;
    channel.eventLoop().execute(() -> unseal(next));
  }

  /** Initialises SRTP's crypto ahead of the first call that needs it (a run with SRTP calls this as it starts). */
  public static void prepareSrtp() {
    SrtpSession.warmUp();
  }

  /** The SRTP figures ({@link SrtpStatistics}), or null for a plain RTP stream. */
  public SrtpStatistics srtpStatistics() {
    SrtpSession s = srtp;
    return s == null ? null : s.statistics();
  }

  /** On the event loop: a datagram for the decoder (plain RTP), or null when kept, dropped or failed (counted). */
  private DatagramPacket inbound(DatagramPacket d) {
    SrtpSession secure = srtp;
    if (secure == null && !srtpPending) return d;
    ByteBuf content = d.content();
    if (RtpPacketDecoder.isRtcp(content)) return d; // RTCP on the RTP port: the decoder drops and counts it
    if (secure == null) {
      if (sealed.size() < EARLY_PACKETS) {
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        sealed.add(new Sealed(bytes, d.sender(), System.nanoTime()));
      } else {
        strangers++;
      }
      return null;
    }
    ByteBuf plain = secure.unprotectRtp(content);
    return plain == null ? null : new DatagramPacket(plain, d.recipient(), d.sender());
  }

  /** Hands on the packets kept while SRTP was pending: decrypted with {@code secure}, or as they are when null. */
  private void unseal(SrtpSession secure) {
    while (!sealed.isEmpty()) {
      Sealed p = sealed.poll();
      ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(p.bytes());
      ByteBuf plain = secure == null ? buf : secure.unprotectRtp(buf);
      if (plain == null) continue;
      try {
        received(new ReceivedRtp(RtpPacket.decode(plain), p.sender(), p.arrivalNanos()));
      } catch (CorruptedRtpException e) {
        // not RTP: dropped, as the decoder would
      } finally {
        plain.release();
      }
    }
  }

  /** Stops sending, ends pending playouts and closes the socket. Idempotent. */
  @Override
  public void close() {
    channel.eventLoop().execute(() -> {
      closed = true;
      if (shared != null) shared.leave(this, remote);
      if (ticker != null) ticker.leave();
      if (rtcpTimer != null) rtcpTimer.cancel(false);
      flush();
      for (KeyPress k : keys) k.done().cancel(false);
      keys.clear();
      sealed.clear();
      for (AutoCloseable c : new AutoCloseable[] {encoder, sentDecoder, receiveDecoder}) {
        try {
          if (c != null) c.close(); // native codec state (Opus)
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    if (shared != null) return; // the port stays for the loop's other streams (the engine closes it)
    rtcpChannel.close();
    var done = channel.close();
    // from its own event loop (a playout's completion hanging up) waiting would deadlock: the close is queued
    if (!channel.eventLoop().inEventLoop()) done.syncUninterruptibly();
  }
}
