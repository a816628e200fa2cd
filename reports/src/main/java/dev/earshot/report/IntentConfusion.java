package dev.earshot.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The intent layer: expected against observed intent. The observed intent is, first, the one the agent
 * reports on the side channel; failing that, Earshot's reading of the agent's spoken reply ({@code unknown}
 * when the reply matches no intent). A turn with neither (no reply, no report) is not counted.
 */
public final class IntentConfusion {
  private IntentConfusion() {}

  /** The intent observed for {@code t}, or null when there is nothing to observe. */
  public static String observed(TurnResult t) {
    if (t.agent() != null && t.agent().intent() != null) return t.agent().intent();
    return t.heard() == null ? null : t.observedIntent();
  }

  /** Whether the observed intent is the expected one (true when the turn expects none). */
  public static boolean matched(TurnResult t) {
    return t.expectedIntent() == null || t.expectedIntent().equals(observed(t));
  }

  /** expected intent → observed intent → turns, over {@code calls}; keys in alphabetical order. */
  public static Map<String, Map<String, Integer>> of(List<CallResult> calls) {
    Map<String, Map<String, Integer>> m = new TreeMap<>();
    for (CallResult c : calls) {
      for (TurnResult t : c.turns()) {
        String o = observed(t);
        if (t.expectedIntent() == null || o == null) continue;
        m.computeIfAbsent(t.expectedIntent(), k -> new TreeMap<>()).merge(o, 1, Integer::sum);
      }
    }
    return m;
  }

  /** profile → the confusion matrix of its calls, in the run's profile order. */
  public static Map<String, Map<String, Map<String, Integer>>> byProfile(RunResult run) {
    Map<String, List<CallResult>> calls = new LinkedHashMap<>();
    for (CallResult c : run.calls()) calls.computeIfAbsent(c.profile(), k -> new java.util.ArrayList<>()).add(c);
    Map<String, Map<String, Map<String, Integer>>> out = new LinkedHashMap<>();
    calls.forEach((p, cs) -> out.put(p, of(cs)));
    return out;
  }
}
