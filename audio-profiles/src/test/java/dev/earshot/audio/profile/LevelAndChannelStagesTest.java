package dev.earshot.audio.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelAndChannelStagesTest {
  private static final SplittableRandom ANY = new SplittableRandom(1);

  @Test
  void hardClipCutsAtTheCeilingAndSoftClipBendsBelowIt() {
    Pcm loud = new Pcm(8000, Signals.sine(8000, 300, 0.9, 0.5));
    double ceiling = Math.pow(10, -6 / 20.0);
    Pcm hard = new ClipStage(-6, "hard").apply(loud, ANY);
    assertEquals(ceiling, Signals.peak(hard.samples(), 0, hard.length()), 1e-6);
    Pcm soft = new ClipStage(-6, "soft").apply(loud, ANY);
    double peak = Signals.peak(soft.samples(), 0, soft.length());
    assertTrue(peak < ceiling && peak > 0.9 * ceiling, "soft peak " + peak);
    Pcm quiet = new Pcm(8000, Signals.sine(8000, 300, 0.01, 0.5));
    assertEquals(0.01, Signals.peak(new ClipStage(-6, "soft").apply(quiet, ANY).samples(), 0, 4000), 1e-4);
  }

  @Test
  void compressorBringsASteadyLoudToneToTheStaticCurve() {
    // -6 dBFS peak tone, threshold -20 dBFS, 4:1: the peak envelope settles at -20 + 14 / 4 = -16.5 dBFS
    Pcm tone = new Pcm(8000, Signals.sine(8000, 200, 0.5, 2));
    Pcm out = new CompressStage(-20, 4, 5, 100, 0).apply(tone, ANY);
    double peakDb = 20 * Math.log10(Signals.peak(out.samples(), 8000, 16000));
    assertEquals(-16.5, peakDb, 1.0);
    Pcm belowThreshold = new Pcm(8000, Signals.sine(8000, 200, 0.05, 1));
    assertEquals(0.05, Signals.peak(new CompressStage(-20, 4, 5, 100, 0).apply(belowThreshold, ANY).samples(), 0, 8000), 1e-4);
  }

  @Test
  void dcOffsetShiftsTheMean() {
    Pcm out = new DcOffsetStage(0.05).apply(new Pcm(8000, Signals.sine(8000, 200, 0.3, 1)), ANY);
    double mean = 0;
    for (float s : out.samples()) mean += s;
    assertEquals(0.05, mean / out.length(), 1e-3);
  }

  @ParameterizedTest
  @CsvSource({
    "handset,1000,-3,3", "handset,2500,3,8", "handset,100,-100,-20",
    "speakerphone,200,-100,-25", "speakerphone,2800,3,9",
    "headset,150,0,5", "headset,1000,-1,1.5", "headset,30,-100,-6",
  })
  void deviceResponsesHaveTheirStatedShape(String device, double hz, double minDb, double maxDb) {
    Pcm tone = new Pcm(16000, Signals.sine(16000, hz, 0.3, 2));
    Pcm out = new ResponseStage(device).apply(tone, ANY);
    double gain = Signals.rmsDb(out.samples(), 16000, 32000) - Signals.rmsDb(tone.samples(), 16000, 32000);
    assertTrue(gain >= minDb && gain <= maxDb, device + " at " + hz + " Hz: " + gain + " dB");
  }

  @Test
  void echoAddsDelayedAttenuatedCopies() {
    float[] click = new float[8000];
    click[100] = 1;
    Pcm out = new EchoStage(150, -12, 2).apply(new Pcm(8000, click), ANY);
    assertEquals(1, out.samples()[100], 1e-6);
    assertEquals(Math.pow(10, -12 / 20.0), out.samples()[100 + 1200], 1e-6);
    assertEquals(Math.pow(10, -24 / 20.0), out.samples()[100 + 2400], 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"0.3,0", "0.8,5", "1.5,-5"})
  void reverbTailDecaysSixtyDecibelsInTheStatedRt60(double rt60, double drr) {
    ReverbStage reverb = new ReverbStage(rt60, drr, 10);
    int rate = 16000;
    float[] h = reverb.impulseResponse(rate, new SplittableRandom(4));
    // Schroeder backward integration of the tail; T20 (-5 to -25 dB) extrapolated to 60 dB
    int start = (int) Math.round(0.010 * rate);
    double[] energy = new double[h.length - start];
    double sum = 0;
    for (int i = h.length - 1; i >= start; i--) {
      sum += (double) h[i] * h[i];
      energy[i - start] = sum;
    }
    int t5 = -1, t25 = -1;
    for (int i = 0; i < energy.length; i++) {
      double db = 10 * Math.log10(energy[i] / energy[0]);
      if (t5 < 0 && db <= -5) t5 = i;
      if (t25 < 0 && db <= -25) t25 = i;
    }
    double measured = 3.0 * (t25 - t5) / rate;
    assertEquals(rt60, measured, rt60 * 0.05, "RT60");
    assertEquals(drr, 10 * Math.log10(1 / energy[0]), 0.01, "direct-to-reverberant ratio");
  }

  @Test
  void reverbIsSeededAndKeepsTheLength() {
    Pcm speech = Signals.speech();
    ReverbStage reverb = new ReverbStage(0.6, 0, 5);
    Pcm a = reverb.apply(speech, new SplittableRandom(1));
    assertEquals(speech.length(), a.length());
    assertArrayEquals(a.samples(), reverb.apply(speech, new SplittableRandom(1)).samples());
    assertNotEquals(a, reverb.apply(speech, new SplittableRandom(2)));
  }

  @Test
  void stageSettingsOutOfRangeSayWhatIsExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ResponseStage("walkie-talkie"));
    assertTrue(e.getMessage().contains("handset"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ReverbStage(9, 0, 0));
    assertTrue(e.getMessage().startsWith("rt60_s: expected"), e.getMessage());
  }
}
