package dev.earshot.harness;

import dev.earshot.audio.profile.Network;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One call to place: a scenario under a profile (one trial of it), with its caller audio already rendered, and
 * what the path does to the packets sent (the scenario's {@code network:} or else the profile's; null for a
 * perfect path).
 *
 * @param clips one per step of the scenario's {@link Program} (its branches' steps and answers too): the audio of a
 *     {@code say}, {@code barge_in} or {@code noise_only} step, null for the others
 * @param budgets the scenario's limits, completed by the suite's
 * @param persona the caller's persona, or null when the suite crosses none
 * @param greeting {@code expected}, {@code optional} or {@code none}: the scenario's, else the suite's
 * @param caller who the call is from (the scenario's, else the persona's, else the suite's), or null
 * @param headers the suite's SIP headers with the scenario's over them, then the caller's identity headers
 * @param dtmfMode how {@code dtmf} steps send keys: the scenario's, else the suite's, else {@code auto}
 * @param agentSilenceMs agent silence that ends its utterance, the scenario's else the suite's; null: the run's
 * @param maxUtteranceS the longest agent utterance, the scenario's else the suite's; null: the run's
 */
record CallPlan(String id, Suite.Scenario scenario, String profile, int trial, long seed, List<CallerClip> clips, Network network,
    Budgets budgets, String persona, String greeting, Caller caller, java.util.Map<String, String> headers, String dtmfMode,
    Long agentSilenceMs, Double maxUtteranceS) {
  CallPlan(String id, Suite.Scenario scenario, String profile, int trial, long seed, List<CallerClip> clips, Network network,
      Budgets budgets, String persona, String greeting, Caller caller, java.util.Map<String, String> headers, String dtmfMode) {
    this(id, scenario, profile, trial, seed, clips, network, budgets, persona, greeting, caller, headers, dtmfMode, null, null);
  }

  /** Agent silence (ms) that ends an agent utterance on this call: its own, else {@code fallback} (the run's). */
  long agentSilenceMs(long fallback) {
    return agentSilenceMs != null ? agentSilenceMs : fallback;
  }

  /** The longest agent utterance (ms) on this call: its own, else {@code fallback} (the run's). */
  long maxUtteranceMs(long fallback) {
    return maxUtteranceS != null ? Math.round(maxUtteranceS * 1000) : fallback;
  }

  CallPlan {
    dtmfMode = dtmfMode == null ? "auto" : dtmfMode;
    greeting = greeting == null ? "expected" : greeting;
    headers = headers == null ? java.util.Map.of() : java.util.Map.copyOf(headers);
    clips = Collections.unmodifiableList(new ArrayList<>(clips));
    if (clips.size() != Program.of(scenario).size()) throw new IllegalArgumentException("one clip (or null) per step expected, branches' steps too");
  }
}
