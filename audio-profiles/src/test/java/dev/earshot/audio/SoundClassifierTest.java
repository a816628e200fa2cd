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

  /** Hold music from the generator the reference agent plays ({@link HoldMusic}). */
  static Pcm music(long seed, double seconds) {
    return HoldMusic.render(seed, seconds, RATE);
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

  /**
   * What a call's timeline asks of it: 1.5 s windows, every 0.5 s, of speech with its pauses (read at three speeds) and of
   * hold music, each judged alone. Speech windows must never read as music or a tone: one would end a reply early.
   */
  @Test
  void windowsOfSpeechAndMusic() {
    Pcm speech = dev.earshot.audio.dsp.Resampler.resample(Signals.speechWithPauses(), RATE);
    int speechWindows = 0;
    for (double speed : new double[] {0.85, 1.0, 1.2}) {
      Pcm s = speed == 1.0 ? speech : dev.earshot.audio.dsp.Resampler.resample(new Pcm((int) Math.round(RATE * speed), speech.samples()), RATE);
      speechWindows += windows(s, SoundClassifier.Kind.SPEECH, "speech at " + speed + "x");
    }
    int musicWindows = 0;
    for (long seed = 1; seed <= 5; seed++) musicWindows += windows(music(seed, 10), SoundClassifier.Kind.MUSIC, "music seed " + seed);
    System.out.println(speechWindows + " speech windows, " + musicWindows + " music windows");
    assertEquals(true, speechWindows >= 20 && musicWindows >= 90, speechWindows + " speech windows, " + musicWindows + " music windows");
  }

  /** Judges every 1.5 s window (0.5 s apart) of the voiced stretches of {@code pcm}; all must be {@code want}. */
  private static int windows(Pcm pcm, SoundClassifier.Kind want, String what) {
    SoundClassifier.Frames frames = new SoundClassifier.Frames();
    float[] x = pcm.samples(), frame = new float[160];
    int n = x.length / 160, checked = 0;
    boolean[] voiced = new boolean[n];
    for (int k = 0; k < n; k++) {
      System.arraycopy(x, k * 160, frame, 0, 160);
      frames.set(k, frame);
      voiced[k] = VoiceActivity.DEFAULT.isVoiced(frame);
    }
    for (int k = 0; k < n; ) { // stretches of voice, closed by 0.9 s without it, as the timeline cuts them
      if (!voiced[k]) {
        k++;
        continue;
      }
      int start = k, last = k, j = k;
      for (; j < n && j - last < 45; j++) if (voiced[j]) last = j;
      for (int w = start + 75; w <= last + 1; w += 25, checked++) {
        SoundClassifier.Features f = frames.features(w - 75, w);
        assertEquals(want, SoundClassifier.kind(f), what + ", window ending at " + w * 0.02 + " s: " + f);
      }
      k = j;
    }
    return checked;
  }

  @Test
  void noiseAndSilence() {
    is(SoundClassifier.Kind.NOISE, "white noise", noise(3));
    is(SoundClassifier.Kind.SILENCE, "digital silence", Pcm.silence(RATE, 3));
  }
}
