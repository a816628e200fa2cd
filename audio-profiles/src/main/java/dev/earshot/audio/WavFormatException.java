package dev.earshot.audio;

/** A file that was expected to be a RIFF/WAVE recording and is not (or cannot be read). The message names the file. */
public final class WavFormatException extends RuntimeException {
  public WavFormatException(String message) {
    super(message);
  }

  public WavFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
