package dev.earshot.telephony.sip;

import java.util.Map;

/** An INVITE offered to a {@link SipEndpoint} in callee mode: answer it once with {@link #accept} or {@link #reject}. */
public interface IncomingInvite {
  String callId();

  /** The caller's SDP offer. */
  String sdp();

  /** Extension headers of the INVITE (names as received), e.g. {@code X-Earshot-Call}. */
  Map<String, String> headers();

  /** The value of the INVITE's first {@code name} header (any header, e.g. From, P-Asserted-Identity, User-to-User), or null. */
  String header(String name);

  /** Sends 180 then 200 OK with {@code answerSdp}; media may flow when {@link SipSession#confirmed()} completes. */
  SipSession accept(String answerSdp);

  /** Sends a final error response, e.g. 486 Busy Here. */
  void reject(int status, String reason);

  /**
   * Rejects with {@code Retry-After: retryAfterSeconds} when it is positive. Like {@link #reject(int, String)},
   * does nothing once the INVITE has a final answer (every INVITE gets exactly one).
   */
  void reject(int status, String reason, int retryAfterSeconds);
}
