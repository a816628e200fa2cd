package dev.earshot.tools;

/** A command-line value that names something unusable; the message says which and what was expected. */
final class BadInputException extends RuntimeException {
  BadInputException(String message) {
    super(message);
  }
}
