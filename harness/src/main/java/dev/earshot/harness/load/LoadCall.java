package dev.earshot.harness.load;

/**
 * One call of a load run, as written to {@code load-calls.jsonl} when it ends.
 *
 * @param up true when the call was answered and held for its whole duration
 * @param failure why not, precisely (SIP status, timeout, early hang-up, media problem); null when up
 * @param sendErrorP99Ms Earshot's own lateness against the 20 ms schedule for this call (99th percentile)
 */
public record LoadCall(int index, String sipCallId, boolean up, String failure, Double setupMs, double heldSeconds,
    long packetsSent, long packetsReceived, long lost, double jitterMs, double sendErrorP50Ms, double sendErrorP99Ms,
    double sendErrorMaxMs) {}
