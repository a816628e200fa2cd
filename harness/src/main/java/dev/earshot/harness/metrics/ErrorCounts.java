package dev.earshot.harness.metrics;

import java.util.List;

/**
 * The alignment of a hypothesis against a reference, counted as NIST sclite counts it: the alignment minimises
 * 3 per insertion or deletion and 4 per substitution (sclite's default weights), and where paths of equal cost
 * meet, each cell keeps a match or substitution first, then an insertion, then a deletion, as sclite's
 * dynamic programming does (its back pointers prefer a diagonal move, and take a deletion only when it is
 * strictly cheaper than an insertion). Scores equal sclite's on every pair tested ({@code ScliteAgreementIT}).
 *
 * @param reference words (or characters) in the reference
 * @param correct, substitutions, deletions, insertions the alignment's counts
 */
public record ErrorCounts(int reference, int correct, int substitutions, int deletions, int insertions) {
  public static final ErrorCounts NONE = new ErrorCounts(0, 0, 0, 0, 0);
  private static final int SUB = 4, GAP = 3;

  /** Errors over reference length: (S + D + I) / N; 0 for two empty texts, infinite for an empty reference only. */
  public double rate() {
    int errors = errors();
    if (reference == 0) return errors == 0 ? 0 : Double.POSITIVE_INFINITY;
    return (double) errors / reference;
  }

  public int errors() {
    return substitutions + deletions + insertions;
  }

  /** Counts summed, for a corpus-level rate (total errors over total reference length, as sclite reports). */
  public ErrorCounts plus(ErrorCounts o) {
    return new ErrorCounts(reference + o.reference, correct + o.correct, substitutions + o.substitutions,
        deletions + o.deletions, insertions + o.insertions);
  }

  /**
   * Word errors of {@code hypothesis} against {@code reference}, both through {@link TextNormalizer}; a number in
   * the reference is read the way closest to the hypothesis ({@link TextNormalizer#wordsClosestTo}).
   */
  public static ErrorCounts words(String reference, String hypothesis) {
    List<String> hyp = TextNormalizer.words(hypothesis);
    return align(TextNormalizer.wordsClosestTo(reference, hyp), hyp);
  }

  /**
   * Character errors, both through {@link TextNormalizer}: the normalised words' letters and digits, spaces
   * left out (as {@code sclite -c NOASCII} aligns characters of words); numbers read as for {@link #words}.
   */
  public static ErrorCounts characters(String reference, String hypothesis) {
    List<String> hyp = TextNormalizer.words(hypothesis);
    return align(chars(TextNormalizer.wordsClosestTo(reference, hyp)), chars(hyp));
  }

  private static List<String> chars(List<String> words) {
    return String.join("", words).codePoints().mapToObj(Character::toString).toList();
  }

  /** The counts of the cheapest alignment of {@code hyp} against {@code ref} (see the class comment). */
  public static <T> ErrorCounts align(List<T> ref, List<T> hyp) {
    int n = ref.size(), m = hyp.size();
    int[][] cost = new int[n + 1][m + 1];
    for (int i = 1; i <= n; i++) cost[i][0] = i * GAP;
    for (int j = 1; j <= m; j++) cost[0][j] = j * GAP;
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int diag = cost[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : SUB);
        cost[i][j] = Math.min(diag, Math.min(cost[i - 1][j] + GAP, cost[i][j - 1] + GAP));
      }
    }
    int c = 0, s = 0, d = 0, ins = 0, i = n, j = m;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0) {
        boolean same = ref.get(i - 1).equals(hyp.get(j - 1));
        if (cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : SUB)) {
          if (same) c++;
          else s++;
          i--;
          j--;
          continue;
        }
      }
      if (j > 0 && cost[i][j] == cost[i][j - 1] + GAP) {
        ins++;
        j--;
      } else {
        d++;
        i--;
      }
    }
    return new ErrorCounts(n, c, s, d, ins);
  }
}
