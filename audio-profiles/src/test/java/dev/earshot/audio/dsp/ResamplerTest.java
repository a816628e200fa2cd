package dev.earshot.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplerTest {
  @Test
  void aOneKilohertzToneSurvives48To8To48WithUnderOnePercentAmplitudeError() {
    Pcm tone = new Pcm(48000, Signals.sine(48000, 1000, 0.5, 1.0));
    Pcm back = Resampler.resample(Resampler.resample(tone, 8000), 48000);
    assertEquals(48000, back.length());
    float[] y = back.samples();
    double peak = Signals.peak(y, 4800, 43200); // away from the edges
    assertEquals(0.5, peak, 0.005);
  }

  @Test
  void aSixKilohertzToneIsRemovedOnTheWayTo8Kilohertz() {
    Pcm tone = new Pcm(48000, Signals.sine(48000, 6000, 0.5, 1.0));
    float[] y = Resampler.resample(tone, 8000).samples();
    assertTrue(Signals.rmsDb(y, 800, 7200) < -60, "aliased residue " + Signals.rmsDb(y, 800, 7200) + " dB");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    // in, out, tone Hz, expected gain dB, tolerance dB   (half-band: 16k->8k; cascade: 48k->8k, 32k->8k)
    "16000,8000,1000,0,0.05", "16000,8000,3400,0,0.1", "16000,8000,4600,-200,-70", "16000,8000,6000,-200,-70",
    "48000,8000,1000,0,0.05", "48000,8000,3400,0,0.1", "48000,8000,4600,-200,-70", "48000,8000,13000,-200,-70",
    "32000,8000,2000,0,0.05", "32000,8000,9000,-200,-70",
  })
  void wholeClipDecimationKeepsThePassBandAndRemovesWhatWouldAlias(int in, int out, double hz, double expected, double tolerance) {
    Pcm tone = new Pcm(in, Signals.sine(in, hz, 0.5, 1.0));
    Pcm y = Resampler.resample(tone, out);
    assertEquals((int) Math.ceil(in * 1.0 / (in / out)), y.length());
    double gain = Signals.rmsDb(y.samples(), out / 10, out - out / 10) - Signals.rmsDb(tone.samples(), in / 10, in - in / 10);
    if (expected > -100) assertEquals(expected, gain, tolerance, hz + " Hz");
    else assertTrue(gain < tolerance, hz + " Hz left at " + gain + " dB");
  }

  @Test
  void halfBandDecimationAddsNoDelay() {
    float[] x = new float[16000];
    x[8000] = 1;
    float[] y = Resampler.resample(new Pcm(16000, x), 8000).samples();
    int argmax = 0;
    for (int i = 1; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[argmax])) argmax = i;
    assertEquals(4000, argmax);
  }

  @Test
  void conversionAddsNoDelay() {
    float[] x = new float[8000];
    x[4000] = 1; // an impulse at 0.5 s
    float[] y = Resampler.of(8000, 16000).process(x);
    int argmax = 0;
    for (int i = 1; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[argmax])) argmax = i;
    assertEquals(8000, argmax);
  }

  @Test
  void streamingGivesTheSameSamplesAsWholeBufferConversion() {
    float[] x = Signals.sine(8000, 440, 0.3, 0.5);
    float[] whole = Resampler.of(8000, 16000).process(x);
    Resampler.Stream s = Resampler.of(8000, 16000).stream();
    float[] streamed = new float[0];
    for (int i = 0; i < x.length; i += 160) streamed = concat(streamed, s.push(Arrays.copyOfRange(x, i, i + 160)));
    streamed = concat(streamed, s.flush());
    assertArrayEquals(whole, streamed);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
