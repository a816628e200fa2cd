package dev.earshot.audio.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossStageTest {
  private static final int PACKETS = 50_000;

  @ParameterizedTest
  @CsvSource({"1", "5", "20", "40"})
  void bernoulliLossRateIsWithinTenPercentOfTheTargetOver50000Packets(double percent) {
    boolean[] lost = new LossStage("bernoulli", percent, null, 20, "silence").pattern(PACKETS, new SplittableRandom(11));
    assertEquals(percent / 100, count(lost) / (double) PACKETS, percent / 100 * 0.10);
  }

  @ParameterizedTest
  @CsvSource({"5,3", "10,2", "2,6", "20,4"})
  void gilbertElliottHasTheTargetRateAndMeanBurstLength(double percent, double meanBurst) {
    boolean[] lost = new LossStage("gilbert-elliott", percent, meanBurst, 20, "silence").pattern(PACKETS, new SplittableRandom(12));
    assertEquals(percent / 100, count(lost) / (double) PACKETS, percent / 100 * 0.10, "loss rate");
    int bursts = 0;
    for (int i = 0; i < PACKETS; i++) if (lost[i] && (i == 0 || !lost[i - 1])) bursts++;
    assertEquals(meanBurst, count(lost) / (double) bursts, meanBurst * 0.10, "mean burst length");
  }

  @Test
  void bernoulliBurstsAreShortGilbertElliottOnesLong() {
    boolean[] b = new LossStage("bernoulli", 10, null, 20, "silence").pattern(PACKETS, new SplittableRandom(1));
    boolean[] g = new LossStage("gilbert-elliott", 10, 5.0, 20, "silence").pattern(PACKETS, new SplittableRandom(1));
    assertTrue(longestRun(g) > 2 * longestRun(b), longestRun(g) + " vs " + longestRun(b));
  }

  @Test
  void concealmentFillsLostPacketsAsConfigured() {
    Pcm tone = new Pcm(8000, Signals.sine(8000, 250, 0.5, 4));
    SplittableRandom seed = new SplittableRandom(3);
    LossStage silence = new LossStage("gilbert-elliott", 20, 3.0, 20, "silence");
    boolean[] lost = silence.pattern((tone.length() + 159) / 160, seed.split());
    Pcm zeroed = silence.apply(tone, new SplittableRandom(3).split());
    Pcm repeated = new LossStage("gilbert-elliott", 20, 3.0, 20, "repeat").apply(tone, new SplittableRandom(3).split());
    Pcm faded = new LossStage("gilbert-elliott", 20, 3.0, 20, "fade").apply(tone, new SplittableRandom(3).split());
    int checked = 0;
    for (int k = 1; k < lost.length; k++) {
      int from = k * 160;
      if (!lost[k]) {
        assertEquals(tone.samples()[from + 5], zeroed.samples()[from + 5]);
        continue;
      }
      assertEquals(0, Signals.peak(zeroed.samples(), from, from + 160));
      int good = k - 1;
      while (good >= 0 && lost[good]) good--;
      if (good < 0) continue;
      int run = k - good;
      float[] last = Arrays.copyOfRange(tone.samples(), good * 160, good * 160 + 160);
      assertArrayEquals(last, Arrays.copyOfRange(repeated.samples(), from, from + 160));
      double expectedPeak = Math.pow(0.5, run - 1) * Signals.peak(last, 0, 160);
      assertTrue(Signals.peak(faded.samples(), from, from + 160) <= expectedPeak + 1e-6);
      checked++;
    }
    assertTrue(checked > 20, "lost packets checked: " + checked);
  }

  @Test
  void sameSeedSamePatternOtherSeedOther() {
    LossStage s = new LossStage("bernoulli", 10, null, 20, null);
    assertArrayEquals(s.pattern(1000, new SplittableRandom(5)), s.pattern(1000, new SplittableRandom(5)));
    assertFalse(Arrays.equals(s.pattern(1000, new SplittableRandom(5)), s.pattern(1000, new SplittableRandom(6))));
  }

  @Test
  void gilbertElliottWithoutABurstLengthSaysSo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LossStage("gilbert-elliott", 5, null, 20, null));
    assertTrue(e.getMessage().startsWith("mean_burst:"), e.getMessage());
  }

  private static int count(boolean[] lost) {
    int n = 0;
    for (boolean b : lost) if (b) n++;
    return n;
  }

  private static int longestRun(boolean[] lost) {
    int best = 0, run = 0;
    for (boolean b : lost) {
      run = b ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }
}
