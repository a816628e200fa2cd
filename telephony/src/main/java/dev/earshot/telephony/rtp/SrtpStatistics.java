package dev.earshot.telephony.rtp;

/**
 * A stream's SRTP figures: the suite, packets protected and sent, and the far end's packets dropped because they
 * failed authentication (a wrong key, tampering, a stranger) or were replays (seen before, or older than the
 * replay window: a duplicate on the path lands here, not in the RTP duplicate count); the same two for SRTCP.
 */
public record SrtpStatistics(String suite, long protectedSent, long authFailures, long replays, long rtcpAuthFailures, long rtcpReplays) {}
