package dev.earshot.audio;

/** A file that was expected to be a 16-bit PCM RIFF/WAVE file and is not. The message names the file. */
public final class WavFormatException extends RuntimeException {
  public WavFormatException(String message) {
    super(message);
  }
}
