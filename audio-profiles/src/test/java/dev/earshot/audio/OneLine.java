package dev.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The promise every user-facing error keeps, as one assertion shared by the modules' tests (fuzz tests above all). */
public final class OneLine {
  private OneLine() {}

  /** {@code message} is there, starts with {@code source} (null: any non-blank start) and is a single line. */
  public static void assertOneLine(String message, String source) {
    assertTrue(message != null && !message.isBlank() && (source == null || message.startsWith(source)),
        "a message" + (source == null ? "" : " naming " + source) + ": " + message);
    assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
  }
}
