package dev.earshot.harness.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.report.ReportFormatException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The shards of one load plan ({@code earshot load --shard i/n}, on as many machines) as one run: counts added, the
 * setup and send-time histograms added (so every percentile is that of all the calls together, never an average of
 * the shards' percentiles), the calls' lines in plan order.
 */
public final class LoadMerge {
  private static final ObjectMapper JSON = dev.earshot.audio.Json.MAPPER;

  private LoadMerge() {}

  /** The merged run, and its calls in plan order. */
  public record Merged(LoadResult result, List<LoadCall> calls) {}

  /**
   * Reads each directory's {@code load.json} and {@code load-calls.jsonl} and merges them. They must be the shards
   * {@code 1/n} to {@code n/n} of one plan, each once; anything else is a {@link ReportFormatException} in one line.
   */
  public static Merged read(List<Path> dirs) {
    List<LoadResult> results = new ArrayList<>();
    List<LoadCall> calls = new ArrayList<>();
    Map<Integer, Path> seen = new TreeMap<>();
    int shards = -1;
    for (Path dir : dirs) {
      Path file = dir.resolve("load.json");
      if (!Files.isRegularFile(file)) throw new ReportFormatException(dir + ": no load.json (expected the output directory of an earshot load run)", null);
      LoadResult r;
      try {
        r = JSON.readValue(file.toFile(), LoadResult.class);
      } catch (IOException e) {
        throw new ReportFormatException(file + ": expected the load.json of an earshot load run (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
      }
      int[] s;
      try {
        s = LoadOptions.parseShard(r.shard());
      } catch (IllegalArgumentException e) {
        throw new ReportFormatException(file + ": shard: " + e.getMessage(), e);
      }
      if (shards == -1) shards = s[1];
      if (s[1] != shards) throw new ReportFormatException(file + ": shard " + r.shard() + ": expected a shard of " + shards + " like " + dirs.get(0) + "'s", null);
      Path before = seen.put(s[0], dir);
      if (before != null) throw new ReportFormatException(file + ": shard " + r.shard() + " again (" + before + " is that shard too); expected each shard once", null);
      if (r.histograms() == null) throw new ReportFormatException(file + ": no histograms (written by an Earshot older than merge)", null);
      results.add(r);
      List<LoadCall> mine = LoadFiles.readCalls(dir);
      if (mine.size() != r.calls()) {
        throw new ReportFormatException(dir.resolve("load-calls.jsonl") + ": " + mine.size() + " calls, but load.json counts " + r.calls(), null);
      }
      calls.addAll(mine);
    }
    if (seen.size() != shards) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < shards; i++) if (!seen.containsKey(i)) missing.add((i + 1) + "/" + shards);
      throw new ReportFormatException("shards " + String.join(", ", missing) + " missing: expected the output directories of every shard of the plan", null);
    }
    calls.sort(Comparator.comparingInt(LoadCall::index));
    return new Merged(merge(results).withGraded(LoadGrades.of(calls)), List.copyOf(calls)); // grades from the calls themselves: exact
  }

  /** The results of the shards of one plan as one run's. */
  public static LoadResult merge(List<LoadResult> shards) {
    Histogram setup = Histograms.empty(), send = Histograms.empty(), woke = Histograms.empty();
    Map<String, Integer> causes = new TreeMap<>();
    int calls = 0, up = 0, peak = 0, planned = 0;
    long sent = 0, received = 0, lost = 0, wireLost = 0, wireDuplicated = 0, strays = 0;
    double wall = 0, cpuSeconds = 0, heapKb = 0;
    boolean stopped = false;
    for (LoadResult r : shards) {
      setup.add(Histograms.decode(r.histograms().setupUs(), "setup_us of shard " + r.shard()));
      send.add(Histograms.decode(r.histograms().sendErrorUs(), "send_error_us of shard " + r.shard()));
      woke.add(Histograms.decode(r.histograms().timerFloorUs(), "timer_floor_us of shard " + r.shard()));
      r.failuresByCause().forEach((k, v) -> causes.merge(k, v, Integer::sum));
      calls += r.calls();
      up += r.up();
      peak += r.peakConcurrent(); // each shard's peak may fall at another moment: the sum bounds the plan's
      planned += r.planned();
      sent += r.packetsSent();
      received += r.packetsReceived();
      lost += r.packetsLost();
      wireLost += r.wireLost();
      wireDuplicated += r.wireDuplicated();
      strays += r.rtpStrays();
      wall = Math.max(wall, r.wallSeconds());
      cpuSeconds += r.cpuPercent() / 100 * r.wallSeconds();
      heapKb += r.heapPerCallKb() * r.calls();
      stopped |= r.stopped();
    }
    return new LoadResult(calls, up, causes, peak, Histograms.ms(setup, 50), Histograms.ms(setup, 99), sent, received, lost,
        Histograms.ms(send, 50), Histograms.ms(send, 99), Histograms.maxMs(send), LoadRun.round(wall), wall == 0 ? 0 : LoadRun.round(100 * cpuSeconds / wall),
        calls == 0 ? 0 : LoadRun.round(heapKb / calls), wireLost, wireDuplicated, strays, planned, stopped, "1/1",
        Histograms.ms(woke, 99), LoadVerdict.merge(shards), new Histograms(Histograms.encode(setup), Histograms.encode(send), Histograms.encode(woke)), null);
  }

  /** Writes the merged run as one run's output: {@code load.json} and {@code load-calls.jsonl}. */
  public static void write(Merged m, Path outDir) {
    try {
      Files.createDirectories(outDir);
      JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("load.json").toFile(), m.result());
      try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("load-calls.jsonl"))) {
        for (LoadCall c : m.calls()) {
          w.write(JSON.writeValueAsString(c));
          w.newLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + outDir + ": " + e.getMessage(), e);
    }
  }
}
