package dev.earshot.telephony;

import dev.earshot.telephony.capture.Pcap;
import dev.earshot.telephony.rtp.MediaEngine;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.MediaStream;
import dev.earshot.telephony.rtp.WireCodec;
import dev.earshot.telephony.rtp.WireImpairment;
import dev.earshot.telephony.sip.IncomingInvite;
import dev.earshot.telephony.sip.Sdp;
import dev.earshot.telephony.sip.Pong;
import dev.earshot.telephony.sip.SipCredentials;
import dev.earshot.telephony.sip.SipSettings;
import dev.earshot.telephony.sip.SipEndpoint;
import dev.earshot.telephony.sip.SipSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The front door of the telephony module: a SIP user agent plus the shared RTP engine, placing calls
 * ({@link #dial}) and answering them ({@link #onIncomingCall}). One instance serves every call of a run.
 *
 * <pre>{@code
 * try (Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", seed)) {
 *   Call call = tel.dial("sip:agent@127.0.0.1:5080", Map.of("X-Earshot-Call", id)).join();
 *   call.media().play(clip8k).done().join();
 *   call.hangup();
 * }
 * }</pre>
 */
public final class Telephony implements AutoCloseable {
  private final String host;
  private final String mediaHost;
  private final Addressing addressing;
  private final MediaEngine engine;
  private final ExecutorService callbacks;
  private final SipEndpoint sip;
  private final AtomicLong streamSeeds;
  private final ScheduledExecutorService timers;
  private volatile SrtpMode srtp = SrtpMode.OFF;
  private volatile SrtpKeyLog keyLog;

  private Telephony(Addressing addressing, String user, long seed, SipSettings settings) {
    this.addressing = addressing;
    this.host = addressing.listenHost();
    this.mediaHost = addressing.mediaHost();
    this.engine = MediaEngine.create();
    this.callbacks = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "earshot-sip-" + user);
      t.setDaemon(true);
      return t;
    });
    this.sip = SipEndpoint.start(host, addressing.sipPort(), addressing.advertised(), addressing.advertisedPort(), user, callbacks,
        seed, settings);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "earshot-sip-timers-" + user);
      t.setDaemon(true);
      return t;
    });
    this.streamSeeds = new AtomicLong(seed * 0x9E3779B97F4A7C15L);
    useSrtp(settings.srtp());
    logSrtpKeys(settings.srtpKeyLog());
    if (settings.registrar() != null) registerFirst(settings);
  }

  /** Registers before any call (RFC 3261 section 10); a registrar that refuses or stays silent fails the start, in one line. */
  private void registerFirst(SipSettings settings) {
    dev.earshot.telephony.sip.Registration r = sip.register(settings.registrar(), settings.registerSeconds());
    try {
      r.registered().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      close();
      throw new TelephonyException(e.getCause() instanceof dev.earshot.telephony.sip.SipCallFailed f ? f.end().cause() : String.valueOf(e.getCause()), e);
    } catch (java.util.concurrent.TimeoutException e) {
      close();
      throw new TelephonyException("registration at " + settings.registrar() + " failed: no final answer within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new TelephonyException("registration at " + settings.registrar() + " interrupted", e);
    }
  }

  /** Starts a user agent on UDP and TCP {@code host:sipPort} (0: any free port). */
  public static Telephony start(String host, int sipPort, String user, long seed) {
    return start(host, sipPort, user, seed, SipSettings.DEFAULT);
  }

  /** As {@link #start(String, int, String, long)}, with credentials, an outbound proxy or TCP by default. */
  public static Telephony start(String host, int sipPort, String user, long seed, SipSettings settings) {
    return new Telephony(Addressing.bindTo(host).withSipPort(sipPort), user, seed, settings);
  }

  /**
   * Starts a user agent as {@code addressing} says: listening on its bound address (settle it first with
   * {@link Addressing#towards}), advertising its public one in Via, Contact and SDP, RTP within its port range.
   */
  public static Telephony start(Addressing addressing, String user, long seed, SipSettings settings) {
    return new Telephony(addressing, user, seed, settings);
  }

  /**
   * Where the far end sees this agent's requests come from when a response showed a NAT in between
   * ({@code host:port}, learned from {@code received}/{@code rport}; then used as the Contact of later requests), or null.
   */
  public String natSeenFrom() {
    return sip.natSeenFrom();
  }

  /** The address Via and Contact give the far end (the bound one unless a public address was set). */
  public String advertisedHost() {
    return addressing.advertisedHost();
  }

  private MediaStream openStream() {
    long seed = streamSeeds.incrementAndGet();
    return addressing.sharedRtp() ? MediaStream.openShared(engine, host, addressing.rtpLow(), addressing.rtpHigh(), seed)
        : MediaStream.open(engine, host, addressing.rtpLow(), addressing.rtpHigh(), seed);
  }

  /** RTP datagrams that came to shared sockets ({@link Addressing#sharedRtp}) and belonged to no call, so far. */
  public long rtpStrays() {
    return engine.sharedPortStrays();
  }

  /** The local port SIP over TLS listens on. */
  public int tlsPort() {
    return sip.tlsPort();
  }

  public int sipPort() {
    return sip.port();
  }

  public String host() {
    return host;
  }

  /** {@link #dial(String, Map, long, MediaListener)} with a 60 s ring timeout and no early listener. */
  public CompletableFuture<Call> dial(String target, Map<String, String> headers) {
    return dial(target, headers, 60_000, null);
  }

  /**
   * Calls {@code target}, offering PCMU, PCMA and telephone-event. Completes with the call when answered and
   * media is flowing; fails with a {@link dev.earshot.telephony.sip.SipCallFailed} naming the cause: a final
   * response, a transport error, or no answer within {@code ringTimeoutMs} (then the attempt is CANCELled).
   * Early media (a 183 with SDP) starts the stream before the answer, so {@code listener}, set from the start,
   * hears it.
   */
  public CompletableFuture<Call> dial(String target, Map<String, String> headers, long ringTimeoutMs, MediaListener listener) {
    return dial(target, headers, ringTimeoutMs, listener, null);
  }

  /**
   * {@link #dial(String, Map, long, MediaListener)} with the packets sent to {@code target} impaired on the wire
   * from the first (early media included) as {@code impairment} decides; null for a perfect path.
   */
  public CompletableFuture<Call> dial(String target, Map<String, String> headers, long ringTimeoutMs, MediaListener listener,
      WireImpairment impairment) {
    return dial(target, headers, ringTimeoutMs, listener, impairment, null);
  }

  /**
   * As {@link #dial(String, Map, long, MediaListener, WireImpairment)}, recording the call's SIP messages and RTP
   * packets into {@code capture} (null: none). The caller closes it once the call has ended.
   */
  public CompletableFuture<Call> dial(String target, Map<String, String> headers, long ringTimeoutMs, MediaListener listener,
      WireImpairment impairment, Pcap capture) {
    return dial(target, headers, ringTimeoutMs, listener, impairment, capture, Sdp.DEFAULT_CODECS);
  }

  /**
   * As {@link #dial(String, Map, long, MediaListener, WireImpairment, Pcap)}, offering exactly {@code codecs} in
   * that order (an agent that accepts none of them answers 488 and the call fails with that cause).
   */
  public CompletableFuture<Call> dial(String target, Map<String, String> headers, long ringTimeoutMs, MediaListener listener,
      WireImpairment impairment, Pcap capture, List<WireCodec> codecs) {
    return dial(target, headers, ringTimeoutMs, listener, impairment, capture, codecs, null);
  }

  /**
   * As {@link #dial(String, Map, long, MediaListener, WireImpairment, Pcap, List)}, from {@code from} (the From
   * header's number and display name; null: Earshot's own). {@code headers} may carry any header the dialog does
   * not own, e.g. {@code P-Asserted-Identity}, {@code Privacy} or {@code User-to-User} (RFC 7433).
   */
  public CompletableFuture<Call> dial(String target, Map<String, String> headers, long ringTimeoutMs, MediaListener listener,
      WireImpairment impairment, Pcap capture, List<WireCodec> codecs, dev.earshot.telephony.sip.CallerIdentity from) {
    return dial(target, headers, ringTimeoutMs, listener, impairment, capture, codecs, from, null);
  }

  /**
   * As {@link #dial(String, Map, long, MediaListener, WireImpairment, Pcap, List, dev.earshot.telephony.sip.CallerIdentity)},
   * with SRTP as {@code srtp} says (null: this agent's {@link #useSrtp setting}). An answer that breaks it (no
   * SRTP when required, a key for a line never offered) fails the call naming what the agent answered.
   */
  public CompletableFuture<Call> dial(String target, Map<String, String> headers, long ringTimeoutMs, MediaListener listener,
      WireImpairment impairment, Pcap capture, List<WireCodec> codecs, dev.earshot.telephony.sip.CallerIdentity from, SrtpMode srtp) {
    SrtpMode mode = srtp != null ? srtp : this.srtp;
    MediaStream media = openStream();
    if (listener != null) media.setListener(listener);
    media.impair(impairment);
    media.capture(capture);
    long start = System.nanoTime();
    List<Sdp.Crypto> crypto = Sdes.offer(mode);
    if (!crypto.isEmpty()) media.expectSrtp();
    String offer = Sdp.offer(mediaHost, media.localPort(), codecs).withCrypto(Sdes.offerProfile(mode), crypto).encode(start & 0xFFFFFFFL);
    CompletableFuture<SipSession> attempt = sip.invite(target, offer, headers, early -> {
      try {
        Sdp sdp = Sdp.parse(early);
        Sdp.Format f = sdp.codec();
        Sdp.Events events = sdp.events();
        secure(media, Sdes.agreed(mode, crypto, sdp));
        media.start(sdp.mediaAddress(), f.codec(), f.payloadType(), events.payloadType(), events.clockRate());
      } catch (TelephonyException e) {
        // unusable early SDP: wait for the answer's
      }
    }, capture, from);
    ScheduledFuture<?> ringTimer = timers.schedule(() -> sip.cancel(attempt,
        String.format(java.util.Locale.ROOT, "no answer within %.1f s", ringTimeoutMs / 1000.0)), ringTimeoutMs, TimeUnit.MILLISECONDS);
    attempt.whenComplete((s, e) -> ringTimer.cancel(false));
    return explained(attempt, mode).thenApply(session -> {
      long setup = System.nanoTime() - start;
      try {
        Sdp answer = Sdp.parse(session.remoteSdp());
        Sdp.Format f = answer.codec();
        Sdp.Events events = answer.events();
        Sdes.Keys keys = Sdes.agreed(mode, crypto, answer);
        secure(media, keys);
        log(session.callId(), media, keys);
        media.start(answer.mediaAddress(), f.codec(), f.payloadType(), events.payloadType(), events.clockRate());
        probeBehindNat(media, answer.mediaAddress(), session.firstHop());
        return new Call(session, media, answer, setup, mediaHost, keys);
      } catch (TelephonyException e) {
        session.hangup();
        throw new TelephonyException("answer from " + target + " unusable: " + e.getMessage(), e);
      }
    }).whenComplete((call, err) -> {
      if (err != null) media.close();
    });
  }

  /** A 488 to an offer that insisted on SRTP most likely means the agent has none: the failure says so. */
  private static CompletableFuture<SipSession> explained(CompletableFuture<SipSession> attempt, SrtpMode mode) {
    if (mode != SrtpMode.REQUIRED) return attempt;
    CompletableFuture<SipSession> out = new CompletableFuture<>();
    attempt.whenComplete((s, e) -> {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof dev.earshot.telephony.sip.SipCallFailed f && f.end().status() == 488) {
        out.completeExceptionally(new dev.earshot.telephony.sip.SipCallFailed(new dev.earshot.telephony.sip.SipEnd(f.end().byRemote(), 488,
            f.end().cause() + " (the offer required SRTP, RTP/SAVP with SDES keys: an agent without SRTP refuses it; --srtp optional offers it without insisting)")));
      } else if (e != null) {
        out.completeExceptionally(e);
      } else {
        out.complete(s);
      }
    });
    return out;
  }

  private static void secure(MediaStream media, Sdes.Keys keys) {
    if (keys == null) media.plainRtp();
    else media.protect(keys.send(), keys.receive());
  }

  private void log(String callId, MediaStream media, Sdes.Keys keys) {
    SrtpKeyLog log = keyLog;
    if (log != null && keys != null) log.write(callId, media.localAddress(), keys);
  }

  /**
   * SRTP for every call from now on, placed or answered ({@link SrtpMode}); a dial may still choose its own.
   * Keys are fresh for every call and never leave the SDP, unless {@link #logSrtpKeys} asks.
   */
  public Telephony useSrtp(SrtpMode mode) {
    this.srtp = mode == null ? SrtpMode.OFF : mode;
    if (srtp != SrtpMode.OFF) MediaStream.prepareSrtp();
    return this;
  }

  /**
   * Appends every SRTP call's keys to {@code file} ({@link SrtpKeyLog}: one line per call, both directions), so
   * that its capture can be decrypted afterwards; null stops. Nothing else ever writes a key.
   */
  public Telephony logSrtpKeys(java.nio.file.Path file) {
    this.keyLog = file == null ? null : new SrtpKeyLog(file);
    return this;
  }

  /**
   * An answer whose SDP names a private address other than the one its signalling goes to: the agent is
   * probably behind NAT and advertised its private address. Media goes to the SDP's address as the answer says,
   * and until anything arrives, a copy also goes to the signalling host at the SDP's port, where such an agent's
   * NAT (or the agent itself) can receive it and latch to Earshot ({@link MediaStream#probe}).
   */
  private static void probeBehindNat(MediaStream media, java.net.InetSocketAddress sdp, java.net.InetSocketAddress signalling) {
    if (signalling == null || sdp.getAddress() == null || signalling.getAddress() == null) return;
    if (!Addressing.isPrivate(sdp.getAddress()) || sdp.getAddress().equals(signalling.getAddress())) return;
    media.probe(new java.net.InetSocketAddress(signalling.getAddress(), sdp.getPort()));
  }

  /**
   * Sends OPTIONS to {@code target}: completes with the final response (any status; see {@link Pong#ok()}),
   * or fails with a {@link dev.earshot.telephony.sip.SipCallFailed} on a transport error or no answer within
   * {@code timeoutMs}.
   */
  public CompletableFuture<Pong> ping(String target, long timeoutMs) {
    CompletableFuture<Pong> out = new CompletableFuture<>();
    CompletableFuture<Pong> sent = sip.options(target);
    ScheduledFuture<?> timer = timers.schedule(() -> out.completeExceptionally(new dev.earshot.telephony.sip.SipCallFailed(
        new dev.earshot.telephony.sip.SipEnd(false, 0, String.format(java.util.Locale.ROOT, "no answer to OPTIONS within %.1f s", timeoutMs / 1000.0)))),
        timeoutMs, TimeUnit.MILLISECONDS);
    sent.whenComplete((pong, err) -> {
      timer.cancel(false);
      if (err != null) out.completeExceptionally(err);
      else out.complete(pong);
    });
    return out;
  }

  /**
   * Registers with {@code registrar} (e.g. {@code sip:pbx.example.com}) for {@code expiresSeconds}, refreshing at
   * half the granted time until {@link #unregister} or {@link #close()}; see {@link Registration}.
   */
  public dev.earshot.telephony.sip.Registration register(String registrar, int expiresSeconds) {
    return sip.register(registrar, expiresSeconds);
  }

  /** Removes the binding; completes when the registrar confirmed it. */
  public CompletableFuture<Void> unregister(dev.earshot.telephony.sip.Registration registration) {
    return sip.unregister(registration);
  }

  /** Accounts for digest authentication when an agent or proxy answers 401 / 407 (see {@link SipCredentials}). */
  public Telephony useCredentials(List<SipCredentials> accounts) {
    sip.useCredentials(accounts);
    return this;
  }

  /** Every INVITE is handed to {@code handler}, on a callback thread it must not block for long. */
  public void onIncomingCall(Consumer<IncomingCall> handler) {
    sip.onInvite(invite -> handler.accept(new Offered(invite)));
  }

  @Override
  public void close() {
    try {
      sip.close();
    } finally {
      engine.close();
      callbacks.shutdownNow();
      timers.shutdownNow();
    }
  }

  private final class Offered implements IncomingCall {
    private final IncomingInvite invite;

    Offered(IncomingInvite invite) {
      this.invite = invite;
    }

    @Override
    public String callId() {
      return invite.callId();
    }

    @Override
    public Map<String, String> headers() {
      return invite.headers();
    }

    @Override
    public String header(String name) {
      return invite.header(name);
    }

    @Override
    public Call accept() {
      Sdp offer;
      Sdp.Format codec;
      try {
        offer = Sdp.parse(invite.sdp());
        codec = offer.codec();
      } catch (TelephonyException e) {
        invite.reject(488, "Not Acceptable Here");
        throw e;
      }
      Sdes.Keys keys;
      try {
        keys = Sdes.answer(srtp, offer);
      } catch (Sdes.Refused e) {
        invite.reject(488, "Not Acceptable Here (" + e.getMessage() + ")"); // the reason, for the caller to read
        throw e;
      }
      MediaStream media;
      try {
        media = openStream();
      } catch (TelephonyException e) {
        invite.reject(503, "Service Unavailable (no free RTP port)", 5);
        throw e;
      }
      if (keys != null) media.protect(keys.send(), keys.receive());
      Sdp.Events events = offer.events();
      media.receiveFrom(offer.mediaAddress(), codec.codec(), codec.payloadType(), events.payloadType(), events.clockRate());
      Sdp answer = Sdes.secure(offer.answer(mediaHost, media.localPort()), offer, keys);
      SipSession session = invite.accept(answer.encode(System.nanoTime() & 0xFFFFFFFL));
      log(session.callId(), media, keys);
      session.confirmed().thenRun(() -> media.start(offer.mediaAddress(), codec.codec(), codec.payloadType(), events.payloadType(), events.clockRate()));
      return new Call(session, media, offer, 0, mediaHost, keys);
    }

    @Override
    public void reject(int status, String reason) {
      invite.reject(status, reason);
    }

    @Override
    public void reject(int status, String reason, int retryAfterSeconds) {
      invite.reject(status, reason, retryAfterSeconds);
    }
  }
}
