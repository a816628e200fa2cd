package dev.earshot.audio;

/** Test signals built in memory. */
public final class Signals {
  private Signals() {}

  public static float[] sine(int rate, double hz, double amplitude, double seconds) {
    float[] x = new float[(int) Math.round(rate * seconds)];
    for (int i = 0; i < x.length; i++) x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    return x;
  }

  /** Alternating bursts of tone and silence, like speech with pauses: half the time active. */
  public static Pcm bursts(int rate, double hz, double amplitude, double seconds, double burstSeconds) {
    float[] x = sine(rate, hz, amplitude, seconds);
    int burst = (int) (burstSeconds * rate);
    for (int i = 0; i < x.length; i++) if ((i / burst) % 2 == 1) x[i] = 0;
    return new Pcm(rate, x);
  }

  /** RMS level in dB of {@code x[from, to)}. */
  public static double rmsDb(float[] x, int from, int to) {
    double e = 0;
    for (int i = from; i < to; i++) e += (double) x[i] * x[i];
    return 10 * Math.log10(e / (to - from));
  }

  public static double peak(float[] x, int from, int to) {
    double p = 0;
    for (int i = from; i < to; i++) p = Math.max(p, Math.abs(x[i]));
    return p;
  }
}
