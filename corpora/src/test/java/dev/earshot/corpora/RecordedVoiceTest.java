package dev.earshot.corpora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedVoiceTest {
  @TempDir Path dir;

  @Test
  void answersWithTheRecordingWhoseWordsMatchIgnoringCaseAndPunctuation() throws Exception {
    Pcm card = new Pcm(16000, new float[] {0.1f, 0.2f, -0.1f});
    Pcm balance = new Pcm(8000, new float[] {0.3f, -0.3f});
    Wav.write(dir.resolve("card.wav"), card);
    Files.writeString(dir.resolve("card.txt"), "I've lost my card.\n");
    Wav.write(dir.resolve("balance.wav"), balance);
    Files.writeString(dir.resolve("balance.txt"), "What is my balance?");
    RecordedVoice voice = new RecordedVoice();
    Pcm got = voice.synthesize(new SynthesisRequest("ive LOST my card", dir.toString(), ""));
    assertEquals(16000, got.sampleRate());
    assertArrayEquals(Pcm.fromShorts(16000, card.toShorts()).samples(), got.samples());
    assertEquals(8000, voice.synthesize(new SynthesisRequest("What is my balance", dir.toString(), "")).sampleRate());
  }

  @Test
  void textWithNoRecordingIsAOneLineErrorNamingTheDirectory() {
    SpeechException e = assertThrows(SpeechException.class,
        () -> new RecordedVoice().synthesize(new SynthesisRequest("transfer money", dir.toString(), "")));
    assertTrue(e.getMessage().startsWith(dir + ": no recording says 'transfer money' (0 recordings"), e.getMessage());
  }

  @Test
  void theVoiceStringRoutesToTheRecordings() {
    assertEquals("recorded:/data/caller-7", Speech.voice("recorded", "/data/caller-7"));
    assertEquals("espeak-ng:en-029", Speech.voice("espeak-ng", "en-029"));
    assertEquals("cmu-slt-hsmm", Speech.voice("marytts", "cmu-slt-hsmm"));
  }
}
