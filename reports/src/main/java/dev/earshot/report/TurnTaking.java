package dev.earshot.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the agent took turns over a set of calls (a profile's): of the turns whose response latency was measured, how many
 * replies began before the caller's last word, i.e. the agent cut in on the caller mid-utterance or in a pause of it
 * (a negative latency), and by how much at worst. Every writer reads these figures from here, never recounts them.
 *
 * @param profile the profile (or profile × persona column) the figures are over
 * @param timedTurns turns with a response latency
 * @param cutIns of those, the replies that began before the caller's last word
 * @param maxOverlapMs the largest head start of such a reply over the caller's last word, ms; null when there is none
 */
public record TurnTaking(String profile, int timedTurns, int cutIns, Double maxOverlapMs) {
  /** The figures over {@code calls}, named {@code profile}. */
  public static TurnTaking of(String profile, Collection<CallResult> calls) {
    int timed = 0, cut = 0;
    Double worst = null;
    for (CallResult c : calls) {
      for (TurnResult t : c.turns()) {
        if (t.latencyMs() == null) continue;
        timed++;
        if (t.latencyMs() >= 0) continue;
        cut++;
        worst = worst == null ? -t.latencyMs() : Math.max(worst, -t.latencyMs());
      }
    }
    return new TurnTaking(profile, timed, cut, worst == null ? null : Math.round(worst * 10) / 10.0);
  }

  /** One entry per profile, in the order the profiles first appear among the run's calls. */
  public static List<TurnTaking> byProfile(RunResult run) {
    Map<String, List<CallResult>> by = new LinkedHashMap<>();
    for (CallResult c : run.calls()) by.computeIfAbsent(c.profile(), k -> new ArrayList<>()).add(c);
    List<TurnTaking> out = new ArrayList<>();
    by.forEach((p, calls) -> out.add(of(p, calls)));
    return out;
  }

  /** "3 of 40 timed turns, by up to 310 ms", or "none of 40 timed turns". */
  public String text() {
    return cutIns == 0 ? "none of " + timedTurns + " timed turns"
        : cutIns + " of " + timedTurns + " timed turns, by up to " + Math.round(maxOverlapMs) + " ms";
  }
}
