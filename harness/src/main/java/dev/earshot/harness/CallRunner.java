package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.Wav;
import dev.earshot.corpora.Transcriber;
import dev.earshot.report.CallResult;
import dev.earshot.report.TurnResult;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.capture.Pcap;
import dev.earshot.telephony.rtp.Playout;
import dev.earshot.harness.metrics.ErrorCounts;
import dev.earshot.harness.sidechannel.AgentReport;
import dev.earshot.harness.sidechannel.SideChannel;
import dev.earshot.telephony.rtp.WireCodec;
import dev.earshot.telephony.rtp.WireImpairment;
import dev.earshot.telephony.sip.SipCallFailed;
import dev.earshot.telephony.sip.SipEnd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays one scenario over one real call: dial, wait for the greeting, then for each turn speak and wait for
 * the reply; hang up; transcribe the agent's speech and judge it. Waiting is done with futures completed by
 * the media event loop, so a call holds no thread while it waits.
 */
final class CallRunner {
  private static final int PAD_MS = 200;
  /** Mixed into a call's seed for its wire impairment, so the path's choices differ from the audio's. */
  private static final long WIRE_SEED = 0x6E6574776F726BL;

  private final Telephony telephony;
  private final RunOptions options;
  private final Transcriber asr;
  private final Executor asrPool;
  private final IntentJudge judge;

  CallRunner(Telephony telephony, RunOptions options, Transcriber asr, Executor asrPool, IntentJudge judge, SideChannel side) {
    this.side = side;
    this.telephony = telephony;
    this.options = options;
    this.asr = asr;
    this.asrPool = asrPool;
    this.judge = judge;
  }

  /** How long, after the call ends, to wait for side-channel reports still on their way. */
  private static final long REPORT_GRACE_MS = 1000;
  private final SideChannel side;

  /** What happened in one turn, gathered while the call runs. */
  private static final class TurnTrace {
    long callerEndNanos;
    CallTimeline.Segment reply;
    String failure;
  }

  CompletableFuture<CallResult> run(CallPlan plan) {
    // the ring timeout CANCELs the attempt; the later safety net only guards against a peer that never answers the CANCEL
    WireImpairment wire = plan.network() == null || plan.network().isNone() ? null
        : new WireImpairment(plan.network(), plan.seed() ^ WIRE_SEED);
    Pcap pcap = Pcap.create(options.outDir().resolve(capture(plan)));
    // listening from the first packet: early media (a 183's audio before the answer) is recorded too
    CallTimeline timeline = new CallTimeline(VoiceActivity.DEFAULT, options.endSilenceMs());
    side.expect(plan.id());
    CompletableFuture<Call> dial = telephony.dial(options.agentUri(), Map.of("X-Earshot-Call", plan.id(), "X-Earshot-Report", side.url()),
        options.answerTimeoutMs(), timeline, wire, pcap, WireCodec.offered(plan.network()));
    return dial.copy().orTimeout(options.answerTimeoutMs() + 5_000, TimeUnit.MILLISECONDS)
        .whenComplete((call, err) -> {
          if (err != null) dial.thenAccept(Call::hangup); // answered too late: end it rather than leave it open
        })
        .thenCompose(call -> converse(plan, call, timeline))
        .exceptionally(err -> failed(plan, cause(err)))
        .whenComplete((r, e) -> {
          pcap.close();
          side.forget(plan.id());
        });
  }

  private CompletableFuture<CallResult> converse(CallPlan plan, Call call, CallTimeline timeline) {
    call.ended().whenComplete((end, err) -> timeline.callEnded());
    List<TurnTrace> traces = new ArrayList<>();
    CallTimeline.Segment[] greeting = new CallTimeline.Segment[1];
    String[] callFailure = new String[1];

    CompletableFuture<Void> script = timeline.nextSegment(0)
        .orTimeout(options.greetingTimeoutMs(), TimeUnit.MILLISECONDS)
        .thenCompose(seg -> {
          greeting[0] = seg;
          return seg.ended.copy().orTimeout(options.maxSpeechMs(), TimeUnit.MILLISECONDS);
        })
        .thenCompose(seg -> turn(plan, call, timeline, 0, traces))
        .exceptionally(err -> {
          callFailure[0] = greeting[0] == null ? "no greeting: " + describeWait(cause(err), options.greetingTimeoutMs())
              : "greeting did not end: " + describeWait(cause(err), options.maxSpeechMs());
          return null;
        });

    return script.thenCompose(v -> {
      call.hangup(); // does nothing if the agent already did
      return call.ended();
    }).thenApplyAsync(end -> finish(plan, call, timeline, greeting[0], traces, callFailure[0], end), asrPool);
  }

