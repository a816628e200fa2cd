package dev.earshot.harness;

import java.util.List;
import java.util.Map;

/**
 * Reads which intent an agent acted on from what it said: the intent with the most of its identifying phrases
 * found in the reply, {@code unknown} when none is found. Ties go to the intent listed first.
 */
final class IntentJudge {
  static final String UNKNOWN = "unknown";
  private final Map<String, List<String>> phrasesByIntent;

  IntentJudge(Map<String, List<String>> phrasesByIntent) {
    this.phrasesByIntent = phrasesByIntent;
  }

  String judge(String reply) {
    String best = UNKNOWN;
    long bestCount = 0;
    for (Map.Entry<String, List<String>> e : phrasesByIntent.entrySet()) {
      long n = e.getValue().stream().filter(p -> PhraseMatcher.contains(reply, p)).count();
      if (n > bestCount) {
        best = e.getKey();
        bestCount = n;
      }
    }
    return best;
  }
}
