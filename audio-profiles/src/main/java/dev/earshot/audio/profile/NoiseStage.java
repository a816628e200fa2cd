package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.SpeechLevel;
import java.util.SplittableRandom;

/**
 * Adds generated noise at a signal-to-noise ratio measured against the clip's active speech level
 * (ITU-T P.56), so pauses in the utterance do not change the result. {@code color} is {@code white} or
 * {@code pink} (-3 dB per octave).
 */
public record NoiseStage(String color, double snrDb) implements Stage {
  public NoiseStage {
    if (color == null) color = "white";
    if (!color.equals("white") && !color.equals("pink")) {
      throw new IllegalArgumentException("color: expected white or pink, found " + color);
    }
    if (snrDb < -20 || snrDb > 80) throw new IllegalArgumentException("snr_db: expected -20..80, found " + snrDb);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] x = in.samples();
    double speechDb = SpeechLevel.activeLevelDb(in);
    if (Double.isInfinite(speechDb)) return in; // nothing to be relative to
    float[] noise = color.equals("pink") ? pink(x.length, random) : white(x.length, random);
    double noiseDb = SpeechLevel.rmsDb(noise);
    float scale = (float) Math.pow(10, (speechDb - snrDb - noiseDb) / 20);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[i] + scale * noise[i];
    return new Pcm(in.sampleRate(), y);
  }

  static float[] white(int n, SplittableRandom random) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = (float) gaussian(random);
    return out;
  }

  /** Paul Kellet's refined pink-noise filter applied to white noise. */
  static float[] pink(int n, SplittableRandom random) {
    float[] out = new float[n];
    double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
    for (int i = 0; i < n; i++) {
      double w = gaussian(random);
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.96900 * b2 + w * 0.1538520;
      b3 = 0.86650 * b3 + w * 0.3104856;
      b4 = 0.55000 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.0168980;
      out[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
      b6 = w * 0.115926;
    }
    return out;
  }

  /** Box-Muller from the given stream (not {@code Random.nextGaussian}, whose algorithm may differ by JDK). */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