  private CompletableFuture<Void> turn(CallPlan plan, Call call, CallTimeline timeline, int i, List<TurnTrace> traces) {
    if (i >= plan.clips().size() || call.ended().isDone()) return CompletableFuture.completedFuture(null);
    CallerClip clip = plan.clips().get(i);
    TurnTrace trace = new TurnTrace();
    traces.add(trace);
    Playout playout = call.media().play(clip.audio());
    return playout.done().thenCompose(p -> {
      int last = clip.lastSpeechFrame() >= 0 ? clip.lastSpeechFrame() : p.frameCount() - 1;
      trace.callerEndNanos = p.sentNanos(last);
      if (p.stopped() || trace.callerEndNanos == 0) throw new CallTimeline.CallEndedException();
      return timeline.nextSegment(p.sentNanos(0))
          .orTimeout(options.replyTimeoutMs() + Math.max(0, (p.frameCount() - last) * 20L), TimeUnit.MILLISECONDS);
    }).thenCompose(seg -> {
      trace.reply = seg;
      return seg.ended.copy().orTimeout(options.maxSpeechMs(), TimeUnit.MILLISECONDS);
    }).handle((seg, err) -> {
      if (err != null) trace.failure = describeWait(cause(err), options.replyTimeoutMs());
      return null;
    }).thenCompose(v -> turn(plan, call, timeline, i + 1, traces));
  }

  private CallResult finish(CallPlan plan, Call call, CallTimeline timeline, CallTimeline.Segment greeting,
      List<TurnTrace> traces, String callFailure, SipEnd end) {
    String greetingText = greeting == null ? null : asr.transcribe(timeline.agentAudio(greeting, PAD_MS));
    AgentReport[] reports = agentReports(plan, (int) traces.stream().filter(t -> t.reply != null).count());
    List<TurnResult> turns = new ArrayList<>();
    for (int i = 0; i < plan.scenario().turns().size(); i++) {
      Suite.Turn spec = plan.scenario().turns().get(i);
      TurnTrace t = i < traces.size() ? traces.get(i) : null;
      TurnResult judged = judgeTurn(i, spec, plan.clips().get(i), t, timeline, callFailure);
      turns.add(withAgentSide(judged, reports[i]));
    }
    Path recording = options.outDir().resolve("recordings").resolve(plan.id() + ".wav");
    Pcm callerSide = timeline.callerAudio();
    Wav.writeStereo(recording, callerSide, timeline.agentAudio());
    boolean allPlayed = traces.size() == turns.size() && traces.stream().allMatch(t -> t.failure == null);
    String mediaProblem = call.mediaProblem(); // the telephony layer first: it explains whatever failed above it
    String failure = mediaProblem != null ? mediaProblem
        : callFailure != null ? callFailure : allPlayed ? null : "not every turn was answered";
    return new CallResult(plan.id(), plan.scenario().name(), plan.profile(), plan.seed(),
        failure == null ? CallResult.COMPLETED : CallResult.FAILED, failure, call.callId(), call.setupNanos() / 1e6,
        greetingText, greeting == null ? null : (greeting.startNanos - timeline.startNanos()) / 1e6,
        timeline.startNanos() == 0 ? null : EpochClock.epochMicros(timeline.startNanos()),
        callerSide.durationSeconds(), end == null ? null : end.cause(), "recordings/" + plan.id() + ".wav", capture(plan),
        rtpStats(call), WireLogs.write(call.media().impairment(), options.outDir(), "calls/" + plan.id() + ".wire.csv"),
        call.transferred().getNow(null), sipEvents(call, timeline), turns);
  }

  /**
   * The agent's side-channel reports by turn: a report's {@code turn} places it, one without takes the next
   * free turn. Waits up to {@link #REPORT_GRACE_MS} for at least {@code replies} of them (the last one may still
   * be on its way when the call ends).
   */
  private AgentReport[] agentReports(CallPlan plan, int replies) {
    long deadline = System.nanoTime() + REPORT_GRACE_MS * 1_000_000L;
    List<AgentReport> got = side.reports(plan.id());
    while (!got.isEmpty() && got.size() < replies && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      got = side.reports(plan.id());
    }
    AgentReport[] byTurn = new AgentReport[plan.scenario().turns().size()];
    int next = 0;
    for (AgentReport r : got) {
      int at = r.turn() != null ? r.turn() - 1 : next;
      if (at >= 0 && at < byTurn.length) byTurn[at] = r;
      next = Math.max(next, at + 1);
    }
    return byTurn;
  }

  private static TurnResult withAgentSide(TurnResult t, AgentReport r) {
    if (r == null) return t;
    TurnResult.AgentSide a;
    if (r.heard() == null) {
      a = new TurnResult.AgentSide(null, r.intent(), r.said(), null, null, 0, 0, 0, 0, r.asrFinalUs(), r.responseStartUs(), r.ttsFirstAudioUs());
    } else {
      ErrorCounts w = ErrorCounts.words(t.said(), r.heard());
      ErrorCounts c = ErrorCounts.characters(t.said(), r.heard());
      a = new TurnResult.AgentSide(r.heard(), r.intent(), r.said(), finite(w.rate()), finite(c.rate()), w.reference(), w.substitutions(),
          w.deletions(), w.insertions(), r.asrFinalUs(), r.responseStartUs(), r.ttsFirstAudioUs());
    }
    return new TurnResult(t.index(), t.said(), t.expectedIntent(), t.expectedPhrases(), t.heard(), t.observedIntent(), t.missingPhrases(),
        t.passed(), t.latencyMs(), t.callerSpeechEndS(), t.replyStartS(), t.replyEndS(), t.failure(), a);
  }

