package dev.earshot.tools.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The reference agent's injected ASR fault: each word of a transcript is, with probability {@code rate},
 * replaced by a word from a fixed list of short English words (or dropped, one time in four), as a weak
 * recogniser would. Seeded per call and turn, so the same run mishears the same way.
 */
final class Mishear {
  private static final String[] WORDS = {"the", "a", "and", "to", "in", "it", "is", "was", "for", "on", "that", "with", "car",
      "call", "bank", "count", "bounce", "tree", "sister", "hold", "say", "nine", "find", "lot"};

  private Mishear() {}

  static String corrupt(String transcript, double rate, long seed) {
    if (rate <= 0 || transcript == null || transcript.isBlank()) return transcript;
    SplittableRandom r = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    for (String w : transcript.trim().split("\\s+")) {
      if (r.nextDouble() >= rate) {
        out.add(w);
      } else if (r.nextInt(4) > 0) {
        int k = r.nextInt(WORDS.length);
        out.add(WORDS[k].equals(w) ? WORDS[(k + 1) % WORDS.length] : WORDS[k]); // never "replaced" by itself
      }
    }
    return String.join(" ", out);
  }
}
