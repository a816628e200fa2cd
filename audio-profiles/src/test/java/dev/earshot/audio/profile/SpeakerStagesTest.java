package dev.earshot.audio.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Fft;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpeakerStagesTest {
  private static final SplittableRandom ANY = new SplittableRandom(1);

  @ParameterizedTest
  @CsvSource({"3,8000", "-5,8000", "7,16000", "-12,48000", "1,16000"})
  void pitchShiftMovesA200HzToneToTheExpectedFrequencyWithinOnePercent(double semitones, int rate) {
    Pcm tone = new Pcm(rate, Signals.sine(rate, 200, 0.3, 2));
    Pcm out = new PitchStage(semitones).apply(tone, ANY);
    assertEquals(tone.length(), out.length(), "duration kept");
    double expected = 200 * Math.pow(2, semitones / 12);
    double measured = Signals.frequency(out.samples(), rate, rate / 4, out.length() - rate / 4);
    assertEquals(expected, measured, expected * 0.01);
  }

  @ParameterizedTest
  @CsvSource({"0.8,8000", "1.25,16000", "1.5,48000", "0.5,16000"})
  void tempoChangesDurationByTheFactorAndKeepsThePitch(double factor, int rate) {
    Pcm tone = new Pcm(rate, Signals.sine(rate, 200, 0.3, 3));
    Pcm out = new TempoStage(factor).apply(tone, ANY);
    assertEquals(tone.durationSeconds() / factor, out.durationSeconds(), tone.durationSeconds() / factor * 0.01);
    double measured = Signals.frequency(out.samples(), rate, rate / 4, out.length() - rate / 4);
    assertEquals(200, measured, 2.0);
  }

  @Test
  void tempoOnRealSpeechKeepsItsContentInOrder() {
    Pcm speech = Signals.speech();
    Pcm fast = new TempoStage(1.3).apply(speech, ANY);
    assertEquals(speech.length() / 1.3, fast.length(), 1);
    // the slowed-down copy played back at normal rate correlates with the original envelope
    Pcm back = new TempoStage(1 / 1.3).apply(fast, ANY);
    assertTrue(Signals.correlation(envelope(speech.samples()), envelope(back.samples())) > 0.9);
  }

  @Test
  void formantScalingMovesTheSpectralPeakAndKeepsThePitch() {
    int rate = 16000;
    float[] voiced = vowel(rate, 120, 1000, 2.0);
    Pcm out = new FormantStage(1.25).apply(new Pcm(rate, voiced), ANY);
    assertEquals(1250, envelopePeakHz(out.samples(), rate), 100);
    assertEquals(1000, envelopePeakHz(voiced, rate), 100);
    assertEquals(120, pitchByAutocorrelation(out.samples(), rate), 2);
  }

  @Test
  void hesitationsLengthenTheUtteranceByTheirPausesAndKeepEverySample() {
    Pcm speech = Signals.speech();
    Pcm out = new HesitationStage(3, 400).apply(speech, new SplittableRandom(6));
    double added = out.durationSeconds() - speech.durationSeconds();
    assertTrue(added >= 3 * 0.3 && added <= 3 * 0.5, "added " + added + " s");
    assertArrayEquals(nonZero(speech.samples()), nonZero(out.samples()), "only silence was inserted");
    assertArrayEquals(out.samples(), new HesitationStage(3, 400).apply(speech, new SplittableRandom(6)).samples());
  }

  @Test
  void aStutterRepeatsTheOnsetBeforeTheWord() {
    Pcm speech = Signals.speech();
    Pcm out = new StutterStage(2, 150, 100, false).apply(speech, ANY);
    int onset = 2400, gap = 1600;
    assertEquals(speech.length() + 2 * (onset + gap), out.length());
    int at = Segments.voiced(speech.samples(), 16000).get(0)[0];
    // after the repeats the original continues unchanged
    for (int i = at; i < speech.length(); i += 97) assertEquals(speech.samples()[i], out.samples()[i + 2 * (onset + gap)]);
    // the repeat (past its 5 ms fade-in) is the onset itself
    for (int i = 200; i < onset - 200; i += 31) assertEquals(speech.samples()[at + i], out.samples()[at + i], 1e-6);
  }

  private static float[] nonZero(float[] x) {
    int n = 0;
    for (float v : x) if (v != 0) n++;
    float[] y = new float[n];
    n = 0;
    for (float v : x) if (v != 0) y[n++] = v;
    return y;
  }

  private static float[] envelope(float[] x) {
    int frame = 160;
    float[] e = new float[x.length / frame];
    for (int f = 0; f < e.length; f++) {
      double s = 0;
      for (int i = f * frame; i < (f + 1) * frame; i++) s += Math.abs(x[i]);
      e[f] = (float) s;
    }
    return e;
  }

  /** A pulse train at {@code f0} through a resonance at {@code formant} Hz: a crude steady vowel. */
  private static float[] vowel(int rate, double f0, double formant, double seconds) {
    float[] x = new float[(int) (rate * seconds)];
    int period = (int) Math.round(rate / f0);
    for (int i = 0; i < x.length; i += period) x[i] = 1;
    return dev.earshot.audio.dsp.Biquad.filter(
        java.util.List.of(dev.earshot.audio.dsp.Biquad.lowPass(rate, 3000, 0.7), dev.earshot.audio.dsp.Biquad.peaking(rate, formant, 4, 30)), x);
  }

  private static double envelopePeakHz(float[] x, int rate) {
    int n = 4096;
    Fft fft = new Fft(n);
    double[] acc = new double[n / 2];
    for (int start = rate / 4; start + n < x.length - rate / 4; start += n / 2) {
      double[] re = new double[n], im = new double[n];
      for (int i = 0; i < n; i++) re[i] = x[start + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
      fft.forward(re, im);
      for (int k = 0; k < n / 2; k++) acc[k] += Math.hypot(re[k], im[k]);
    }
    int best = 0;
    int from = (int) (500.0 * n / rate);
    for (int k = from; k < n / 2; k++) if (acc[k] > acc[best]) best = k;
    return (double) best * rate / n;
  }

  private static double pitchByAutocorrelation(float[] x, int rate) {
    int from = rate / 4, len = rate / 2;
    int minLag = rate / 400, maxLag = rate / 60, best = minLag;
    double bestR = Double.NEGATIVE_INFINITY;
    for (int lag = minLag; lag <= maxLag; lag++) {
      double r = 0;
      for (int i = from; i < from + len; i++) r += (double) x[i] * x[i + lag];
      if (r > bestR) {
        bestR = r;
        best = lag;
      }
    }
    return (double) rate / best;
  }
}
