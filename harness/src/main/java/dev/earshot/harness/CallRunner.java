package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.Wav;
import dev.earshot.corpora.Transcriber;
import dev.earshot.harness.metrics.ErrorCounts;
import dev.earshot.harness.sidechannel.AgentReport;
import dev.earshot.harness.sidechannel.SideChannel;
import dev.earshot.report.CallEvent;
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
  private final CallJudge judge;
  private final ScheduledExecutorService timer;
  private final CallEventListener events;

  private final InboundCalls inbound;

  CallRunner(Telephony telephony, RunOptions options, Transcriber asr, AsrPool asrPool, IntentJudge intents, SideChannel side,
      ScheduledExecutorService timer, InboundCalls inbound, CallEventListener events) {
    this.inbound = inbound;
    this.events = events;
    this.timer = timer;
    this.side = side;
    this.telephony = telephony;
    this.options = options;
    this.asr = asr;
    this.asrPool = asrPool;
    this.judge = new CallJudge(intents);
    this.intents = intents;
  }

  private final IntentJudge intents;

  /** How long, after the call ends, to wait for side-channel reports still on their way. */
  private static final long REPORT_GRACE_MS = 1000;
  private final SideChannel side;

  /**
   * How a call of a graded load run differs from one of {@code earshot run}: whether its agent speech is transcribed,
   * whether its packets are captured, whether a call that passed keeps its recording (one that failed always does), and
   * who hears that the call was answered.
   */
  record LoadCall(boolean transcribe, boolean capture, boolean recordPassed, java.util.function.Consumer<Call> answered) {
    static final LoadCall NONE = new LoadCall(true, true, true, c -> {});
  }

  CompletableFuture<CallResult> run(CallPlan plan) {
    return run(plan, LoadCall.NONE);
  }

  CompletableFuture<CallResult> run(CallPlan plan, LoadCall load) {
    // the ring timeout CANCELs the attempt; the later safety net only guards against a peer that never answers the CANCEL
    WireImpairment wire = plan.network() == null || plan.network().isNone() ? null
        : new WireImpairment(plan.network(), plan.seed() ^ WIRE_SEED);
    CallLog log = new CallLog(plan.id(), System.nanoTime(), events);
    CallArtefacts files = new CallArtefacts(options.outDir(), plan.id());
    log.add(new CallEvent.Dial(0, plan.scenario().inbound() ? null : options.agentUri(), plan.scenario().inbound()));
    Pcap pcap = load.capture() ? files.openCapture() : null;
    // listening from the first packet: early media (a 183's audio before the answer) is recorded too
    CallTimeline timeline = new CallTimeline(VoiceActivity.DEFAULT, plan.agentSilenceMs(options.endSilenceMs()), log);
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
          log.add(new CallEvent.Answered(log.now(), round3(call.setupNanos() / 1e6)));
          load.answered().accept(call);
          call.transferred().thenAccept(to -> log.add(new CallEvent.Refer(log.now(), to)));
          side.alias(call.callId(), plan.id()); // an agent may name the call by its Call-ID
          String named = plan.scenario().inbound() ? call.headers().get("X-Earshot-Call") : null;
          if (named != null) side.alias(named, plan.id()); // or, when it placed the call, by the name it gave it
          call.onMessage(m -> side.acceptSip(plan.id(), m)); // the side channel in SIP INFO / MESSAGE
          CompletableFuture<CallResult> result;
          try {
            Conversation conversation = new Conversation(plan, call, timeline, log, options, asr, asrPool, timer, load.transcribe(), intents);
            result = conversation.run().thenApplyAsync(v -> finish(plan, call, timeline, log, files, load), asrPool);
          } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
          }
          // whatever failed on the way: an answered call ends with Earshot's BYE unless it is over already
          return result.whenComplete((r, e) -> call.hangup());
        })
        .exceptionally(err -> failed(plan, Conversation.cause(err), log, files))
        .thenApply(r -> load.capture() ? r : r.toBuilder().capture(null).build())
        .whenComplete((r, e) -> {
          if (pcap != null) pcap.close();
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

  /**
   * The call is over and every agent utterance transcribed: records what the call's media and SIP left (side-channel
   * reports, keys heard, mid-call SIP, media problems, the hang-up, the recording), writes the artefacts and judges
   * the call from its events.
   */
  private CallResult finish(CallPlan plan, Call call, CallTimeline timeline, CallLog log, CallArtefacts files, LoadCall load) {
    for (AgentReport r : agentReports(plan, repliedUtterances(log.events())).values()) {
      log.add(new CallEvent.SideReport(log.now(), r.turn(), r.heard(), r.intent(), r.said(), r.asrFinalUs(), r.responseStartUs(), r.ttsFirstAudioUs(),
          r.tools().stream().map(AgentReport.Tool::value).toList()));
    }
    call.media().dtmfHeard().forEach(h -> log.add(new CallEvent.DtmfHeard(log.t(h.arrivalNanos()), String.valueOf(h.key()), h.inBand())));
    call.events().forEach(e -> log.add(new CallEvent.Sip(log.t(e.atNanos()), e.kind(), e.detail())));
    MediaProblem problem = call.mediaProblem();
    if (problem != null) log.add(new CallEvent.MediaTrouble(log.now(), kind(problem), problem.message(), false));
    MediaProblem stopped = call.media().stoppedMidCall();
    if (stopped != null) log.add(new CallEvent.MediaTrouble(log.now(), kind(stopped), stopped.message(), true));
    SipEnd end = call.ended().getNow(null);
    if (end != null) log.add(new CallEvent.Hangup(log.now(), end.byRemote(), end.cause()));
    Pcm callerSide = timeline.callerAudio();
    Pcm agentSide = timeline.agentAudio();
    double agentMs = timeline.agentReceivedMs();
    log.add(new CallEvent.Recorded(log.now(), callerSide.durationSeconds() * 1000, agentMs));
    List<CallEvent> recorded = log.events();
    files.writeEvents(recorded);
    CallJudge.Judged j = judge.judge(plan.scenario().steps(), recorded, AgentVoicing.of(agentSide, agentMs, VoiceActivity.DEFAULT));
    // a load run keeps the recordings of the calls that failed: the ones someone will listen to
    String recording = load.recordPassed() || j.failure() != null || j.turns().stream().anyMatch(t -> !t.passed()) ? files.writeRecording(callerSide, agentSide) : null;
    return planned(plan).failure(j.failure()).sipCallId(call.callId()).setupMs(call.setupNanos() / 1e6)
        .greeting(j.greeting()).timeToGreetingMs(j.timeToGreetingMs())
        .mediaStartEpochUs(timeline.startNanos() == 0 ? null : EpochClock.epochMicros(timeline.startNanos()))
        .durationS(j.durationS()).endedBy(end == null ? null : end.cause()).recording(recording)
        .rtp(rtpStats(call)).wire(files.writeWire(call.media().impairment()))
        .transferredTo(call.transferred().getNow(null)).sipEvents(sipEvents(call, timeline)).turns(j.turns()).bargeIns(j.bargeIns()).branches(j.branches()).path(pathStats(call))
        .refusedReports(side.refused(plan.id()).stream().map(r -> new CallResult.RefusedReport(r.receivedEpochUs(), r.status(), r.reason(), r.body())).toList())
        .build();
  }

  private static String kind(MediaProblem p) {
    return p.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The latest caller utterance an {@code expect} step took a reply after: the side-channel reports worth waiting for. */
  private static int repliedUtterances(List<CallEvent> events) {
    int utterances = 0, max = 0;
    Map<Integer, Integer> atStep = new java.util.HashMap<>();
    for (CallEvent e : events) {
      if (e instanceof CallEvent.CallerSpeechEnd c && !c.stopped() && c.utterance() > 0) utterances++;
      if (e instanceof CallEvent.StepStart s) atStep.put(s.step(), utterances);
      if (e instanceof CallEvent.Reply r) max = Math.max(max, atStep.getOrDefault(r.step(), 0));
    }
    return max;
  }

  /** What every result of {@code plan}'s call has, whatever happened to it. */
  private static CallResult.Builder planned(CallPlan plan) {
    return CallResult.builder().id(plan.id()).scenario(plan.scenario().name()).profile(plan.profile()).seed(plan.seed()).trial(plan.trial())
        .persona(plan.persona()).capture(CallArtefacts.capture(plan.id()));
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

  private CallResult failed(CallPlan plan, Throwable err, CallLog log, CallArtefacts files) {
    Failure why = err instanceof SipCallFailed f ? Verdicts.setup(f.end())
        : err instanceof TimeoutException ? new Failure(Layer.TELEPHONY, Codes.NO_ANSWER, null, options.answerTimeoutMs() / 1000.0,
            "no answer within " + options.answerTimeoutMs() / 1000.0 + " s")
        : Failure.of(Layer.TELEPHONY, Codes.CALL_SETUP, String.valueOf(err.getMessage()));
    List<TurnResult> turns = new ArrayList<>();
    String said = "";
    for (int i = 0; i < plan.scenario().steps().size(); i++) {
      Step step = plan.scenario().steps().get(i);
      if (step.spoken() != null) said = step.spoken().words();
      Step.Expect e = step.expect() != null ? step.expect() : step.answers() != null ? step.answers().goal() : null;
      if (e == null) continue;
      List<String> checks = e.checks();
      turns.add(TurnResult.builder().index(turns.size() + 1).said(said).expectedIntent(e.intent()).expectedPhrases(checks)
          .missingPhrases(checks).failure(why.prefixed("call failed: ")).build());
    }
    files.writeEvents(log.events());
    return planned(plan).failure(why).turns(turns).build();
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
        call.codec().encodingName(), srtpStats(m.srtpStatistics()), m.clippedFrames());
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
