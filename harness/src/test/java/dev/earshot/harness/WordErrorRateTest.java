package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordErrorRateTest {
  @Test
  void countsSubstitutionsDeletionsAndInsertionsOverReferenceWords() {
    assertEquals(0, WordErrorRate.of("I've lost my card.", "ive lost my card"));
    assertEquals(0.25, WordErrorRate.of("i lost my card", "i lost my cart"));
    assertEquals(0.25, WordErrorRate.of("i lost my card", "i lost card"));
    assertEquals(0.5, WordErrorRate.of("i lost my card", "well i lost my card today"));
    assertEquals(1.0, WordErrorRate.of("block it", ""));
    assertEquals(0, WordErrorRate.of("", ""));
  }
}
