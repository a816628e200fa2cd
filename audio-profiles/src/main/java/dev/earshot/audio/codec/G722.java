package dev.earshot.audio.codec;

/**
 * ITU-T G.722 at 64 kbit/s (mode 1): 16 kHz, 16-bit linear PCM split by a 24-tap quadrature mirror filter into
 * a lower band coded with 6-bit and an upper band coded with 2-bit adaptive differential PCM; one byte per pair
 * of input samples (upper band in the two high bits). Written from the recommendation's block descriptions
 * (QUANTL, INVQAL, LOGSCL, SCALEL, the pole and zero predictor updates UPPOL1/2 and UPZERO, and their high-band
 * counterparts); the tables are the recommendation's. Bit-exact with ffmpeg's encoder and decoder on speech and
 * on noise ({@code G722FfmpegIT}).
 *
 * <p>Both directions keep state from one call to the next, so a stream needs one {@link Encoder} and one
 * {@link Decoder}, fed in order; neither is thread-safe.
 */
public final class G722 {
  /** RTP static payload type (RFC 3551); its RTP clock is 8000 Hz although it samples at 16 kHz (RFC 3551 4.5.2). */
  public static final int PAYLOAD_TYPE = 9;
  public static final int SAMPLE_RATE = 16000;

  private G722() {}

  /** Quadrature mirror filter coefficients, in the order the two interleaved halves of the history use them. */
  private static final int[] QMF = {3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11};
  /** QUANTL: lower-band decision levels, scaled by the step size det (then shifted right by 12). */
  private static final int[] Q6 = {0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940,
      1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0};
  /** QUANTL: 6-bit code of interval i for a negative and a positive difference. */
  private static final int[] ILN = {0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12,
      11, 10, 9, 8, 7, 6, 5, 4, 0};
  private static final int[] ILP = {0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40,
      39, 38, 37, 36, 35, 34, 33, 32, 0};
  /** INVQAL: the 4-bit inverse quantiser that drives the lower-band predictor. */
  private static final int[] QM4 = {0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584,
      1200, 0};
  /** INVQBL in mode 1: the 6-bit inverse quantiser for the decoder's output. */
  private static final int[] QM6 = {-136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192,
      -10232, -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688,
      -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000,
      5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136};
  /** LOGSCL: magnitude class of a 4-bit code and the log step-size multiplier per class. */
  private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
  private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
  /** SCALEL / SCALEH: the antilog table (mantissa of the step size). */
  private static final int[] ILB = {2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774,
      2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};
  /** Upper band: codes, inverse quantiser, magnitude class and log multipliers. */
  private static final int[] IHN = {0, 1, 0};
  private static final int[] IHP = {0, 3, 2};
  private static final int[] QM2 = {-7408, -1616, 7408, 1616};
  private static final int[] RH2 = {2, 1, 2, 1};
  private static final int[] WH = {0, -214, 798};

  private static int sat(int x) {
    return x > 32767 ? 32767 : Math.max(x, -32768);
  }

  /** One sub-band's adaptive predictor and step size. */
  private static final class Band {
    int s, sp, sz; // predicted signal, its pole and zero parts
    final int[] r = new int[3]; // reconstructed signal, now and two back
    final int[] a = new int[3], ap = new int[3]; // pole coefficients, and their update
    final int[] p = new int[3]; // partial reconstruction (zero part + difference)
    final int[] d = new int[7]; // quantised differences, now and six back
    final int[] b = new int[7], bp = new int[7]; // zero coefficients, and their update
    int nb; // log step size
    int det; // step size

    Band(int det) {
      this.det = det;
    }

    /** LOGSCL/LOGSCH then SCALEL/SCALEH: adapt the step size to a code of magnitude class {@code w}. */
    void scale(int w, int limit, int shift) {
      nb = ((nb * 127) >> 7) + w;
      if (nb < 0) nb = 0;
      else if (nb > limit) nb = limit;
      int mantissa = ILB[(nb >> 6) & 31];
      int exp = shift - (nb >> 11);
      det = (exp < 0 ? mantissa << -exp : mantissa >> exp) << 2;
    }

