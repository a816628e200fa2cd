package dev.earshot.harness.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.report.ReportFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What a load run leaves on disk as it goes, and its result made again from it: {@code load-plan.json} (written before
 * the first call), {@code load-calls.jsonl} (a line per call as it ends) and {@code load-timeline.jsonl} (a line a
 * second, with that second's send-time and timer-floor histograms). {@code load.json}, written when the run ends, can
 * always be rebuilt from them ({@link #rebuild}): for a run that was killed, with the calls that had ended.
 */
public final class LoadFiles {
  private static final ObjectMapper JSON = dev.earshot.audio.Json.MAPPER;
  public static final String PLAN = "load-plan.json", CALLS = "load-calls.jsonl", TIMELINE = "load-timeline.jsonl", RESULT = "load.json";

  private LoadFiles() {}

  /**
   * A load run's plan, as it began: whom it called, how many calls of the plan (all shards'), which shard it was, its
   * seed, rate and call duration (unused by a graded run, whose calls last as their scenarios do), when its clock (the
   * seconds' {@code t}) began, µs since the epoch, and for a graded run the suite's name and seed (else null).
   */
  public record Plan(String agent, int calls, String shard, long seed, double ratePerSecond, double durationSeconds, long startEpochUs,
      String suite, Long suiteSeed) {}

  /** The plan in {@code dir}. */
  public static Plan readPlan(Path dir) {
    Path planFile = dir.resolve(PLAN);
    if (!Files.isRegularFile(planFile)) throw new ReportFormatException(planFile + ": missing (written when a load run starts)", null);
    try {
      return JSON.readValue(planFile.toFile(), Plan.class);
    } catch (IOException e) {
      throw new ReportFormatException(planFile + ": expected a load run's plan (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
    }
  }

  static void writePlan(Path dir, Plan plan) {
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(PLAN).toFile(), plan);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(PLAN) + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code dir} is the output directory of a load run (it has the calls' lines). */
  public static boolean isLoadRun(Path dir) {
    return Files.isRegularFile(dir.resolve(CALLS));
  }

  /** The run's calls, in the order they ended. */
  public static List<LoadCall> readCalls(Path dir) {
    return readLines(dir.resolve(CALLS), LoadCall.class, "a call of a load run");
  }

  /** The run's seconds, in order. */
  public static List<LoadSample> readTimeline(Path dir) {
    return readLines(dir.resolve(TIMELINE), LoadSample.class, "a second of a load run");
  }

  /**
   * {@code file}'s lines, each a {@code type}. A last line cut short (no line end: the run was killed while writing it)
   * is left out; any other that does not parse is a {@link ReportFormatException} naming its line.
   */
  static <T> List<T> readLines(Path file, Class<T> type, String what) {
    if (!Files.isRegularFile(file)) throw new ReportFormatException(file + ": missing (expected the output directory of an earshot load run)", null);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReportFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    String[] lines = text.split("\n", -1);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) continue;
      boolean cutShort = i == lines.length - 1; // text after the last line end
      try {
        out.add(JSON.readValue(lines[i], type));
      } catch (IOException e) {
        if (cutShort) break;
        throw new ReportFormatException(file + ":" + (i + 1) + ": expected " + what + " (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
      }
    }
    return out;
  }

  /** A load run as its files have it: its plan, its calls (in plan order), its seconds, and the result made of them. */
  public record Rebuilt(Plan plan, List<LoadCall> calls, List<LoadSample> seconds, LoadResult result) {}

  /**
   * The run's result as its files have it, written to {@code load.json} and returned with what it was made of. A run that ended is given its
   * result exactly (counts, histograms, percentiles, verdict), but for the heap per call, which only the running process
   * knew (0 here), and its CPU and wall time, which come from its seconds (to the second). A run killed midway gets the
   * calls that had ended by its last second, {@code stopped} set, and its planned calls from its plan.
   */
  public static Rebuilt rebuild(Path dir) {
    Plan plan = readPlan(dir);
    List<LoadCall> calls = readCalls(dir);
    calls.sort(java.util.Comparator.comparingInt(LoadCall::index));
    List<LoadSample> seconds = readTimeline(dir);
    Histogram send = Histograms.empty(), woke = Histograms.empty();
    int peak = 0;
    double cpuSeconds = 0, before = 0;
    for (LoadSample s : seconds) {
      send.add(Histograms.decode(s.sendErrorUs(), TIMELINE + " at " + s.t() + " s: send_error_us"));
      woke.add(Histograms.decode(s.timerFloorUs(), TIMELINE + " at " + s.t() + " s: timer_floor_us"));
      peak = Math.max(peak, s.peak());
      cpuSeconds += s.cpuPercent() / 100 * (s.t() - before);
      before = s.t();
    }
    LoadSample last = seconds.isEmpty() ? null : seconds.get(seconds.size() - 1);
    boolean ended = last != null && last.last();
    boolean stopped = !ended || last.stopped();
    int[] shard = LoadOptions.parseShard(plan.shard());
    int ofThisShard = (plan.calls() - shard[0] + shard[1] - 1) / shard[1]; // the calls k of the plan with k % shards == shard
    int planned = ended ? (last.stopped() ? last.placed() : last.planned()) : last == null ? ofThisShard : Math.max(last.planned(), calls.size());
    double wall = last == null ? 0 : last.t();
    LoadResult r = LoadRun.summarise(calls, send, woke, peak, wall, wall == 0 ? 0 : 100 * cpuSeconds / wall, 0, planned, stopped, plan.shard(), seconds);
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(RESULT).toFile(), r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(RESULT) + ": " + e.getMessage(), e);
    }
    return new Rebuilt(plan, calls, seconds, r);
  }
}
