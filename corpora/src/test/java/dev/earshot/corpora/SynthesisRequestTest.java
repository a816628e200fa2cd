package dev.earshot.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SynthesisRequestTest {
  private static final SynthesisRequest HELLO = new SynthesisRequest("hello there", "cmu-slt-hsmm", "");

  @Test
  void cacheKeyIsStableAcrossRunsAndJvms() {
    // a fixed value: if the key derivation changes, every user's cache silently goes cold
    // the value below was computed independently: sha256 of the NUL-terminated parts, first 32 hex digits
    assertEquals("1221277a748c4d776870ef268b9d4d48", HELLO.cacheKey("marytts-5.2.1"));
    assertEquals(HELLO.cacheKey("marytts-5.2.1"), new SynthesisRequest("hello there", "cmu-slt-hsmm", null).cacheKey("marytts-5.2.1"));
  }

  @Test
  void everyPartOfTheRequestChangesTheKey() {
    String k = HELLO.cacheKey("marytts-5.2.1");
    assertNotEquals(k, HELLO.cacheKey("espeak-ng"));
    assertNotEquals(k, new SynthesisRequest("hello there.", "cmu-slt-hsmm", "").cacheKey("marytts-5.2.1"));
    assertNotEquals(k, new SynthesisRequest("hello there", "other", "").cacheKey("marytts-5.2.1"));
    assertNotEquals(k, new SynthesisRequest("hello there", "cmu-slt-hsmm", "Rate(durScale:1.2)").cacheKey("marytts-5.2.1"));
    // parts are separated, so moving a character from one field to the next is a different request
    assertNotEquals(new SynthesisRequest("ab", "c", "").cacheKey("e"), new SynthesisRequest("a", "bc", "").cacheKey("e"));
  }

  @Test
  void blankTextIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SynthesisRequest("  ", "v", ""));
  }
}
