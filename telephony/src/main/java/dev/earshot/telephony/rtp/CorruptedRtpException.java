package dev.earshot.telephony.rtp;

import dev.earshot.telephony.TelephonyException;

/** A datagram that is not a well-formed RTP packet (RFC 3550 section 5.1). */
public final class CorruptedRtpException extends TelephonyException {
  public CorruptedRtpException(String message) {
    super(message);
  }
}
