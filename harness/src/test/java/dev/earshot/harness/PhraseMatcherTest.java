package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhraseMatcherTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "your current balance is twelve dollars | current balance | true",
    "Your CURRENT, balance! | current balance | true",
    "your current valance is | current balance | false",
    "a new card is on it's way | on its way | true",
    "i have blocked your card and a new card | blocked your card | true",
    "thank you for calling earshot bank said by | thank you for calling earshot bank | true",
    "thank you for colin earshot bank | thank you for calling earshot bank | true",
    "thank you for colin air shot bank | thank you for calling earshot bank | false",
    "balance | current balance | false",
  })
  void findsPhrasesTolerantOfOneRecognitionErrorPerFourWords(String transcript, String phrase, boolean found) {
    assertEquals(found, PhraseMatcher.contains(transcript, phrase));
  }

  @Test
  void bestDistanceIsTheSmallestEditOverAnyRunOfWords() {
    assertEquals(0, PhraseMatcher.bestDistance(List.of("a", "b", "c", "d"), List.of("b", "c")));
    assertEquals(1, PhraseMatcher.bestDistance(List.of("a", "x", "c"), List.of("b", "c")));
    assertEquals(2, PhraseMatcher.bestDistance(List.of(), List.of("b", "c")));
  }

  @Test
  void intentJudgeTakesTheIntentWithMostPhrasesAndFallsBackToUnknown() {
    IntentJudge judge = new IntentJudge(Map.of("lost", List.of("blocked your card", "new card"), "balance", List.of("current balance")));
    assertEquals("lost", judge.judge("i have blocked your card and a new card is coming"));
    assertEquals("balance", judge.judge("your current balance is zero"));
    assertEquals(IntentJudge.UNKNOWN, judge.judge("sorry i did not understand"));
    assertFalse(PhraseMatcher.contains(null, "x"));
    assertTrue(PhraseMatcher.contains("anything", ""));
  }
}
