package dev.earshot.corpora;

/** Speech synthesis or recognition could not be done; the cause is kept. */
public final class SpeechException extends RuntimeException {
  public SpeechException(String message, Throwable cause) {
    super(message, cause);
  }

  public SpeechException(String message) {
    super(message);
  }
}
