package dev.earshot.audio.dsp;

import dev.earshot.audio.Pcm;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rational-ratio sample-rate conversion with a Kaiser-windowed sinc low-pass (about 80 dB stop band), cut off
 * just below the lower of the two Nyquist frequencies so that nothing aliases on the way down.
 *
 * <p>Output sample {@code n} is centred on input time {@code n / outRate}: a conversion adds no delay.
 * Filters are designed once per (in, out) pair and shared; instances are immutable and thread-safe.
 */
public final class Resampler {
  private static final int ZERO_CROSSINGS = 24;
  private static final double ROLLOFF = 0.92;
  private static final double KAISER_BETA = 8.0;
  private static final ConcurrentHashMap<Long, Resampler> CACHE = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Long, Resampler> PRE_FILTERS = new ConcurrentHashMap<>();

  private final int up;
  private final int down;
  private final int half;
  private final float[] taps;
  /** {@code phases[p]}: the taps used by outputs of phase {@code p}, in input order (for a contiguous dot product). */
  private final float[][] phases;

  private Resampler(int inRate, int outRate) {
    this(inRate, outRate, ROLLOFF * 0.5 / widest(inRate, outRate), (int) Math.ceil(ZERO_CROSSINGS * widest(inRate, outRate) / ROLLOFF));
  }

  /** The larger of the up- and down-sampling factors. */
  private static int widest(int inRate, int outRate) {
    int g = gcd(inRate, outRate);
    return Math.max(inRate / g, outRate / g);
  }

  /**
   * A decimation pre-filter for a cascade: keeps {@code passHz} and below intact, removes from {@code stopHz}
   * up (80 dB), with as few taps as that transition allows.
   */
  private static Resampler preFilter(int inRate, int outRate, double passHz, double stopHz) {
    int up = outRate / gcd(inRate, outRate);
    double upRate = (double) inRate * up;
    double cutoff = (passHz + stopHz) / 2 / upRate;
    double transition = (stopHz - passHz) / upRate;
    int half = (int) Math.ceil(kaiserLength(transition) / 2) + 1;
    return new Resampler(inRate, outRate, cutoff, half);
  }

  /** @param cutoff cycles per sample at the up-sampled rate; @param half taps each side of the centre */
  private Resampler(int inRate, int outRate, double cutoff, int half) {
    int g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.half = half;
    this.taps = new float[2 * half + 1];
    double i0Beta = besselI0(KAISER_BETA);
    for (int k = 0; k < taps.length; k++) {
      double x = k - half;
      double sinc = x == 0 ? 1 : Math.sin(2 * Math.PI * cutoff * x) / (2 * Math.PI * cutoff * x);
      double r = x / half;
      double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      taps[k] = (float) (up * 2 * cutoff * sinc * window);
    }
    phases = new float[up][];
    for (int p = 0; p < up; p++) {
      int count = (taps.length - 1 - p) / up + 1;
      float[] h = new float[count];
      for (int j = 0; j < count; j++) h[count - 1 - j] = taps[p + j * up];
      phases[p] = h;
    }
  }

