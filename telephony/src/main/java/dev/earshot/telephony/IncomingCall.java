package dev.earshot.telephony;

import java.util.Map;

/** A call offered to a callee: accept it (media starts when ACK arrives) or reject it with a status. */
public interface IncomingCall {
  String callId();

  Map<String, String> headers();

  /** The value of the INVITE's first {@code name} header (e.g. From, P-Asserted-Identity, Privacy, User-to-User), or null. */
  String header(String name);

  Call accept();

  void reject(int status, String reason);

  /** Rejects with {@code Retry-After: seconds} (a 503 from an overloaded server, RFC 3261 21.5.4); without it by default. */
  default void reject(int status, String reason, int retryAfterSeconds) {
    reject(status, reason);
  }
}
