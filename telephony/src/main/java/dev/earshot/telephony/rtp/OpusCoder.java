package dev.earshot.telephony.rtp;

import club.minnced.opus.util.OpusLibrary;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import tomp2p.opuswrapper.Opus;

/**
 * Opus on the wire through libopus (the natives jar's linux-x86-64 build, loaded once through JNA): mono at
 * 8 kHz in and out, VoIP application, 24 kbit/s, 20 ms frames. Each instance owns a native state that
 * {@link #close} frees; calls are serialised on the instance, so a close from another thread cannot free the
 * state under a running encode.
 */
final class OpusCoder {
  static final int RATE = 8000;
  private static final int OPUS_SET_BITRATE_REQUEST = 4002;
  private static final int MAX_PACKET = 1275;
  private static final int MAX_FRAME = RATE * 120 / 1000; // the longest Opus packet: 120 ms

  private OpusCoder() {}

  private static synchronized void load() {
    if (OpusLibrary.isInitialized()) return;
    try {
      if (!OpusLibrary.loadFromJar()) throw new IllegalStateException("libopus is not available for this platform (" + System.getProperty("os.arch") + ")");
    } catch (IOException e) {
      throw new IllegalStateException("cannot load libopus from opus-java-natives: " + e.getMessage(), e);
    }
  }

  private static void check(int error, String what) {
    if (error != Opus.OPUS_OK) throw new IllegalStateException("libopus " + what + " failed with error " + error);
  }

  static final class Encoder implements WireCodec.Encoder {
    private PointerByReference state;
    private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_PACKET);

    Encoder() {
      load();
      IntBuffer error = IntBuffer.allocate(1);
      state = Opus.INSTANCE.opus_encoder_create(RATE, 1, Opus.OPUS_APPLICATION_VOIP, error);
      check(error.get(0), "encoder_create");
      check(Opus.INSTANCE.opus_encoder_ctl(state, OPUS_SET_BITRATE_REQUEST, 24000), "set bitrate");
    }

    @Override
    public synchronized byte[] encode(short[] frame) {
      if (state == null) throw new IllegalStateException("Opus encoder closed");
      out.clear();
      int n = Opus.INSTANCE.opus_encode(state, ShortBuffer.wrap(frame), frame.length, out, MAX_PACKET);
      if (n < 0) throw new IllegalStateException("libopus encode failed with error " + n);
      byte[] packet = new byte[n];
      out.get(0, packet);
      return packet;
    }

    @Override
    public synchronized void close() {
      if (state != null) Opus.INSTANCE.opus_encoder_destroy(state);
      state = null;
    }
  }

  static final class Decoder implements WireCodec.Decoder {
    private PointerByReference state;
    private final ShortBuffer pcm = ShortBuffer.allocate(MAX_FRAME);

    Decoder() {
      load();
      IntBuffer error = IntBuffer.allocate(1);
      state = Opus.INSTANCE.opus_decoder_create(RATE, 1, error);
      check(error.get(0), "decoder_create");
    }

    /** The packet's audio; a corrupt packet decodes as 20 ms of silence (and is not fatal to the call). */
    @Override
    public synchronized float[] decode(byte[] payload) {
      if (state == null) throw new IllegalStateException("Opus decoder closed");
      pcm.clear();
      int n = Opus.INSTANCE.opus_decode(state, payload, payload.length, pcm, MAX_FRAME, 0);
      if (n < 0) return new float[RATE / 50];
      float[] out = new float[n];
      for (int i = 0; i < n; i++) out[i] = pcm.get(i) / 32768f;
      return out;
    }

    @Override
    public synchronized void close() {
      if (state != null) Opus.INSTANCE.opus_decoder_destroy(state);
      state = null;
    }
  }
}