  /** The shared converter for one pair of rates. */
  public static Resampler of(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) throw new IllegalArgumentException("rates must be > 0: " + inRate + " -> " + outRate);
    return CACHE.computeIfAbsent(((long) inRate << 32) | outRate, k -> new Resampler(inRate, outRate));
  }

  /**
   * Converts {@code in} to {@code outRate}; returns {@code in} itself when the rates already match. Whole-clip
   * decimations by 2 run through a {@link HalfBand} filter (a quarter of the multiplies); by an even factor of
   * 4 or more (48 kHz to 8 kHz, say) as a cascade: a short pre-filter down to twice the output rate (it only
   * has to keep what the final filter passes, so its transition band is wide), then the half-band. Same
   * pass band (to 0.46 of the output rate), 80 dB stop band, no delay.
   */
  public static Pcm resample(Pcm in, int outRate) {
    int inRate = in.sampleRate();
    if (inRate == outRate) return in;
    if (inRate == 2 * outRate) return new Pcm(outRate, HalfBand.decimate(in.samples()));
    if (inRate > outRate && inRate % outRate == 0 && inRate / outRate >= 4 && (inRate / outRate) % 2 == 0) {
      int mid = 2 * outRate;
      Resampler pre = PRE_FILTERS.computeIfAbsent(((long) inRate << 32) | outRate, k -> preFilter(inRate, mid, outRate / 2.0, mid - outRate / 2.0));
      return new Pcm(outRate, HalfBand.decimate(pre.decimate(in.samples())));
    }
    return new Pcm(outRate, of(inRate, outRate).decimate(in.samples()));
  }

  /** {@link #process} for a whole buffer; a pure decimation (no up-sampling) runs vectorised (see {@link Decimator}). */
  private float[] decimate(float[] x) {
    if (up != 1) return process(x);
    return Decimator.fir(x, taps, half, down, (int) (((long) x.length + down - 1) / down));
  }

  /** Converts a whole buffer; output length is {@code ceil(in.length * out / in)}. */
  public float[] process(float[] x) {
    float[] y = new float[(int) (((long) x.length * up + down - 1) / down)];
    for (int n = 0; n < y.length; n++) y[n] = outputSample(x, x.length, n);
    return y;
  }

  /** Output sample {@code n} from the first {@code length} samples of {@code x} (later ones count as silence). */
  private float outputSample(float[] x, int length, int n) {
    long t = (long) n * down + half; // index into taps for input sample 0
    int phase = up == 1 ? 0 : (int) (t % up);
    long last = up == 1 ? t : t / up; // newest input sample that contributes
    float[] h = phases[phase];
    long first = last - h.length + 1;
    if (first >= 0 && last < length) return dot(x, (int) first, h);
    double acc = 0; // near either end: only the samples that exist
    for (int m = 0; m < h.length; m++) {
      long i = first + m;
      if (i >= 0 && i < length) acc += x[(int) i] * h[m];
    }
    return (float) acc;
  }

  /** {@code x[from..] . h} with four independent sums, so that the multiply-adds do not wait on each other. */
  private static float dot(float[] x, int from, float[] h) {
    float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int m = 0, n = h.length - 3;
    for (; m < n; m += 4) {
      a0 += x[from + m] * h[m];
      a1 += x[from + m + 1] * h[m + 1];
      a2 += x[from + m + 2] * h[m + 2];
      a3 += x[from + m + 3] * h[m + 3];
    }
    for (; m < h.length; m++) a0 += x[from + m] * h[m];
    return (a0 + a1) + (a2 + a3);
  }

  /** A streaming conversion: push input as it arrives, get every output sample whose inputs are all known. */
  public Stream stream() {
    return new Stream();
  }

  /**
   * Incremental use of the same filter. Output equals {@link #process} on the concatenated input, except that
   * {@link #flush} treats the input after its end as silence. Keeps the input it was given (one utterance).
   */
  public final class Stream {
    private float[] input = new float[4096];
    private int length;
    private int produced;

    /** Appends {@code chunk}; returns the output samples that became computable. */
    public float[] push(float[] chunk) {
      if (length + chunk.length > input.length) input = java.util.Arrays.copyOf(input, Math.max(2 * input.length, length + chunk.length));
      System.arraycopy(chunk, 0, input, length, chunk.length);
      length += chunk.length;
      long ready = Math.floorDiv((long) (length - 1) * up - half, (long) down) + 1; // outputs whose last input index < length
      return emit((int) Math.max(produced, ready));
    }

    /** The remaining output, as if silence followed the input. */
    public float[] flush() {
      return emit((int) (((long) length * up + down - 1) / down));
    }

    private float[] emit(int until) {
      float[] out = new float[Math.max(0, until - produced)];
      for (int j = 0; j < out.length; j++) out[j] = outputSample(input, length, produced + j);
      produced += out.length;
      return out;
    }
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** Kaiser's estimate of the FIR length for 80 dB of stop-band attenuation over a {@code transition} (cycles per sample). */
  static double kaiserLength(double transition) {
    return (80 - 7.95) / (2.285 * 2 * Math.PI * transition);
  }

  static double besselI0(double x) {
    double sum = 1, term = 1, q = x * x / 4;
    for (int k = 1; k < 50; k++) {
      term *= q / (k * k);
      sum += term;
      if (term < 1e-12 * sum) break;
    }
    return sum;
  }
}
