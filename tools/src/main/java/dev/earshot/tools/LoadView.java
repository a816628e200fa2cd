package dev.earshot.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.harness.load.LoadCall;
import dev.earshot.harness.load.LoadListener;
import dev.earshot.harness.load.LoadResult;
import dev.earshot.harness.load.LoadSample;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** What {@code earshot load} prints while its run goes: text for people, or JSON lines for CI. */
abstract class LoadView implements LoadListener {
  protected final PrintWriter out;

  LoadView(PrintWriter out) {
    this.out = out;
  }

  /** A line about the run before its first call. */
  abstract void started(String line);

  /** Ctrl-C (or SIGTERM) was received: the run is being stopped. */
  abstract void stopping();

  /** The run has ended: its result, written to {@code outDir}. */
  abstract void result(LoadResult r, Path outDir);

  /** A line per second and per failed call (unless quiet), with a progress bar of the calls ended on a terminal. */
  static final class Text extends LoadView {
    private final boolean quiet;
    private final boolean terminal;
    private me.tongfei.progressbar.ProgressBar bar;

    Text(PrintWriter out, boolean quiet, boolean terminal) {
      super(out);
      this.quiet = quiet;
      this.terminal = terminal;
    }

    @Override
    void started(String line) {
      println(line);
    }

    @Override
    public void callEnded(LoadCall c) {
      if (!c.up() && !quiet) println(String.format(Locale.ROOT, "  call %d failed: %s", c.index(), c.failure()));
    }

    @Override
    public void second(LoadSample s) {
      if (quiet) return;
      synchronized (out) {
        if (terminal && bar == null && !s.last() && s.target() == null) { // a ramp has no count to fill: lines only
          bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("calls ended").setInitialMax(s.planned())
              .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(1000).build();
        }
        if (bar != null) {
          bar.stepTo(s.ended());
          bar.setExtraMessage(s.up() + " up" + (s.failed() == 0 ? "" : ", " + s.failed() + " failed"));
        }
      }
      println(line(s));
    }

    /** One second of the run, as the line a second shows it. */
    static String line(LoadSample s) {
      StringBuilder b = new StringBuilder(s.target() == null
          ? String.format(Locale.ROOT, "%6.0f s  %d/%d placed  %d up  %d ended", s.t(), s.placed(), s.planned(), s.up(), s.ended())
          : String.format(Locale.ROOT, "%6.0f s  %d placed  %d up (target %d)  %d ended", s.t(), s.placed(), s.up(), s.target(), s.ended()));
      b.append(s.failed() == 0 ? "" : String.format(Locale.ROOT, " (%d failed%s)", s.failed(), causes(s.failuresByCause())));
      b.append(String.format(Locale.ROOT, "  %.1f calls/s", s.callsPerSecond()));
      if (s.setupP50Ms() != null) b.append(String.format(Locale.ROOT, "  setup p50 %.0f p95 %.0f ms", s.setupP50Ms(), s.setupP95Ms()));
      if (s.latencyP50Ms() != null) b.append(String.format(Locale.ROOT, "  latency p50 %.0f p95 %.0f ms", s.latencyP50Ms(), s.latencyP95Ms()));
      b.append(String.format(Locale.ROOT, "  RTP loss %.2f%%", s.lossPercent()));
      if (s.sendErrorP99Ms() != null) b.append(String.format(Locale.ROOT, "  send p99 %.2f ms", s.sendErrorP99Ms()));
      if (s.timerFloorP99Ms() != null) b.append(String.format(Locale.ROOT, " (floor %.2f)", s.timerFloorP99Ms()));
      b.append(String.format(Locale.ROOT, "  CPU %.0f%%", s.cpuPercent()));
      return b.toString();
    }

    /** The commonest cause, and how many others there are: the line stays one line. */
    private static String causes(Map<String, Integer> byCause) {
      var top = byCause.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
      if (top == null) return "";
      String cause = top.getKey().length() > 60 ? top.getKey().substring(0, 57) + "..." : top.getKey();
      return ": " + top.getValue() + " " + cause + (byCause.size() > 1 ? "; " + (byCause.size() - 1) + " other causes" : "");
    }

    @Override
    void stopping() {
      println("");
      println("Stopping: no further calls; hanging up the calls in progress (a call still ringing ends at its answer or its ring timeout)");
    }

    @Override
    void result(LoadResult r, Path outDir) {
      synchronized (out) {
        if (bar != null) {
          bar.close();
          bar = null;
        }
        LoadCommand.print(out, r, outDir);
      }
    }

    private void println(String line) {
      synchronized (out) {
        if (bar != null) out.print("\r\033[K"); // the line goes above the bar, which redraws below it
        out.println(line);
        out.flush();
      }
    }
  }

  /** Every call, second and the result as one JSON object a line, each with its {@code event}: what a CI job parses. */
  static final class Json extends LoadView {
    Json(PrintWriter out) {
      super(out);
    }

    @Override
    void started(String line) {
      emit("started", Map.of("message", line));
    }

    @Override
    public void callEnded(LoadCall c) {
      emit("call", c);
    }

    @Override
    public void second(LoadSample s) {
      emit("second", s);
    }

    @Override
    void stopping() {
      emit("stopping", Map.of("message", "no further calls; hanging up the calls in progress"));
    }

    @Override
    void result(LoadResult r, Path outDir) {
      emit("result", r);
    }

    private void emit(String event, Object value) {
      ObjectNode line = dev.earshot.audio.Json.MAPPER.createObjectNode().put("event", event);
      line.setAll((ObjectNode) dev.earshot.audio.Json.MAPPER.valueToTree(value));
      synchronized (out) {
        out.println(line.toString());
        out.flush();
      }
    }
  }
}
