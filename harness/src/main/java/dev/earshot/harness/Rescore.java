package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.Wav;
import dev.earshot.report.CallEvent;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layers;
import dev.earshot.report.ReportFormatException;
import dev.earshot.report.Reports;
import dev.earshot.report.RunPlan;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a finished run again, from what it recorded, against a suite whose checks changed (a phrase, an intent, a
 * latency or barge-in limit): no call is placed. Each call's events ({@code calls/ID.events.jsonl}) and the agent's
 * side of its recording ({@code recordings/ID.wav}) go through the same {@link CallJudge} a live call goes through,
 * so an unchanged suite gives the live results exactly. What the network and SIP measured (setup, RTP, path) is kept.
 *
 * <p>A rescore changes what the steps check, not the steps: each scenario must have the steps, of the same kinds,
 * that its calls ran. Calls that were never set up have nothing to judge again and are kept as they were.
 */
public final class Rescore {
  private Rescore() {}

  /**
   * A call whose verdict moved: what failed before ({@code was}) and now ({@code now}), "passed" when nothing did; and
   * {@code turns}, a line for each turn that passes now and did not, or the reverse.
   */
  public record Change(String call, String was, String now, List<String> turns) {}

  /**
   * The run judged again; the calls whose verdict moved; how many calls were judged again, how many kept as they were
   * (never set up), and how many came out exactly as the run had them, every figure equal.
   */
  public record Outcome(RunResult run, List<Change> changes, int rejudged, int kept, int identical) {}

  /**
   * Judges the run in {@code runDir} again against {@code suite} (read from {@code suiteSource}, named in errors) and
   * writes the result to {@code outDir} as a run directory of its own (run.json, calls/, every report), its recordings
   * referenced in {@code runDir}. A scenario or step that does not match what a call ran is a {@link SuiteException}.
   */
  public static Outcome run(Path runDir, Suite suite, String suiteSource, Path outDir) {
    RunPlan plan = Reports.readPlan(runDir);
    CallJudge judge = new CallJudge(new IntentJudge(suite.intents()));
    List<CallResult> calls = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    int rejudged = 0, identical = 0;
    String rel = outDir.toAbsolutePath().normalize().relativize(runDir.toAbsolutePath().normalize()).toString();
    String prefix = rel.isEmpty() ? "" : rel + "/"; // from the rescore's directory to the run's
    for (String id : plan.calls()) {
      CallResult live = Reports.readCall(runDir, id);
      if (live == null) continue; // the run stopped before this call ended
      List<CallEvent> events = Reports.readEvents(runDir, id);
      CallResult again = live;
      if (events != null && events.stream().anyMatch(e -> e instanceof CallEvent.MediaStart)) {
        Suite.Scenario scenario = scenario(suite, suiteSource, live);
        requireSameSteps(scenario, events, suiteSource, live.id());
        again = rejudge(judge, scenario, live, events, runDir);
        rejudged++;
      }
      if (again.equals(live)) identical++;
      String was = verdict(live), now = verdict(again); // "passed" exactly when the call passed
      if (!was.equals(now)) changes.add(new Change(id, was, now, turnChanges(live, again)));
      calls.add(relocated(again, prefix));
    }
    RunResult run = new RunResult(plan.suite(), plan.agent(), plan.seed(), plan.started(), calls.size() == plan.calls().size() ? finished(runDir) : null,
        plan.calls().size(), calls);
    write(plan, run, runDir, outDir);
    return new Outcome(run, changes, rejudged, calls.size() - rejudged, identical);
  }

  /** When the run's last call ended, as its report says; null when it does not say. */
  private static java.time.Instant finished(Path runDir) {
    Path report = runDir.resolve(Reports.REPORT_JSON);
    if (!Files.isRegularFile(report)) return null;
    try {
      return Reports.readJson(report).finished();
    } catch (ReportFormatException e) {
      return null; // calls/ID.json are what counts; a damaged report.json only loses the time
    }
  }

  private static Suite.Scenario scenario(Suite suite, String source, CallResult call) {
    return suite.scenarios().stream().filter(s -> s.name().equals(call.scenario())).findFirst()
        .orElseThrow(() -> new SuiteException(source + ": no scenario '" + call.scenario() + "', which call " + call.id()
            + " ran (expected the suite the run used, its checks changed but not its scenarios)"));
  }

