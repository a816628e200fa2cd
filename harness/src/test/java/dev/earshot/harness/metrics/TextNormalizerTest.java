package dev.earshot.harness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Your balance is $1,200.|your balance is one thousand two hundred dollars",
    "$5.50 please|five dollars fifty cents please",
    "$1|one dollar",
    "It's 20% off!|its twenty percent off",
    "the 21st and the 2nd|the twenty first and the second",
    "the 12th, 40th and 100th|the twelfth fortieth and one hundredth",
    "PIN 0412|pin zero four one two",
    "3.5 stars|three point five stars",
    "1995|one thousand nine hundred ninety five",
    "2,000,017 callers|two million seventeen callers",
    "AT&T e-mail   address|at and t e mail address",
    "  ...  |''",
  })
  void normalises(String in, String out) {
    assertEquals(out, TextNormalizer.normalize(in));
  }

  @Test
  void cardinals() {
    assertEquals("zero", TextNormalizer.cardinal(0));
    assertEquals("one hundred one", TextNormalizer.cardinal(101));
    assertEquals("nine hundred ninety nine thousand nine hundred ninety nine", TextNormalizer.cardinal(999_999));
    assertEquals("one billion", TextNormalizer.cardinal(1_000_000_000));
  }

  @Test
  void errorCountsFollowSclitesWeights() {
    // a shifted word: one deletion and one insertion (cost 6), not five substitutions (cost 20)
    assertEquals(new ErrorCounts(5, 4, 0, 1, 1), ErrorCounts.words("a b c d e", "b c d e f"));
    assertEquals(0.4, ErrorCounts.words("a b c d e", "b c d e f").rate(), 1e-12);
    // numbers as written and as spoken score as the same words
    assertEquals(0, ErrorCounts.words("Your balance is $1,200.", "your balance is one thousand two hundred dollars").errors());
    assertEquals(new ErrorCounts(9, 7, 2, 0, 0), ErrorCounts.characters("the cat sat", "the bat sit"));
    assertEquals(Double.POSITIVE_INFINITY, ErrorCounts.words("", "hello").rate());
    assertEquals(0, ErrorCounts.words("", "").rate());
  }
}
