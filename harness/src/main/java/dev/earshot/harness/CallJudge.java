package dev.earshot.harness;

import dev.earshot.harness.metrics.ErrorCounts;
import dev.earshot.report.BargeInResult;
import dev.earshot.report.CallEvent;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Layer;
import dev.earshot.report.TurnResult;
import dev.earshot.telephony.rtp.MediaProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one call's recorded {@link CallEvent}s (and its agent's voice frame by frame, for barge-in) into its
 * results: the greeting, a {@link TurnResult} per {@code expect} step (phrases, intent, latency, the agent's side
 * channel and its WER), a {@link BargeInResult} per {@code barge_in}/{@code noise_only} step, and the call's
 * failure. It reads nothing else: the same events give the same results, live or in {@code earshot rescore}.
 *
 * <p>What each {@code expect} step judged is in the events: the reply it took ({@code reply}), the caller's words
 * and last speech frame before it began (the {@code say}/{@code barge_in} utterances and {@code dtmf} presses
 * that ended before its {@code step_start}), a transfer or hang-up it took, and its failure ({@code step_end}).
 */
final class CallJudge {
  private final IntentJudge intents;

  CallJudge(IntentJudge intents) {
    this.intents = intents;
  }

  /** A call's results. {@code durationS} is how long the caller's side was recorded. */
  record Judged(String greeting, Double timeToGreetingMs, List<TurnResult> turns, List<BargeInResult> bargeIns, Failure failure, double durationS) {}

