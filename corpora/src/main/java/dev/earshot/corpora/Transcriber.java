package dev.earshot.corpora;

import dev.earshot.audio.Pcm;

/**
 * A speech recogniser. Thread-safe: any number of {@link Recognition}s may run at once, each used by one
 * thread at a time.
 */
public interface Transcriber {
  /** Lower-case words of the whole clip, separated by single spaces; empty when nothing was recognised. */
  String transcribe(Pcm audio);

  /** Starts a streaming recognition of one utterance at {@code sampleRate}. Close it when done. */
  Recognition open(int sampleRate);

  /** One utterance fed as it arrives. */
  interface Recognition extends AutoCloseable {
    void accept(float[] samples);

    /** Ends the utterance and returns its words (see {@link #transcribe}). */
    String finish();

    @Override
    void close();
  }
}
