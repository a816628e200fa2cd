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

  private final int up;
  private final int down;
  private final int half;
  private final float[] taps;

  private Resampler(int inRate, int outRate) {
    int g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    int widest = Math.max(up, down);
    double cutoff = ROLLOFF * 0.5 / widest; // cycles per sample at the up-sampled rate
    this.half = (int) Math.ceil(ZERO_CROSSINGS * widest / ROLLOFF);
    this.taps = new float[2 * half + 1];
    double i0Beta = besselI0(KAISER_BETA);
    for (int k = 0; k < taps.length; k++) {
      double x = k - half;
      double sinc = x == 0 ? 1 : Math.sin(2 * Math.PI * cutoff * x) / (2 * Math.PI * cutoff * x);
      double r = x / half;
      double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      taps[k] = (float) (up * 2 * cutoff * sinc * window);
    }
  }

  /** The shared converter for one pair of rates. */
  public static Resampler of(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) throw new IllegalArgumentException("rates must be > 0: " + inRate + " -> " + outRate);
    return CACHE.computeIfAbsent(((long) inRate << 32) | outRate, k -> new Resampler(inRate, outRate));
  }

  /** Converts {@code in} to {@code outRate}; returns {@code in} itself when the rates already match. */
  public static Pcm resample(Pcm in, int outRate) {
    if (in.sampleRate() == outRate) return in;
    return new Pcm(outRate, of(in.sampleRate(), outRate).process(in.samples()));
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
    int iMax = (int) Math.min(length - 1, t / up);
    long lo = t - (taps.length - 1);
    int iMin = (int) Math.max(0, lo <= 0 ? 0 : (lo + up - 1) / up);
    double acc = 0;
    int k = (int) (t - (long) iMin * up);
    for (int i = iMin; i <= iMax; i++, k -= up) acc += x[i] * taps[k];
    return (float) acc;
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

  private static double besselI0(double x) {
    double sum = 1, term = 1, q = x * x / 4;
    for (int k = 1; k < 50; k++) {
      term *= q / (k * k);
      sum += term;
      if (term < 1e-12 * sum) break;
    }
    return sum;
  }
}
