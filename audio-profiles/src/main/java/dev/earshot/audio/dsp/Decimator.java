package dev.earshot.audio.dsp;

/**
 * Whole-buffer FIR decimation written so that the JIT vectorises it. The input is split into its
 * {@code factor} phases (every factor-th sample), after which every filter tap is one multiply-add of a
 * contiguous run of a phase into a contiguous run of the output ("axpy"), done block by block so both stay
 * in the L1 cache. No running sum, so nothing forces the additions into one order, and SIMD applies; the
 * result equals the direct convolution up to float rounding.
 */
final class Decimator {
  private static final int BLOCK = 2048;

  private Decimator() {}

  /**
   * {@code y[n] = sum_k taps[k] * x[n * factor + k - centre]}, with samples outside {@code x} taken as zero,
   * for {@code n} in {@code [0, outLength)}.
   */
  static float[] fir(float[] x, float[] taps, int centre, int factor, int outLength) {
    int span = (taps.length - 1) / factor + 2;
    float[][] phases = new float[factor][outLength + span];
    // phases[p][j] = x[j * factor + p - centre]: a strided copy per phase, from its first sample inside x
    for (int p = 0; p < factor; p++) {
      float[] ph = phases[p];
      int j = Math.max(0, Math.floorDiv(centre - p + factor - 1, factor)); // first j with j * factor + p - centre >= 0
      for (int i = j * factor + p - centre; i < x.length && j < ph.length; i += factor, j++) ph[j] = x[i];
    }
    float[] y = new float[outLength];
    for (int b = 0; b < outLength; b += BLOCK) {
      int e = Math.min(outLength, b + BLOCK);
      for (int k = 0; k < taps.length; k++) axpy(y, phases[k % factor], taps[k], k / factor, b, e);
    }
    return y;
  }

  private static void axpy(float[] y, float[] x, float h, int offset, int from, int to) {
    for (int n = from; n < to; n++) y[n] += h * x[n + offset];
  }
}
