package dev.earshot.audio.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.SpeechLevel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StagesTest {
  private static final Pcm SPEECH_LIKE = Signals.bursts(16000, 500, 0.1, 6, 0.4);

  @Nested
  class Noise {
    @ParameterizedTest
    @CsvSource({"white,20", "white,10", "pink,5", "pink,0"})
    void mixesAtTheTargetSnrAgainstTheActiveSpeechLevel(String color, double snr) {
      Pcm out = new NoiseStage(color, snr).apply(SPEECH_LIKE, new SplittableRandom(3));
      float[] noise = new float[out.length()];
      for (int i = 0; i < noise.length; i++) noise[i] = out.samples()[i] - SPEECH_LIKE.samples()[i];
      double measured = SpeechLevel.activeLevelDb(SPEECH_LIKE) - SpeechLevel.rmsDb(noise);
      assertEquals(snr, measured, 0.5);
    }

    @Test
    void sameSeedSameNoiseOtherSeedOtherNoise() {
      NoiseStage stage = new NoiseStage("white", 10);
      Pcm a = stage.apply(SPEECH_LIKE, new SplittableRandom(42));
      Pcm b = stage.apply(SPEECH_LIKE, new SplittableRandom(42));
      Pcm c = stage.apply(SPEECH_LIKE, new SplittableRandom(43));
      assertEquals(a, b);
      assertFalse(a.equals(c));
    }

    @Test
    void rejectsAnUnknownColourNamingWhatItAccepts() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NoiseStage("purple", 10));
      assertTrue(e.getMessage().contains("white or pink"), e.getMessage());
    }
  }

  @Nested
  class BandPass {
    @ParameterizedTest
    @CsvSource({"1000,-1,1", "100,-200,-30", "200,-200,-12"})
    void shapesLikeATelephoneChannel(double hz, double minDb, double maxDb) {
      Pcm tone = new Pcm(48000, Signals.sine(48000, hz, 0.5, 2));
      Pcm out = new BandPassStage(300, 3400).apply(tone, new SplittableRandom(1));
      double gain = Signals.rmsDb(out.samples(), 48000, 96000) - Signals.rmsDb(tone.samples(), 48000, 96000);
      assertTrue(gain >= minDb && gain <= maxDb, hz + " Hz: " + gain + " dB");
    }
  }

  @Test
  void g711StageRefusesWidebandAudio() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new G711Stage("ulaw").apply(SPEECH_LIKE, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("resample"), e.getMessage());
  }

  @Test
  void gainClipsAtFullScale() {
    Pcm loud = new GainStage(20).apply(new Pcm(8000, Signals.sine(8000, 300, 0.5, 0.1)), new SplittableRandom(1));
    assertEquals(1.0, Signals.peak(loud.samples(), 0, loud.length()), 1e-6);
  }
}
