package dev.earshot.report;

import java.util.List;

/**
 * A graded load run ({@code earshot load SUITE}) as the report shows it, beside its calls: the run's time series, its
 * turns' latency against the calls up at once, and whether the load generator or the agent was the limit.
 *
 * @param calls calls placed; {@code up} those answered whose telephony held; {@code peakConcurrent} the most up at once
 * @param wallSeconds the run's length
 * @param sendErrorP99Ms Earshot's own send-time error over every packet (99th percentile), ms
 * @param timerFloorP99Ms how late a bare thread beside the run woke on a 20 ms schedule (99th percentile), ms: the floor
 *     the send-time error is read against
 * @param generatorLimited true when Earshot's send-time error passed 3× the floor: the generator, not the agent, was the limit
 * @param generator what the generator did, in one sentence
 * @param knee the agent's knee (when it began to degrade), in one sentence; null when it kept up to the peak
 * @param kneeAtS, kneeCalls when the knee came, seconds into the run, and the calls up then; null without a knee
 * @param seconds the run second by second
 * @param latencyByConcurrency the turns' response latency, grouped by how many calls were up when the turn was taken
 */
public record LoadSection(int calls, int up, int peakConcurrent, double wallSeconds, double sendErrorP99Ms, double timerFloorP99Ms,
    boolean generatorLimited, String generator, String knee, Double kneeAtS, Integer kneeCalls, List<Second> seconds,
    List<Band> latencyByConcurrency) {
  public LoadSection {
    seconds = seconds == null ? List.of() : List.copyOf(seconds);
    latencyByConcurrency = latencyByConcurrency == null ? List.of() : List.copyOf(latencyByConcurrency);
  }

  /**
   * One second of the run.
   *
   * @param t seconds into the run
   * @param up calls up at its end; {@code failed} calls failed so far
   * @param callsPerSecond calls placed in it
   * @param latencyP50Ms, latencyP95Ms the response latency of the turns taken in it (the caller's last word in it); null when none was
   * @param rtpLossPercent the agent's packets found missing in it
   * @param sendErrorP99Ms, timerFloorP99Ms Earshot's send-time error and the timer floor in it (99th percentiles); null when none
   * @param cpuPercent Earshot's CPU in it, percent of one core
   */
  public record Second(double t, int up, int failed, double callsPerSecond, Double latencyP50Ms, Double latencyP95Ms, double rtpLossPercent,
      Double sendErrorP99Ms, Double timerFloorP99Ms, double cpuPercent) {}

  /**
   * The turns taken while {@code fromCalls} to {@code toCalls} calls were up.
   *
   * @param turns how many; {@code latencyP50Ms}, {@code latencyP95Ms}, {@code latencyP99Ms} their response latency
   */
  public record Band(int fromCalls, int toCalls, int turns, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms) {}
}
