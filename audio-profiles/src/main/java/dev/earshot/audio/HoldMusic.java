package dev.earshot.audio;

import java.util.SplittableRandom;

/**
 * Hold music, as a generator makes it: a melody of three-note chords (with three harmonics each) from a C major scale, a
 * new chord every 450 ms played legato (each swells in and fades to 60% before the next), with a slow 5 Hz vibrato. The
 * same seed gives the same samples. It is what the reference agent plays on hold, and what the sound classifier's tests
 * call music; it is not meant to please.
 */
public final class HoldMusic {
  private static final double[] SCALE = {261.6, 293.7, 329.6, 349.2, 392.0, 440.0, 493.9, 523.3};

  private HoldMusic() {}

  /** {@code seconds} of it at {@code rate} Hz, peaking near -12 dBFS. */
  public static Pcm render(long seed, double seconds, int rate) {
    SplittableRandom r = new SplittableRandom(seed);
    int note = (int) (0.45 * rate);
    float[] x = new float[(int) (rate * seconds)];
    double[] chord = new double[3];
    for (int i = 0; i < x.length; i++) {
      if (i % note == 0) {
        int root = r.nextInt(SCALE.length - 4);
        chord = new double[] {SCALE[root], SCALE[root + 2], SCALE[root + 4]};
      }
      double t = (i % note) / (double) note;
      double env = 0.6 + 0.4 * Math.sin(Math.PI * t);
      double s = 0;
      for (double f : chord) {
        double vib = f * (1 + 0.003 * Math.sin(2 * Math.PI * 5 * i / rate));
        for (int h = 1; h <= 4; h++) s += Math.sin(2 * Math.PI * vib * h * i / rate) / (h * h);
      }
      x[i] = (float) (0.12 * env * s);
    }
    return new Pcm(rate, x);
  }
}
