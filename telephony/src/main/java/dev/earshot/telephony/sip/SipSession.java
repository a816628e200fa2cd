package dev.earshot.telephony.sip;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sip.Dialog;

/**
 * One SIP dialog (RFC 3261 section 12), from either side. {@link #ended()} completes once, with why the
 * dialog ended; {@link #hangup()} after that does nothing.
 */
public final class SipSession {
  private final SipEndpoint endpoint;
  private final String callId;
  private final Map<String, String> headers;
  private final CompletableFuture<Void> confirmed = new CompletableFuture<>();
  private final CompletableFuture<SipEnd> ended = new CompletableFuture<>();
  volatile Dialog dialog;
  volatile String remoteSdp;

  SipSession(SipEndpoint endpoint, String callId, Map<String, String> headers) {
    this.endpoint = endpoint;
    this.callId = callId;
    this.headers = Map.copyOf(headers);
  }

  public String callId() {
    return callId;
  }

  /** The body of the far end's offer or answer. */
  public String remoteSdp() {
    return remoteSdp;
  }

  /** Extension headers of the initial INVITE that this endpoint was asked to send or that it received (X-*). */
  public Map<String, String> headers() {
    return headers;
  }

  /** Completes when the dialog is confirmed: on the caller's side when it sent ACK, on the callee's when ACK arrived. */
  public CompletableFuture<Void> confirmed() {
    return confirmed;
  }

  public CompletableFuture<SipEnd> ended() {
    return ended;
  }

  /** Sends BYE (once); {@link #ended()} then completes with a local hang-up. */
  public void hangup() {
    endpoint.bye(this);
  }

  void confirm() {
    confirmed.complete(null);
  }

  boolean end(SipEnd end) {
    confirmed.complete(null);
    return ended.complete(end);
  }
}
