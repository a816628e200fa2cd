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

  /** Vosk's endpointing runs per accepted chunk, so text can depend on chunk size; at one size it must not vary. */
  @Test
  void streamingRecognitionInTwentyMillisecondFramesHearsTheSentenceTheSameWayEachTime() {
    Pcm phone = Resampler.resample(Speech.synthesizer().synthesize(BALANCE), 8000);
    String first = streamInFrames(phone);
    assertTrue(first.contains("balance"), "heard: " + first);
    assertEquals(first, streamInFrames(phone));
  }

  private static String streamInFrames(Pcm phone) {
    try (Transcriber.Recognition r = Speech.transcriber().open(8000)) {
      float[] x = phone.samples();
      for (int i = 0; i < x.length; i += 160) r.accept(java.util.Arrays.copyOfRange(x, i, Math.min(x.length, i + 160)));
      return r.finish();
    }
  }

  @Test
  void transcriptsDoNotChangeWhenOtherRecognitionsRunAtTheSameTime() throws Exception {
    Pcm phone = Resampler.resample(Speech.synthesizer().synthesize(BALANCE), 8000);
    String alone = Speech.transcriber().transcribe(phone);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<String>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) runs.add(pool.submit(() -> Speech.transcriber().transcribe(phone)));
      for (java.util.concurrent.Future<String> r : runs) assertEquals(alone, r.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedRecognitionRefusesAudioInsteadOfTouchingFreedMemory() {
    Transcriber.Recognition r = Speech.transcriber().open(8000);
    r.close();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> r.accept(new float[160]));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, r::finish);
    r.close(); // twice is fine
  }

  @Test
  void aModelThatDithersIsRefusedWithTheReason(@TempDir Path model) throws Exception {
    java.nio.file.Files.createDirectories(model.resolve("conf"));
    java.nio.file.Files.writeString(model.resolve("conf/mfcc.conf"), "--sample-frequency=16000\n");
    SpeechException e = org.junit.jupiter.api.Assertions.assertThrows(SpeechException.class, () -> VoskTranscriber.requireNoDither(model));
    assertTrue(e.getMessage().contains("--dither=0.0"), e.getMessage());
  }

  @Test
  void secondSynthesisOfTheSameRequestComesFromTheCache(@TempDir Path cache) {
    CachingSynthesizer s = new CachingSynthesizer(MaryTtsSynthesizer.shared(), cache);
    Pcm first = s.synthesize(BALANCE);
    Pcm second = s.synthesize(BALANCE);
    assertEquals(1, s.misses());
    assertEquals(1, s.hits());
    assertArrayEquals(first.samples(), second.samples());
  }

  @Test
  void espeakVoicesSpeakWithTheirAccentAndAreRecognised(@TempDir Path cache) {
    dev.earshot.audio.ExternalTools.require("espeak-ng", "--version", "espeak-ng");
    Synthesizer tts = Speech.synthesizer(cache);
    Pcm scottish = tts.synthesize(new SynthesisRequest("please check my balance", Speech.voice("espeak-ng", "en-gb-scotland"), ""));
    Pcm american = tts.synthesize(new SynthesisRequest("please check my balance", Speech.voice("espeak-ng", "en-us"), ""));
    assertEquals(22050, scottish.sampleRate());
    assertTrue(scottish.durationSeconds() > 0.8 && scottish.durationSeconds() < 4, "duration " + scottish.durationSeconds());
    assertTrue(!java.util.Arrays.equals(scottish.samples(), american.samples()), "two accents, two renderings");
    assertArrayEquals(scottish.samples(), tts.synthesize(new SynthesisRequest("please check my balance", Speech.voice("espeak-ng", "en-gb-scotland"), "")).samples());
    String heard = Speech.transcriber().transcribe(american);
    assertTrue(heard.contains("balance"), "Vosk heard '" + heard + "'");
  }

  @Test
  void anUnknownEspeakVoiceIsAOneLineError() {
    dev.earshot.audio.ExternalTools.require("espeak-ng", "--version", "espeak-ng");
    SpeechException e = org.junit.jupiter.api.Assertions.assertThrows(SpeechException.class,
        () -> Speech.synthesizer().synthesize(new SynthesisRequest("hello", Speech.voice("espeak-ng", "no-such-voice"), "")));
    assertTrue(e.getMessage().startsWith("espeak-ng has no voice 'no-such-voice'"), e.getMessage());
  }
}
