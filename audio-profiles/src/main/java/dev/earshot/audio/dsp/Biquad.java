package dev.earshot.audio.dsp;

/**
 * A second-order IIR section in transposed direct form II, designed from the RBJ "Audio EQ Cookbook"
 * formulas. Immutable: {@link #filter} keeps its state in locals, so one design serves many buffers.
 */
public record Biquad(double b0, double b1, double b2, double a1, double a2) {
  private static final double TINY = 1e-150;
  private static final int FLUSH_EVERY = 64;

  public static Biquad lowPass(double sampleRate, double cornerHz, double q) {
    double w = 2 * Math.PI * cornerHz / sampleRate, cos = Math.cos(w), alpha = Math.sin(w) / (2 * q);
    double a0 = 1 + alpha;
    return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
  }

  public static Biquad highPass(double sampleRate, double cornerHz, double q) {
    double w = 2 * Math.PI * cornerHz / sampleRate, cos = Math.cos(w), alpha = Math.sin(w) / (2 * q);
    double a0 = 1 + alpha;
    return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
  }

  /** A peaking equaliser: {@code gainDb} at {@code hz}, bandwidth set by {@code q}; unity far from it. */
  public static Biquad peaking(double sampleRate, double hz, double q, double gainDb) {
    double a = Math.pow(10, gainDb / 40), w = 2 * Math.PI * hz / sampleRate, cos = Math.cos(w);
    double alpha = Math.sin(w) / (2 * q), a0 = 1 + alpha / a;
    return new Biquad((1 + alpha * a) / a0, -2 * cos / a0, (1 - alpha * a) / a0, -2 * cos / a0, (1 - alpha / a) / a0);
  }

  /** A low shelf: {@code gainDb} below {@code hz} (shelf slope 1), unity above. */
  public static Biquad lowShelf(double sampleRate, double hz, double gainDb) {
    double a = Math.pow(10, gainDb / 40), w = 2 * Math.PI * hz / sampleRate, cos = Math.cos(w);
    double alpha = Math.sin(w) / 2 * Math.sqrt(2), sq = 2 * Math.sqrt(a) * alpha;
    double a0 = (a + 1) + (a - 1) * cos + sq;
    return new Biquad(
        a * ((a + 1) - (a - 1) * cos + sq) / a0,
        2 * a * ((a - 1) - (a + 1) * cos) / a0,
        a * ((a + 1) - (a - 1) * cos - sq) / a0,
        -2 * ((a - 1) + (a + 1) * cos) / a0,
        ((a + 1) + (a - 1) * cos - sq) / a0);
  }

  /**
   * A Chebyshev type I low-pass of even {@code order} as biquad sections (bilinear transform with
   * pre-warping): pass-band ripple {@code rippleDb} up to {@code edgeHz}, then a much steeper fall than a
   * Butterworth of the same order. The gain peaks at 0 dB in the pass band.
   */
  public static java.util.List<Biquad> chebyshevLowPass(double sampleRate, double edgeHz, int order, double rippleDb) {
    if (order < 2 || order % 2 != 0) throw new IllegalArgumentException("order must be even and >= 2, found " + order);
    double eps = Math.sqrt(Math.pow(10, rippleDb / 10) - 1);
    double mu = asinh(1 / eps) / order;
    double k = 2 * sampleRate, wc = k * Math.tan(Math.PI * edgeHz / sampleRate);
    java.util.List<Biquad> sections = new java.util.ArrayList<>();
    double dcCorrection = 1 / Math.sqrt(1 + eps * eps); // even order: the response starts at a ripple trough
    for (int i = 1; i <= order / 2; i++) {
      double theta = Math.PI * (2 * i - 1) / (2 * order);
      double re = -Math.sinh(mu) * Math.sin(theta) * wc, im = Math.cosh(mu) * Math.cos(theta) * wc;
      double w0sq = re * re + im * im, b = -2 * re;
      double a0 = k * k + b * k + w0sq;
      sections.add(new Biquad(w0sq / a0, 2 * w0sq / a0, w0sq / a0, (2 * w0sq - 2 * k * k) / a0, (k * k - b * k + w0sq) / a0));
    }
    // each section has unity gain at DC; the cascade must start at the ripple trough so that it peaks at 0 dB
    double dc = 1;
    for (Biquad q : sections) dc *= (q.b0 + q.b1 + q.b2) / (1 + q.a1 + q.a2);
    double fix = dcCorrection / dc;
    Biquad first = sections.get(0);
    sections.set(0, new Biquad(first.b0 * fix, first.b1 * fix, first.b2 * fix, first.a1, first.a2));
    return sections;
  }

