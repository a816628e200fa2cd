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
    @CsvSource({"white,20", "white,10", "pink,5", "pink,0", "brown,10"})
    void mixesAtTheTargetSnrAgainstTheActiveSpeechLevel(String color, double snr) {
      Pcm out = new NoiseStage(color, snr).apply(SPEECH_LIKE, new SplittableRandom(3));
      assertEquals(snr, measuredSnr(SPEECH_LIKE, out), 0.5);
    }

    @ParameterizedTest
    @CsvSource({"white,20", "pink,10", "brown,5", "pink,0"})
    void onRealSpeechWithPausesTheSnrIsTheTargetWithinHalfADecibel(String color, double snr) {
      Pcm speech = Signals.speechWithPauses();
      Pcm out = new NoiseStage(color, snr).apply(speech, new SplittableRandom(5));
      assertEquals(snr, measuredSnr(speech, out), 0.5);
      // measured against raw RMS instead, the pauses (a third of the clip) would have moved it by 1.5 dB or more
      assertTrue(SpeechLevel.activeLevelDb(speech) - SpeechLevel.rmsDb(speech.samples()) > 1.5);
    }

    @Test
    void babbleAndRecordedBedsMixAtTheTargetSnrToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
      Pcm speech = Signals.speechWithPauses();
      Pcm babble = new BabbleStage(6, 5, null, null).apply(speech, new SplittableRandom(8));
      assertEquals(5, measuredSnr(speech, babble), 0.5);
      dev.earshot.audio.Wav.write(dir.resolve("bed.wav"), new Pcm(8000, Signals.sine(8000, 120, 0.3, 1.3)));
      Stage bed = new NoiseFileStage("bed.wav", 12, null).resolve(dir);
      assertEquals(12, measuredSnr(speech, bed.apply(speech, new SplittableRandom(1))), 0.5);
    }

    @Test
    void aPassbySwellsTheNoiseByItsPeakAtItsCentre() {
      Pcm silenceless = new Pcm(8000, Signals.sine(8000, 440, 0.3, 20));
      Passby passby = new Passby(12, 4);
      Pcm out = new NoiseStage("white", 20, passby).apply(silenceless, new SplittableRandom(9));
      float[] noise = difference(silenceless, out);
      float[] copy = noise.clone();
      // same random stream as the stage: the first draw is the noise, the next the centre
      SplittableRandom replay = new SplittableRandom(9);
      NoiseStage.white(noise.length, replay);
      int centre = replay.nextInt(noise.length);
      int tenMs = 80;
      double atCentre = Signals.rmsDb(copy, Math.max(0, centre - tenMs * 5), Math.min(copy.length, centre + tenMs * 5));
      int far = centre > copy.length / 2 ? 0 : copy.length - 8000;
      double away = Signals.rmsDb(copy, far, far + 8000);
      assertEquals(12, atCentre - away, 1.0);
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
      assertTrue(e.getMessage().contains("white, pink or brown"), e.getMessage());
    }
  }

  @Nested
  class BandPass {
    @ParameterizedTest
    @CsvSource({"1000,-1,1", "100,-200,-30", "200,-200,-12", "4500,-200,-30", "3000,-1.5,1"})
    void shapesLikeATelephoneChannel(double hz, double minDb, double maxDb) {
      Pcm tone = new Pcm(48000, Signals.sine(48000, hz, 0.5, 2));
      Pcm out = new BandPassStage(300, 3400).apply(tone, new SplittableRandom(1));
      double gain = Signals.rmsDb(out.samples(), 48000, 96000) - Signals.rmsDb(tone.samples(), 48000, 96000);
      assertTrue(gain >= minDb && gain <= maxDb, hz + " Hz: " + gain + " dB");
    }
  }

  static double measuredSnr(Pcm clean, Pcm noisy) {
    return SpeechLevel.activeLevelDb(clean) - SpeechLevel.rmsDb(difference(clean, noisy));
  }

  static float[] difference(Pcm a, Pcm b) {
    float[] d = new float[a.length()];
    for (int i = 0; i < d.length; i++) d[i] = b.samples()[i] - a.samples()[i];
    return d;
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
