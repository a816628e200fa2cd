package dev.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

  /** A WAV file of {@code format} (1 PCM, 3 float) holding {@code data}, its data chunk claiming {@code claimed} bytes. */
  private static byte[] wav(int format, int channels, int rate, int bits, byte[] data, long claimed) {
    ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + data.length).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
    b.putInt(0x61746164).putInt((int) claimed).put(data);
    return b.array();
  }

  private static byte[] le(int width, long... values) {
    ByteBuffer b = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) for (int k = 0; k < width; k++) b.put((byte) (v >> (8 * k)));
    return b.array();
  }

  @Test
  void everySampleFormatAndChannelCountIsReadAsMonoAtItsOwnRate() {
    // half scale, then minus a quarter, in each encoding
    assertArrayEquals(new float[] {0.5f, -0.25f}, Wav.parse(wav(1, 1, 8000, 8, new byte[] {(byte) 192, 96}, 2), "u8").samples());
    assertArrayEquals(new float[] {0.5f, -0.25f}, Wav.parse(wav(1, 1, 96000, 24, le(3, 0x400000, -0x200000), 6), "s24").samples());
    assertEquals(96000, Wav.parse(wav(1, 1, 96000, 24, le(3, 0x400000, -0x200000), 6), "s24").sampleRate());
    assertArrayEquals(new float[] {0.5f, -0.25f}, Wav.parse(wav(1, 1, 8000, 32, le(4, 0x40000000L, -0x20000000L), 8), "s32").samples());
    ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-0.25f);
    assertArrayEquals(new float[] {0.5f, -0.25f}, Wav.parse(wav(3, 1, 44100, 32, f.array(), 8), "f32").samples());
    // stereo frames (0.5, 0) and (-0.25, -0.25) average to 0.25 and -0.25
    assertArrayEquals(new float[] {0.25f, -0.25f}, Wav.parse(wav(1, 2, 8000, 16, le(2, 16384, 0, -8192, -8192), 8), "st").samples());
  }

  @Test
  void aFileIsWhatItsHeaderClaimsOrAnErrorNamingTheByte() {
    byte[] good = wav(1, 1, 8000, 16, le(2, 1, 2, 3, 4), 8);
    // the first 30 bytes: the fmt chunk cut short
    WavFormatException cut = assertThrows(WavFormatException.class, () -> Wav.parse(Arrays.copyOf(good, 30), "cut.wav"));
    assertEquals("cut.wav: byte 12: the 'fmt ' chunk claims 16 bytes but only 10 follow; expected a complete file (is it truncated?)", cut.getMessage());
    // a data chunk claiming 2 GB over 8 bytes
    WavFormatException big = assertThrows(WavFormatException.class, () -> Wav.parse(wav(1, 1, 8000, 16, le(2, 1, 2, 3, 4), 2_000_000_000L), "big.wav"));
    assertTrue(big.getMessage().startsWith("big.wav: byte 36: the 'data' chunk claims 2000000000 bytes but only 8 follow"), big.getMessage());
    WavFormatException half = assertThrows(WavFormatException.class, () -> Wav.parse(wav(1, 1, 8000, 16, le(1, 1, 2, 3), 3), "odd.wav"));
    assertTrue(half.getMessage().contains("not a whole number of 2-byte frames"), half.getMessage());
    WavFormatException nan = assertThrows(WavFormatException.class,
        () -> Wav.parse(wav(3, 1, 8000, 32, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array(), 4), "nan.wav"));
    assertTrue(nan.getMessage().contains("byte 44: expected a finite float sample"), nan.getMessage());
    WavFormatException alaw = assertThrows(WavFormatException.class, () -> Wav.parse(wav(6, 1, 8000, 8, new byte[] {1}, 1), "alaw.wav"));
    assertTrue(alaw.getMessage().contains("found format 6, 8 bits, 1 channels, 8000 Hz"), alaw.getMessage());
    // a streaming writer's "unknown" data size means to the end of the file
    assertEquals(4, Wav.parse(wav(1, 1, 8000, 16, le(2, 1, 2, 3, 4), 0xffffffffL), "streamed").samples().length);
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