  private static double asinh(double x) {
    return Math.log(x + Math.sqrt(x * x + 1));
  }

  /** Q values of the two sections of a 4th-order Butterworth filter. */
  public static final double[] BUTTERWORTH4_Q = {0.5411961, 1.3065630};

  /**
   * Filters {@code x} through every section of {@code cascade} in turn, into a new array, in one pass (the
   * sections' recurrences overlap in the CPU's pipeline), in double precision with fused multiply-adds
   * (exactly specified, so the result is the same on every JVM).
   */
  public static float[] filter(java.util.List<Biquad> cascade, float[] x) {
    double[] v = new double[x.length];
    for (int i = 0; i < x.length; i++) v[i] = x[i];
    Biquad identity = new Biquad(1, 0, 0, 0, 0);
    for (int k = 0; k < cascade.size(); k += 3) {
      Biquad p = cascade.get(k);
      Biquad q = k + 1 < cascade.size() ? cascade.get(k + 1) : identity;
      Biquad r = k + 2 < cascade.size() ? cascade.get(k + 2) : identity;
      threeSections(v, p, q, r);
    }
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = (float) v[i];
    return y;
  }

  /**
   * Three sections in one pass over {@code v}, state in registers. The recurrence is reassociated so that
   * only one multiply-add per section waits for the section's previous output, which halves the latency
   * that bounds an IIR filter's speed; the three sections' chains then run side by side.
   */
  private static void threeSections(double[] v, Biquad p, Biquad q, Biquad r) {
    double pz1 = 0, pz2 = 0, qz1 = 0, qz2 = 0, rz1 = 0, rz2 = 0;
    for (int block = 0; block < v.length; block += FLUSH_EVERY) {
      int end = Math.min(v.length, block + FLUSH_EVERY);
      for (int i = block; i < end; i++) {
        double in = v[i];
        double po = Math.fma(p.b0, in, pz1);
        pz1 = Math.fma(-p.a1, po, Math.fma(p.b1, in, pz2));
        pz2 = Math.fma(-p.a2, po, p.b2 * in);
        double qo = Math.fma(q.b0, po, qz1);
        qz1 = Math.fma(-q.a1, qo, Math.fma(q.b1, po, qz2));
        qz2 = Math.fma(-q.a2, qo, q.b2 * po);
        double ro = Math.fma(r.b0, qo, rz1);
        rz1 = Math.fma(-r.a1, ro, Math.fma(r.b1, qo, rz2));
        rz2 = Math.fma(-r.a2, ro, r.b2 * qo);
        v[i] = ro;
      }
      // states that decay towards zero in silence would become subnormal doubles, ~10x slower on x86: flush
      // them long before (1e-150 is -3000 dB)
      if (Math.abs(pz1) < TINY) pz1 = 0;
      if (Math.abs(pz2) < TINY) pz2 = 0;
      if (Math.abs(qz1) < TINY) qz1 = 0;
      if (Math.abs(qz2) < TINY) qz2 = 0;
      if (Math.abs(rz1) < TINY) rz1 = 0;
      if (Math.abs(rz2) < TINY) rz2 = 0;
    }
  }

  /** Magnitude response in dB at {@code hz}. */
  public double gainDb(double sampleRate, double hz) {
    double w = 2 * Math.PI * hz / sampleRate;
    double nr = b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w), ni = -(b1 * Math.sin(w) + b2 * Math.sin(2 * w));
    double dr = 1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w), di = -(a1 * Math.sin(w) + a2 * Math.sin(2 * w));
    return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
  }
}
