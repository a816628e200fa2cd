package dev.earshot.telephony;

import dev.earshot.telephony.rtp.MediaStream;
import dev.earshot.telephony.rtp.WireCodec;
import dev.earshot.telephony.sip.Sdp;
import dev.earshot.telephony.sip.SipEnd;
import dev.earshot.telephony.sip.SipSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An established call: a SIP dialog and its RTP stream. When either side hangs up, the media stream is
 * closed and {@link #ended()} completes with the cause.
 */
public final class Call {
  private final SipSession session;
  private final MediaStream media;
  private volatile Sdp.Format codec;
  private volatile Sdp remote;
  private final long setupNanos;
  private final StringBuilder infoKeys = new StringBuilder();
  private volatile java.util.function.Function<SipSession.InDialogMessage, SipSession.MessageReply> messages = m -> SipSession.MessageReply.OK;

  private volatile Sdes.Keys srtp;

  Call(SipSession session, MediaStream media, Sdp remote, long setupNanos, String host, Sdes.Keys srtp) {
    this.session = session;
    this.srtp = srtp;
    this.media = media;
    this.remote = remote;
    this.codec = remote.codec();
    this.setupNanos = setupNanos;
    session.ended().whenComplete((end, err) -> media.close());
    session.onReoffer(offer -> reoffer(offer, host));
    session.onMessage(this::message);
  }

  /**
   * A re-INVITE from the far end: the stream follows the new offer (address, codec, whether the far end wants
   * media: on hold Earshot stops sending, as RFC 3264 requires), and what changed is recorded; an offer with
   * no usable codec or SDP is refused (null: 488) and the call goes on as before.
   */
  private String reoffer(String text, String host) {
    Sdp offer;
    Sdp.Format newCodec;
    try {
      offer = Sdp.parse(text);
      newCodec = offer.codec();
    } catch (TelephonyException e) {
      session.record("re-INVITE", "refused (488): " + e.getMessage());
      return null;
    }
    Sdp before = remote;
    List<String> changes = new ArrayList<>();
    Sdes.Keys keys = srtp;
    if (keys != null) {
      Sdp.Crypto same = offer.crypto().stream().filter(c -> c.usable() && c.keys().suite() == keys.send().suite()).findFirst().orElse(null);
      if (same == null) {
        session.record("re-INVITE", "refused (488): the call uses SRTP (" + keys.send().suite() + ") and the new offer has no a=crypto for it");
        return null;
      }
      if (!same.keys().equals(keys.receive())) changes.add("SRTP re-keyed");
      srtp = new Sdes.Keys(same.tag(), keys.send(), same.keys());
      media.protect(keys.send(), same.keys());
    }
    if (before.receives() && !offer.receives()) changes.add("hold (" + offer.direction() + ")");
    if (!before.receives() && offer.receives()) changes.add("resume (" + offer.direction() + ")");
    if (newCodec.codec() != codec.codec()) changes.add("codec " + codec.codec().encodingName() + " -> " + newCodec.codec().encodingName());
    if (!offer.mediaAddress().equals(before.mediaAddress()) && !offer.address().equals("0.0.0.0")) changes.add("media to " + offer.mediaAddress());
    remote = offer;
    codec = newCodec;
    if (!offer.address().equals("0.0.0.0")) {
      Sdp.Events events = offer.events();
      media.start(offer.mediaAddress(), newCodec.codec(), newCodec.payloadType(), events.payloadType(), events.clockRate());
    }
    media.setSending(offer.receives());
    media.farEndSends(offer.sends());
    session.record("re-INVITE", changes.isEmpty() ? "no change" : String.join(", ", changes));
    return Sdes.secure(offer.answer(host, media.localPort()), offer, srtp).encode(System.nanoTime() & 0xFFFFFFFL);
  }

  /** Re-INVITEs and REFERs from the far end so far (what changed, where it transferred to), in order. */
  /** Handles the far end's INFO and MESSAGE requests within the call (until set: answered 200 and dropped). */
  public void onMessage(java.util.function.Function<SipSession.InDialogMessage, SipSession.MessageReply> handler) {
    this.messages = handler;
  }

  /** Key presses by INFO are the call's own business; any other INFO or MESSAGE goes to the handler. */
  private SipSession.MessageReply message(SipSession.InDialogMessage m) {
    if (m.method().equals("INFO") && m.contentType().equals("application/dtmf-relay")) {
      java.util.regex.Matcher k = java.util.regex.Pattern.compile("(?im)^\\s*Signal\\s*=\\s*([0-9*#A-Da-d])").matcher(m.body());
      if (!k.find()) return new SipSession.MessageReply(400, "Bad Request: expected Signal=KEY");
      synchronized (infoKeys) {
        infoKeys.append(Character.toUpperCase(k.group(1).charAt(0)));
      }
      return SipSession.MessageReply.OK;
    }
    return messages.apply(m);
  }

  /** Sends an INFO or MESSAGE within the call. */
  public CompletableFuture<Void> sendMessage(String method, String contentType, String body) {
    return session.send(method, contentType, body);
  }

  /** Asks the far end to transfer itself to {@code target} (a REFER, RFC 3515), as a transferring agent does. */
  public CompletableFuture<Void> transfer(String target) {
    return session.send(javax.sip.message.Request.REFER, null, target);
  }

  public List<SipSession.MidCallEvent> events() {
    return session.events();
  }

  /** Completes with the target when the far end transfers the call with REFER. */
  public CompletableFuture<String> transferred() {
    return session.transferred();
  }

  public String callId() {
    return session.callId();
  }

  /** Where the far end saw this side's INVITE come from ({@link SipSession#seenFrom()}), or null. */
  public String seenFrom() {
    return session.seenFrom();
  }

  /** The SRTP suite the call uses, or null for plain RTP. */
  public String srtpSuite() {
    Sdes.Keys k = srtp;
    return k == null ? null : k.send().suite().name();
  }

  public MediaStream media() {
    return media;
  }

  /** The codec the call uses now (it may change on a re-INVITE). */
  public WireCodec codec() {
    return codec.codec();
  }

  /** Extension headers of the INVITE (X-*), e.g. {@code X-Earshot-Call}. */
  public Map<String, String> headers() {
    return session.headers();
  }

  /** From INVITE sent to 200 OK received (caller side) or 0 (callee side), in nanoseconds. */
  public long setupNanos() {
    return setupNanos;
  }

  public CompletableFuture<SipEnd> ended() {
    return session.ended();
  }

  /** A telephony failure seen on the media (no audio, one-way audio, silence), or null. */
  public dev.earshot.telephony.rtp.MediaProblem mediaProblem() {
    return media.mediaProblem();
  }

  /** Sends key presses (RFC 4733 if the far end accepts telephone-event, else in-band): 100 ms tones, 100 ms gaps. */
  public CompletableFuture<Void> sendDtmf(String keys) {
    return media.sendDtmf(keys, 100, 100);
  }

  /** How key presses travel: as the far end's SDP allows, or fixed. */
  public enum DtmfMode {
    /** RFC 4733 events when the far end's SDP offers telephone-event, else in-band tones. */
    AUTO,
    /** RFC 4733 events; fails when the far end's SDP offers no telephone-event. */
    RFC4733,
    /** DTMF tones in the audio itself, whatever the SDP says. */
    INBAND,
    /** SIP INFO requests in the dialog, {@code application/dtmf-relay} ({@code Signal=5}, {@code Duration=100}), as many IVRs and SBCs take. */
    INFO
  }

  /** Sends key presses in {@code mode}, each 100 ms with a 100 ms gap; completes after the last. */
  public CompletableFuture<Void> sendDtmf(String keys, DtmfMode mode) {
    return sendDtmf(keys, mode, 100, 100);
  }

  /** A {@code ,} in the keys a {@link #sendDtmf(String, DtmfMode, int, int)} sends: a pause, as phone dialers have it. */
  public static final int DTMF_PAUSE_MS = 500;

  /**
   * Sends key presses in {@code mode}, each {@code toneMs} long with {@code gapMs} after it; a {@code ,} among the keys
   * is a pause of {@link #DTMF_PAUSE_MS} ({@code "1,,2#"}: 1, a second, then 2 and #). Completes after the last key.
   */
  public CompletableFuture<Void> sendDtmf(String keys, DtmfMode mode, int toneMs, int gapMs) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    int from = 0;
    while (from < keys.length()) {
      int comma = keys.indexOf(',', from);
      int to = comma < 0 ? keys.length() : comma;
      if (to > from) {
        String run = keys.substring(from, to);
        chain = chain.thenCompose(v -> sendKeys(run, mode, toneMs, gapMs));
      }
      if (comma >= 0) chain = chain.thenCompose(v -> pause(DTMF_PAUSE_MS));
      from = to + 1;
    }
    return chain;
  }

  private static CompletableFuture<Void> pause(long ms) {
    return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(ms, java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  private CompletableFuture<Void> sendKeys(String keys, DtmfMode mode, int toneMs, int gapMs) {
    String checked = dev.earshot.telephony.dtmf.Dtmf.check(keys);
    return switch (mode) {
      case AUTO -> media.sendDtmf(checked, toneMs, gapMs);
      case INBAND -> media.sendDtmf(checked, toneMs, gapMs, true);
      case RFC4733 -> media.takesTelephoneEvents() ? media.sendDtmf(checked, toneMs, gapMs)
          : CompletableFuture.failedFuture(new TelephonyException("dtmf rfc4733: the agent's SDP offers no telephone-event"));
      case INFO -> {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (char k : checked.toCharArray()) {
          chain = chain.thenCompose(v -> session.send(javax.sip.message.Request.INFO, "application/dtmf-relay", "Signal=" + k + "\r\nDuration=" + toneMs + "\r\n"))
              .thenCompose(v -> pause(toneMs + gapMs));
        }
        yield chain;
      }
    };
  }

  /** Keys the far end sent as SIP INFO ({@code application/dtmf-relay}), in arrival order. */
  public String dtmfByInfo() {
    synchronized (infoKeys) {
      return infoKeys.toString();
    }
  }

  /** Sends BYE and closes the media stream; does nothing once the call has ended. */
  public void hangup() {
    session.hangup();
  }
}
