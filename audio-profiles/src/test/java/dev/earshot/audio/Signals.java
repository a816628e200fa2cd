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
    return SpeechLevel.rmsDb(x, from, to);
  }

  public static double peak(float[] x, int from, int to) {
    double p = 0;
    for (int i = from; i < to; i++) p = Math.max(p, Math.abs(x[i]));
    return p;
  }

  /**
   * Real speech with pauses: 7.8 s of the MaryTTS cmu-slt-hsmm voice at 16 kHz saying "Hello, I think I lost
   * my credit card. Could you block it please? I was at the train station yesterday evening." (made by
   * Earshot's own synthesizer; see the resource's README).
   */
  public static Pcm speech() {
    try (java.io.InputStream in = Signals.class.getResourceAsStream("speech-16k.wav")) {
      java.nio.file.Path tmp = java.nio.file.Files.createTempFile("speech", ".wav");
      java.nio.file.Files.write(tmp, in.readAllBytes());
      Pcm p = Wav.read(tmp);
      java.nio.file.Files.delete(tmp);
      return p;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@link #speech()} twice with pauses: 1 s of silence, the speech, 3 s of silence, the speech, 1 s. */
  public static Pcm speechWithPauses() {
    float[] s = speech().samples();
    int rate = 16000;
    float[] x = new float[2 * s.length + 5 * rate];
    System.arraycopy(s, 0, x, rate, s.length);
    System.arraycopy(s, 0, x, 4 * rate + s.length, s.length);
    return new Pcm(rate, x);
  }

  /** Frequency of a steady tone from the zero crossings (interpolated) in {@code x[from, to)}. */
  public static double frequency(float[] x, int rate, int from, int to) {
    double first = -1, last = -1;
    int crossings = 0;
    for (int i = from + 1; i < to; i++) {
      if (x[i - 1] < 0 && x[i] >= 0) {
        double t = i - 1 + x[i - 1] / (x[i - 1] - x[i]);
        if (first < 0) first = t;
        else crossings++;
        last = t;
      }
    }
    return crossings * rate / (last - first);
  }

  /** Normalised cross-correlation of two equally long signals at lag 0. */
  public static double correlation(float[] a, float[] b) {
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
