package dev.earshot.harness;

import java.util.List;

/**
 * Finds expected phrases in a transcript, tolerating recognition errors: a phrase is found when some run of
 * transcript words is within a word-level edit distance of a quarter of the phrase's length (rounded down:
 * phrases of one to three words must appear exactly). Text is normalised first by
 * {@link dev.earshot.harness.metrics.TextNormalizer}: numbers spelled out, lower case, apostrophes dropped
 * ("it's" and "its" are one word to a recogniser), other punctuation removed; a number in the phrase may have
 * been said any of the ways {@link dev.earshot.harness.metrics.TextNormalizer#allReadings} lists.
 */
final class PhraseMatcher {
  private PhraseMatcher() {}

  static List<String> words(String text) {
    return dev.earshot.harness.metrics.TextNormalizer.words(text);
  }

  /** True when {@code phrase}, said any of the ways its numbers may be read, is found in {@code transcript}. */
  static boolean contains(String transcript, String phrase) {
    List<String> text = words(transcript);
    for (List<String> p : dev.earshot.harness.metrics.TextNormalizer.allReadings(phrase)) {
      if (p.isEmpty() || bestDistance(text, p) <= p.size() / 4) return true;
    }
    return false;
  }

  /** Smallest edit distance between {@code phrase} and any contiguous run of {@code text} (Sellers' algorithm). */
  static int bestDistance(List<String> text, List<String> phrase) {
    return editDistance(text, phrase, true);
  }

  /**
   * Word-level edit distance between {@code phrase} and {@code text}: all of {@code text} (Levenshtein), or
   * with {@code anywhere} its best-matching contiguous run (Sellers: the match may start and end anywhere).
   */
  static int editDistance(List<String> text, List<String> phrase, boolean anywhere) {
    int m = phrase.size();
    int[] prev = new int[m + 1], cur = new int[m + 1];
    for (int i = 0; i <= m; i++) prev[i] = i;
    int best = prev[m];
    int row = 0;
    for (String word : text) {
      cur[0] = anywhere ? 0 : ++row; // with anywhere, skipping the text's words before the match is free
      for (int i = 1; i <= m; i++) {
        int sub = prev[i - 1] + (phrase.get(i - 1).equals(word) ? 0 : 1);
        cur[i] = Math.min(sub, Math.min(prev[i] + 1, cur[i - 1] + 1));
      }
      best = anywhere ? Math.min(best, cur[m]) : cur[m];
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return best;
  }
}
