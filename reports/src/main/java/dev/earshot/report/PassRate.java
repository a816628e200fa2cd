package dev.earshot.report;

/**
 * A pass rate over trials with its Wilson score interval at 95% (z = 1.959964): unlike the normal
 * approximation it stays inside [0, 1] and is honest at 0 of 3 or 3 of 3. Two pass rates differ, for a
 * regression gate, only when their intervals do not overlap: one flaky trial out of three moves the rate but
 * not the verdict.
 *
 * @param passes trials that passed
 * @param trials trials run
 */
public record PassRate(int passes, int trials) {
  private static final double Z = 1.959963984540054;

  public PassRate {
    if (trials < 0 || passes < 0 || passes > trials) throw new IllegalArgumentException("expected 0 <= passes <= trials, found " + passes + " of " + trials);
  }

  public double rate() {
    return trials == 0 ? Double.NaN : (double) passes / trials;
  }

  /** Lower end of the 95% Wilson interval (0 with no trials). */
  public double low() {
    return trials == 0 ? 0 : centre() - halfWidth();
  }

  /** Upper end of the 95% Wilson interval (1 with no trials). */
  public double high() {
    return trials == 0 ? 1 : centre() + halfWidth();
  }

  private double centre() {
    double n = trials, p = passes / n;
    return (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
  }

  private double halfWidth() {
    double n = trials, p = passes / n;
    return Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n);
  }

  /** Whether this rate is worse than {@code baseline} beyond chance: this interval lies wholly below baseline's. */
  public boolean regressedFrom(PassRate baseline) {
    return high() < baseline.low();
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%d/%d (95%% CI %.2f-%.2f)", passes, trials, low(), high());
  }
}
