package dev.earshot.audio.profile;

import java.util.List;

/**
 * Who says the caller's words: a text-to-speech engine and one of its voices.
 *
 * @param engine {@code marytts} (voice {@code cmu-slt-hsmm}, US English) or {@code espeak-ng} (any of its
 *     voices, e.g. {@code en-gb-scotland}, {@code en-029} (Caribbean), {@code en-gb-x-rp}, or a foreign
 *     voice such as {@code fr} or {@code hi} reading English: an accent) or {@code recorded} (real
 *     recordings: a directory of NAME.wav files, each with a NAME.txt of its words)
 * @param name the engine's voice name, or for {@code recorded} the directory (relative to the profile file)
 */
public record Voice(String engine, String name) {
  public static final List<String> ENGINES = List.of("marytts", "espeak-ng", "recorded");

  public Voice {
    Check.oneOf("engine", engine, null, ENGINES);
    if (engine.equals("recorded")) {
      if (name == null || name.isBlank()) throw new InvalidField("name", "expected the directory of the recordings");
    } else if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_+.-]*")) {
      throw new InvalidField("name", "expected a voice name of letters, digits, '-', '_', '+' or '.', found " + name);
    }
  }

  /** This voice with a relative recordings directory made relative to {@code base} (the profile's directory). */
  Voice resolve(java.nio.file.Path base) {
    if (!engine.equals("recorded") || base == null || java.nio.file.Path.of(name).isAbsolute()) return this;
    return new Voice(engine, base.resolve(name).toString());
  }
}
