package dev.earshot.harness.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What limited a load run, read from its seconds ({@link LoadSample}): whether the load generator (Earshot itself)
 * kept its 20 ms schedule, judged against the machine's own timer floor measured beside it in the same run, and the
 * knee: the first second the agent began to degrade (calls failing for the agent's reasons, RTP loss, setup time
 * rising well above the run's first seconds).
 *
 * @param generatorLimited whether Earshot's send-time p99 over the run exceeded {@link #LIMIT_FACTOR} times the timer
 *     floor's p99 (at least {@link #FLOOR_MIN_MS}): then the figures are the generator's as much as the agent's
 * @param limitedSeconds the seconds whose own send-time p99 exceeded that bound
 * @param generator the verdict on the generator as a sentence
 * @param knee the agent's knee, or null when it kept up to the run's peak
 */
public record LoadVerdict(boolean generatorLimited, int limitedSeconds, String generator, Knee knee) {
  /** Send-time p99 beyond this many times the timer floor's p99 means the generator, not the agent, was the limit. */
  public static final double LIMIT_FACTOR = 3;
  /** The floor the factor applies to is at least this (ms): an idle machine's sub-millisecond floor is no bound. */
  public static final double FLOOR_MIN_MS = 1;
  /** RTP loss in one second beyond this (percent) is a knee. */
  public static final double LOSS_KNEE_PERCENT = 1;
  /** Setup p95 in one second beyond this many times the first seconds' setup p50 (and 50 ms more) is a knee. */
  public static final double SETUP_KNEE_FACTOR = 3;

  /**
   * @param t seconds into the run
   * @param concurrent calls up at that second
   * @param cause what degraded, as a sentence with its figure
   * @param generatorLimited whether the generator was itself behind in that second (then the knee may be its own)
   */
  public record Knee(double t, int concurrent, String cause, boolean generatorLimited) {}

  /** Graded results coming later than this after their calls ended (95th percentile, ms) mean the recogniser pool saturated. */
  public static final double POOL_LAG_MS = 10_000;

  /**
   * This verdict with the generator's pools read too: calls that failed on Earshot's side ({@code harness: ...} causes:
   * no free RTP port pair, a call that could not be placed, one its watchdog gave up), and graded results that came
   * more than {@link #POOL_LAG_MS} after their calls ended (the recogniser pool saturated); either makes the generator
   * the limit, named, before whatever it said of its schedule.
   */
  public LoadVerdict withPools(Map<String, Integer> failuresByCause, LoadGrades grades) {
    List<String> saturated = new ArrayList<>();
    int harness = 0;
    String commonest = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : failuresByCause.entrySet()) {
      if (!e.getKey().startsWith("harness:")) continue;
      harness += e.getValue();
      if (e.getValue() > most) {
        most = e.getValue();
        commonest = e.getKey();
      }
    }
    if (harness > 0) {
      saturated.add(String.format(Locale.ROOT, "%d call%s failed on Earshot's side, not the agent's (commonest: %s)", harness, harness == 1 ? "" : "s", commonest));
    }
    if (grades != null && grades.resultLagP95Ms() > POOL_LAG_MS) {
      saturated.add(String.format(Locale.ROOT, "the recogniser pool saturated: the calls' graded results came %.0f s (p95; at most %.0f s) after the calls ended, "
          + "with %d of %d calls transcribed (transcribe a smaller share)", grades.resultLagP95Ms() / 1000, grades.resultLagMaxMs() / 1000,
          grades.transcribed(), grades.calls()));
    }
    if (saturated.isEmpty()) return this;
    return new LoadVerdict(true, limitedSeconds, "the load generator, not the agent, was the limit: " + String.join("; ", saturated) + "; and " + generator, knee);
  }

  /** The verdict on a run's {@code seconds}, with its run-wide send-time p99 and the timer floor p99 measured beside it. */
  public static LoadVerdict of(List<LoadSample> seconds, double sendP99Ms, double floorP99Ms) {
    double bound = LIMIT_FACTOR * Math.max(FLOOR_MIN_MS, floorP99Ms);
    List<LoadSample> limited = new ArrayList<>();
    for (LoadSample s : seconds) if (s.sendErrorP99Ms() != null && s.sendErrorP99Ms() > bound) limited.add(s);
    boolean generatorLimited = sendP99Ms > bound;
    String generator;
    if (generatorLimited) {
      LoadSample first = limited.isEmpty() ? null : limited.get(0);
      generator = String.format(Locale.ROOT, "the load generator, not the agent, was the limit: Earshot's send-time p99 %.2f ms exceeded %.0f× this machine's "
          + "timer floor p99 (%.2f ms, measured beside the run) in %d of %d seconds%s; the figures are the generator's as much as the agent's",
          sendP99Ms, LIMIT_FACTOR, floorP99Ms, limited.size(), seconds.size(),
          first == null ? "" : String.format(Locale.ROOT, ", the first at %.0f s with %d calls up", first.t(), first.up()));
    } else {
      generator = String.format(Locale.ROOT, "Earshot kept its schedule: send-time p99 %.2f ms, within %.0f× the timer floor p99 (%.2f ms, measured beside the run)%s",
          sendP99Ms, LIMIT_FACTOR, floorP99Ms, limited.isEmpty() ? "" : "; " + limited.size() + " of " + seconds.size() + " seconds were above it");
    }
    return new LoadVerdict(generatorLimited, limited.size(), generator, knee(seconds, bound));
  }

  private static Knee knee(List<LoadSample> seconds, double bound) {
    List<Double> early = new ArrayList<>();
    for (LoadSample s : seconds) if (s.setupP50Ms() != null && early.size() < 5) early.add(s.setupP50Ms());
    early.sort(null);
    Double baseline = early.isEmpty() ? null : early.get(early.size() / 2);
    Map<String, Integer> before = Map.of();
    for (LoadSample s : seconds) {
      String cause = null;
      int agentFailures = 0;
      String newCause = null;
      for (Map.Entry<String, Integer> e : s.failuresByCause().entrySet()) {
        if (e.getKey().startsWith("harness:")) continue; // Earshot's own failures are no knee of the agent's
        int added = e.getValue() - before.getOrDefault(e.getKey(), 0);
        if (added > 0) {
          agentFailures += added;
          if (newCause == null) newCause = e.getKey();
        }
      }
      before = s.failuresByCause();
      if (agentFailures > 0) {
        cause = String.format(Locale.ROOT, "calls began to fail: %d in this second (%s)", agentFailures, newCause);
      } else if (s.lossPercent() > LOSS_KNEE_PERCENT) {
        cause = String.format(Locale.ROOT, "RTP loss %.2f%% in this second (%d of %d packets)", s.lossPercent(), s.rtpLost(), s.rtpLost() + s.rtpReceived());
      } else if (baseline != null && s.setupP95Ms() != null && s.setupP95Ms() > Math.max(SETUP_KNEE_FACTOR * baseline, baseline + 50)) {
        cause = String.format(Locale.ROOT, "setup p95 %.0f ms in this second, over %.0f× the first seconds' %.0f ms", s.setupP95Ms(), SETUP_KNEE_FACTOR, baseline);
      }
      if (cause != null) return new Knee(s.t(), s.up(), cause, s.sendErrorP99Ms() != null && s.sendErrorP99Ms() > bound);
    }
    return null;
  }

  /**
   * The verdict on a plan loaded from several machines: each shard was judged against its own machine's floor, so the
   * generator was the limit when it was on any shard (named); the knee is the earliest of the shards' (by seconds
   * into the run: the shards keep the plan's schedule), named with its shard.
   */
  static LoadVerdict merge(List<LoadResult> shards) {
    List<String> limited = new ArrayList<>();
    int seconds = 0;
    Knee knee = null;
    for (LoadResult r : shards) {
      LoadVerdict v = r.verdict();
      if (v == null) continue; // a shard written before verdicts: nothing to say for it
      seconds += v.limitedSeconds();
      if (v.generatorLimited()) limited.add("shard " + r.shard() + ": " + v.generator());
      if (v.knee() != null && (knee == null || v.knee().t() < knee.t())) {
        knee = new Knee(v.knee().t(), v.knee().concurrent(), "shard " + r.shard() + ": " + v.knee().cause(), v.knee().generatorLimited());
      }
    }
    String generator = limited.isEmpty() ? "Earshot kept its schedule on every shard, each against its own machine's timer floor" : String.join("; ", limited);
    return new LoadVerdict(!limited.isEmpty(), seconds, generator, knee);
  }

  /** The verdict as people read it: the generator's, then the knee or that there was none. */
  public String describe(int peakConcurrent) {
    String k = knee == null ? String.format(Locale.ROOT, "no knee: the agent kept up to the run's peak of %d calls at once", peakConcurrent)
        : String.format(Locale.ROOT, "knee at %.0f s with %d calls up: %s%s", knee.t(), knee.concurrent(), knee.cause(),
            knee.generatorLimited() ? " (Earshot was itself behind in that second)" : "");
    return Character.toUpperCase(generator.charAt(0)) + generator.substring(1) + ".\n" + Character.toUpperCase(k.charAt(0)) + k.substring(1) + ".";
  }
}
