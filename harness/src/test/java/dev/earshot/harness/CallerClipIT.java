package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.Synthesizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Caller audio rendered with the real MaryTTS. */
class CallerClipIT {
  private static final Synthesizer TTS = Speech.synthesizer(Path.of("target/tts-cache"));
  private static final String TEXT = "I think I lost my credit card yesterday.";

  @Test
  void sameTextProfileAndSeedGiveBitIdenticalAudio() {
    Profiles p = Profiles.builtIn();
    CallerClip a = CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), 99);
    CallerClip b = CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), 99);
    CallerClip c = CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), 100);
    assertEquals(a.audio(), b.audio());
    assertNotEquals(a.audio(), c.audio());
  }

  @Test
  void personasChangeHowTheWordsAreSaidDeterministically() {
    Profiles p = Profiles.builtIn();
    Personas personas = Personas.builtIn();
    CallerClip plain = CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), 7);
    // the cooperative persona is the plain caller, bit for bit
    assertEquals(plain.audio(), CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), personas.get("cooperative"), 7).audio());
    CallerClip fast = CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), personas.get("fast-talker"), 7);
    assertEquals(plain.lastSpeechFrame() / 1.4, fast.lastSpeechFrame(), 4, "tempo x1.4");
    CallerClip hesitant = CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), personas.get("hesitant"), 7);
    assertEquals(hesitant.audio(), CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), personas.get("hesitant"), 7).audio(), "same seed, same audio");
    assertEquals(TEXT, hesitant.text(), "the filler is not part of what the agent should hear");
    assertTrue(hesitant.lastSpeechFrame() > plain.lastSpeechFrame() + 900 / 20, "a filler and a pause before the end");
    assertEquals(-1, plain.interruptAfterMs());
    assertEquals(800, CallerClip.prepare(TTS, TEXT, p.get("clean"), personas.get("frustrated"), 7).interruptAfterMs());
  }

  @Test
  void theLastSpeechFrameIsFoundOnTheCleanUtteranceSoNoiseDoesNotMoveIt() {
    Profiles p = Profiles.builtIn();
    CallerClip clean = CallerClip.prepare(TTS, TEXT, p.get("clean"), 1);
    CallerClip noisy = CallerClip.prepare(TTS, TEXT, p.get("noisy-phone"), 1);
    assertEquals(8000, clean.audio().sampleRate());
    assertEquals(clean.lastSpeechFrame(), noisy.lastSpeechFrame());
    int frames = clean.audio().length() / 160;
    assertTrue(clean.lastSpeechFrame() > frames / 2 && clean.lastSpeechFrame() < frames, clean.lastSpeechFrame() + " of " + frames);
  }

  @Test
  void speakerStagesThatChangeTimingMoveTheLastSpeechFrameWithThem() {
    Profiles p = Profiles.builtIn();
    CallerClip clean = CallerClip.prepare(TTS, TEXT, p.get("clean"), 1);
    CallerClip fast = CallerClip.prepare(TTS, TEXT, p.get("fast-talker"), 1);
    CallerClip hesitant = CallerClip.prepare(TTS, TEXT, p.get("hesitant-speaker"), 1);
    assertEquals(clean.lastSpeechFrame() / 1.35, fast.lastSpeechFrame(), 3, "tempo x1.35");
    assertTrue(hesitant.lastSpeechFrame() > clean.lastSpeechFrame() + 2 * 700 / 20, "stutter and pauses come before the end");
    assertTrue(hesitant.lastSpeechFrame() < hesitant.audio().length() / 160);
  }

  @Test
  void aProfileVoiceChoosesTheEngineThatSpeaks() {
    dev.earshot.audio.ExternalTools.require("espeak-ng", "--version", "espeak-ng");
    Profiles p = Profiles.builtIn();
    CallerClip mary = CallerClip.prepare(TTS, TEXT, p.get("pstn-g711"), 1);
    CallerClip scottish = CallerClip.prepare(TTS, TEXT, p.get("accent-scottish"), 1);
    CallerClip caribbean = CallerClip.prepare(TTS, TEXT, p.get("accent-caribbean"), 1);
    assertNotEquals(mary.audio().length(), scottish.audio().length(), "another engine, another clip");
    assertNotEquals(scottish.audio(), caribbean.audio());
    assertTrue(scottish.lastSpeechFrame() > 20);
  }
}
