package dev.earshot.audio.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.audio.ExternalTools;
import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Resampler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link G722} against ffmpeg's G.722 (an implementation nobody here wrote): the same bytes out of the encoder
 * and the same samples out of the decoder, on speech and on loud noise (which drives the quantisers and
 * predictors to their limits), fed in odd-sized pieces to exercise the encoder's carried sample.
 */
class G722FfmpegIT {
  @BeforeAll
  static void needFfmpeg() {
    ExternalTools.require("ffmpeg", "-version", Ffmpeg.PACKAGES);
  }

  static short[] speech() {
    Pcm s = Resampler.resample(Signals.speech(), G722.SAMPLE_RATE);
    short[] out = new short[s.length()];
    for (int i = 0; i < out.length; i++) out[i] = Pcm.toShort(s.samples()[i]);
    return out;
  }

  static short[] noise() {
    SplittableRandom r = new SplittableRandom(722);
    short[] out = new short[32000];
    for (int i = 0; i < out.length; i++) out[i] = (short) (r.nextInt(65536) - 32768 >> (i < 16000 ? 0 : 4));
    return out;
  }

  @Test
  void encoderMatchesFfmpegOnSpeech() {
    assertEncodesLikeFfmpeg(speech());
  }

  @Test
  void encoderMatchesFfmpegOnFullScaleNoise() {
    assertEncodesLikeFfmpeg(noise());
  }

  @Test
  void decoderMatchesFfmpeg() {
    for (short[] pcm : List.of(speech(), noise())) {
      byte[] coded = ffmpegEncode(pcm);
      short[] theirs = ffmpegDecode(coded);
      short[] ours = new G722.Decoder().decode(coded);
      assertEquals(theirs.length, ours.length, "decoded length");
      assertEquals(-1, firstDifference(theirs, ours), "first sample that differs from ffmpeg's decoding");
    }
  }

  private static void assertEncodesLikeFfmpeg(short[] pcm) {
    byte[] theirs = ffmpegEncode(pcm);
    G722.Encoder encoder = new G722.Encoder();
    ByteBuffer ours = ByteBuffer.allocate(pcm.length / 2);
    for (int at = 0, piece = 0; at < pcm.length; piece++) {
      int n = Math.min(pcm.length - at, 157 + piece % 7); // odd and even sizes
      ours.put(encoder.encode(java.util.Arrays.copyOfRange(pcm, at, at + n)));
      at += n;
    }
    assertEquals(theirs.length, ours.position(), "coded length");
    for (int i = 0; i < theirs.length; i++) {
      if (theirs[i] != ours.get(i)) {
        throw new AssertionError("byte " + i + " differs from ffmpeg's: " + (ours.get(i) & 0xff) + " vs " + (theirs[i] & 0xff));
      }
    }
  }

  private static byte[] ffmpegEncode(short[] pcm) {
    ByteBuffer raw = ByteBuffer.allocate(2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : pcm) raw.putShort(s);
    return Ffmpeg.run(List.of("-v", "error", "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", "pipe:0", "-c:a", "g722", "-f", "g722", "pipe:1"),
        raw.array(), "g722 reference encode");
  }

  private static short[] ffmpegDecode(byte[] coded) {
    byte[] raw = Ffmpeg.run(List.of("-v", "error", "-f", "g722", "-i", "pipe:0", "-f", "s16le", "-ar", "16000", "-ac", "1", "pipe:1"),
        coded, "g722 reference decode");
    short[] out = new short[raw.length / 2];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }

  private static int firstDifference(short[] a, short[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) if (a[i] != b[i]) return i;
    return -1;
  }
}
