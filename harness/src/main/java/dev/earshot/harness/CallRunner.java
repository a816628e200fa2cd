package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.Wav;
import dev.earshot.corpora.Transcriber;
import dev.earshot.harness.metrics.ErrorCounts;
import dev.earshot.harness.sidechannel.AgentReport;
import dev.earshot.harness.sidechannel.SideChannel;
import dev.earshot.report.BargeInResult;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.TurnResult;
import dev.earshot.telephony.Addressing;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.capture.Pcap;
import dev.earshot.telephony.rtp.MediaProblem;
import dev.earshot.telephony.rtp.Playout;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays one scenario over one real call: dial, wait for the greeting, then for each turn speak and wait for
 * the reply; hang up; transcribe the agent's speech and judge it. Waiting is done with futures completed by
 * the media event loop, so a call holds no thread while it waits.
 */
final class CallRunner {
  /** Mixed into a call's seed for its wire impairment, so the path's choices differ from the audio's. */
  private static final long WIRE_SEED = 0x6E6574776F726BL;

  private final Telephony telephony;
  private final RunOptions options;
  private final Transcriber asr;
  private final AsrPool asrPool;
  private final IntentJudge judge;
  private final ScheduledExecutorService timer;

  private final InboundCalls inbound;

  CallRunner(Telephony telephony, RunOptions options, Transcriber asr, AsrPool asrPool, IntentJudge judge, SideChannel side,
      ScheduledExecutorService timer, InboundCalls inbound) {
    this.inbound = inbound;
    this.timer = timer;
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

  CompletableFuture<CallResult> run(CallPlan plan) {
    // the ring timeout CANCELs the attempt; the later safety net only guards against a peer that never answers the CANCEL
    WireImpairment wire = plan.network() == null || plan.network().isNone() ? null
        : new WireImpairment(plan.network(), plan.seed() ^ WIRE_SEED);
    Pcap pcap = Pcap.create(options.outDir().resolve(capture(plan)));
    // listening from the first packet: early media (a 183's audio before the answer) is recorded too
    CallTimeline timeline = new CallTimeline(VoiceActivity.DEFAULT, options.endSilenceMs());
    side.expect(plan.id());
    Map<String, String> headers = new java.util.LinkedHashMap<>(plan.headers());
    headers.put("X-Earshot-Call", plan.id());
    headers.put("X-Earshot-Report", side.url());
    long waitMs = plan.scenario().inbound() ? Math.round(plan.scenario().waitS() * 1000) : options.answerTimeoutMs();
    CompletableFuture<Call> dial = plan.scenario().inbound() ? answered(inbound.next(waitMs), timeline, wire, pcap)
        : telephony.dial(options.agentUri(), headers, options.answerTimeoutMs(), timeline, wire, pcap,
            WireCodec.offered(plan.network()), plan.caller() == null ? null : plan.caller().identity(),
            plan.network() == null || plan.network().srtp() == null ? null : dev.earshot.telephony.SrtpMode.parse(plan.network().srtp()));
    return dial.copy().orTimeout(waitMs + 5_000, TimeUnit.MILLISECONDS)
        .whenComplete((call, err) -> {
          if (err != null) dial.thenAccept(Call::hangup); // answered too late: end it rather than leave it open
        })
        .thenCompose(call -> {
          side.alias(call.callId(), plan.id()); // an agent may name the call by its Call-ID
          String named = plan.scenario().inbound() ? call.headers().get("X-Earshot-Call") : null;
          if (named != null) side.alias(named, plan.id()); // or, when it placed the call, by the name it gave it
          call.onMessage(m -> side.acceptSip(plan.id(), m)); // the side channel in SIP INFO / MESSAGE
          CompletableFuture<CallResult> result;
          try {
            Conversation conversation = new Conversation(plan, call, timeline, options, asr, asrPool, timer);
            result = conversation.run().thenApplyAsync(v -> finish(plan, call, timeline, conversation), asrPool);
          } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
          }
          // whatever failed on the way: an answered call ends with Earshot's BYE unless it is over already
          return result.whenComplete((r, e) -> call.hangup());
        })
        .exceptionally(err -> failed(plan, Conversation.cause(err)))
        .whenComplete((r, e) -> {
          pcap.close();
          side.forget(plan.id());
        });
  }

