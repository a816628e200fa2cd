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
    return (double) PhraseMatcher.editDistance(hyp, ref, false) / ref.size();
  }
}
