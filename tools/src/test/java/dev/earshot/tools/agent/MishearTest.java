package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.harness.metrics.ErrorCounts;
import org.junit.jupiter.api.Test;

class MishearTest {
  private static final String TEXT = "i would like to check my account balance please and then transfer money to my savings account";

  @Test
  void corruptsAboutTheShareAskedForAndTheSameWayForTheSameSeed() {
    assertEquals(TEXT, Mishear.corrupt(TEXT, 0, 1));
    assertEquals(Mishear.corrupt(TEXT, 0.4, 7), Mishear.corrupt(TEXT, 0.4, 7));
    assertNotEquals(Mishear.corrupt(TEXT, 0.4, 7), Mishear.corrupt(TEXT, 0.4, 8));
    long words = 0, errors = 0;
    for (long seed = 0; seed < 400; seed++) {
      ErrorCounts e = ErrorCounts.words(TEXT, Mishear.corrupt(TEXT, 0.4, seed));
      words += e.reference();
      errors += e.errors();
    }
    double wer = (double) errors / words;
    assertTrue(wer > 0.3 && wer < 0.5, "WER " + wer + " for a mishear rate of 0.4");
  }
}
