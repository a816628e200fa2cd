package dev.earshot.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.report.ReportFormatException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards merged: the percentiles of every call together (histograms added), never an average of the shards' percentiles. */
class LoadMergeTest {
  @TempDir Path dir;

  /** A shard whose calls set up in {@code setupsMs} and whose packets left {@code sendUs} late. */
  private static LoadResult shard(String name, long[] setupsUs, long[] sendUs) {
    Histogram setup = Histograms.empty(), send = Histograms.empty();
    for (long v : setupsUs) setup.recordValue(v);
    for (long v : sendUs) send.recordValue(v);
    return new LoadResult(setupsUs.length, setupsUs.length, Map.of(), setupsUs.length, Histograms.ms(setup, 50), Histograms.ms(setup, 99), sendUs.length, sendUs.length,
        0, Histograms.ms(send, 50), Histograms.ms(send, 99), Histograms.maxMs(send), 10, 50, 100, 0, 0, 0, setupsUs.length, false, name,
        2.5, null, new Histograms(Histograms.encode(setup), Histograms.encode(send), null), null);
  }

  @Test
  void mergedPercentilesAreThoseOfEveryCallTogether() {
    SplittableRandom r = new SplittableRandom(7);
    // a fast shard and a slow one (say, two machines' views of an agent that degrades under load)
    long[] fast = r.longs(900, 5_000, 20_000).toArray(), slow = r.longs(100, 200_000, 900_000).toArray();
    long[] fastSend = r.longs(5000, 0, 3_000).toArray(), slowSend = r.longs(500, 0, 40_000).toArray();
    LoadResult merged = LoadMerge.merge(List.of(shard("1/2", fast, fastSend), shard("2/2", slow, slowSend)));
    Histogram all = Histograms.empty(), allSend = Histograms.empty();
    for (long v : fast) all.recordValue(v);
    for (long v : slow) all.recordValue(v);
    for (long v : fastSend) allSend.recordValue(v);
    for (long v : slowSend) allSend.recordValue(v);
    assertEquals(Histograms.ms(all, 99), merged.setupP99Ms(), "p99 of the 1000 calls");
    assertEquals(Histograms.ms(all, 50), merged.setupP50Ms());
    assertEquals(Histograms.ms(allSend, 99), merged.sendErrorP99Ms());
    assertEquals(Histograms.maxMs(allSend), merged.sendErrorMaxMs());
    double averaged = (shard("1/2", fast, fastSend).setupP99Ms() + shard("2/2", slow, slowSend).setupP99Ms()) / 2;
    assertNotEquals(averaged, merged.setupP99Ms(), "not the average of the shards' p99s");
    assertTrue(merged.setupP99Ms() > 200, "the slow tenth dominates the p99: " + merged.setupP99Ms());
    assertEquals(1000, merged.calls());
    assertEquals("1/1", merged.shard());
    assertEquals(all.getTotalCount(), Histograms.decode(merged.histograms().setupUs(), "setup").getTotalCount(), "the merged histogram travels on");
  }

  @Test
  void everyShardOnceOrOneLineSaysWhich() throws Exception {
    Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
    LoadMerge.write(new LoadMerge.Merged(shard("1/3", new long[] {1000}, new long[] {10}), List.of(call(0))), a);
    LoadMerge.write(new LoadMerge.Merged(shard("2/3", new long[] {1000}, new long[] {10}), List.of(call(1))), b);
    LoadMerge.write(new LoadMerge.Merged(shard("2/3", new long[] {1000}, new long[] {10}), List.of(call(4))), c);
    ReportFormatException missing = assertThrows(ReportFormatException.class, () -> LoadMerge.read(List.of(a, b)));
    assertEquals("shards 3/3 missing: expected the output directories of every shard of the plan", missing.getMessage());
    ReportFormatException twice = assertThrows(ReportFormatException.class, () -> LoadMerge.read(List.of(a, b, c)));
    assertEquals(c.resolve("load.json") + ": shard 2/3 again (" + b + " is that shard too); expected each shard once", twice.getMessage());
  }

  private static LoadCall call(int index) {
    return new LoadCall(index, "id" + index, true, null, 1.0, 1, 50, 50, 0, 0, 0, 0, 0, 0, 0, null, null);
  }
}
