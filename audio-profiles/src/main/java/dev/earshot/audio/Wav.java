package dev.earshot.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes 16-bit linear PCM RIFF/WAVE files (mono or stereo). */
public final class Wav {
  private Wav() {}

  /** Reads a mono 16-bit PCM WAV file. A stereo file is mixed down to mono. */
  public static Pcm read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new WavFormatException(file + ": byte 0: expected a RIFF/WAVE header");
    }
    int pos = 12;
    int channels = -1, rate = -1, bits = -1, format = -1;
    while (pos + 8 <= bytes.length) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      int body = pos + 8;
      if (size < 0 || body + (long) size > bytes.length) size = bytes.length - body; // tolerate streamed headers
      if (id == 0x20746d66) { // "fmt "
        format = b.getShort(body) & 0xffff;
        channels = b.getShort(body + 2);
        rate = b.getInt(body + 4);
        bits = b.getShort(body + 14);
      } else if (id == 0x61746164) { // "data"
        if (format != 1 && format != 0xFFFE || bits != 16 || channels < 1 || channels > 2) {
          throw new WavFormatException(file + ": fmt chunk: expected 16-bit PCM, mono or stereo, but found format "
              + format + ", " + bits + " bits, " + channels + " channels");
        }
        int frames = size / (2 * channels);
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
          float sum = 0;
          for (int c = 0; c < channels; c++) sum += b.getShort(body + 2 * (i * channels + c)) / 32768f;
          out[i] = sum / channels;
        }
        return new Pcm(rate, out);
      }
      pos = body + size + (size & 1);
    }
    throw new WavFormatException(file + ": byte " + pos + ": expected a 'data' chunk after 'fmt ', found end of file");
  }

  /** Writes one mono 16-bit file, atomically (a reader never sees half a file). */
  public static void write(Path file, Pcm pcm) {
    write(file, pcm.sampleRate(), 1, pcm.toShorts());
  }

  /** Writes a stereo 16-bit file: {@code left} and {@code right} must have the same rate; the shorter is padded. */
  public static void writeStereo(Path file, Pcm left, Pcm right) {
    if (left.sampleRate() != right.sampleRate()) {
      throw new IllegalArgumentException("left and right rates differ: " + left.sampleRate() + " vs " + right.sampleRate());
    }
    short[] l = left.toShorts(), r = right.toShorts();
    int n = Math.max(l.length, r.length);
    short[] inter = new short[2 * n];
    for (int i = 0; i < n; i++) {
      inter[2 * i] = i < l.length ? l[i] : 0;
      inter[2 * i + 1] = i < r.length ? r[i] : 0;
    }
    write(file, left.sampleRate(), 2, inter);
  }

  private static void write(Path file, int rate, int channels, short[] interleaved) {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * interleaved.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + 2 * interleaved.length).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    b.putInt(0x61746164).putInt(2 * interleaved.length);
    for (short s : interleaved) b.putShort(s);
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".wav-", ".tmp");
      Files.write(tmp, b.array());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
