package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The run's terminal output: a progress bar (the progressbar library) when asked for, plain lines always. */
class RunPrinterTest {
  /** What a terminal would show of the bar: every frame drawn. */
  private static final class Frames implements ProgressBarConsumer {
    final List<String> drawn = new ArrayList<>();

    @Override
    public int getMaxRenderedLength() {
      return 120;
    }

    @Override
    public synchronized void accept(String frame) {
      drawn.add(frame);
    }

    @Override
    public void close() {}

    synchronized String last() {
      return drawn.get(drawn.size() - 1);
    }
  }

  private static CallResult call(String id, Failure failure) {
    return CallResult.builder().id(id).scenario("s").profile("clean").seed(1).failure(failure).build();
  }

  @Test
  void theBarCountsCallsWithTheirFailuresAndAnEta() {
    StringWriter text = new StringWriter();
    Frames frames = new Frames();
    RunPrinter p = new RunPrinter(new PrintWriter(text, true), 5, frames);
    p.resumed(1, 5);
    p.callFinished(call("a", null));
    p.callFinished(call("b", Failure.of(Layer.LATENCY, Failure.Codes.NO_REPLY, "no agent speech within 10.0 s")));
    p.refresh();
    String bar = frames.last();
    assertTrue(bar.contains("calls") && bar.contains("3/5") && bar.contains("1 failed"), bar);
    assertTrue(bar.matches(".*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"), "elapsed / ETA: " + bar);
    assertTrue(text.toString().contains("[3/5] b") && text.toString().contains("(no agent speech within 10.0 s)"), "the lines go on, above the bar: " + text);
  }

  @Test
  void withoutABarThereArePlainLinesOnly() {
    StringWriter text = new StringWriter();
    RunPrinter p = new RunPrinter(new PrintWriter(text, true), 2);
    p.callFinished(call("a", null));
    assertTrue(text.toString().startsWith("[1/2] a "), text.toString());
    assertFalse(text.toString().contains("\033["), "no terminal control in a CI log");
  }
}
