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

  /** Sends BYE and closes the media stream; does nothing once the call has ended. */
  public void hangup() {
    session.hangup();
  }
}
