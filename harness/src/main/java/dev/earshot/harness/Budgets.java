package dev.earshot.harness;

import dev.earshot.audio.profile.InvalidField;

/**
 * Limits a call must stay within; a call that reaches one is ended by Earshot and fails with that budget named
 * as its cause. Absent fields are unlimited (dead air and repeats) or the run's defaults.
 *
 * @param maxDurationS longest call, from media start
 * @param maxTurns most agent utterances in one call
 * @param maxDeadAirMs longest silence on both sides, from the last voice of either, while the caller waits for
 *     the agent to start speaking
 * @param maxRepeats the agent saying the same thing (same words, a WER of at most 0.2 between them) this many
 *     times in a row is a loop
 */
public record Budgets(Double maxDurationS, Integer maxTurns, Long maxDeadAirMs, Integer maxRepeats) {
  public static final Budgets NONE = new Budgets(null, null, null, null);
  /** What applies where neither the scenario nor the suite says: 10 minutes. */
  public static final Budgets DEFAULTS = new Budgets(600.0, null, null, null);

  public Budgets {
    if (maxDurationS != null && !(maxDurationS >= 1 && maxDurationS <= 86_400)) {
      throw new InvalidField("max_duration_s", "expected 1..86400, found " + maxDurationS);
    }
    if (maxTurns != null && maxTurns < 1) throw new InvalidField("max_turns", "expected at least 1, found " + maxTurns);
    if (maxDeadAirMs != null && maxDeadAirMs < 100) throw new InvalidField("max_dead_air_ms", "expected at least 100, found " + maxDeadAirMs);
    if (maxRepeats != null && maxRepeats < 2) throw new InvalidField("max_repeats", "expected at least 2, found " + maxRepeats);
  }

  /** Each of this budget's limits, or {@code fallback}'s where this one has none. */
  public Budgets or(Budgets fallback) {
    return new Budgets(maxDurationS != null ? maxDurationS : fallback.maxDurationS, maxTurns != null ? maxTurns : fallback.maxTurns,
        maxDeadAirMs != null ? maxDeadAirMs : fallback.maxDeadAirMs, maxRepeats != null ? maxRepeats : fallback.maxRepeats);
  }
}
