package dev.earshot.audio.dsp;

/**
 * A second-order IIR section in transposed direct form II, designed from the RBJ "Audio EQ Cookbook"
 * formulas. Immutable: {@link #filter} keeps its state in locals, so one design serves many buffers.
 */
public record Biquad(double b0, double b1, double b2, double a1, double a2) {

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

  /** Q values of the two sections of a 4th-order Butterworth filter. */
  public static final double[] BUTTERWORTH4_Q = {0.5411961, 1.3065630};

  /** Filters {@code x} into a new array. */
  public float[] filter(float[] x) {
    float[] y = new float[x.length];
    double z1 = 0, z2 = 0;
    for (int i = 0; i < x.length; i++) {
      double in = x[i];
      double out = b0 * in + z1;
      z1 = b1 * in - a1 * out + z2;
      z2 = b2 * in - a2 * out;
      y[i] = (float) out;
    }
    return y;
  }

  /** Magnitude response in dB at {@code hz}. */
  public double gainDb(double sampleRate, double hz) {
    double w = 2 * Math.PI * hz / sampleRate;
    double nr = b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w), ni = -(b1 * Math.sin(w) + b2 * Math.sin(2 * w));
    double dr = 1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w), di = -(a1 * Math.sin(w) + a2 * Math.sin(2 * w));
    return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
  }
}
