import dev.earshot.report.CallResult;
import dev.earshot.report.Reports;
import dev.earshot.report.RunPlan;
import dev.earshot.report.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A large run directory made from a real one, for bench/html-load.sh: the calls of SRC repeated (ids suffixed
 * --copyN) until there are N, each with its own events file and referencing SRC's recordings (nothing copied but the
 * small files), then every report written, report.html included. The page is then as big as a real N-call run's.
 *
 *   java -cp tools/target/earshot.jar bench/ReplicateRun.java SRC DST N
 */
public class ReplicateRun {
  public static void main(String[] args) {
    Path src = Path.of(args[0]).toAbsolutePath(), dst = Path.of(args[1]).toAbsolutePath();
    int n = Integer.parseInt(args[2]);
    RunPlan plan = Reports.readPlan(src);
    List<CallResult> base = new ArrayList<>();
    for (String id : plan.calls()) {
      CallResult c = Reports.readCall(src, id);
      if (c != null) base.add(c);
    }
    if (base.isEmpty()) throw new IllegalArgumentException(src + ": no call has ended there");
    String rel = dst.relativize(src) + "/";
    List<CallResult> calls = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; calls.size() < n; i++) {
      CallResult c = base.get(i % base.size());
      String id = c.id() + "--copy" + (i / base.size() + 1);
      CallResult copy = c.toBuilder().id(id).recording(c.recording() == null ? null : rel + c.recording())
          .capture(c.capture() == null ? null : rel + c.capture()).build();
      calls.add(copy);
      ids.add(id);
      seeds.add(c.seed());
      var events = Reports.readEvents(src, c.id());
      if (events != null) Reports.writeEvents(dst, id, events);
    }
    RunPlan big = new RunPlan(plan.suite(), plan.agent(), plan.seed(), plan.started(), ids, seeds);
    Reports.writeStart(big, dst);
    for (CallResult c : calls) Reports.writeCall(c, dst);
    long t0 = System.nanoTime();
    RunResult run = Reports.rebuild(dst);
    System.out.printf("%d calls written to %s; reports rebuilt in %.0f ms%n", run.calls().size(), dst, (System.nanoTime() - t0) / 1e6);
  }
}
