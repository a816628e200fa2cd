package dev.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpeechLevelTest {
  @Test
  void pausesDoNotLowerTheActiveLevel() {
    // 0.1 amplitude sine: RMS -23.0 dBFS while active; half the clip is silence, which costs plain RMS 3 dB.
    // P.56 counts the 0.2 s hangover and the envelope's decay (~0.1 s) after each burst as active: with 2 s
    // bursts that may lower the level by up to 10 log10(1 + 0.3 / 2) = 0.61 dB, never raise it.
    Pcm speechWithPauses = Signals.bursts(16000, 440, 0.1, 16, 2.0);
    double active = SpeechLevel.activeLevelDb(speechWithPauses);
    double rms = SpeechLevel.rmsDb(speechWithPauses.samples());
    assertTrue(active <= -22.95 && active >= -23.0 - 0.61, "active level " + active);
    assertEquals(-26.0, rms, 0.2, "plain RMS");
  }

  @Test
  void silenceHasNoLevel() {
    assertTrue(Double.isInfinite(SpeechLevel.activeLevelDb(Pcm.silence(8000, 1))));
  }
}