    /** Block 4: reconstruct, update the pole (UPPOL2, UPPOL1) and zero (UPZERO) predictors, shift, predict. */
    void adapt(int dq) {
      d[0] = dq;
      r[0] = sat(s + dq);
      p[0] = sat(sz + dq);
      int sg0 = p[0] >> 15, sg1 = p[1] >> 15, sg2 = p[2] >> 15;
      int wd1 = sat(a[1] << 2);
      int wd2 = sg0 == sg1 ? -wd1 : wd1;
      if (wd2 > 32767) wd2 = 32767;
      int wd3 = (sg0 == sg2 ? 128 : -128) + (wd2 >> 7) + ((a[2] * 32512) >> 15);
      ap[2] = Math.max(-12288, Math.min(12288, wd3));
      ap[1] = sat((sg0 == sg1 ? 192 : -192) + ((a[1] * 32640) >> 15));
      int limit = sat(15360 - ap[2]);
      if (ap[1] > limit) ap[1] = limit;
      else if (ap[1] < -limit) ap[1] = -limit;
      int step = dq == 0 ? 0 : 128, sgd = dq >> 15;
      for (int i = 1; i < 7; i++) bp[i] = sat(((d[i] >> 15) == sgd ? step : -step) + ((b[i] * 32640) >> 15));
      for (int i = 6; i > 0; i--) {
        d[i] = d[i - 1];
        b[i] = bp[i];
      }
      for (int i = 2; i > 0; i--) {
        r[i] = r[i - 1];
        p[i] = p[i - 1];
        a[i] = ap[i];
      }
      sp = sat(((a[1] * sat(r[1] + r[1])) >> 15) + ((a[2] * sat(r[2] + r[2])) >> 15));
      int z = 0;
      for (int i = 6; i > 0; i--) z = sat(z + ((b[i] * sat(d[i] + d[i])) >> 15));
      sz = z;
      s = sat(sp + sz);
    }
  }

  /** Lower-band update shared by both directions: the 4-bit inverse quantiser, step size, predictor. */
  private static void lowerUpdate(Band band, int code6) {
    int ril = code6 >> 2;
    int dlow = (band.det * QM4[ril]) >> 15;
    band.scale(WL[RL42[ril]], 18432, 8);
    band.adapt(dlow);
  }

  /** Upper-band update shared by both directions; returns the quantised difference. */
  private static int upperUpdate(Band band, int code2) {
    int dhigh = (band.det * QM2[code2]) >> 15;
    band.scale(WH[RH2[code2]], 22528, 10);
    band.adapt(dhigh);
    return dhigh;
  }

  /** Encodes 16 kHz samples, two per output byte. */
  public static final class Encoder {
    private final int[] x = new int[24];
    private final Band low = new Band(32), high = new Band(8);
    private int pending = Integer.MIN_VALUE; // an odd sample left from the previous call

    /** Codes {@code pcm} (16 kHz); an odd last sample waits for the next call. */
    public byte[] encode(short[] pcm) {
      int total = pcm.length + (pending == Integer.MIN_VALUE ? 0 : 1);
      byte[] out = new byte[total / 2];
      int n = 0, i = 0;
      if (pending != Integer.MIN_VALUE && pcm.length > 0) {
        out[n++] = encodePair(pending, pcm[0]);
        pending = Integer.MIN_VALUE;
        i = 1;
      }
      for (; i + 1 < pcm.length; i += 2) out[n++] = encodePair(pcm[i], pcm[i + 1]);
      if (i < pcm.length) pending = pcm[i];
      return out;
    }

    private byte encodePair(int first, int second) {
      System.arraycopy(x, 2, x, 0, 22);
      x[22] = first;
      x[23] = second;
      int even = 0, odd = 0;
      for (int i = 0; i < 12; i++) {
        even += x[2 * i] * QMF[i];
        odd += x[2 * i + 1] * QMF[11 - i];
      }
      int xlow = (odd + even) >> 14, xhigh = (odd - even) >> 14;

      int el = sat(xlow - low.s);
      int mag = el >= 0 ? el : -(el + 1);
      int level = 1;
      while (level < 30 && mag >= (Q6[level] * low.det) >> 12) level++;
      int ilow = el < 0 ? ILN[level] : ILP[level];
      lowerUpdate(low, ilow);

      int eh = sat(xhigh - high.s);
      int hmag = eh >= 0 ? eh : -(eh + 1);
      int mih = hmag >= (564 * high.det) >> 12 ? 2 : 1;
      int ihigh = eh < 0 ? IHN[mih] : IHP[mih];
      upperUpdate(high, ihigh);
      return (byte) ((ihigh << 6) | ilow);
    }
  }

  /** Decodes bytes to 16 kHz samples, two per byte. */
  public static final class Decoder {
    private final int[] x = new int[24];
    private final Band low = new Band(32), high = new Band(8);

    public short[] decode(byte[] codes) {
      short[] out = new short[2 * codes.length];
      for (int j = 0; j < codes.length; j++) {
        int code = codes[j] & 0xff;
        int ilow = code & 0x3f, ihigh = code >> 6;
        int rlow = Math.max(-16384, Math.min(16383, low.s + ((low.det * QM6[ilow]) >> 15)));
        lowerUpdate(low, ilow);
        int rhigh = Math.max(-16384, Math.min(16383, high.s + upperUpdate(high, ihigh))); // s as it was before the update
        System.arraycopy(x, 2, x, 0, 22);
        x[22] = rlow + rhigh;
        x[23] = rlow - rhigh;
        int out1 = 0, out2 = 0;
        for (int i = 0; i < 12; i++) {
          out2 += x[2 * i] * QMF[i];
          out1 += x[2 * i + 1] * QMF[11 - i];
        }
        out[2 * j] = (short) sat(out1 >> 11);
        out[2 * j + 1] = (short) sat(out2 >> 11);
      }
      return out;
    }
  }
}
