package dev.earshot.audio.profile;

import java.util.SplittableRandom;

/**
 * Which packets of a stream are lost, one packet at a time: independent losses (Bernoulli) or bursts from a
 * two-state Gilbert–Elliott chain (every packet lost in the bad state, none in the good one). The loss stage
 * draws a whole clip's pattern from it; the wire impairment draws packet by packet as they are sent. The same
 * random stream gives the same pattern either way.
 */
public final class LossProcess {
  private final boolean bursty;
  private final double pi; // long-run loss fraction
  private final double p; // good -> bad
  private final double r; // bad -> good
  private final SplittableRandom random;
  private boolean started;
  private boolean bad;

  /**
   * @param lossPercent the long-run fraction lost, 0..100
   * @param meanBurst mean packets per burst (Gilbert–Elliott), or null for independent losses
   */
  public LossProcess(double lossPercent, Double meanBurst, SplittableRandom random) {
    this.bursty = meanBurst != null;
    this.pi = lossPercent / 100;
    this.r = bursty ? 1 / meanBurst : 0;
    this.p = !bursty ? 0 : pi >= 1 ? 1 : r * pi / (1 - pi); // so that p / (p + r) = pi
    this.random = random;
  }

  /**
   * Checks a loss model's settings as a profile gives them; returns the model name, {@code bernoulli} when absent.
   */
  static String check(String model, double lossPercent, Double meanBurst, double maxPercent) {
    model = Check.oneOf("model", model, "bernoulli", java.util.List.of("bernoulli", "gilbert-elliott"));
    Check.range("loss_percent", lossPercent, 0, maxPercent);
    if (model.equals("gilbert-elliott") && (meanBurst == null || !(meanBurst >= 1 && meanBurst <= 100))) {
      throw new InvalidField("mean_burst", "gilbert-elliott needs the mean burst length in packets, 1..100, found " + meanBurst);
    }
    if (model.equals("bernoulli") && meanBurst != null) {
      throw new InvalidField("mean_burst", "only for model gilbert-elliott (bernoulli losses have no bursts to set)");
    }
    return model;
  }

  /** Whether the next packet is lost. */
  public boolean next() {
    if (!bursty) return random.nextDouble() < pi;
    if (!started) {
      started = true;
      bad = random.nextDouble() < pi; // start in the stationary distribution
    }
    boolean lost = bad;
    bad = bad ? random.nextDouble() >= r : random.nextDouble() < p;
    return lost;
  }
}
