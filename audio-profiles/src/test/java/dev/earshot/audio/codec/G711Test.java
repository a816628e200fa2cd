package dev.earshot.audio.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class G711Test {
  @Test
  void muLawReferenceCodes() {
    assertEquals((byte) 0xFF, G711.ULAW.encode((short) 0));
    assertEquals((byte) 0x80, G711.ULAW.encode((short) 32767));
    assertEquals((byte) 0x00, G711.ULAW.encode((short) -32768));
    assertEquals(-32124, G711.ULAW.decode((byte) 0x00));
    assertEquals(32124, G711.ULAW.decode((byte) 0x80));
    assertEquals(0, G711.ULAW.decode((byte) 0xFF));
  }

  @Test
  void aLawReferenceCodes() {
    assertEquals((byte) 0xD5, G711.ALAW.encode((short) 0));
    assertEquals((byte) 0xAA, G711.ALAW.encode((short) 32767));
    assertEquals((byte) 0x2A, G711.ALAW.encode((short) -32768));
    assertEquals(8, G711.ALAW.decode((byte) 0xD5));
    assertEquals(-8, G711.ALAW.decode((byte) 0x55));
    assertEquals(32256, G711.ALAW.decode((byte) 0xAA));
  }

  @ParameterizedTest
  @EnumSource(G711.class)
  void everyInputRoundTripsWithinItsSegmentsQuantisationStep(G711 law) {
    for (int s = -32768; s <= 32767; s++) {
      int back = law.decode(law.encode((short) s));
      // half the segment's quantisation step, which grows with the magnitude, plus what the 2-bit (mu-law)
      // or 3-bit (A-law) pre-shift of the reference algorithm may floor away
      int mag = Math.abs(s);
      int bound = law == G711.ULAW ? (mag / 4 + 33) / 8 + 4 : Math.max(8, mag / 32) + 8;
      assertTrue(Math.abs(back - s) <= bound, law + ": " + s + " -> " + back);
    }
  }

  @ParameterizedTest
  @EnumSource(G711.class)
  void decodingIsAStableFixedPointOfEncoding(G711 law) {
    for (int c = 0; c < 256; c++) {
      short lin = law.decode((byte) c);
      assertEquals(lin, law.decode(law.encode(lin)), law + " code " + c);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(G711.class)
  void theFloatRoundTripIsExactlyEncodeThenDecode(G711 law) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    float[] x = new float[100_000];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2.4 - 1.2); // beyond full scale too
    dev.earshot.audio.Pcm pcm = new dev.earshot.audio.Pcm(8000, x);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        dev.earshot.audio.Pcm.fromShorts(8000, law.decode(law.encode(pcm.toShorts()))).samples(), law.roundTrip(x));
  }
}
