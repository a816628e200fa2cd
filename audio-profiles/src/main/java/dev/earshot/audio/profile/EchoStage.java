package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.SplittableRandom;

/**
 * Echo: delayed, attenuated copies of the signal added to it, as from a far-end hybrid or an acoustic path.
 * Copy {@code k} (1..{@code repeats}) arrives {@code k * delayMs} late at {@code k * levelDb}.
 *
 * @param delayMs 1..2000 ms
 * @param levelDb the first copy's level relative to the signal, -60..0 dB (e.g. -20)
 * @param repeats how many copies, 1..10 (default 1)
 */
public record EchoStage(double delayMs, double levelDb, int repeats) implements Stage {
  public EchoStage {
    Check.range("delay_ms", delayMs, 1, 2000);
    Check.range("level_db", levelDb, -60, 0);
    if (repeats == 0) repeats = 1;
    Check.range("repeats", repeats, 1, 10);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] x = in.samples(), y = x.clone();
    int d = (int) Math.round(delayMs / 1000 * in.sampleRate());
    float g = 1;
    for (int k = 1; k <= repeats; k++) {
      g *= (float) Math.pow(10, levelDb / 20);
      int shift = k * d;
      for (int i = shift; i < x.length; i++) y[i] += g * x[i - shift];
    }
    return new Pcm(in.sampleRate(), y);
  }
}
