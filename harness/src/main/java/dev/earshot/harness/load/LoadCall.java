package dev.earshot.harness.load;

import dev.earshot.report.CallResult;

/**
 * One call of a load run, as written to {@code load-calls.jsonl} when it ends.
 *
 * @param up true when the call was answered and held for its whole duration
 * @param failure why not, precisely (SIP status, timeout, early hang-up, media problem); null when up
 * @param lost, duplicates, reordered RFC 3550 receive statistics of the far end's stream
 * @param sendErrorP99Ms Earshot's own lateness against the 20 ms schedule for this call (99th percentile)
 * @param wire what the network impairment did to the packets sent, or null without one
 * @param grade on a graded load run ({@code earshot load SUITE}), what the call's scenario came to; null otherwise
 */
public record LoadCall(int index, String sipCallId, boolean up, String failure, Double setupMs, double heldSeconds,
    long packetsSent, long packetsReceived, long lost, long duplicates, long reordered, double jitterMs,
    double sendErrorP50Ms, double sendErrorP99Ms, double sendErrorMaxMs, CallResult.WireStats wire, LoadGrade grade) {}