  /**
   * An answered inbound call, wired as a dialled one is: its audio into the timeline, the profile's network
   * impairment on what Earshot sends, its packets into the capture.
   */
  private static CompletableFuture<Call> answered(CompletableFuture<Call> call, CallTimeline timeline, WireImpairment wire, Pcap pcap) {
    return call.thenApply(c -> {
      c.media().setListener(timeline);
      c.media().impair(wire);
      c.media().capture(pcap);
      return c;
    });
  }

  private CallResult finish(CallPlan plan, Call call, CallTimeline timeline, Conversation conversation) {
    CallTimeline.Segment greeting = conversation.greeting;
    String greetingText = greeting == null ? null : greeting.transcript.join();
    List<Step> steps = plan.scenario().steps();
    Map<Integer, Conversation.ExpectTrace> traces = new java.util.HashMap<>();
    for (Conversation.ExpectTrace t : conversation.expects) traces.put(t.step, t);
    int maxUtterance = conversation.expects.stream().filter(t -> t.reply != null).mapToInt(t -> t.utterance).max().orElse(0);
    Map<Integer, AgentReport> reports = agentReports(plan, maxUtterance);
    List<TurnResult> turns = new ArrayList<>();
    java.util.Set<Integer> reported = new java.util.HashSet<>();
    Failure unanswered = null; // the first expect step no agent speech answered
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).expect() == null) continue;
      Conversation.ExpectTrace t = traces.get(i);
      TurnResult judged = judgeExpect(turns.size() + 1, steps.get(i).expect(), t, timeline, conversation.failure);
      if (unanswered == null && (t == null || t.failure != null)) unanswered = judged.failure();
      // a report belongs to the first expect after the caller utterance it is about
      AgentReport r = t != null && t.utterance > 0 && reported.add(t.utterance) ? reports.get(t.utterance) : null;
      turns.add(withAgentSide(judged, r));
    }
    List<BargeInResult> bargeIns = conversation.sounds.stream().map(s -> BargeInJudge.judge(s, timeline)).toList();
    Path recording = options.outDir().resolve("recordings").resolve(plan.id() + ".wav");
    Pcm callerSide = timeline.callerAudio();
    Wav.writeStereo(recording, callerSide, timeline.agentAudio());
    Failure said = conversation.failure;
    MediaProblem mediaProblem = call.mediaProblem(); // the telephony layer first: it explains whatever failed above it
    if (mediaProblem != null && mediaProblem.kind() == MediaProblem.Kind.SILENT && said != null
        && (said.isBudget() || said.code().equals(Codes.NO_GREETING))) {
      // digital silence until a budget ended the call, or until the greeting was given up on, is the dead air the
      // budget names or the greeting that never came (an agent waiting for the caller to speak), not a broken path
      mediaProblem = null;
    }
    if (mediaProblem == null && (said != null || unanswered != null)) {
      mediaProblem = call.media().stoppedMidCall(); // the agent's media stopped arriving mid-call: that is why the turns failed
    }
    Failure failure = mediaProblem != null ? Verdicts.media(mediaProblem) : said != null ? said
        : unanswered == null ? null : new Failure(unanswered.layer(), Codes.UNANSWERED_TURNS, null, null, CallResult.UNANSWERED_TURNS);
    double durationS = callerSide.durationSeconds();
    turns = turns.stream().map(t -> Verdicts.turn(t, failure, durationS)).toList();
    SipEnd end = call.ended().getNow(null);
    return planned(plan).failure(failure).sipCallId(call.callId()).setupMs(call.setupNanos() / 1e6)
        .greeting(greetingText).timeToGreetingMs(greeting == null ? null : (greeting.startNanos - timeline.startNanos()) / 1e6)
        .mediaStartEpochUs(timeline.startNanos() == 0 ? null : EpochClock.epochMicros(timeline.startNanos()))
        .durationS(durationS).endedBy(end == null ? null : end.cause()).recording("recordings/" + plan.id() + ".wav")
        .rtp(rtpStats(call)).wire(WireLogs.write(call.media().impairment(), options.outDir(), "calls/" + plan.id() + ".wire.csv"))
        .transferredTo(call.transferred().getNow(null)).sipEvents(sipEvents(call, timeline)).turns(turns).bargeIns(bargeIns).path(pathStats(call))
        .refusedReports(side.refused(plan.id()).stream().map(r -> new CallResult.RefusedReport(r.receivedEpochUs(), r.status(), r.reason(), r.body())).toList())
        .build();
  }

  /** What every result of {@code plan}'s call has, whatever happened to it. */
  private static CallResult.Builder planned(CallPlan plan) {
    return CallResult.builder().id(plan.id()).scenario(plan.scenario().name()).profile(plan.profile()).seed(plan.seed()).trial(plan.trial())
        .persona(plan.persona()).capture(capture(plan));
  }

  private CallResult.PathStats pathStats(Call call) {
    var m = call.media();
    return new CallResult.PathStats(telephony.host(), telephony.advertisedHost(), Addressing.hostPort(m.localAddress()), call.seenFrom(),
        Addressing.hostPort(m.advertisedRemote()), Addressing.hostPort(m.remote()), m.latchedTo() != null, Addressing.hostPort(m.probeAddress()),
        m.probesSent());
  }

  /**
   * The agent's side-channel reports by caller utterance (1-based), as the side channel bound them on arrival. Waits up to {@link #REPORT_GRACE_MS} for at least {@code utterances} of
   * them (the last one may still be on its way when the call ends).
   */
  private Map<Integer, AgentReport> agentReports(CallPlan plan, int utterances) {
    long deadline = System.nanoTime() + REPORT_GRACE_MS * 1_000_000L;
    List<AgentReport> got = side.reports(plan.id());
    while (!got.isEmpty() && got.size() < utterances && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      got = side.reports(plan.id());
    }
    Map<Integer, AgentReport> byUtterance = new java.util.HashMap<>();
    for (AgentReport r : got) byUtterance.put(r.turn(), r); // the side channel bound each to its own turn on arrival
    return byUtterance;
  }

  private static TurnResult withAgentSide(TurnResult t, AgentReport r) {
    if (r == null) return t;
    // the response layer's intelligibility: what the agent meant to say against what Earshot heard of it
    ErrorCounts reply = r.said() == null || r.said().isBlank() || t.heard() == null ? null : ErrorCounts.words(r.said(), t.heard());
    Double replyWer = reply == null ? null : finite(reply.rate());
    int replyWords = reply == null ? 0 : reply.reference();
    int replyErrors = reply == null ? 0 : reply.errors();
    TurnResult.AgentSide a;
    if (r.heard() == null) {
      a = new TurnResult.AgentSide(null, r.intent(), r.said(), null, null, 0, 0, 0, 0, r.asrFinalUs(), r.responseStartUs(), r.ttsFirstAudioUs(),
          replyWer, replyWords, replyErrors);
    } else {
      ErrorCounts w = ErrorCounts.words(t.said(), r.heard());
      ErrorCounts c = ErrorCounts.characters(t.said(), r.heard());
      a = new TurnResult.AgentSide(r.heard(), r.intent(), r.said(), finite(w.rate()), finite(c.rate()), w.reference(), w.substitutions(),
          w.deletions(), w.insertions(), r.asrFinalUs(), r.responseStartUs(), r.ttsFirstAudioUs(), replyWer, replyWords, replyErrors);
    }
    return t.toBuilder().agent(a).build();
  }

  private TurnResult judgeExpect(int index, Step.Expect e, Conversation.ExpectTrace t, CallTimeline timeline, Failure callFailure) {
    List<String> checks = new ArrayList<>(e.checks());
    if (e.transfer() != null) checks.add(e.transfer().isEmpty() ? "transfer" : "transfer:" + e.transfer());
    if (Boolean.TRUE.equals(e.hangup())) checks.add("hangup");
    String said = t == null ? "" : t.said;
    if (t == null || e.wantsSpeech() && t.reply == null) {
      Failure why = t != null ? t.failure : callFailure != null ? callFailure.prefixed("not played: ")
          : Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "not played: the call ended earlier");
      return TurnResult.builder().index(index).said(said).expectedIntent(e.intent()).expectedPhrases(checks).missingPhrases(checks)
          .callerSpeechEndS(t == null || t.callerEndNanos == 0 ? null : timeline.secondsFromStart(t.callerEndNanos)).failure(why).build();
    }
    String heard = t.reply == null ? null : t.reply.transcript.join();
    // the intent observed: where the agent transferred the caller, when its target names an intent, else the spoken reply
    String byTransfer = t.transferredTo == null ? IntentJudge.UNKNOWN : judge.judge(t.transferredTo);
    String observed = !byTransfer.equals(IntentJudge.UNKNOWN) ? byTransfer : heard == null ? null : judge.judge(heard);
    List<String> missing = new ArrayList<>(Expectations.unmet(e, heard == null ? "" : heard));
    if (e.transfer() != null && (t.transferredTo == null || !e.transfer().isEmpty() && !t.transferredTo.contains(e.transfer()))) {
      missing.add(e.transfer().isEmpty() ? "transfer" : "transfer:" + e.transfer());
    }
    if (Boolean.TRUE.equals(e.hangup()) && !Boolean.TRUE.equals(t.agentHungUp)) missing.add("hangup");
    boolean intentOk = e.intent() == null || e.intent().equals(observed);
    boolean timed = t.reply != null && t.callerEndNanos != 0 && t.utterance > 0;
    return TurnResult.builder().index(index).said(said).expectedIntent(e.intent()).expectedPhrases(checks).heard(heard).observedIntent(observed)
        .missingPhrases(missing).passed(intentOk && missing.isEmpty() && t.failure == null)
        .latencyMs(timed ? (t.reply.startNanos - t.callerEndNanos) / 1e6 : null)
        .callerSpeechEndS(t.callerEndNanos == 0 ? null : timeline.secondsFromStart(t.callerEndNanos))
        .replyStartS(t.reply == null ? null : timeline.secondsFromStart(t.reply.startNanos))
        .replyEndS(t.reply == null ? null : timeline.secondsFromStart(t.reply.lastVoicedNanos + 20_000_000L)).failure(t.failure).build();
  }

  private CallResult failed(CallPlan plan, Throwable err) {
    Failure why = err instanceof SipCallFailed f ? Verdicts.setup(f.end())
        : err instanceof TimeoutException ? new Failure(Layer.TELEPHONY, Codes.NO_ANSWER, null, options.answerTimeoutMs() / 1000.0,
            "no answer within " + options.answerTimeoutMs() / 1000.0 + " s")
        : Failure.of(Layer.TELEPHONY, Codes.CALL_SETUP, String.valueOf(err.getMessage()));
    List<TurnResult> turns = new ArrayList<>();
    String said = "";
    for (int i = 0; i < plan.scenario().steps().size(); i++) {
      Step step = plan.scenario().steps().get(i);
      if (step.spoken() != null) said = step.spoken().words();
      if (step.expect() == null) continue;
      List<String> checks = step.expect().checks();
      turns.add(TurnResult.builder().index(turns.size() + 1).said(said).expectedIntent(step.expect().intent()).expectedPhrases(checks)
          .missingPhrases(checks).failure(why.prefixed("call failed: ")).build());
    }
    return planned(plan).failure(why).turns(turns).build();
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
        call.codec().encodingName(), srtpStats(m.srtpStatistics()));
  }

  private static CallResult.SrtpStats srtpStats(dev.earshot.telephony.rtp.SrtpStatistics s) {
    return s == null ? null : new CallResult.SrtpStats(s.suite(), s.authFailures(), s.replays(), s.rtcpAuthFailures(), s.rtcpReplays());
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? round3(x) : null;
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
