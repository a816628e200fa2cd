package dev.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Speech against what an agent plays that is not speech: generated tones, a music-like signal, noise; real speech. */
class SoundClassifierTest {
  private static final int RATE = 8000;

  private static Pcm tones(double seconds, double level, double... hz) {
    float[] x = new float[(int) (RATE * seconds)];
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      for (double f : hz) s += Math.sin(2 * Math.PI * f * i / RATE);
      x[i] = (float) (level * s / hz.length);
    }
    return new Pcm(RATE, x);
  }

  /** Ringback as North America has it: 440 + 480 Hz, two seconds on, four off. */
  private static Pcm ringback() {
    float[] x = tones(12, 0.3, 440, 480).samples();
    for (int i = 0; i < x.length; i++) if ((i / RATE) % 6 >= 2) x[i] = 0;
    return new Pcm(RATE, x);
  }

  /**
   * Hold music, as a generator makes it: a melody of three-note chords with harmonics, a note every 450 ms played legato
   * (each swells in and fades to 60% before the next), a slow vibrato, seeded.
   */
  static Pcm music(long seed, double seconds) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] scale = {261.6, 293.7, 329.6, 349.2, 392.0, 440.0, 493.9, 523.3};
    int note = (int) (0.45 * RATE);
    float[] x = new float[(int) (RATE * seconds)];
    double[] chord = new double[3];
    for (int i = 0; i < x.length; i++) {
      if (i % note == 0) {
        int root = r.nextInt(scale.length - 4);
        chord = new double[] {scale[root], scale[root + 2], scale[root + 4]};
      }
      double t = (i % note) / (double) note;
      double env = 0.6 + 0.4 * Math.sin(Math.PI * t);
      double s = 0;
      for (double f : chord) {
        double vib = f * (1 + 0.003 * Math.sin(2 * Math.PI * 5 * i / RATE));
        for (int h = 1; h <= 4; h++) s += Math.sin(2 * Math.PI * vib * h * i / RATE) / (h * h);
      }
      x[i] = (float) (0.12 * env * s);
    }
    return new Pcm(RATE, x);
  }

  private static Pcm noise(double seconds) {
    SplittableRandom r = new SplittableRandom(7);
    float[] x = new float[(int) (RATE * seconds)];
    for (int i = 0; i < x.length; i++) x[i] = (float) (0.1 * (r.nextDouble() * 2 - 1));
    return new Pcm(RATE, x);
  }

  private static void is(SoundClassifier.Kind want, String what, Pcm pcm) {
    SoundClassifier.Features f = SoundClassifier.features(pcm);
    System.out.printf("%-28s %s -> %s%n", what, f, SoundClassifier.kind(f));
    if (Boolean.getBoolean("printOnly")) return;
    assertEquals(want, SoundClassifier.kind(f), what + ": " + f);
  }

  @Test
  void tonesAreTones() {
    is(SoundClassifier.Kind.TONE, "a 440 Hz beep", tones(2, 0.3, 440));
    is(SoundClassifier.Kind.TONE, "DTMF 5 (770 + 1336 Hz)", tones(1, 0.3, 770, 1336));
    is(SoundClassifier.Kind.TONE, "ringback", ringback());
    is(SoundClassifier.Kind.TONE, "a 1 kHz tone, quiet", tones(3, 0.03, 1000));
  }

  @Test
  void musicIsNotSpeech() {
    for (long seed = 1; seed <= 5; seed++) is(SoundClassifier.Kind.MUSIC, "hold music, seed " + seed, music(seed, 10));
  }

  @Test
  void speechIsSpeech() {
    is(SoundClassifier.Kind.SPEECH, "real speech (16 kHz)", Signals.speech());
    is(SoundClassifier.Kind.SPEECH, "real speech with pauses", Signals.speechWithPauses());
    Pcm s = Signals.speech();
    is(SoundClassifier.Kind.SPEECH, "its first two seconds", s.slice(0, 2 * s.sampleRate()));
    float[] quiet = s.samples().clone();
    for (int i = 0; i < quiet.length; i++) quiet[i] *= 0.3f;
    is(SoundClassifier.Kind.SPEECH, "real speech 10 dB quieter", new Pcm(s.sampleRate(), quiet));
  }

  @Test
  void noiseAndSilence() {
    is(SoundClassifier.Kind.NOISE, "white noise", noise(3));
    is(SoundClassifier.Kind.SILENCE, "digital silence", Pcm.silence(RATE, 3));
  }
}
