package dev.earshot.telephony;

import dev.earshot.audio.codec.G711;
import dev.earshot.telephony.rtp.MediaEngine;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.MediaStream;
import dev.earshot.telephony.rtp.WireImpairment;
import dev.earshot.telephony.sip.IncomingInvite;
import dev.earshot.telephony.sip.Sdp;
import dev.earshot.telephony.sip.SipEndpoint;
import dev.earshot.telephony.sip.SipSession;
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
  private final MediaEngine engine;
  private final ExecutorService callbacks;
  private final SipEndpoint sip;
  private final AtomicLong streamSeeds;
  private final ScheduledExecutorService timers;

  private Telephony(String host, int sipPort, String user, long seed) {
    this.host = host;
    this.engine = MediaEngine.create();
    this.callbacks = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "earshot-sip-" + user);
      t.setDaemon(true);
      return t;
    });
    this.sip = SipEndpoint.start(host, sipPort, user, callbacks, seed);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "earshot-sip-timers-" + user);
      t.setDaemon(true);
      return t;
    });
    this.streamSeeds = new AtomicLong(seed * 0x9E3779B97F4A7C15L);
  }

  /** Starts a user agent on UDP {@code host:sipPort} (0: any free port). */
  public static Telephony start(String host, int sipPort, String user, long seed) {
    return new Telephony(host, sipPort, user, seed);
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
    MediaStream media = MediaStream.open(engine, host, streamSeeds.incrementAndGet());
    if (listener != null) media.setListener(listener);
    media.impair(impairment);
    long start = System.nanoTime();
    String offer = Sdp.offer(host, media.localPort()).encode(start & 0xFFFFFFFL);
    CompletableFuture<SipSession> attempt = sip.invite(target, offer, headers, early -> {
      try {
        Sdp sdp = Sdp.parse(early);
        media.start(sdp.mediaAddress(), sdp.codec(), sdp.telephoneEvent());
      } catch (TelephonyException e) {
        // unusable early SDP: wait for the answer's
      }
    });
    ScheduledFuture<?> ringTimer = timers.schedule(() -> sip.cancel(attempt,
        String.format(java.util.Locale.ROOT, "no answer within %.1f s", ringTimeoutMs / 1000.0)), ringTimeoutMs, TimeUnit.MILLISECONDS);
    attempt.whenComplete((s, e) -> ringTimer.cancel(false));
    return attempt.thenApply(session -> {
      long setup = System.nanoTime() - start;
      try {
        Sdp answer = Sdp.parse(session.remoteSdp());
        G711 codec = answer.codec();
        media.start(answer.mediaAddress(), codec, answer.telephoneEvent());
        return new Call(session, media, codec, setup);
      } catch (TelephonyException e) {
        session.hangup();
        throw new TelephonyException("answer from " + target + " unusable: " + e.getMessage(), e);
      }
    }).whenComplete((call, err) -> {
      if (err != null) media.close();
    });
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
    public Call accept() {
      Sdp offer;
      G711 codec;
      try {
        offer = Sdp.parse(invite.sdp());
        codec = offer.codec();
      } catch (TelephonyException e) {
        invite.reject(488, "Not Acceptable Here");
        throw e;
      }
      MediaStream media = MediaStream.open(engine, host, streamSeeds.incrementAndGet());
      media.receiveFrom(offer.mediaAddress(), offer.telephoneEvent());
      SipSession session = invite.accept(offer.answer(host, media.localPort()).encode(System.nanoTime() & 0xFFFFFFFL));
      session.confirmed().thenRun(() -> media.start(offer.mediaAddress(), codec, offer.telephoneEvent()));
      return new Call(session, media, codec, 0);
    }

    @Override
    public void reject(int status, String reason) {
      invite.reject(status, reason);
    }
  }
}
