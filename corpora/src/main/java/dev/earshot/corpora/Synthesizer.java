package dev.earshot.corpora;

import dev.earshot.audio.Pcm;

/**
 * A text-to-speech engine. Implementations are thread-safe; they may serialise requests internally.
 * The same request always yields the same samples.
 */
public interface Synthesizer {
  /** Engine identifier, part of cache keys, e.g. {@code marytts-5.2.1}. */
  String engine();

  /** The voice used when a request names none. */
  String defaultVoice();

  Pcm synthesize(SynthesisRequest request);
}
