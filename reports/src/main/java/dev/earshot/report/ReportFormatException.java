package dev.earshot.report;

/** A report file that cannot be read back: the message names the file, the place in it, and what was expected. */
public final class ReportFormatException extends RuntimeException {
  public ReportFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
