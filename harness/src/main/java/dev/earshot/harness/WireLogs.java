package dev.earshot.harness;

import dev.earshot.report.CallResult;
import dev.earshot.telephony.rtp.WireImpairment;
import java.nio.file.Path;

/** A call's wire impairment, written out: its per-packet CSV and the summary that goes into the call's result. */
public final class WireLogs {
  private WireLogs() {}

  /** Writes {@code w}'s log to {@code outDir/relativeCsv}; returns its totals, or null when there was no impairment. */
  public static CallResult.WireStats write(WireImpairment w, Path outDir, String relativeCsv) {
    if (w == null) return null;
    w.writeCsv(outDir.resolve(relativeCsv));
    var c = w.counts();
    return new CallResult.WireStats(c.packets(), c.lost(), c.queueFull(), c.duplicated(), round3(c.meanDelayMs()),
        round3(c.maxDelayMs()), relativeCsv);
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
