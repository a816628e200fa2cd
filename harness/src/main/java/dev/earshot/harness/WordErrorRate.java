package dev.earshot.harness;

import java.util.List;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by word-level Levenshtein
 * alignment after the same normalisation as phrase matching (lower case, apostrophes dropped, punctuation
 * removed). 0 is perfect; it can exceed 1 when the hypothesis adds many words.
 */
public final class WordErrorRate {
  private WordErrorRate() {}

  /** The WER of {@code hypothesis} against {@code reference}; an empty reference gives 0 only for an empty hypothesis. */
  public static double of(String reference, String hypothesis) {
    List<String> ref = PhraseMatcher.words(reference), hyp = PhraseMatcher.words(hypothesis);
    if (ref.isEmpty()) return hyp.isEmpty() ? 0 : Double.POSITIVE_INFINITY;
    int[] prev = new int[hyp.size() + 1], cur = new int[hyp.size() + 1];
    for (int j = 0; j <= hyp.size(); j++) prev[j] = j;
    for (int i = 1; i <= ref.size(); i++) {
      cur[0] = i;
      for (int j = 1; j <= hyp.size(); j++) {
        int sub = prev[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return (double) prev[hyp.size()] / ref.size();
  }
}
