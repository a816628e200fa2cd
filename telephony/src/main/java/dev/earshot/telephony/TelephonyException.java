package dev.earshot.telephony;

/** Root of this module's failures: a call that could not be set up or carried, with the cause kept. */
public class TelephonyException extends RuntimeException {
  public TelephonyException(String message) {
    super(message);
  }

  public TelephonyException(String message, Throwable cause) {
    super(message, cause);
  }
}
