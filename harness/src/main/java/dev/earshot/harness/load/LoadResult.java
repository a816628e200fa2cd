package dev.earshot.harness.load;

import java.util.Map;

/**
 * A whole load run, summed up.
 *
 * @param failuresByCause how many calls failed for each distinct cause
 * @param sendError* Earshot's send-time error over every packet of every call, in ms (the harness's self-check:
 *     if it is large, the harness, not the agent, was overloaded)
 * @param cpuPercent process CPU time over wall time, as a percentage of one core
 * @param heapPerCallKb peak heap in use during the run minus the heap before it, per call
 * @param wireLost, wireDuplicated packets the network section dropped (lost or queue full) and duplicated, over
 *     every call
 * @param rtpStrays datagrams on the shared media sockets that belonged to no call ({@link LoadSample#rtpStrays})
 * @param planned the calls the run was to place; more than {@code calls} when it was stopped
 * @param stopped whether the run was ended early ({@link LoadRun#stop}, Ctrl-C): {@code calls} holds those placed
 * @param shard which part of the call plan this run placed, {@code i/n} (1-based; {@code 1/1}: all of it)
 * @param timerFloorP99Ms how late this machine woke a bare thread on a 20 ms schedule beside the run (99th percentile):
 *     the floor Earshot's send-time error is read against
 * @param verdict whether the generator kept up, and the agent's knee ({@link LoadVerdict})
 * @param histograms the setup, send-time and timer-floor distributions, mergeable: {@code earshot merge} adds the shards' together
 * @param graded on a graded load run ({@code earshot load SUITE}), what the calls' scenarios came to; null otherwise
 */
public record LoadResult(int calls, int up, Map<String, Integer> failuresByCause, int peakConcurrent,
    double setupP50Ms, double setupP99Ms, long packetsSent, long packetsReceived, long packetsLost,
    double sendErrorP50Ms, double sendErrorP99Ms, double sendErrorMaxMs, double wallSeconds, double cpuPercent,
    double heapPerCallKb, long wireLost, long wireDuplicated, long rtpStrays, int planned, boolean stopped, String shard,
    double timerFloorP99Ms, LoadVerdict verdict, Histograms histograms, LoadGrades graded) {
  /** This result with {@code grades} as its graded calls' summary. */
  public LoadResult withGraded(LoadGrades grades) {
    return new LoadResult(calls, up, failuresByCause, peakConcurrent, setupP50Ms, setupP99Ms, packetsSent, packetsReceived, packetsLost,
        sendErrorP50Ms, sendErrorP99Ms, sendErrorMaxMs, wallSeconds, cpuPercent, heapPerCallKb, wireLost, wireDuplicated, rtpStrays, planned, stopped,
        shard, timerFloorP99Ms, verdict, histograms, grades);
  }

  /** Whether the run is a success: every call up, not stopped, and on a graded run every graded call passed. */
  public boolean succeeded() {
    return up == calls && !stopped && (graded == null || graded.passed() == graded.calls());
  }
}
