package dev.earshot.telephony;

/**
 * Root of this module's failures: a call that could not be set up or carried, with the cause kept. The message is
 * one line whatever it quotes of what a peer sent (control characters escaped, {@link dev.earshot.audio.Messages}).
 */
public class TelephonyException extends RuntimeException {
  public TelephonyException(String message) {
    super(dev.earshot.audio.Messages.oneLine(message));
  }

  public TelephonyException(String message, Throwable cause) {
    super(dev.earshot.audio.Messages.oneLine(message), cause);
  }
}
