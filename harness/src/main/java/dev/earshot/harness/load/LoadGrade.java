package dev.earshot.harness.load;

import java.util.List;

/**
 * What a graded load call's scenario came to ({@code earshot load SUITE}): the call's own result is in
 * {@code calls/ID.json}, as in {@code earshot run}; this is what the load report counts of it.
 *
 * @param id the call's result, {@code calls/ID.json} (and its events, {@code calls/ID.events.jsonl})
 * @param scenario, profile which scenario of the suite the call played, under which profile
 * @param passed whether every check of the call passed
 * @param layer, code the layer charged and the failure's code when it did not pass; null when it did
 * @param failure the failure's sentence; null when it passed
 * @param turns the {@code expect} steps of the call; {@code turnsPassed} those that passed
 * @param latencyMs each timed turn's response latency (caller's last word to the agent's first), in order
 * @param transcribed whether the agent's speech was transcribed (its phrases and intents judged), or only timed
 * @param audio the call's audio health: {@code ok}, or the telephony layer's code ({@code one_way_audio},
 *     {@code no_audio}, {@code silent_audio}, {@code media_stopped}, {@code clipped_audio}) when the media failed
 * @param resultLagMs from the call's end to its graded result (its transcripts waited for, its turns judged), ms; null when
 *     it was never answered: how far behind Earshot's recogniser pool was
 */
public record LoadGrade(String id, String scenario, String profile, boolean passed, String layer, String code, String failure,
    int turns, int turnsPassed, List<Double> latencyMs, boolean transcribed, String audio, Double resultLagMs) {
  public LoadGrade {
    latencyMs = latencyMs == null ? List.of() : List.copyOf(latencyMs);
  }
}
