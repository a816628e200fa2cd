package dev.earshot.harness;

import dev.earshot.harness.load.LoadCall;
import dev.earshot.harness.load.LoadGrade;
import dev.earshot.harness.load.LoadRun;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Layer;
import dev.earshot.report.Layers;
import dev.earshot.report.TurnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What each call of a graded load run plays: one of the suite's planned calls (a scenario under a profile, and a
 * persona when the suite has some; its audio rendered once), drawn for call {@code k} by the scenarios' weights from a
 * random number seeded by the run's seed and {@code k} alone, so every shard and every re-run draws the same.
 */
final class LoadMix {
  /** Mixed into the run's seed for the draw. */
  private static final long MIX_SEED = 0x6D69784C6F6164L;
  private static final Set<String> AUDIO_CODES = Set.of(Codes.NO_AUDIO, Codes.ONE_WAY_AUDIO, Codes.SILENT_AUDIO, Codes.MEDIA_STOPPED,
      Codes.CLIPPED_AUDIO);

  private final List<CallPlan> plans = new ArrayList<>();
  /** Cumulative weights, one per plan: a scenario's weight shared among its profiles and personas. */
  private final double[] upTo;
  private final long seed;

  LoadMix(List<CallPlan> all, long seed) {
    this.seed = seed;
    List<Double> weights = new ArrayList<>();
    for (CallPlan p : all) {
      if (p.trial() != 1 || p.scenario().inbound() || p.scenario().weight() == 0) continue; // trials are a run's; inbound calls are the agent's to place
      long siblings = all.stream().filter(q -> q.trial() == 1 && q.scenario() == p.scenario()).count();
      plans.add(p);
      weights.add(p.scenario().weight() / siblings);
    }
    if (plans.isEmpty()) {
      throw new SuiteException("the suite has no scenario a load run can place: expected an outbound scenario (call: outbound) of weight > 0");
    }
    upTo = new double[plans.size()];
    double sum = 0;
    for (int i = 0; i < upTo.length; i++) upTo[i] = sum += weights.get(i);
  }

  /**
   * The plan call {@code index} plays, as a call of its own: its id {@code load-INDEX--SCENARIO--PROFILE[--PERSONA]}, its
   * seed its own (its wire impairment's), its audio the plan's.
   */
  CallPlan call(int index) {
    double x = new SplittableRandom(seed ^ MIX_SEED ^ (0x9E3779B97F4A7C15L * (index + 1))).nextDouble() * upTo[upTo.length - 1];
    int i = 0;
    while (i < upTo.length - 1 && x >= upTo[i]) i++;
    CallPlan p = plans.get(i);
    long callSeed = new SplittableRandom(p.seed() ^ (0xD1B54A32D192ED03L * (index + 1))).nextLong();
    String id = String.format(java.util.Locale.ROOT, "load-%05d--%s--%s", index, p.scenario().name(), p.profile()) + (p.persona() == null ? "" : "--" + p.persona());
    return new CallPlan(id, p.scenario(), p.profile(), p.trial(), callSeed,
        p.clips(), p.network(), p.budgets(), p.persona(), p.greeting(), p.caller(), p.headers(), p.dtmfMode(), p.agentSilenceMs(), p.maxUtteranceS());
  }

  /** Whether call {@code index} is among the {@code share} (0..1) of the plan that is transcribed, spread evenly over it. */
  static boolean transcribed(int index, double share) {
    return Math.floor((index + 1) * share) > Math.floor(index * share);
  }

  /**
   * A graded call as the load run counts it: up when it was answered and its telephony held (else why not), its
   * packets as the run counted them ({@code media}; null when it was never answered), and its grade ({@code transcribed}:
   * whether the run meant to transcribe it; {@code resultLagMs}: from its end to its result, null when never answered).
   */
  static LoadCall loadCall(int index, CallResult r, LoadRun.Ended media, boolean stopping, boolean transcribed, Double resultLagMs) {
    Failure first = Layers.firstFailure(r);
    boolean telephonyFailed = first != null && first.layer() == Layer.TELEPHONY;
    boolean up = r.setupMs() != null && !telephonyFailed;
    String why = up ? null : stopping && r.setupMs() != null ? "stopped: the run was ended by the user"
        : first != null ? first.code() + ": " + first.message() : "harness: the call ended without a result";
    int passedTurns = 0;
    List<Double> latencies = new ArrayList<>();
    for (TurnResult t : r.turns()) {
      if (t.passed()) passedTurns++;
      if (t.latencyMs() != null) latencies.add(t.latencyMs());
    }
    String audio = first != null && AUDIO_CODES.contains(first.code()) ? first.code() : "ok";
    LoadGrade grade = new LoadGrade(r.id(), r.scenario(), r.profile(), r.passed(), r.passed() || first == null ? null : first.layer().id(),
        r.passed() || first == null ? null : first.code(), r.passed() || first == null ? null : first.message(), r.turns().size(), passedTurns,
        latencies, transcribed, audio, resultLagMs);
    CallResult.RtpStats rtp = r.rtp();
    long sent = rtp == null ? 0 : rtp.sent();
    long received = media != null ? media.received() : rtp == null ? 0 : rtp.received();
    var rs = media == null ? null : media.receive();
    var t = media == null ? null : media.sendTiming();
    return new LoadCall(index, r.sipCallId(), up, why, r.setupMs(), r.durationS(), sent, received,
        rs != null ? rs.lost() : rtp == null ? 0 : rtp.lost(), rs != null ? rs.duplicates() : rtp == null ? 0 : rtp.duplicates(),
        rs != null ? rs.reordered() : rtp == null ? 0 : rtp.reordered(), rs != null ? rs.jitterMs() : rtp == null ? 0 : rtp.jitterMs(),
        t != null ? t.quantileMicros(0.5) / 1000.0 : 0, t != null ? t.quantileMicros(0.99) / 1000.0 : 0, t != null ? t.maxMicros() / 1000.0 : 0,
        r.wire(), grade);
  }
}
