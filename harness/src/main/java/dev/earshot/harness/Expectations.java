package dev.earshot.harness;

import dev.earshot.harness.metrics.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The textual checks of an {@code expect} step against Earshot's transcript of the agent, all on normalised
 * text ({@link TextNormalizer}: lower case, numbers spelled out, punctuation removed; a number in a phrase or
 * keyword may have been said any of the ways it is read aloud): {@code phrases} within
 * {@link PhraseMatcher}'s tolerance, {@code exact} phrases word for word, {@code keywords} each somewhere,
 * {@code regex} found somewhere in the words joined by single spaces, {@code any_of} one of its phrases (tolerant), and
 * {@code not_phrases} none of them (tolerant: a phrase said with a quarter of its words misrecognised is still said).
 */
final class Expectations {
  private Expectations() {}

  /** The checks not met, tagged as {@link Step.Expect#checks()} tags them. */
  static List<String> unmet(Step.Expect e, String transcript) {
    if (e.silenceMs() != null) return List.of(); // judged by whether the agent spoke at all: the step's own failure
    List<String> words = TextNormalizer.words(transcript);
    List<String> unmet = new ArrayList<>();
    for (String p : e.phrases()) if (!PhraseMatcher.contains(transcript, p)) unmet.add(p);
    for (String p : e.exact()) {
      if (TextNormalizer.allReadings(p).stream().noneMatch(phrase -> phrase.isEmpty() || PhraseMatcher.bestDistance(words, phrase) == 0)) unmet.add("exact:" + p);
    }
    for (String k : e.keywords()) if (TextNormalizer.allReadings(k).stream().noneMatch(words::containsAll)) unmet.add("keyword:" + k);
    for (String r : e.regex()) if (!Pattern.compile(r).matcher(String.join(" ", words)).find()) unmet.add("regex:" + r);
    if (!e.anyOf().isEmpty() && e.anyOf().stream().noneMatch(p -> PhraseMatcher.contains(transcript, p))) unmet.add("any_of:" + String.join("|", e.anyOf()));
    for (String p : e.notPhrases()) if (PhraseMatcher.contains(transcript, p)) unmet.add("not:" + p); // said what it must not
    return unmet;
  }
}
