package dev.earshot.audio.profile;

import java.util.List;

/**
 * Who says the caller's words: a text-to-speech engine and one of its voices.
 *
 * @param engine {@code marytts} (voice {@code cmu-slt-hsmm}, US English) or {@code espeak-ng} (any of its
 *     voices, e.g. {@code en-gb-scotland}, {@code en-029} (Caribbean), {@code en-gb-x-rp}, or a foreign
 *     voice such as {@code fr} or {@code hi} reading English: an accent)
 * @param name the engine's voice name
 */
public record Voice(String engine, String name) {
  public static final List<String> ENGINES = List.of("marytts", "espeak-ng");

  public Voice {
    Check.oneOf("engine", engine, null, ENGINES);
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_+.-]*")) {
      throw new IllegalArgumentException("name: expected a voice name of letters, digits, '-', '_', '+' or '.', found " + name);
    }
  }
}
