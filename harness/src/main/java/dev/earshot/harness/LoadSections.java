package dev.earshot.harness;

import dev.earshot.harness.load.LoadResult;
import dev.earshot.harness.load.LoadSample;
import dev.earshot.report.CallResult;
import dev.earshot.report.LoadSection;
import dev.earshot.report.TurnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A graded load run's section of the report, from what the run left on disk ({@code load-timeline.jsonl}) and its calls'
 * results: the seconds, and each turn placed in the second it was taken in, to group the turns' latency by the calls
 * up at that moment (percentiles from HdrHistograms).
 */
final class LoadSections {
  /** At most this many bands of concurrency. */
  static final int BANDS = 10;

  private LoadSections() {}


  /** {@code startEpochUs}: when the run's clock (the seconds' {@code t}) began, µs since the epoch; 0 when unknown. */
  static LoadSection of(LoadResult r, List<LoadSample> samples, List<CallResult> calls, long startEpochUs) {
    int peak = Math.max(1, r.peakConcurrent());
    int width = bandWidth(peak);
    Map<Integer, Histogram> bands = new TreeMap<>();
    Map<Integer, Histogram> perSecond = new TreeMap<>(); // by the index of the sample that holds the turn
    if (startEpochUs != 0 && !samples.isEmpty()) {
      for (CallResult c : calls) {
        if (c.mediaStartEpochUs() == null) continue;
        for (TurnResult t : c.turns()) {
          if (t.latencyMs() == null || t.callerSpeechEndS() == null) continue;
          double at = (c.mediaStartEpochUs() + t.callerSpeechEndS() * 1e6 - startEpochUs) / 1e6;
          int i = sampleAt(samples, at);
          long us = Math.max(0, Math.round(t.latencyMs() * 1000));
          bands.computeIfAbsent(samples.get(i).up() / width, k -> new Histogram(3)).recordValue(us);
          perSecond.computeIfAbsent(i, k -> new Histogram(3)).recordValue(us);
        }
      }
    }
    List<LoadSection.Second> seconds = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      LoadSample s = samples.get(i);
      Histogram h = perSecond.get(i);
      seconds.add(new LoadSection.Second(s.t(), s.up(), s.failed(), s.callsPerSecond(), h == null ? null : ms(h, 50), h == null ? null : ms(h, 95),
          Math.round(s.lossPercent() * 1000) / 1000.0, s.sendErrorP99Ms(), s.timerFloorP99Ms(), s.cpuPercent()));
    }
    List<LoadSection.Band> byConcurrency = new ArrayList<>();
    bands.forEach((k, h) -> byConcurrency.add(new LoadSection.Band(k * width, k * width + width - 1, (int) h.getTotalCount(), ms(h, 50), ms(h, 95), ms(h, 99))));
    var v = r.verdict();
    var knee = v == null ? null : v.knee();
    return new LoadSection(r.calls(), r.up(), r.peakConcurrent(), r.wallSeconds(), r.sendErrorP99Ms(), r.timerFloorP99Ms(),
        v != null && v.generatorLimited(), v == null ? null : v.generator(), knee == null ? null : knee.cause(), knee == null ? null : knee.t(),
        knee == null ? null : knee.concurrent(), seconds, byConcurrency);
  }

  /** A round width (1, 2, 5, 10, 20, 50, ...) that cuts 0..peak into at most {@link #BANDS} bands. */
  static int bandWidth(int peak) {
    int w = 1;
    while ((peak + w) / w > BANDS) w = w * (String.valueOf(w).startsWith("2") ? 5 : 2) / (String.valueOf(w).startsWith("2") ? 2 : 1);
    return w;
  }

  /** The sample of the second that holds {@code t}: the first taken at or after it (the last one after the end). */
  private static int sampleAt(List<LoadSample> samples, double t) {
    for (int i = 0; i < samples.size(); i++) if (samples.get(i).t() >= t) return i;
    return samples.size() - 1;
  }

  private static double ms(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0 : Math.round(h.getValueAtPercentile(p) / 10.0) / 100.0;
  }
}
