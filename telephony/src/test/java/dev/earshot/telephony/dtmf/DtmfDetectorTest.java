package dev.earshot.telephony.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.codec.G711;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DtmfDetectorTest {
  private static float[] keys(String keys, int toneMs, int gapMs, float amplitude) {
    int tone = toneMs * 8, gap = gapMs * 8;
    float[] out = new float[keys.length() * (tone + gap) + gap];
    for (int k = 0; k < keys.length(); k++) {
      float[] t = new float[tone];
      Dtmf.tone(keys.charAt(k), 8000, 0, amplitude, t);
      System.arraycopy(t, 0, out, gap + k * (tone + gap), tone);
    }
    return out;
  }

  @Test
  void everyKeyIsFoundThroughGsmLikeLevelsAndG711() {
    float[] x = G711.ULAW.roundTrip(keys(Dtmf.KEYS, 60, 60, 0.1f));
    DtmfDetector d = new DtmfDetector(8000);
    for (int i = 0; i < x.length; i += 160) d.feed(java.util.Arrays.copyOfRange(x, i, Math.min(x.length, i + 160)));
    assertEquals(Dtmf.KEYS, d.keys());
  }

  @Test
  void aKeyHeldLongIsReportedOnceAndRepeatsNeedAGap() {
    DtmfDetector d = new DtmfDetector(8000);
    d.feed(keys("5", 1000, 0, 0.2f));
    d.feed(keys("55", 80, 80, 0.2f));
    assertEquals("555", d.keys());
  }

  @Test
  void startIsPlacedWithinOneBlock() {
    DtmfDetector d = new DtmfDetector(8000);
    d.feed(new float[4000]); // 500 ms of silence
    d.feed(keys("9", 100, 0, 0.2f));
    long start = d.detections().get(0).startSample();
    assertTrue(Math.abs(start - 4000) <= 205, "start at sample " + start);
  }

  @Test
  void keysSurviveNoiseAt15DbSnrButNotTonesOutsideTheGrid() {
    float[] x = keys("147*2580369#", 80, 80, 0.1f);
    SplittableRandom r = new SplittableRandom(4);
    double noiseRms = 0.1 / Math.pow(10, 15 / 20.0); // two tones of 0.1 peak: 0.1 rms together
    for (int i = 0; i < x.length; i++) x[i] += (float) (r.nextGaussian() * noiseRms);
    DtmfDetector d = new DtmfDetector(8000);
    d.feed(x);
    assertEquals("147*2580369#", d.keys());

    float[] off = new float[8000]; // 1000 Hz + 1500 Hz: not a DTMF pair
    for (int i = 0; i < off.length; i++) off[i] = (float) (0.1 * Math.sin(2 * Math.PI * 1000 * i / 8000) + 0.1 * Math.sin(2 * Math.PI * 1500 * i / 8000));
    DtmfDetector none = new DtmfDetector(8000);
    none.feed(off);
    assertEquals("", none.keys());
  }

  @Test
  void speechTriggersNothing() {
    float[] speech = dev.earshot.audio.dsp.Resampler.resample(dev.earshot.audio.Signals.speech(), 8000).samples();
    DtmfDetector d = new DtmfDetector(8000);
    d.feed(speech);
    assertEquals("", d.keys(), "speech mistaken for DTMF");
  }
}
