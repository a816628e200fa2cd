package dev.earshot.telephony.sip;

/**
 * Why a dialog or call attempt ended.
 *
 * @param byRemote true when the far end ended it (BYE received, or a final error response)
 * @param status the SIP status code behind the end (200 for a normal BYE, 486, 503...), 0 for timeouts and
 *     transport errors
 * @param cause a precise, human-readable cause, e.g. {@code "remote BYE"} or {@code "486 Busy Here"}
 */
public record SipEnd(boolean byRemote, int status, String cause) {
  public static SipEnd localBye() {
    return new SipEnd(false, 200, "local BYE");
  }

  public static SipEnd remoteBye() {
    return new SipEnd(true, 200, "remote BYE");
  }

  public boolean normal() {
    return status == 200;
  }
}