  private TurnResult judgeTurn(int i, Suite.Turn spec, CallerClip clip, TurnTrace t, CallTimeline timeline, String callFailure) {
    String expectedIntent = spec.expect().intent();
    List<String> phrases = spec.expect().phrases();
    if (t == null || t.reply == null) {
      String why = t != null ? t.failure : "not played: " + (callFailure != null ? callFailure : "the call ended earlier");
      return new TurnResult(i + 1, clip.text(), expectedIntent, phrases, null, null, phrases, false, null,
          t == null || t.callerEndNanos == 0 ? null : timeline.secondsFromStart(t.callerEndNanos), null, null, why);
    }
    String heard = asr.transcribe(timeline.agentAudio(t.reply, PAD_MS));
    String observed = judge.judge(heard);
    List<String> missing = phrases.stream().filter(p -> !PhraseMatcher.contains(heard, p)).toList();
    boolean intentOk = expectedIntent == null || expectedIntent.equals(observed);
    return new TurnResult(i + 1, clip.text(), expectedIntent, phrases, heard, observed, missing,
        intentOk && missing.isEmpty() && t.failure == null, (t.reply.startNanos - t.callerEndNanos) / 1e6,
        timeline.secondsFromStart(t.callerEndNanos), timeline.secondsFromStart(t.reply.startNanos),
        timeline.secondsFromStart(t.reply.lastVoicedNanos + 20_000_000L), t.failure);
  }

  private CallResult failed(CallPlan plan, Throwable err) {
    String why = err instanceof SipCallFailed f ? f.end().cause()
        : err instanceof TimeoutException ? "no answer within " + options.answerTimeoutMs() / 1000.0 + " s"
        : String.valueOf(err.getMessage());
    List<TurnResult> turns = new ArrayList<>();
    for (int i = 0; i < plan.clips().size(); i++) {
      Suite.Expect e = plan.scenario().turns().get(i).expect();
      turns.add(new TurnResult(i + 1, plan.clips().get(i).text(), e.intent(), e.phrases(), null, null, e.phrases(), false,
          null, null, null, null, "call failed: " + why));
    }
    return new CallResult(plan.id(), plan.scenario().name(), plan.profile(), plan.seed(), CallResult.FAILED, why, null,
        null, null, null, null, 0, null, null, capture(plan), null, null, null, null, turns);
  }

  private static String describeWait(Throwable err, long timeoutMs) {
    if (err instanceof TimeoutException) return "no agent speech within " + timeoutMs / 1000.0 + " s";
    if (err instanceof CallTimeline.CallEndedException) return "the call ended before the agent spoke";
    return String.valueOf(err.getMessage());
  }

  private static Throwable cause(Throwable err) {
    while (err instanceof CompletionException && err.getCause() != null) err = err.getCause();
    return err;
  }

  /** Where a call's pcap goes, relative to the output directory. */
  private static String capture(CallPlan plan) {
    return "captures/" + plan.id() + ".pcap";
  }

  private static List<CallResult.SipEvent> sipEvents(Call call, CallTimeline timeline) {
    return call.events().stream().map(e -> new CallResult.SipEvent(timeline.startNanos() == 0 ? null
        : round3(timeline.secondsFromStart(e.atNanos())), e.kind(), e.detail())).toList();
  }

  private static CallResult.RtpStats rtpStats(Call call) {
    var m = call.media();
    var r = m.receiveStatistics();
    var t = m.sendTiming();
    var far = m.farEnd();
    StringBuilder keys = new StringBuilder();
    m.dtmfHeard().forEach(h -> keys.append(h.key()));
    return new CallResult.RtpStats(m.packetsSent(), m.packetsReceived(), m.strangers(), r.expected(), r.lost(),
        r.duplicates(), r.reordered(), round3(r.jitterMs()), m.comfortNoisePackets(), keys.toString(),
        t.quantileMicros(0.5) / 1000.0, t.quantileMicros(0.99) / 1000.0, t.maxMicros() / 1000.0, far.reportsSent(),
        far.reportsReceived(), far.aboutUs() == null ? null : far.aboutUs().cumulativeLost(),
        far.aboutUs() == null ? null : round3(far.jitterMs()), Double.isNaN(far.rttMs()) ? null : round3(far.rttMs()),
        call.codec().encodingName());
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? round3(x) : null;
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
