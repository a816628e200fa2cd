package dev.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
  @TempDir Path dir;

  @Test
  void monoFileRoundTripsSampleForSample() {
    Pcm pcm = Pcm.fromShorts(8000, new short[] {0, 1, -1, 32767, -32768, 1234});
    Path f = dir.resolve("a.wav");
    Wav.write(f, pcm);
    assertEquals(pcm, Wav.read(f));
  }

  @Test
  void stereoFileKeepsLeftAndRightApartAndPadsTheShorterSide() throws Exception {
    Pcm left = Pcm.fromShorts(8000, new short[] {100, 200, 300});
    Pcm right = Pcm.fromShorts(8000, new short[] {-5});
    Path f = dir.resolve("s.wav");
    Wav.writeStereo(f, left, right);
    byte[] b = Files.readAllBytes(f);
    assertEquals(44 + 3 * 4, b.length);
    assertEquals(2, b[22]); // channels
    short[] frames = new short[6];
    for (int i = 0; i < 6; i++) frames[i] = (short) ((b[44 + 2 * i] & 0xff) | (b[45 + 2 * i] << 8));
    assertArrayEquals(new short[] {100, -5, 200, 0, 300, 0}, frames);
  }

  @Test
  void aFileThatIsNotWaveIsRejectedNamingTheFile() throws Exception {
    Path f = dir.resolve("not.wav");
    Files.writeString(f, "hello, I am text");
    WavFormatException e = assertThrows(WavFormatException.class, () -> Wav.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("RIFF"), e.getMessage());
  }

  @Test
  void eightBitAudioIsRejectedSayingWhatWasFound() throws Exception {
    Path f = dir.resolve("u8.wav");
    Wav.write(f, Pcm.fromShorts(8000, new short[] {1, 2}));
    byte[] b = Files.readAllBytes(f);
    b[34] = 8; // bits per sample
    Files.write(f, b);
    WavFormatException e = assertThrows(WavFormatException.class, () -> Wav.read(f));
    assertTrue(e.getMessage().contains("8 bits"), e.getMessage());
  }

  @Test
  void toShortRoundsAndClips() {
    assertEquals(32767, Pcm.toShort(1.5f));
    assertEquals(-32768, Pcm.toShort(-1.5f));
    assertEquals(16384, Pcm.toShort(0.5f));
    float[] x = {0.25f};
    assertTrue(Arrays.equals(new short[] {8192}, new Pcm(8000, x).toShorts()));
  }
}
