package dev.earshot.telephony.rtp;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.codec.G711;
import dev.earshot.audio.codec.G722;
import dev.earshot.audio.dsp.Octave;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Locale;

/**
 * A codec on the wire: how a call's 20 ms frames of 8 kHz audio travel as RTP payloads. G.711 (both laws) is
 * stateless; G.722 (RFC 3551: sampled at 16 kHz, RTP clock 8000) and Opus (RFC 7587: RTP clock 48000, always
 * described as two channels) keep state, so every stream takes its own {@link #encoder()} and {@link #decoder()}.
 *
 * <p>Earshot's audio path runs at 8 kHz end to end, so G.722 is fed through a {@link Octave} up-sampler and
 * decoded back down: the wire carries real G.722 the far end must decode, but Earshot's own audio gains no
 * bandwidth from it. Opus encodes and decodes at 8 kHz directly (libopus through JNA, one native encoder and
 * decoder per stream, released when the stream closes).
 */
public enum WireCodec {
  PCMU("pcmu", "PCMU", 0, 8000, 1),
  PCMA("pcma", "PCMA", 8, 8000, 1),
  G722("g722", "G722", dev.earshot.audio.codec.G722.PAYLOAD_TYPE, 8000, 1),
  /** Dynamic payload type: Earshot offers it as 111, and follows whatever number the far end gives it. */
  OPUS("opus", "opus", 111, 48000, 2);

  private final String id;
  private final String encodingName;
  private final int payloadType;
  private final int clockRate;
  private final int channels;

  WireCodec(String id, String encodingName, int payloadType, int clockRate, int channels) {
    this.id = id;
    this.encodingName = encodingName;
    this.payloadType = payloadType;
    this.clockRate = clockRate;
    this.channels = channels;
  }

  /** The name profiles and options use: {@code pcmu}, {@code pcma}, {@code g722}, {@code opus}. */
  public String id() {
    return id;
  }

  /** SDP rtpmap encoding name. */
  public String encodingName() {
    return encodingName;
  }

  /** The static payload type (RFC 3551), or for Opus the dynamic one Earshot offers. */
  public int payloadType() {
    return payloadType;
  }

  public boolean dynamic() {
    return payloadType >= 96;
  }

  /** The RTP clock rate, which is not always the sampling rate (G.722: 8000 for 16 kHz audio). */
  public int clockRate() {
    return clockRate;
  }

  /** The rtpmap value, e.g. {@code PCMU/8000} or {@code opus/48000/2}. */
  public String rtpmap() {
    return encodingName + "/" + clockRate + (channels > 1 ? "/" + channels : "");
  }

  /** The fmtp parameters Earshot states for this codec, or null. */
  public String fmtp() {
    return this == OPUS ? "useinbandfec=1; stereo=0; sprop-stereo=0" : null;
  }

  /** Whether each payload depends on its frame alone (G.711): then one frame's payload is the same on every stream. */
  public boolean stateless() {
    return this == PCMU || this == PCMA;
  }

  /** RTP timestamp units per 20 ms frame. */
  public int timestampStep() {
    return clockRate / 50;
  }

  /** The codec an rtpmap names (case-insensitive name, and its clock rate), or null for one Earshot lacks. */
  public static WireCodec byRtpmap(String rtpmap) {
    String[] f = rtpmap.trim().split("/");
    if (f.length < 2) return null;
    for (WireCodec c : values()) {
      if (c.encodingName.equalsIgnoreCase(f[0]) && Integer.toString(c.clockRate).equals(f[1])) return c;
    }
    return null;
  }

  /** The static payload type's codec when an SDP gives no rtpmap for it (RFC 3551 table 4), or null. */
  public static WireCodec byStaticPayloadType(int pt) {
    for (WireCodec c : values()) if (!c.dynamic() && c.payloadType == pt) return c;
    return null;
  }

  /** The codec called {@code id} (see {@link #id()}), or an exception naming the ones there are. */
  public static WireCodec byId(String id) {
    String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (WireCodec c : values()) if (c.id.equals(key)) return c;
    throw new IllegalArgumentException("codec: expected one of pcmu, pcma, g722, opus, found '" + id + "'");
  }

  /** The codecs a profile's {@code network:} section asks a call to offer, or the default G.711 pair (PCMU, PCMA). */
  public static java.util.List<WireCodec> offered(dev.earshot.audio.profile.Network network) {
    if (network == null || network.codecs() == null) return java.util.List.of(PCMU, PCMA);
    return network.codecs().stream().map(WireCodec::byId).toList();
  }

  /** Encodes one stream's 20 ms frames of 8 kHz audio, in order. */
  public interface Encoder extends AutoCloseable {
    byte[] encode(short[] frame);

    @Override
    default void close() {}
  }

  /** Decodes one stream's payloads, in arrival order, to 8 kHz audio (full scale 1.0). */
  public interface Decoder extends AutoCloseable {
    float[] decode(byte[] payload);

