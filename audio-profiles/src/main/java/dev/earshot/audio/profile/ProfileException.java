package dev.earshot.audio.profile;

/** A profile that cannot be found or read; the message names the file, the place and what was expected. */
public final class ProfileException extends RuntimeException {
  public ProfileException(String message, Throwable cause) {
    super(message, cause);
  }

  public ProfileException(String message) {
    super(message);
  }
}
