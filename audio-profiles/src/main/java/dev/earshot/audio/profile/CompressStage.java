package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.SplittableRandom;

/**
 * A feed-forward compressor, the automatic gain control of a phone or conferencing app: above
 * {@code thresholdDbfs} the level grows only 1/{@code ratio} dB per dB, with a peak envelope that attacks in
 * {@code attackMs} and releases in {@code releaseMs}; {@code makeupDb} is then added and the result is
 * hard-limited at full scale. Pumping and squashed dynamics are the audible side effects a real AGC has too.
 */
public record CompressStage(double thresholdDbfs, double ratio, double attackMs, double releaseMs, double makeupDb) implements Stage {
  public CompressStage {
    Check.range("threshold_dbfs", thresholdDbfs, -60, 0);
    Check.range("ratio", ratio, 1, 100);
    if (attackMs == 0) attackMs = 5;
    if (releaseMs == 0) releaseMs = 100;
    if (!(attackMs > 0 && attackMs <= 1000)) throw new InvalidField("attack_ms", "expected 0..1000, found " + attackMs);
    if (!(releaseMs > 0 && releaseMs <= 5000)) throw new InvalidField("release_ms", "expected 0..5000, found " + releaseMs);
    Check.range("makeup_db", makeupDb, 0, 40);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    int rate = in.sampleRate();
    double attack = Math.exp(-1 / (attackMs / 1000 * rate)), release = Math.exp(-1 / (releaseMs / 1000 * rate));
    double threshold = Math.pow(10, thresholdDbfs / 20), makeup = Math.pow(10, makeupDb / 20), slope = 1 - 1 / ratio;
    float[] x = in.samples(), y = new float[x.length];
    double env = 0;
    for (int i = 0; i < x.length; i++) {
      double a = Math.abs(x[i]);
      env = a > env ? attack * env + (1 - attack) * a : release * env + (1 - release) * a;
      double gain = env > threshold ? Math.pow(threshold / env, slope) : 1;
      y[i] = (float) Math.max(-1, Math.min(1, x[i] * gain * makeup));
    }
    return new Pcm(rate, y);
  }
}
