package dev.earshot.harness.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A graded load run's calls, summed up: computed from the calls' {@link LoadGrade}s alone (in {@code load-calls.jsonl}),
 * so that merged shards give exactly what one run would.
 *
 * @param calls graded calls (placed and ended); {@code passed} those whose every check passed
 * @param failedByLayer failed calls by the layer charged
 * @param failedByCode failed calls by failure code
 * @param turns, turnsPassed the calls' {@code expect} steps, and those that passed
 * @param timedTurns turns with a response latency; its percentiles from an HdrHistogram (µs, 3 digits) of them all
 * @param transcribed calls whose agent speech was transcribed (the others were timed, not read)
 * @param audioProblems calls whose media failed, by code ({@code one_way_audio}, {@code no_audio}, ...)
 * @param byScenario per scenario of the suite: its calls, those passed and its turns' latency
 * @param resultLagP95Ms, resultLagMaxMs how long after their end the calls' graded results came (transcripts waited for,
 *     turns judged), 95th percentile and largest, ms
 */
public record LoadGrades(int calls, int passed, Map<String, Integer> failedByLayer, Map<String, Integer> failedByCode, int turns,
    int turnsPassed, int timedTurns, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms, double latencyMaxMs,
    int transcribed, Map<String, Integer> audioProblems, Map<String, Scenario> byScenario, double resultLagP95Ms, double resultLagMaxMs) {

  /** One scenario's calls in the run. */
  public record Scenario(int calls, int passed, int timedTurns, double latencyP50Ms, double latencyP95Ms) {}

  /** The graded calls among {@code calls} summed up; null when none was graded (a plain load run). */
  public static LoadGrades of(List<LoadCall> calls) {
    Histogram all = Histograms.empty(), lag = Histograms.empty();
    Map<String, Histogram> perScenario = new TreeMap<>();
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Integer> layers = new TreeMap<>(), codes = new TreeMap<>(), audio = new TreeMap<>();
    int graded = 0, passed = 0, turns = 0, turnsPassed = 0, transcribed = 0;
    for (LoadCall c : calls) {
      LoadGrade g = c.grade();
      if (g == null) continue;
      graded++;
      int[] n = counts.computeIfAbsent(g.scenario(), k -> new int[2]);
      n[0]++;
      if (g.passed()) {
        passed++;
        n[1]++;
      } else {
        if (g.layer() != null) layers.merge(g.layer(), 1, Integer::sum);
        if (g.code() != null) codes.merge(g.code(), 1, Integer::sum);
      }
      if (!"ok".equals(g.audio())) audio.merge(g.audio(), 1, Integer::sum);
      turns += g.turns();
      turnsPassed += g.turnsPassed();
      if (g.transcribed()) transcribed++;
      if (g.resultLagMs() != null) lag.recordValue(Math.max(0, Math.round(g.resultLagMs() * 1000)));
      Histogram h = perScenario.computeIfAbsent(g.scenario(), k -> Histograms.empty());
      for (double ms : g.latencyMs()) {
        long us = Math.max(0, Math.round(ms * 1000));
        all.recordValue(us);
        h.recordValue(us);
      }
    }
    if (graded == 0) return null;
    Map<String, Scenario> byScenario = new TreeMap<>();
    counts.forEach((name, n) -> {
      Histogram h = perScenario.get(name);
      byScenario.put(name, new Scenario(n[0], n[1], (int) h.getTotalCount(), Histograms.ms(h, 50), Histograms.ms(h, 95)));
    });
    return new LoadGrades(graded, passed, layers, codes, turns, turnsPassed, (int) all.getTotalCount(), Histograms.ms(all, 50),
        Histograms.ms(all, 95), Histograms.ms(all, 99), Histograms.maxMs(all), transcribed, audio, byScenario, Histograms.ms(lag, 95), Histograms.maxMs(lag));
  }
}
