package dev.earshot.corpora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.audio.profile.G711Stage;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real MaryTTS and real Vosk, loaded once for the JVM. */
class SpeechIT {
  private static final SynthesisRequest BALANCE =
      new SynthesisRequest("I would like to check the balance of my account", MaryTtsSynthesizer.VOICE, "");

  @Test
  void maryTtsSpeaksAWholeSentence() {
    Pcm pcm = Speech.synthesizer().synthesize(BALANCE);
    assertTrue(pcm.sampleRate() >= 16000, "rate " + pcm.sampleRate());
    // a nine-word sentence takes well over a second: a truncated stream would be about 8 KB (0.1 s)
    assertTrue(pcm.durationSeconds() > 1.5 && pcm.durationSeconds() < 6, "duration " + pcm.durationSeconds());
  }

  @Test
  void voskTranscribesTelephoneBandSpeech() {
    Pcm wide = Speech.synthesizer().synthesize(BALANCE);
    Pcm phone = new G711Stage("ulaw").apply(Resampler.resample(wide, 8000), new SplittableRandom(1));
    String text = Speech.transcriber().transcribe(phone);
    assertTrue(text.contains("check") && text.contains("balance"), "heard: " + text);
  }

  @Test
  void streamingRecognitionMatchesWholeClipRecognition() {
    Pcm phone = Resampler.resample(Speech.synthesizer().synthesize(BALANCE), 8000);
    String whole = Speech.transcriber().transcribe(phone);
    try (Transcriber.Recognition r = Speech.transcriber().open(8000)) {
      float[] x = phone.samples();
      for (int i = 0; i < x.length; i += 160) r.accept(java.util.Arrays.copyOfRange(x, i, Math.min(x.length, i + 160)));
      assertEquals(whole, r.finish());
    }
  }

  @Test
  void secondSynthesisOfTheSameRequestComesFromTheCache(@TempDir Path cache) {
    CachingSynthesizer s = (CachingSynthesizer) Speech.synthesizer(cache);
    Pcm first = s.synthesize(BALANCE);
    Pcm second = s.synthesize(BALANCE);
    assertEquals(1, s.misses());
    assertEquals(1, s.hits());
    assertArrayEquals(first.samples(), second.samples());
  }
}
