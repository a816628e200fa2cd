package dev.earshot.telephony;

import java.util.Map;

/** A call offered to a callee: accept it (media starts when ACK arrives) or reject it with a status. */
public interface IncomingCall {
  String callId();

  Map<String, String> headers();

  Call accept();

  void reject(int status, String reason);
}
