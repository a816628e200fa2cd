package dev.earshot.audio.codec;

/**
 * ITU-T G.711 µ-law and A-law companding of 16-bit linear PCM, bit-exact with sox over every input and
 * every code ({@code G711SoxIT}). Decoding is the G.711 table. For encoding, a 16-bit sample is first rounded
 * to the 14-bit (µ-law) or 13-bit (A-law) scale G.711 is defined on, as sox does; the ITU-T G.191 reference
 * truncates the one's complement of negative samples instead, which differs only on negative inputs that lie
 * exactly on a decision boundary.
 *
 * <p>Encoding uses 64 Ki-entry tables built once from the reference algorithm, so the hot path is one array
 * load per sample.
 */
public enum G711 {
  /** µ-law (PCMU, RTP payload type 0). */
  ULAW(0, "PCMU"),
  /** A-law (PCMA, RTP payload type 8). */
  ALAW(8, "PCMA");

  private final int payloadType;
  private final String encodingName;
  private final byte[] encodeTable = new byte[65536];
  private final short[] decodeTable = new short[256];

  G711(int payloadType, String encodingName) {
    this.payloadType = payloadType;
    this.encodingName = encodingName;
  }

  /** RTP static payload type (RFC 3551). */
  public int payloadType() {
    return payloadType;
  }

  /** SDP rtpmap encoding name. */
  public String encodingName() {
    return encodingName;
  }

  public byte encode(short sample) {
    return encodeTable[sample + 32768];
  }

  public short decode(byte code) {
    return decodeTable[code & 0xff];
  }

  public byte[] encode(short[] samples) {
    byte[] out = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) out[i] = encodeTable[samples[i] + 32768];
    return out;
  }

  public short[] decode(byte[] codes) {
    short[] out = new short[codes.length];
    for (int i = 0; i < codes.length; i++) out[i] = decodeTable[codes[i] & 0xff];
    return out;
  }

  /**
   * An encode-decode round trip of float samples (full scale 1.0) in one table lookup per sample: the same
   * values as {@code Pcm.fromShorts(decode(encode(toShorts)))}, without the intermediate arrays.
   */
  public float[] roundTrip(float[] x) {
    float[] table = roundTripTable();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = table[dev.earshot.audio.Pcm.toShort(x[i]) + 32768];
    return y;
  }

  private volatile float[] roundTrip;

  private float[] roundTripTable() {
    float[] t = roundTrip;
    if (t == null) {
      t = new float[65536];
      for (int s = 0; s < 65536; s++) t[s] = decodeTable[encodeTable[s] & 0xff] / 32768f; // as Pcm.fromShorts scales
      roundTrip = t;
    }
    return t;
  }

  /** The G.711 code for digital silence. */
  public byte silence() {
    return encode((short) 0);
  }

  /** Codec for an RTP payload type, or null when it is not a G.711 type. */
  public static G711 forPayloadType(int pt) {
    return pt == 0 ? ULAW : pt == 8 ? ALAW : null;
  }

  static { // fills the tables from the algorithms below
    for (G711 law : values()) {
      for (int i = 0; i < 65536; i++) {
        short s = (short) (i - 32768);
        law.encodeTable[i] = law == ULAW ? linearToUlaw(s) : linearToAlaw(s);
      }
      for (int c = 0; c < 256; c++) {
        law.decodeTable[c] = law == ULAW ? ulawToLinear((byte) c) : alawToLinear((byte) c);
      }
    }
  }

  /** Segment end points; in a holder class so they exist before the enum's table-filling static block runs. */
  private static final class Segments {
    static final short[] ULAW_END = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    static final short[] ALAW_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
  }

  private static int segment(int value, short[] ends) {
    for (int i = 0; i < ends.length; i++) if (value <= ends[i]) return i;
    return ends.length;
  }

  /**
   * µ-law: the 16-bit sample is rounded to the nearest 14-bit value (ties upward, clipped), then companded by
   * the CCITT segment algorithm (bias 33, clip 8159). This is sox's encoder, bit for bit.
   */
  static byte linearToUlaw(short sample) {
    int v = Math.min((sample + 2) >> 2, 8191);
    int mask;
    if (v < 0) {
      v = -v;
      mask = 0x7F;
    } else {
      mask = 0xFF;
    }
    if (v > 8159) v = 8159;
    v += 33;
    int seg = segment(v, Segments.ULAW_END);
    if (seg >= 8) return (byte) (0x7F ^ mask);
    return (byte) (((seg << 4) | ((v >> (seg + 1)) & 0x0F)) ^ mask);
  }

  static short ulawToLinear(byte code) {
    int u = ~code & 0xff;
    int t = ((u & 0x0F) << 3) + 0x84;
    t <<= (u & 0x70) >> 4;
    return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
  }

  /**
   * A-law: the 16-bit sample is rounded to the nearest 13-bit value (ties upward, clipped), then companded by
   * the CCITT segment algorithm. This is sox's encoder, bit for bit.
   */
  static byte linearToAlaw(short sample) {
    int v = Math.min((sample + 4) >> 3, 4095);
    int mask;
    if (v >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      v = -v - 1;
    }
    int seg = segment(v, Segments.ALAW_END);
    if (seg >= 8) return (byte) (0x7F ^ mask);
    int a = seg << 4;
    a |= seg < 2 ? (v >> 1) & 0x0F : (v >> seg) & 0x0F;
    return (byte) (a ^ mask);
  }

  static short alawToLinear(byte code) {
    int a = (code & 0xff) ^ 0x55;
    int t = (a & 0x0F) << 4;
    int seg = (a & 0x70) >> 4;
    switch (seg) {
      case 0 -> t += 8;
      case 1 -> t += 0x108;
      default -> {
        t += 0x108;
        t <<= seg - 1;
      }
    }
    return (short) ((a & 0x80) != 0 ? t : -t);
  }
}
