package dev.earshot.report;

/**
 * One {@code barge_in} or {@code noise_only} step: the caller made a sound while the agent was talking.
 *
 * <p>On the call's timeline, in 20 ms frames: the agent <em>stops</em> at the first frame after the sound's
 * onset that begins at least 200 ms of agent silence. For {@code barge_in} the step passes when the agent was
 * talking at the onset, stopped within {@code maxReactionMs}, and stayed silent until the caller's last
 * speech frame (a pause between sentences followed by more prompt does not count as stopping). For
 * {@code noise_only} a <em>false barge-in</em> is the agent stopping within {@code maxReactionMs} of the
 * sound's start (default 600 ms) and staying silent for at least 600 ms (longer than a pause between sentences); the step passes when that did not happen.
 *
 * @param step 1-based index of the step in the scenario
 * @param kind {@code barge_in} or {@code noise_only}
 * @param onsetS the caller's first speech (or sound) frame sent, seconds from media start
 * @param agentWasSpeaking whether the agent had voice in the 200 ms before the onset; when false the step
 *     could not test anything and fails
 * @param reactionMs onset to the agent's stop, null when it did not stop before the call ended
 * @param stopped the agent stopped as defined above (for {@code noise_only}: a false barge-in)
 * @param passed the step's verdict
 * @param detail what happened, in words
 */
public record BargeInResult(int step, String kind, Double onsetS, boolean agentWasSpeaking, Double reactionMs, boolean stopped,
    long maxReactionMs, boolean passed, String detail) {
  public static final String BARGE_IN = "barge_in";
  public static final String NOISE_ONLY = "noise_only";
}
