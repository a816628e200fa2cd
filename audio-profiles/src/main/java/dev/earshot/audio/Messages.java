package dev.earshot.audio;

/** Error messages that quote what came from outside (a file's bytes, a peer's packet) and must stay one line. */
public final class Messages {
  private Messages() {}

  /**
   * {@code message} on one line: a control character it quotes from the input (a parser's "found character
   * '\n'", an SDP line with a stray CR) is written as an escape, {@code \n}, {@code \r}, {@code \t},
   * {@code \x07}; so are the Unicode line and paragraph separators.
   */
  public static String oneLine(String message) {
    if (message == null) return null;
    StringBuilder sb = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '\n') sb.append("\\n");
      else if (c == '\r') sb.append("\\r");
      else if (c == '\t') sb.append("\\t");
      else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    return sb.toString();
  }
}
