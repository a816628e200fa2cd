package dev.earshot.audio.codec;

/** A codec cannot run on this machine (a program or encoder is missing); the message says what to install. */
public final class CodecUnavailableException extends RuntimeException {
  public CodecUnavailableException(String message) {
    super(message);
  }
}
