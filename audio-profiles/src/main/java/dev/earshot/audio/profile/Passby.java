package dev.earshot.audio.profile;

import java.util.SplittableRandom;

/**
 * A time-varying noise level, like a vehicle passing: the noise swells by {@code peakDb} and falls back on a
 * raised-cosine curve {@code seconds} wide, centred on a time drawn from the seed (anywhere in the clip).
 */
public record Passby(double peakDb, double seconds) {
  public Passby {
    if (!(peakDb > 0 && peakDb <= 40)) throw new InvalidField("peak_db", "expected 0 < peak_db <= 40, found " + peakDb);
    if (!(seconds > 0 && seconds <= 60)) throw new InvalidField("seconds", "expected 0 < seconds <= 60, found " + seconds);
  }

  /** Multiplies {@code noise} in place by the swell; returns the centre sample chosen. */
  int applyTo(float[] noise, int rate, SplittableRandom random) {
    int centre = noise.length == 0 ? 0 : random.nextInt(noise.length);
    double half = seconds * rate / 2;
    double peak = Math.pow(10, peakDb / 20) - 1;
    int from = (int) Math.max(0, Math.floor(centre - half)), to = (int) Math.min(noise.length, Math.ceil(centre + half));
    for (int i = from; i < to; i++) {
      double shape = 0.5 + 0.5 * Math.cos(Math.PI * (i - centre) / half);
      noise[i] *= (float) (1 + peak * shape);
    }
    return centre;
  }
}
