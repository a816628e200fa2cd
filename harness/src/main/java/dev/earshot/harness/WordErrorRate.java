package dev.earshot.harness;

import dev.earshot.harness.metrics.ErrorCounts;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, aligned as NIST sclite aligns
 * them, after {@link dev.earshot.harness.metrics.TextNormalizer}'s normalisation (numbers spelled out, lower
 * case, punctuation removed). 0 is perfect; it can exceed 1 when the hypothesis adds many words. See
 * {@link ErrorCounts} for the counts behind it.
 */
public final class WordErrorRate {
  private WordErrorRate() {}

  /** The WER of {@code hypothesis} against {@code reference}; an empty reference gives 0 only for an empty hypothesis. */
  public static double of(String reference, String hypothesis) {
    return ErrorCounts.words(reference, hypothesis).rate();
  }
}
