package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.SplittableRandom;

/**
 * Adds generated noise at a signal-to-noise ratio measured against the clip's active speech level
 * (ITU-T P.56), so pauses in the utterance do not change the result.
 *
 * @param color {@code white} (flat), {@code pink} (-3 dB per octave: rooms, offices, wind) or {@code brown}
 *     (-6 dB per octave above 20 Hz: traffic rumble, engines)
 * @param snrDb active speech level minus noise level, -20..80 dB
 * @param passby optional swell of the noise over part of the clip (a passing vehicle)
 */
public record NoiseStage(String color, double snrDb, Passby passby) implements Stage {
  public NoiseStage {
    color = Check.oneOf("color", color, "white", java.util.List.of("white", "pink", "brown"));
    NoiseMix.checkSnr(snrDb);
  }

  public NoiseStage(String color, double snrDb) {
    this(color, snrDb, null);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    int n = in.length();
    float[] noise = switch (color) {
      case "pink" -> pink(n, random);
      case "brown" -> brown(n, in.sampleRate(), random);
      default -> white(n, random);
    };
    return NoiseMix.atSnr(in, noise, snrDb, passby, random);
  }

  /** A copy with another SNR (for sweeps). */
  public NoiseStage withSnr(double snr) {
    return new NoiseStage(color, snr, passby);
  }

  /**
   * Approximately Gaussian white noise of unit variance: the sum of four 16-bit uniforms taken from one
   * 64-bit draw (Irwin-Hall), which is several times faster than Box-Muller and spectrally identical; its
   * tails stop at 3.46 sigma, which no listener or recogniser can tell from a Gaussian.
   */
  static float[] white(int n, SplittableRandom random) {
    float[] out = new float[n];
    final float scale = (float) (Math.sqrt(3.0) / 65536.0); // the sum of 4 uniforms has sd 65536 / sqrt 3
    for (int i = 0; i < n; i++) {
      long r = random.nextLong();
      int sum = (int) (r & 0xFFFF) + (int) ((r >>> 16) & 0xFFFF) + (int) ((r >>> 32) & 0xFFFF) + (int) (r >>> 48);
      out[i] = (sum - 131070) * scale;
    }
    return out;
  }

  /** Paul Kellet's refined pink-noise filter applied to white noise. */
  static float[] pink(int n, SplittableRandom random) {
    float[] w = white(n, random);
    double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
    for (int i = 0; i < n; i++) {
      double x = w[i];
      b0 = Math.fma(0.99886, b0, x * 0.0555179);
      b1 = Math.fma(0.99332, b1, x * 0.0750759);
      b2 = Math.fma(0.96900, b2, x * 0.1538520);
      b3 = Math.fma(0.86650, b3, x * 0.3104856);
      b4 = Math.fma(0.55000, b4, x * 0.5329522);
      b5 = Math.fma(-0.7616, b5, x * -0.0168980);
      w[i] = (float) (((b0 + b1) + (b2 + b3)) + ((b4 + b5) + Math.fma(x, 0.5362, b6)));
      b6 = x * 0.115926;
    }
    return w;
  }

  /** White noise through a leaky integrator with its corner at 20 Hz (so the level does not wander). */
  static float[] brown(int n, int rate, SplittableRandom random) {
    float[] w = white(n, random);
    double a = Math.exp(-2 * Math.PI * 20 / rate), b = 0;
    for (int i = 0; i < n; i++) {
      b = Math.fma(a, b, (1 - a) * w[i]);
      w[i] = (float) b;
    }
    return w;
  }
}
