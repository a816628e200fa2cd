package dev.earshot.audio.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The lossy speech codecs Earshot runs through ffmpeg, with what each needs: the sample rate it works at, the
 * bit rates it allows, the ffmpeg encoder and container, and its fixed algorithmic delay (removed after
 * decoding, so that a round trip keeps timing). The delays were measured here as the lag of the highest
 * cross-correlation between speech and its round trip (ffmpeg 5.1): AMR-NB 39 samples (the encoder's 5 ms
 * look-ahead), AMR-WB 94, G.722 22 (its QMF filter bank), GSM and Opus (whose pre-skip the Ogg demuxer
 * removes) 0.
 */
public enum Codec {
  /** GSM 06.10 full rate, 13 kbit/s, 8 kHz: 2G mobile calls. */
  GSM("gsm", 8000, "libgsm", "gsm", List.of(13200), 13200, List.of(), 0),
  /** AMR narrow-band at its 8 modes, 8 kHz: 2G/3G mobile calls. */
  AMR_NB("amr-nb", 8000, "libopencore_amrnb", "amr", List.of(4750, 5150, 5900, 6700, 7400, 7950, 10200, 12200), 12200, List.of(), 39),
  /** AMR wide-band (G.722.2), 16 kHz: HD voice on mobile networks. */
  AMR_WB("amr-wb", 16000, "libvo_amrwbenc", "amr", List.of(6600, 8850, 12650, 14250, 15850, 18250, 19850, 23050, 23850), 12650, List.of(), 94),
  /** Opus in VoIP mode, 20 ms frames, 6-128 kbit/s, 16 kHz here: WebRTC and app calls. */
  OPUS("opus", 16000, "libopus", "ogg", List.of(), 24000, List.of("-application", "voip", "-frame_duration", "20", "-vbr", "off"), 0),
  /** G.722 sub-band ADPCM, 64 kbit/s, 16 kHz: wideband desk phones. */
  G722("g722", 16000, "g722", "g722", List.of(64000), 64000, List.of(), 22);

  private final String id;
  private final int sampleRate;
  private final String encoder;
  private final String container;
  private final List<Integer> bitrates;
  private final int defaultBitrate;
  private final List<String> encoderOptions;
  private final int delaySamples;

  Codec(String id, int sampleRate, String encoder, String container, List<Integer> bitrates, int defaultBitrate, List<String> encoderOptions, int delaySamples) {
    this.id = id;
    this.sampleRate = sampleRate;
    this.encoder = encoder;
    this.container = container;
    this.bitrates = bitrates;
    this.defaultBitrate = defaultBitrate;
    this.encoderOptions = encoderOptions;
    this.delaySamples = delaySamples;
  }

  public String id() {
    return id;
  }

  public int sampleRate() {
    return sampleRate;
  }

  public int defaultBitrate() {
    return defaultBitrate;
  }

  /** Codec by its profile name ({@code gsm}, {@code amr-nb}, {@code amr-wb}, {@code opus}, {@code g722}), or null. */
  public static Codec byId(String id) {
    for (Codec c : values()) if (c.id.equals(id)) return c;
    return null;
  }

  public static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Codec c : values()) ids.add(c.id);
    return ids;
  }

  /** Null when {@code bitrate} is allowed, else what is expected. */
  public String checkBitrate(int bitrate) {
    if (bitrates.isEmpty()) return bitrate >= 6000 && bitrate <= 128000 ? null : "expected 6000..128000 bit/s for " + id + ", found " + bitrate;
    return bitrates.contains(bitrate) ? null : "expected one of " + bitrates + " bit/s for " + id + ", found " + bitrate;
  }

  /** Fails with a one-line message naming the Debian packages unless this machine can run the codec. */
  public void requireAvailable() {
    Ffmpeg.require(encoder, "codec " + id);
  }

  /**
   * Encodes 16-bit samples at {@link #sampleRate()} and decodes them again; returns exactly as many samples as
   * were given, aligned in time with them.
   */
  public short[] roundTrip(short[] pcm, int bitrate) {
    requireAvailable();
    String what = id + " at " + bitrate + " bit/s";
    String rate = Integer.toString(sampleRate);
    List<String> common = List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-threads", "1");
    List<String> enc = new ArrayList<>(common);
    enc.addAll(List.of("-f", "s16le", "-ar", rate, "-ac", "1", "-i", "pipe:0", "-c:a", encoder, "-b:a", Integer.toString(bitrate)));
    enc.addAll(encoderOptions);
    enc.addAll(List.of("-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", container, "pipe:1"));
    byte[] coded = Ffmpeg.run(enc, toBytes(pcm), "encode " + what);
    List<String> dec = new ArrayList<>(common);
    dec.addAll(List.of("-f", container, "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", rate, "-flags:a", "+bitexact", "pipe:1"));
    short[] decoded = fromBytes(Ffmpeg.run(dec, coded, "decode " + what));
    short[] out = new short[pcm.length];
    int n = Math.max(0, Math.min(pcm.length, decoded.length - delaySamples));
    System.arraycopy(decoded, delaySamples, out, 0, n);
    return out;
  }

  private static byte[] toBytes(short[] pcm) {
    ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(pcm);
    return b.array();
  }

  private static short[] fromBytes(byte[] bytes) {
    short[] s = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }
}
