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
  /** The ACK sent for the 2xx of a call Earshot placed: the dialog's state, from which a BYE can always be built. */
  volatile javax.sip.message.Request ack;
  /** The far end ended the dialog (its BYE, or a final error to a request within it). */
  volatile boolean farEndEnded;
  volatile String remoteSdp;
  volatile dev.earshot.telephony.capture.Pcap capture; // the caller side's per-call capture, or null
  volatile java.net.InetSocketAddress peer; // where its SIP goes (the target or the outbound proxy)
  volatile String transport; // the caller side's: udp, tcp or tls, as its INVITE's Via says
  volatile int keepAlivePings; // RFC 5626 pings sent on its connection ({@link KeepAlive})
  volatile CallerIdentity from;
  volatile String localSdp; // the caller side's answered offer, sent again by session-timer refreshes // the caller side's From identity, kept for a redirect's new INVITE
  volatile String seenFrom; // received:rport of the first response to the INVITE that had them (RFC 3581)
  private volatile java.util.function.UnaryOperator<String> reofferHandler = offer -> null;
  private final java.util.List<MidCallEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CompletableFuture<String> transferred = new CompletableFuture<>();

  /**
   * Something the far end did within the dialog: a re-INVITE (with what it changed) or a REFER.
   *
   * @param atNanos when it arrived (System.nanoTime)
   * @param kind {@code re-INVITE} or {@code REFER}
   * @param detail e.g. {@code hold (sendonly)}, {@code resume, codec PCMU -> PCMA}, {@code to sip:billing@...}
   */
  public record MidCallEvent(long atNanos, String kind, String detail) {}

  /** An INFO or MESSAGE request received within the dialog: its method, Content-Type ({@code type/subtype}) and body. */
  public record InDialogMessage(String method, String contentType, String body) {}

  /** How a received INFO or MESSAGE is answered: a final status and its reason phrase. */
  public record MessageReply(int status, String reason) {
    public static final MessageReply OK = new MessageReply(200, "OK");
  }

  private volatile java.util.function.Function<InDialogMessage, MessageReply> messageHandler = m -> MessageReply.OK;

  SipSession(SipEndpoint endpoint, String callId, Map<String, String> headers) {
    this.endpoint = endpoint;
    this.callId = callId;
    this.headers = Map.copyOf(headers);
  }

  public String callId() {
    return callId;
  }

  /**
   * Where the far end (or the first proxy) saw this side's INVITE come from: {@code host:port} from the
   * {@code received}/{@code rport} of its response's Via (RFC 3581); differing from what Earshot advertised, it
   * shows a NAT in between. Null when no response carried them.
   */
  public String seenFrom() {
    return seenFrom;
  }

  /** Where this side sends the dialog's SIP first: the target's host and port, or the outbound proxy's; null on the callee side. */
  public java.net.InetSocketAddress firstHop() {
    return peer;
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

  /**
   * Answers re-INVITEs: given the new offer, returns the SDP answer, or null to refuse it (488). Set by the
   * layer that owns the media; until then a re-INVITE is refused.
   */
  /** Handles INFO and MESSAGE requests within the dialog (until set: answered 200 and dropped); called on a SIP thread. */
  public void onMessage(java.util.function.Function<InDialogMessage, MessageReply> handler) {
    this.messageHandler = handler;
  }

  MessageReply message(InDialogMessage m) {
    return messageHandler.apply(m);
  }

  /** Sends an INFO or MESSAGE with {@code body} of {@code contentType} ({@code type/subtype}) within the dialog. */
  public CompletableFuture<Void> send(String method, String contentType, String body) {
    return endpoint.sendInDialog(this, method, contentType, body);
  }

  public void onReoffer(java.util.function.UnaryOperator<String> handler) {
    this.reofferHandler = handler;
  }

  String reoffer(String offer) {
    return reofferHandler.apply(offer);
  }

  /** Re-INVITEs and REFERs received so far, in order. */
  public java.util.List<MidCallEvent> events() {
    return java.util.List.copyOf(events);
  }

  /** Adds to {@link #events()}: for the layer that answers re-INVITEs to say what changed. */
  public void record(String kind, String detail) {
    events.add(new MidCallEvent(System.nanoTime(), kind, detail));
  }

  /** Completes with the Refer-To target when the far end transfers the call (REFER, RFC 3515). */
  public CompletableFuture<String> transferred() {
    return transferred;
  }

  void transferTo(String target) {
    record("REFER", "to " + target);
    transferred.complete(target);
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