  /** The steps the call ran, by their {@code step_start} events, must be the scenario's, of the same kinds. */
  private static void requireSameSteps(Suite.Scenario scenario, List<CallEvent> events, String source, String id) {
    List<Step> steps = Program.of(scenario).steps();
    for (CallEvent e : events) {
      if (!(e instanceof CallEvent.StepStart s)) continue;
      if (s.step() >= steps.size() || !steps.get(s.step()).kind().equals(s.kind())) {
        throw new SuiteException(source + ": scenario '" + scenario.name() + "' step " + (s.step() + 1) + ": call " + id + " ran a '" + s.kind()
            + "' step there, the suite has " + (s.step() >= steps.size() ? "no step " + (s.step() + 1) : "'" + steps.get(s.step()).kind() + "'")
            + " (a rescore changes what the steps check, not the steps; run the suite again for new steps)");
      }
    }
  }

  private static CallResult rejudge(CallJudge judge, Suite.Scenario scenario, CallResult live, List<CallEvent> events, Path runDir) {
    double agentMs = 0;
    for (CallEvent e : events) if (e instanceof CallEvent.Recorded r) agentMs = r.agentMs();
    Pcm agent = agentSide(runDir, live);
    CallJudge.Judged j = judge.judge(scenario.steps(), events, AgentVoicing.of(agent, agentMs, VoiceActivity.DEFAULT));
    return live.toBuilder().status(j.failure() == null ? CallResult.COMPLETED : CallResult.FAILED).failure(j.failure()).greeting(j.greeting())
        .timeToGreetingMs(j.timeToGreetingMs()).durationS(j.durationS()).turns(j.turns()).bargeIns(j.bargeIns()).branches(j.branches()).build();
  }

  /** The agent's side (right channel) of the call's recording; silence when there is none (no barge-in can be judged then). */
  private static Pcm agentSide(Path runDir, CallResult call) {
    if (call.recording() == null) return Pcm.silence(8000, 0);
    Path wav = runDir.resolve(call.recording());
    if (!Files.isRegularFile(wav)) throw new ReportFormatException(wav + ": missing (call " + call.id() + "'s recording, which a rescore judges barge-ins on)", null);
    Pcm[] ch = Wav.readChannels(wav);
    return ch.length > 1 ? ch[1] : Pcm.silence(ch[0].sampleRate(), 0);
  }

  /** The call with its artefacts named from the rescore's directory ({@code prefix} leads from there to the run's). */
  private static CallResult relocated(CallResult c, String prefix) {
    CallResult.WireStats w = c.wire();
    return c.toBuilder().recording(c.recording() == null ? null : prefix + c.recording()).capture(c.capture() == null ? null : prefix + c.capture())
        .wire(w == null || w.log() == null ? w : new CallResult.WireStats(w.packets(), w.lost(), w.queueFull(), w.duplicated(), w.meanDelayMs(), w.maxDelayMs(), prefix + w.log()))
        .build();
  }

  /** What a call's verdict is, in one phrase: "passed", or the first failure's layer/code (or the barge-in steps'). */
  static String verdict(CallResult c) {
    if (c.passed()) return "passed";
    Failure f = Layers.firstFailure(c);
    if (f != null) return f.layer().id() + "/" + f.code();
    return String.join(",", c.failedLayers());
  }

  /** The turns that pass now and did not, or the reverse: for the lines that say what moved. */
  private static List<String> turnChanges(CallResult before, CallResult after) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(before.turns().size(), after.turns().size()); i++) {
      TurnResult b = before.turns().get(i), a = after.turns().get(i);
      if (b.passed() != a.passed()) {
        out.add("turn " + a.index() + (a.passed() ? " now passes" : " now fails: " + (a.failure() == null ? "" : a.failure().layer().id() + "/"
            + a.failure().code() + " " + a.failure().message())));
      }
    }
    return out;
  }

  private static void write(RunPlan plan, RunResult run, Path runDir, Path outDir) {
    Reports.writeStart(plan, outDir);
    for (CallResult c : run.calls()) {
      Reports.writeCall(c, outDir);
      Path events = runDir.resolve(Reports.eventsFile(c.id()));
      if (Files.isRegularFile(events)) {
        try {
          Files.createDirectories(outDir.resolve("calls"));
          Files.copy(events, outDir.resolve(Reports.eventsFile(c.id())), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot copy " + events + ": " + e.getMessage(), e);
        }
      }
    }
    Reports.writeAll(run, outDir);
  }
}
