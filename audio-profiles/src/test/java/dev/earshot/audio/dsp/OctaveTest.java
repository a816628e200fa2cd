package dev.earshot.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Signals;
import org.junit.jupiter.api.Test;

/** The streaming 8 / 16 kHz conversion: pass band, alias rejection, delay, and frame-size independence. */
class OctaveTest {
  /** Level in dB of {@code y} relative to a full-scale-0.5 sine, over its second half (past the filter's start). */
  private static double levelDb(float[] y) {
    return Signals.rmsDb(y, y.length / 2, y.length) - 20 * Math.log10(0.5 / Math.sqrt(2));
  }

  private static float[] down(float[] x, int frame) {
    Octave.Down d = new Octave.Down();
    float[] out = new float[x.length / 2];
    for (int at = 0; at < x.length; at += frame) System.arraycopy(d.process(java.util.Arrays.copyOfRange(x, at, at + frame)), 0, out, at / 2, frame / 2);
    return out;
  }

  private static float[] up(float[] x, int frame) {
    Octave.Up u = new Octave.Up();
    float[] out = new float[2 * x.length];
    for (int at = 0; at < x.length; at += frame) System.arraycopy(u.process(java.util.Arrays.copyOfRange(x, at, at + frame)), 0, out, 2 * at, 2 * frame);
    return out;
  }

  @Test
  void passBandKeepsItsLevelBothWays() {
    for (double hz : new double[] {300, 1000, 3000, 3400}) {
      double downDb = levelDb(down(Signals.sine(16000, hz, 0.5, 1.0), 320));
      double upDb = levelDb(up(Signals.sine(8000, hz, 0.5, 1.0), 160));
      assertEquals(0, downDb, 0.2, "down " + hz + " Hz");
      assertEquals(0, upDb, 0.2, "up " + hz + " Hz");
    }
  }

  @Test
  void whatWouldAliasIsRemoved() {
    // 16 kHz -> 8 kHz: 5..8 kHz would fold onto 0..3 kHz
    for (double hz : new double[] {5000, 6000, 7500}) assertTrue(levelDb(down(Signals.sine(16000, hz, 0.5, 1.0), 320)) < -60, hz + " Hz leaks");
    // 8 kHz -> 16 kHz: the image of a 1 kHz tone at 7 kHz is removed (total level = the tone's alone)
    float[] y = up(Signals.sine(8000, 1000, 0.5, 1.0), 160);
    assertTrue(Signals.frequency(y, 16000, 8000, 16000) < 1010, "image left behind");
  }

  @Test
  void delayIsThirtyOneSamplesOfTheHigherRateAndFramingDoesNotMatter() {
    float[] impulse = new float[160];
    impulse[10] = 1;
    float[] y = up(impulse, 160);
    int peak = 0;
    for (int i = 1; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[peak])) peak = i;
    assertEquals(20 + 31, peak, "up: peak of an impulse at 8 kHz sample 10");
    float[] speech = Signals.sine(16000, 440, 0.3, 0.5);
    assertArrayEquals(down(speech, 320), down(speech, 160), "same output whatever the frame size");
  }
}
