package dev.earshot.audio.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.ExternalTools;
import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.audio.profile.CodecStage;
import dev.earshot.audio.profile.G711Stage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real encode-decode round trips through ffmpeg (Debian {@code ffmpeg} + {@code libavcodec-extra}) on real
 * speech: the length is kept, the timing too (the best-correlating lag is within 1 ms of zero), and the
 * waveform correlation stays above a floor set per codec from what was measured here, with a margin.
 */
class CodecIT {
  @BeforeAll
  static void needFfmpeg() {
    ExternalTools.require("ffmpeg", "-version", Ffmpeg.PACKAGES);
  }

  @ParameterizedTest(name = "{0} at {1} bit/s")
  @CsvSource({
    // codec, bitrate, floor   (measured here: gsm .994, amr-nb 4750 .831, 12200 .838, amr-wb .963, opus 24k .958, g722 1.000)
    "gsm,13200,0.95",
    "amr-nb,4750,0.75", "amr-nb,5150,0.75", "amr-nb,7950,0.75", "amr-nb,12200,0.75",
    "amr-wb,12650,0.9",
    "opus,24000,0.9", "opus,12000,0.8",
    "g722,64000,0.98",
  })
  void roundTripKeepsLengthAndTimingAndResemblesTheInput(String id, int bitrate, double floor) {
    Codec codec = Codec.byId(id);
    Pcm speech = Resampler.resample(Signals.speech(), codec.sampleRate());
    Pcm out = new CodecStage(id, bitrate).apply(speech, new SplittableRandom(1));
    assertEquals(codec.sampleRate(), out.sampleRate());
    assertEquals(speech.length(), out.length(), "length");
    int reach = codec.sampleRate() / 1000;
    int best = 0;
    double bestR = -2;
    for (int lag = -5 * reach; lag <= 5 * reach; lag++) {
      double r = correlationAt(speech.samples(), out.samples(), lag);
      if (r > bestR) {
        bestR = r;
        best = lag;
      }
    }
    assertTrue(Math.abs(best) <= reach, "best lag " + best + " samples, expected within 1 ms");
    double r = correlationAt(speech.samples(), out.samples(), 0);
    assertTrue(r >= floor, id + " correlation " + r + " < " + floor);
  }

  @Test
  void lowerAmrModesCostMoreFidelityThanHigherOnes() {
    Pcm speech = Resampler.resample(Signals.speech(), 8000);
    // measured here: 10.0 dB at 4.75 kbit/s, 8.3 dB at 12.2
    double low = spectralDistance(speech, new CodecStage("amr-nb", 4750).apply(speech, null));
    double high = spectralDistance(speech, new CodecStage("amr-nb", 12200).apply(speech, null));
    assertTrue(low > high + 0.8, "log-spectral distance at 12.2 kbit/s " + high + " dB vs at 4.75 " + low + " dB");
  }

  @Test
  void aTandemRunsBothCodecsInOrder() {
    Pcm speech = Resampler.resample(Signals.speech(), 8000);
    dev.earshot.audio.profile.DegradationProfile tandem = new dev.earshot.audio.profile.DegradationProfile("t", "",
        java.util.List.of(new CodecStage("amr-nb", 5150), new G711Stage("ulaw")));
    Pcm amr = new CodecStage("amr-nb", 5150).apply(speech, null);
    Pcm out = tandem.apply(speech, 1);
    assertEquals(speech.length(), out.length());
    assertTrue(!java.util.Arrays.equals(amr.samples(), out.samples()), "the G.711 leg changed the AMR output");
    assertArrayEquals(new G711Stage("ulaw").apply(amr, null).samples(), out.samples(), "G.711 of exactly the AMR output");
    short[] s = out.toShorts();
    assertArrayEquals(s, G711.ULAW.decode(G711.ULAW.encode(s)), "every sample is on the mu-law grid");
  }

  @Test
  void roundTripsAreDeterministic() {
    Pcm speech = Resampler.resample(Signals.speech(), 16000);
    for (String id : new String[] {"opus", "amr-wb", "g722"}) {
      CodecStage stage = new CodecStage(id, null);
      assertArrayEquals(stage.apply(speech, null).samples(), stage.apply(speech, null).samples(), id);
    }
  }

  @Test
  void aMissingFfmpegIsAOneLineErrorNamingThePackages() {
    String before = System.getProperty("earshot.ffmpeg");
    System.setProperty("earshot.ffmpeg", "/nonexistent/ffmpeg");
    try {
      CodecUnavailableException e = assertThrows(CodecUnavailableException.class,
          () -> new CodecStage("amr-nb", 4750).apply(Pcm.silence(8000, 0.1), null));
      assertTrue(e.getMessage().startsWith("codec amr-nb needs the ffmpeg program") && e.getMessage().endsWith("install the Debian packages: ffmpeg libavcodec-extra"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"));
    } finally {
      if (before == null) System.clearProperty("earshot.ffmpeg");
      else System.setProperty("earshot.ffmpeg", before);
    }
    CodecUnavailableException e = assertThrows(CodecUnavailableException.class, () -> Ffmpeg.require("no_such_encoder", "codec x"));
    assertTrue(e.getMessage().contains(Ffmpeg.PACKAGES), e.getMessage());
  }

  private static double correlationAt(float[] x, float[] y, int lag) {
    double xy = 0, xx = 0, yy = 0;
    for (int i = 0; i < x.length; i++) {
      int j = i + lag;
      if (j < 0 || j >= y.length) continue;
      xy += (double) x[i] * y[j];
      xx += (double) x[i] * x[i];
      yy += (double) y[j] * y[j];
    }
    return xy / Math.sqrt(xx * yy);
  }

  /**
   * Mean log-spectral distance in dB between two clips over 32 ms frames (50% overlap) that have speech in
   * them: lower is closer. Unlike a waveform SNR it is not fooled by the phase changes of a CELP decoder's
   * post-filter, so it ranks AMR's modes.
   */
  private static double spectralDistance(Pcm ref, Pcm test) {
    int n = 256;
    dev.earshot.audio.dsp.Fft fft = new dev.earshot.audio.dsp.Fft(n);
    float[] x = ref.samples(), y = test.samples();
    double sum = 0;
    int frames = 0;
    for (int s = 0; s + n <= x.length; s += n / 2) {
      double[] xr = new double[n], xi = new double[n], yr = new double[n], yi = new double[n];
      double energy = 0;
      for (int i = 0; i < n; i++) {
        double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        xr[i] = x[s + i] * w;
        yr[i] = y[s + i] * w;
        energy += (double) x[s + i] * x[s + i];
      }
      if (energy / n < 1e-5) continue;
      fft.forward(xr, xi);
      fft.forward(yr, yi);
      double d = 0;
      for (int k = 1; k < n / 2; k++) {
        double db = 10 * Math.log10((xr[k] * xr[k] + xi[k] * xi[k] + 1e-10) / (yr[k] * yr[k] + yi[k] * yi[k] + 1e-10));
        d += db * db;
      }
      sum += Math.sqrt(d / (n / 2 - 1));
      frames++;
    }
    return sum / frames;
  }
}
