package dev.earshot.telephony;

import dev.earshot.audio.codec.G711;
import dev.earshot.telephony.rtp.MediaStream;
import dev.earshot.telephony.sip.SipEnd;
import dev.earshot.telephony.sip.SipSession;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An established call: a SIP dialog and its RTP stream. When either side hangs up, the media stream is
 * closed and {@link #ended()} completes with the cause.
 */
public final class Call {
  private final SipSession session;
  private final MediaStream media;
  private final G711 codec;
  private final long setupNanos;

  Call(SipSession session, MediaStream media, G711 codec, long setupNanos) {
    this.session = session;
    this.media = media;
    this.codec = codec;
    this.setupNanos = setupNanos;
    session.ended().whenComplete((end, err) -> media.close());
  }

  public String callId() {
    return session.callId();
  }

  public MediaStream media() {
    return media;
  }

  public G711 codec() {
    return codec;
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
  public String mediaProblem() {
    return media.mediaProblem();
  }

  /** Sends key presses (RFC 4733 if the far end accepts telephone-event, else in-band): 100 ms tones, 100 ms gaps. */
  public CompletableFuture<Void> sendDtmf(String keys) {
    return media.sendDtmf(keys, 100, 100);
  }

  /** Sends BYE and closes the media stream; does nothing once the call has ended. */
  public void hangup() {
    session.hangup();
  }
}
