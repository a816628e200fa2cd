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

  @Test
  void aNumberInAnExpectationMatchesHoweverItWasSaid() {
    String heard = "your balance is twelve hundred dollars and your account is forty five twelve";
    assertTrue(PhraseMatcher.contains(heard, "your balance is $1200"));
    assertTrue(PhraseMatcher.contains("your balance is one thousand two hundred dollars", "your balance is $1200"));
    assertFalse(PhraseMatcher.contains(heard, "your balance is $1300 dollars"));
    Step.Expect e = new Step.Expect(null, List.of(), List.of("account is 4512"), List.of("4512"), null, null, null, null);
    assertEquals(List.of(), Expectations.unmet(e, heard));
    Step.Expect wrong = new Step.Expect(null, List.of(), List.of("account is 4513"), List.of("4513"), null, null, null, null);
    assertEquals(List.of("exact:account is 4513", "keyword:4513"), Expectations.unmet(wrong, heard));
  }
}