    @Override
    default void close() {}
  }

  public Encoder encoder() {
    return switch (this) {
      case PCMU -> G711.ULAW::encode;
      case PCMA -> G711.ALAW::encode;
      case G722 -> new G722Encoder();
      case OPUS -> new OpusCoder.Encoder();
    };
  }

  public Decoder decoder() {
    return switch (this) {
      case PCMU -> payload -> g711(G711.ULAW, payload);
      case PCMA -> payload -> g711(G711.ALAW, payload);
      case G722 -> new G722Decoder();
      case OPUS -> new OpusCoder.Decoder();
    };
  }

  /** |sample| (full scale 1.0) of every G.711 code, by law: a payload's peak without decoding it. */
  private static final float[] ULAW_MAGNITUDE = magnitudes(G711.ULAW), ALAW_MAGNITUDE = magnitudes(G711.ALAW);

  private static float[] magnitudes(G711 law) {
    float[] m = new float[256];
    for (int b = 0; b < 256; b++) m[b] = Math.abs(law.decode((byte) b) / 32768f);
    return m;
  }

  /**
   * The largest |sample| (full scale 1.0) of a stateless codec's payload, exactly as the decoded frame's: its level
   * without decoding it, for a stream that keeps nothing else of the audio.
   */
  public float peak(byte[] payload) {
    return peak(Unpooled.wrappedBuffer(payload), 0, payload.length);
  }

  /** As {@link #peak(byte[])}, for the payload in bytes {@code from} to {@code to} of {@code buf} (read in place). */
  public float peak(ByteBuf buf, int from, int to) {
    float[] magnitude = magnitudes();
    float peak = 0;
    for (int i = from; i < to; i++) {
      peak = Math.max(peak, magnitude[buf.getByte(i) & 0xFF]);
    }
    return peak;
  }

  /**
   * A sample this loud or louder is at full scale: the top code of G.711 (µ-law 0.980, A-law 0.984 of full scale) and
   * anything a wideband codec decodes as loud. Audio that reaches it three samples running was clipped on its way.
   */
  static final float CLIP_LEVEL = 0.975f;

  /** Whether {@code frame} holds three samples running at full scale ({@link #CLIP_LEVEL}): clipped audio. */
  public static boolean clipped(float[] frame) {
    int run = 0;
    for (float x : frame) {
      run = Math.abs(x) >= CLIP_LEVEL ? run + 1 : 0;
      if (run == 3) return true;
    }
    return false;
  }

  /** As {@link #clipped(float[])}, for a stateless codec's payload, without decoding it. */
  public boolean clipped(byte[] payload) {
    return clipped(Unpooled.wrappedBuffer(payload), 0, payload.length);
  }

  /** As {@link #clipped(byte[])}, for the payload in bytes {@code from} to {@code to} of {@code buf}. */
  public boolean clipped(ByteBuf buf, int from, int to) {
    float[] magnitude = magnitudes();
    int run = 0;
    for (int i = from; i < to; i++) {
      run = magnitude[buf.getByte(i) & 0xFF] >= CLIP_LEVEL ? run + 1 : 0;
      if (run == 3) return true;
    }
    return false;
  }

    /** |sample| of each code of this stateless codec; a codec with state has none (its payloads must be decoded in order). */
  private float[] magnitudes() {
    return switch (this) {
      case PCMU -> ULAW_MAGNITUDE;
      case PCMA -> ALAW_MAGNITUDE;
      default -> throw new IllegalStateException(this + " keeps state: its payloads must be decoded in order");
    };
  }

  private static float[] g711(G711 law, byte[] payload) {
    float[] out = new float[payload.length];
    for (int i = 0; i < payload.length; i++) out[i] = law.decode(payload[i]) / 32768f;
    return out;
  }

  private static final class G722Encoder implements Encoder {
    private final Octave.Up up = new Octave.Up();
    private final dev.earshot.audio.codec.G722.Encoder encoder = new dev.earshot.audio.codec.G722.Encoder();

    @Override
    public byte[] encode(short[] frame) {
      float[] low = new float[frame.length];
      for (int i = 0; i < frame.length; i++) low[i] = frame[i] / 32768f;
      float[] high = up.process(low);
      short[] pcm = new short[high.length];
      for (int i = 0; i < high.length; i++) pcm[i] = Pcm.toShort(high[i]);
      return encoder.encode(pcm);
    }
  }

  private static final class G722Decoder implements Decoder {
    private final Octave.Down down = new Octave.Down();
    private final dev.earshot.audio.codec.G722.Decoder decoder = new dev.earshot.audio.codec.G722.Decoder();

    @Override
    public float[] decode(byte[] payload) {
      short[] pcm = decoder.decode(payload);
      float[] high = new float[pcm.length];
      for (int i = 0; i < pcm.length; i++) high[i] = pcm[i] / 32768f;
      return down.process(high);
    }
  }
}
