package dev.earshot.harness.load;

import java.util.Map;

/**
 * One second of a load run, as {@code load-timeline.jsonl} holds it (a line a second, the last when the run ends) and
 * as {@code earshot load} prints it: the run's time series.
 *
 * @param t seconds since the run started
 * @param planned the calls the run will place (with a ramp, its cap until the ramp is over; then those placed)
 * @param placed calls placed so far
 * @param target with a ramp ({@code --concurrency}, {@code --ramp}), the calls it wanted up at once at this second; else null
 * @param up calls answered and not yet ended, now
 * @param ended calls ended so far, each recorded in {@code load-calls.jsonl}
 * @param failed of those, the calls that failed; {@code failuresByCause} says why
 * @param callsPerSecond calls placed in this second
 * @param setupP50Ms, setupP95Ms INVITE to 200 OK of the calls answered in this second; null when none was
 * @param rtpReceived, rtpLost the far ends' packets received and found missing (RFC 3550) in this second, over every call
 * @param sendErrorP99Ms Earshot's own send-time error (99th percentile) over the packets it sent in this second; null when
 *     none was sent
 * @param timerFloorP99Ms how late a bare thread beside the run woke on its 20 ms schedule in this second (99th
 *     percentile): the machine's floor at that moment; null when it did not wake
 * @param cpuPercent the process's CPU time in this second, as a percentage of one core
 * @param latencyP50Ms, latencyP95Ms on a graded run, the response latency of the turns of the calls graded in this
 *     second (a call is graded when it ends); null when none was
 * @param last true for the line written when the run ended
 * @param peak the most calls up at once so far
 * @param stopped whether the run had been told to stop (Ctrl-C) by then
 * @param sendErrorUs, timerFloorUs this second's send-time errors and the bare thread's wake-ups, as HdrHistograms in
 *     compressed base64 ({@link Histograms}): added up over the seconds, the run's, so that {@code load.json} can be
 *     rebuilt from the files of a run that was killed ({@link LoadFiles#rebuild}); null when there were none
 * @param rtpStrays RTP and RTCP datagrams that came to the shared media sockets ({@code --rtp-socket shared}) and belonged
 *     to no call, so far: media from an address no call talks to, or from one address serving several calls with an SSRC
 *     none of them has sent or heard (a call's far end's packets in the 2 s after the call closed, an echo in flight
 *     at hang-up, are dropped as a per-call socket's close drops them, not counted)
 */
public record LoadSample(double t, int planned, int placed, Integer target, int up, int ended, int failed, Map<String, Integer> failuresByCause,
    double callsPerSecond, Double setupP50Ms, Double setupP95Ms, long rtpReceived, long rtpLost, Double sendErrorP99Ms,
    Double timerFloorP99Ms, double cpuPercent, Double latencyP50Ms, Double latencyP95Ms, boolean last, int peak, boolean stopped,
    String sendErrorUs, String timerFloorUs, long rtpStrays) {
  /** A second without the run-wide figures (peak, stop, histograms): for tests of what reads the series. */
  public LoadSample(double t, int planned, int placed, Integer target, int up, int ended, int failed, Map<String, Integer> failuresByCause,
      double callsPerSecond, Double setupP50Ms, Double setupP95Ms, long rtpReceived, long rtpLost, Double sendErrorP99Ms,
      Double timerFloorP99Ms, double cpuPercent, Double latencyP50Ms, Double latencyP95Ms, boolean last) {
    this(t, planned, placed, target, up, ended, failed, failuresByCause, callsPerSecond, setupP50Ms, setupP95Ms, rtpReceived, rtpLost,
        sendErrorP99Ms, timerFloorP99Ms, cpuPercent, latencyP50Ms, latencyP95Ms, last, up, false, null, null, 0);
  }

  /** The far ends' packets found missing in this second, as a percentage of those expected; 0 when none was expected. */
  public double lossPercent() {
    long expected = rtpReceived + rtpLost;
    return expected == 0 ? 0 : 100.0 * rtpLost / expected;
  }
}
