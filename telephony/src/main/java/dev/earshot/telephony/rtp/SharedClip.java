package dev.earshot.telephony.rtp;

import dev.earshot.audio.Pcm;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One clip that many streams play (every call of a load run): its 20 ms frames are encoded once per stateless
 * codec (G.711, both laws) and the same payloads go out on every stream that plays it, so a thousand calls
 * cost one encoding, not a thousand. A codec with state (G.722, Opus) has no shared frames: each stream encodes
 * the clip with its own encoder, exactly as {@link MediaStream#play(Pcm)} does. Thread-safe.
 */
public final class SharedClip {
  private final Pcm audio;
  private final int frames;
  private final Map<WireCodec, byte[][]> encoded = new ConcurrentHashMap<>();

  private SharedClip(Pcm audio) {
    if (audio.sampleRate() != MediaStream.SAMPLE_RATE) {
      throw new IllegalArgumentException("a shared clip needs 8000 Hz audio, found " + audio.sampleRate() + " Hz");
    }
    this.audio = audio;
    this.frames = (audio.length() + MediaStream.FRAME_SAMPLES - 1) / MediaStream.FRAME_SAMPLES;
  }

  /** {@code audio} (8 kHz) to be played by many streams. */
  public static SharedClip of(Pcm audio) {
    return new SharedClip(audio);
  }

  public Pcm audio() {
    return audio;
  }

  public int frameCount() {
    return frames;
  }

  /**
   * Frame {@code i} as {@code codec}'s payload, the same array for every stream (never to be written to): what a
   * fresh encoder of that codec makes of the frame, its last one padded with silence; null for a codec with state.
   */
  byte[] frame(WireCodec codec, int i) {
    byte[][] all = frames(codec);
    return all == null ? null : all[i];
  }

  /** Every frame as {@code codec}'s payloads (the arrays {@link #frame} returns), or null for a codec with state. */
  byte[][] frames(WireCodec codec) {
    return codec.stateless() ? encoded.computeIfAbsent(codec, this::encodeAll) : null;
  }

  private byte[][] encodeAll(WireCodec codec) {
    byte[][] out = new byte[frames][];
    try (WireCodec.Encoder encoder = codec.encoder()) {
      for (int f = 0; f < frames; f++) out[f] = encoder.encode(MediaStream.frame(audio.samples(), f, new short[MediaStream.FRAME_SAMPLES]));
    }
    return out;
  }
}
