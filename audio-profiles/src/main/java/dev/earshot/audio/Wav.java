package dev.earshot.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads RIFF/WAVE files (PCM or float, any channel count, mixed to mono); writes 16-bit PCM ones (mono or stereo). */
public final class Wav {
  private Wav() {}

  /** What {@link #read} takes, in the words error messages and help texts use. */
  public static final String ACCEPTS = "a RIFF/WAVE file of PCM (8, 16, 24 or 32 bits) or float (32 or 64 bits) samples, 1 to 8 channels"
      + " (mixed down to mono), 1 to 384 kHz";

  private static final int RIFF = 0x46464952, WAVE = 0x45564157, FMT = 0x20746d66, DATA = 0x61746164;

  /**
   * Reads a WAV file into mono samples at the file's own rate; several channels are averaged. The file must be what
   * its header says: a chunk that claims more bytes than the file holds, a truncated {@code fmt } chunk or a data
   * chunk that is not a whole number of frames is an error naming the byte where it went wrong, never a shorter
   * recording. (A data size of 0 or 0xFFFFFFFF, written by programs that stream, means "to the end of the file".)
   */
  public static Pcm read(Path file) {
    return parse(UserFiles.read(file, ACCEPTS.replaceFirst("^a RIFF/WAVE file", "a WAV file"), WavFormatException::new), file.toString());
  }

  /** {@link #read} on bytes in memory; {@code source} names them in error messages. */
  public static Pcm parse(byte[] bytes, String source) {
    Pcm[] channels = parseChannels(bytes, source);
    if (channels.length == 1) return channels[0];
    float[] out = new float[channels[0].samples().length];
    for (int i = 0; i < out.length; i++) {
      float sum = 0;
      for (Pcm c : channels) sum += c.samples()[i];
      out[i] = sum / channels.length;
    }
    return new Pcm(channels[0].sampleRate(), out);
  }

  /** Each channel of a WAV file on its own (a stereo call recording: the caller left, the agent right). */
  public static Pcm[] readChannels(Path file) {
    return parseChannels(UserFiles.read(file, ACCEPTS.replaceFirst("^a RIFF/WAVE file", "a WAV file"), WavFormatException::new), file.toString());
  }

  private static Pcm[] parseChannels(byte[] bytes, String source) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12 || b.getInt(0) != RIFF || b.getInt(8) != WAVE) {
      throw new WavFormatException(source + ": byte 0: expected a RIFF/WAVE header, found " + (bytes.length < 12 ? bytes.length + " bytes in all" : "'"
          + printable(bytes, 0, 4) + "'"));
    }
    int pos = 12;
    int channels = -1, rate = -1, bits = -1, format = -1;
    while (pos + 8 <= bytes.length) {
      int id = b.getInt(pos);
      long size = b.getInt(pos + 4) & 0xffffffffL;
      int body = pos + 8;
      long left = bytes.length - body;
      if (id == DATA && (size == 0xffffffffL || size == 0 && left > 0)) size = left; // streamed: to the end of the file
      if (size > left) {
        throw new WavFormatException(source + ": byte " + pos + ": the '" + printable(bytes, pos, 4) + "' chunk claims " + size + " bytes but only "
            + left + " follow; expected a complete file (is it truncated?)");
      }
      if (id == FMT) {
        if (size < 16) throw new WavFormatException(source + ": byte " + pos + ": expected a 'fmt ' chunk of at least 16 bytes, found " + size);
        format = b.getShort(body) & 0xffff;
        channels = b.getShort(body + 2) & 0xffff;
        rate = b.getInt(body + 4);
        bits = b.getShort(body + 14) & 0xffff;
        if (format == 0xFFFE && size >= 26) format = b.getShort(body + 24) & 0xffff; // WAVE_FORMAT_EXTENSIBLE: the sub-format
      } else if (id == DATA) {
        if (format < 0) throw new WavFormatException(source + ": byte " + pos + ": expected a 'fmt ' chunk before the 'data' chunk");
        boolean pcm = format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == 3 && (bits == 32 || bits == 64);
        if (!pcm && !flt || channels < 1 || channels > 8 || rate < 1000 || rate > 384_000) {
          throw new WavFormatException(source + ": 'fmt ' chunk: expected " + ACCEPTS.substring(ACCEPTS.indexOf(" of ") + 4) + "; found "
              + (format == 1 ? "PCM" : format == 3 ? "float" : "format " + format) + ", " + bits + " bits, " + channels + " channels, " + rate + " Hz");
        }
        int width = bits / 8, frame = width * channels;
        if (size % frame != 0) {
          throw new WavFormatException(source + ": byte " + pos + ": the data chunk's " + size + " bytes are not a whole number of " + frame
              + "-byte frames; expected a complete file");
        }
        int frames = (int) (size / frame);
        float[][] out = new float[channels][frames];
        for (int i = 0, at = body; i < frames; i++) {
          for (int c = 0; c < channels; c++, at += width) {
            float v = sample(b, at, width, flt);
            if (!Float.isFinite(v)) throw new WavFormatException(source + ": byte " + at + ": expected a finite float sample, found " + v);
            out[c][i] = v;
          }
        }
        Pcm[] split = new Pcm[channels];
        for (int c = 0; c < channels; c++) split[c] = new Pcm(rate, out[c]);
        return split;
      }
      pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
    }
    throw new WavFormatException(source + ": byte " + pos + ": expected a 'data' chunk" + (format < 0 ? " (and a 'fmt ' chunk before it)" : "")
        + ", found the end of the file");
  }

  private static float sample(ByteBuffer b, int at, int width, boolean flt) {
    if (flt) return width == 4 ? b.getFloat(at) : (float) b.getDouble(at);
    return switch (width) {
      case 1 -> ((b.get(at) & 0xff) - 128) / 128f;
      case 2 -> b.getShort(at) / 32768f;
      case 3 -> ((b.get(at) & 0xff) | (b.get(at + 1) & 0xff) << 8 | b.get(at + 2) << 16) / 8388608f;
      default -> b.getInt(at) / 2147483648f;
    };
  }

  private static String printable(byte[] bytes, int from, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < Math.min(bytes.length, from + n); i++) sb.append(bytes[i] >= 32 && bytes[i] < 127 ? (char) bytes[i] : '?');
    return sb.toString();
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
