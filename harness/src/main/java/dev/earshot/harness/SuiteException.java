package dev.earshot.harness;

/** A suite file that cannot be used; the message names the file, the place and what was expected. */
public final class SuiteException extends RuntimeException {
  public SuiteException(String message, Throwable cause) {
    super(message, cause);
  }

  public SuiteException(String message) {
    super(message);
  }
}