  Judged judge(List<Step> steps, List<CallEvent> events, AgentVoicing agent) {
    Replay r = new Replay(events);
    List<TurnResult> turns = new ArrayList<>();
    Set<Integer> reported = new HashSet<>();
    Failure unanswered = null; // the first expect step no agent speech answered
    for (int i = 0; i < steps.size(); i++) {
      Step.Expect e = steps.get(i).expect();
      if (e == null) continue;
      StepFacts t = r.steps.get(i);
      TurnResult judged = expect(turns.size() + 1, e, t, r);
      if (unanswered == null && (t == null || t.failure != null)) unanswered = judged.failure();
      // a report belongs to the first expect after the caller utterance it is about
      CallEvent.SideReport report = t != null && t.utterance > 0 && reported.add(t.utterance) ? r.reports.get(t.utterance) : null;
      turns.add(withAgentSide(judged, report));
    }
    List<BargeInResult> bargeIns = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      StepFacts t = r.steps.get(i);
      if (t == null || s.bargeIn() == null && s.noiseOnly() == null) continue;
      long limit = s.bargeIn() != null ? s.bargeIn().maxReactionMs() : s.noiseOnly().maxReactionMs();
      bargeIns.add(BargeInJudge.judge(i, s.kind(), limit, r.seconds(t.onset), r.seconds(t.soundEnd), t.failure, agent));
    }
    Failure said = r.callFailure;
    MediaProblem media = r.media; // the telephony layer first: it explains whatever failed above it
    if (media != null && media.kind() == MediaProblem.Kind.SILENT && said != null && (said.isBudget() || said.code().equals(Codes.NO_GREETING))) {
      // digital silence until a budget ended the call, or until the greeting was given up on, is the dead air the
      // budget names or the greeting that never came (an agent waiting for the caller to speak), not a broken path
      media = null;
    }
    if (media == null && (said != null || unanswered != null)) media = r.stoppedMidCall; // why the turns failed
    Failure failure = media != null ? Verdicts.media(media) : said != null ? said
        : unanswered == null ? null : new Failure(unanswered.layer(), Codes.UNANSWERED_TURNS, null, null, CallResult.UNANSWERED_TURNS);
    double durationS = r.callerMs / 1000.0;
    turns = turns.stream().map(t -> Verdicts.turn(t, failure, durationS)).toList();
    Segment greeting = r.greeting == null ? null : r.segments.get(r.greeting);
    return new Judged(greeting == null ? null : greeting.text, greeting == null ? null : round3(greeting.start - r.mediaStart), turns, bargeIns,
        failure, durationS);
  }

  private TurnResult expect(int index, Step.Expect e, StepFacts t, Replay r) {
    List<String> checks = new ArrayList<>(e.checks());
    if (e.transfer() != null) checks.add(e.transfer().isEmpty() ? "transfer" : "transfer:" + e.transfer());
    if (Boolean.TRUE.equals(e.hangup())) checks.add("hangup");
    String said = t == null ? "" : t.said;
    Segment reply = t == null || t.reply == null ? null : r.segments.get(t.reply);
    if (t == null || e.wantsSpeech() && reply == null) {
      Failure why = t != null && t.failure != null ? t.failure : r.callFailure != null ? r.callFailure.prefixed("not played: ")
          : Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "not played: the call ended earlier");
      return TurnResult.builder().index(index).said(said).expectedIntent(e.intent()).expectedPhrases(checks).missingPhrases(checks)
          .callerSpeechEndS(t == null ? null : r.seconds(t.callerEnd)).failure(why).build();
    }
    String heard = reply == null ? null : reply.text;
    if (r.untranscribed) return untranscribed(index, e, t, r, reply, checks, said);
    // the intent observed: where the agent transferred the caller, when its target names an intent, else the spoken reply
    String byTransfer = t.transferredTo == null ? IntentJudge.UNKNOWN : intents.judge(t.transferredTo);
    String observed = !byTransfer.equals(IntentJudge.UNKNOWN) ? byTransfer : heard == null ? null : intents.judge(heard);
    List<String> missing = new ArrayList<>(Expectations.unmet(e, heard == null ? "" : heard));
    if (e.transfer() != null && (t.transferredTo == null || !e.transfer().isEmpty() && !t.transferredTo.contains(e.transfer()))) {
      missing.add(e.transfer().isEmpty() ? "transfer" : "transfer:" + e.transfer());
    }
    if (Boolean.TRUE.equals(e.hangup()) && !Boolean.TRUE.equals(t.agentHungUp)) missing.add("hangup");
    boolean intentOk = e.intent() == null || e.intent().equals(observed);
    boolean timed = reply != null && t.callerEnd != null && t.utterance > 0;
    return slow(e, TurnResult.builder().index(index).said(said).expectedIntent(e.intent()).expectedPhrases(checks).heard(heard).observedIntent(observed)
        .missingPhrases(missing).passed(intentOk && missing.isEmpty() && t.failure == null)
        .latencyMs(timed ? round3(reply.start - t.callerEnd) : null)
        .callerSpeechEndS(r.seconds(t.callerEnd)).replyStartS(reply == null ? null : r.seconds(reply.start))
        .replyEndS(reply == null ? null : r.seconds(reply.end)).failure(t.failure).build());
  }

  /**
   * {@code t} failed in the latency layer, with the figure, when its reply began before the caller's last word on a step
   * with {@code no_interruption} (whatever else it met), or when it passed every other check but came later than the
   * step's {@code max_latency_ms}.
   */
  private static TurnResult slow(Step.Expect e, TurnResult t) {
    if (Boolean.TRUE.equals(e.noInterruption()) && t.latencyMs() != null && t.latencyMs() < 0) { // begun before the caller's last word
      return t.toBuilder().passed(false).failure(new Failure(Layer.LATENCY, Codes.CUT_IN, -t.latencyMs(), 0.0, String.format(Locale.ROOT,
          "the agent began its reply %.0f ms before the caller's last word: it cut in on the caller", -t.latencyMs()))).build();
    }
    if (e.maxLatencyMs() == null || t.latencyMs() == null || t.latencyMs() <= e.maxLatencyMs() || !t.passed()) return t;
    return t.toBuilder().passed(false).failure(new Failure(Layer.LATENCY, Codes.SLOW_REPLY, t.latencyMs(), (double) e.maxLatencyMs(), String.format(Locale.ROOT,
        "the reply came %.0f ms after the caller's last word (max_latency_ms %d)", t.latencyMs(), e.maxLatencyMs()))).build();
  }

  /**
   * A turn whose reply Earshot did not transcribe: its timing, and the checks that need no words (a transfer, a
   * hang-up), are judged; its phrases and intent are not, and the turn says so ({@code transcribed: false}).
   */
  private TurnResult untranscribed(int index, Step.Expect e, StepFacts t, Replay r, Segment reply, List<String> checks, String said) {
    List<String> missing = new ArrayList<>();
    if (e.transfer() != null && (t.transferredTo == null || !e.transfer().isEmpty() && !t.transferredTo.contains(e.transfer()))) {
      missing.add(e.transfer().isEmpty() ? "transfer" : "transfer:" + e.transfer());
    }
    if (Boolean.TRUE.equals(e.hangup()) && !Boolean.TRUE.equals(t.agentHungUp)) missing.add("hangup");
    String byTransfer = t.transferredTo == null ? null : intents.judge(t.transferredTo);
    boolean timed = reply != null && t.callerEnd != null && t.utterance > 0;
    return slow(e, TurnResult.builder().index(index).said(said).expectedIntent(e.intent()).expectedPhrases(checks)
        .observedIntent(byTransfer == null || byTransfer.equals(IntentJudge.UNKNOWN) ? null : byTransfer)
        .missingPhrases(missing).passed(missing.isEmpty() && t.failure == null).transcribed(false)
        .latencyMs(timed ? round3(reply.start - t.callerEnd) : null)
        .callerSpeechEndS(r.seconds(t.callerEnd)).replyStartS(reply == null ? null : r.seconds(reply.start))
        .replyEndS(reply == null ? null : r.seconds(reply.end)).failure(t.failure).build());
  }

  /** The turn with what the agent reported of it on the side channel, and the WERs that come of it. */
  private static TurnResult withAgentSide(TurnResult t, CallEvent.SideReport r) {
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

  /** One agent speech segment: its start, the end of its last voiced frame (ms on the call's clock), its transcript. */
  private static final class Segment {
    double start;
    double end = Double.NaN;
    String text;
  }

  /** What the events say happened at one step. */
  private static final class StepFacts {
    /** Caller utterances ({@code say}, {@code barge_in}) that ended before an expect step began: 0 for the greeting. */
    int utterance;
    String said = "";
    /** The caller's last speech frame (or key press) before an expect step began, or null. */
    Double callerEnd;
    Integer reply;
    String transferredTo;
    Boolean agentHungUp;
    Failure failure;
    /** The step's own sound: its first and last speech frame. */
    Double onset;
    Double soundEnd;
    String text;
  }

  /** The events walked once, in the order they were recorded (cause before effect), into facts per step and segment. */
  private static final class Replay {
    double mediaStart = Double.NaN;
    double callerMs;
    final Map<Integer, Segment> segments = new HashMap<>();
    final Map<Integer, StepFacts> steps = new HashMap<>();
    final Map<Integer, CallEvent.SideReport> reports = new HashMap<>();
    Integer greeting;
    /** The call's agent speech was deliberately not transcribed ({@link CallEvent.TranscriptionSkipped}). */
    boolean untranscribed;
    Failure callFailure;
    MediaProblem media;
    MediaProblem stoppedMidCall;

    Replay(List<CallEvent> events) {
      int utterances = 0;
      String lastSaid = "";
      Double lastCallerEnd = null;
      for (CallEvent ev : events) {
        if (ev instanceof CallEvent.MediaStart m) {
          mediaStart = m.t();
        } else if (ev instanceof CallEvent.AgentSpeechStart a) {
          segment(a.segment()).start = a.t();
        } else if (ev instanceof CallEvent.AgentSpeechEnd a) {
          segment(a.segment()).end = a.t();
        } else if (ev instanceof CallEvent.Transcript x) {
          segment(x.segment()).text = x.text();
        } else if (ev instanceof CallEvent.TranscriptionSkipped) {
          untranscribed = true;
        } else if (ev instanceof CallEvent.Greeting g) {
          greeting = g.segment();
        } else if (ev instanceof CallEvent.StepStart s) {
          StepFacts f = step(s.step());
          f.utterance = utterances;
          f.said = lastSaid;
          f.callerEnd = lastCallerEnd;
        } else if (ev instanceof CallEvent.StepEnd s) {
          step(s.step()).failure = s.failure();
        } else if (ev instanceof CallEvent.CallerSpeechStart c) {
          step(c.step()).onset = c.t();
          step(c.step()).text = c.text();
        } else if (ev instanceof CallEvent.CallerSpeechEnd c) {
          StepFacts f = step(c.step());
          f.soundEnd = c.t();
          if (!c.stopped() && c.utterance() > 0) { // a say or a barge_in, played to its last word
            utterances++;
            lastSaid = f.text;
            lastCallerEnd = c.t();
          }
        } else if (ev instanceof CallEvent.DtmfEnd d) {
          lastCallerEnd = d.t();
        } else if (ev instanceof CallEvent.Reply x) {
          step(x.step()).reply = x.segment();
        } else if (ev instanceof CallEvent.TransferTaken x) {
          step(x.step()).transferredTo = x.target();
        } else if (ev instanceof CallEvent.AgentHungUp x) {
          step(x.step()).agentHungUp = x.hungUp();
        } else if (ev instanceof CallEvent.SideReport x) {
          reports.put(x.utterance(), x);
        } else if (ev instanceof CallEvent.BudgetSpent b) {
          if (callFailure == null) callFailure = b.failure();
        } else if (ev instanceof CallEvent.ConversationFailed c) {
          if (callFailure == null) callFailure = c.failure();
        } else if (ev instanceof CallEvent.MediaTrouble m) {
          MediaProblem p = new MediaProblem(MediaProblem.Kind.valueOf(m.kind().toUpperCase(Locale.ROOT)), m.message());
          if (m.midCall()) stoppedMidCall = p;
          else media = p;
        } else if (ev instanceof CallEvent.Recorded x) {
          callerMs = x.callerMs();
        }
      }
      for (Segment s : segments.values()) if (Double.isNaN(s.end)) s.end = s.start + 20; // a segment that never closed: one frame
    }

    private Segment segment(int i) {
      return segments.computeIfAbsent(i, k -> new Segment());
    }

    private StepFacts step(int i) {
      return steps.computeIfAbsent(i, k -> new StepFacts());
    }

    /** Seconds from media start of call-clock time {@code t}, or null. */
    Double seconds(Double t) {
      return t == null || Double.isNaN(mediaStart) ? null : round3((t - mediaStart) / 1000.0);
    }
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? round3(x) : null;
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
