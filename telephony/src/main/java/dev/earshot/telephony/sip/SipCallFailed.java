package dev.earshot.telephony.sip;

import dev.earshot.telephony.TelephonyException;

/** A call attempt that ended before it was answered: a final error response, a timeout or a transport error. */
public final class SipCallFailed extends TelephonyException {
  private final SipEnd end;

  public SipCallFailed(SipEnd end) {
    super(end.cause());
    this.end = end;
  }

  public SipEnd end() {
    return end;
  }
}
