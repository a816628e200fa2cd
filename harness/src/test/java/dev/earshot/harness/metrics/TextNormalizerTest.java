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

  @Test
  void numbersOfThreeOrMoreDigitsHaveTheirSpokenReadings() {
    assertEquals(java.util.List.of("four thousand five hundred twelve", "forty five twelve", "four five one two"), TextNormalizer.readAloud("4512"));
    assertEquals(java.util.List.of("four hundred fifty", "four fifty", "four five zero"), TextNormalizer.readAloud("450"));
    assertEquals(java.util.List.of("one thousand two hundred", "twelve hundred", "one two zero zero"), TextNormalizer.readAloud("1200"));
    assertEquals(java.util.List.of("one thousand nine hundred five", "nineteen oh five", "one nine zero five"), TextNormalizer.readAloud("1905"));
    assertEquals(java.util.List.of("two thousand", "two zero zero zero"), TextNormalizer.readAloud("2000")); // never "twenty hundred"
    assertEquals(java.util.List.of("twelve thousand three hundred forty five", "one two three four five"), TextNormalizer.readAloud("12345"));
    assertEquals(java.util.List.of(), TextNormalizer.readAloud("45")); // one reading
    assertEquals(java.util.List.of(), TextNormalizer.readAloud("0412")); // an identifier: digit by digit only
  }

  @Test
  void aReferenceNumberIsReadTheWayTheHypothesisSaidIt() {
    String said = "Transfer 50 dollars to account 4512, sorry, 4532.";
    // MaryTTS says "forty-five twelve": no errors for the reading, and a real error still counts
    assertEquals(0, ErrorCounts.words(said, "transfer fifty dollars to account forty five twelve sorry forty five thirty two").errors());
    assertEquals(1, ErrorCounts.words(said, "transfer fifty dollars to account forty five twelve sorry forty five thirty three").errors());
    // each number independently: one in pairs, the other digit by digit
    assertEquals(0, ErrorCounts.words(said, "transfer fifty dollars to account forty five twelve sorry four five three two").errors());
    // the cardinal where nothing fits better, and by default
    assertEquals("transfer fifty dollars to account four thousand five hundred twelve sorry four thousand five hundred thirty two",
        String.join(" ", TextNormalizer.wordsClosestTo(said, TextNormalizer.words("hello"))));
    assertEquals(TextNormalizer.words(said), TextNormalizer.wordsClosestTo(said, TextNormalizer.words(said)));
    // as written on both sides: the same cardinal
    assertEquals(0, ErrorCounts.words("account 4512", "Account 4512.").errors());
    assertEquals(0, ErrorCounts.characters(said, "transfer fifty dollars to account forty five twelve sorry forty five thirty two").errors());
  }

  @Test
  void dollarAmountsAndLongListsOfNumbersToo() {
    assertEquals(0, ErrorCounts.words("Your balance is $1,200.", "your balance is twelve hundred dollars").errors());
    assertEquals(java.util.List.of(TextNormalizer.words("one thousand two hundred dollars"), TextNormalizer.words("twelve hundred dollars"),
        TextNormalizer.words("one two zero zero dollars")), TextNormalizer.allReadings("$1,200"));
    // thirty numbers, each with its own readings: every one still comes out in its place
    StringBuilder text = new StringBuilder(), cardinals = new StringBuilder();
    for (int n = 100; n < 130; n++) {
      text.append(n).append(", ");
      cardinals.append(TextNormalizer.cardinal(n)).append(' ');
    }
    assertEquals(cardinals.toString().trim(), TextNormalizer.normalize(text.toString()));
    assertEquals("earshotnumberslota is just a word", TextNormalizer.normalize("earshotnumberslota is just a word"));
  }
}
