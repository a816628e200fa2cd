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
  record Judged(String greeting, Double timeToGreetingMs, List<TurnResult> turns, List<BargeInResult> bargeIns, Failure failure, double durationS,
      List<CallResult.Branch> branches) {}

  /**
   * {@code steps} are the scenario's own; the steps its branches hold are numbered after them ({@link Program}). Each step
   * is judged as often as it ran, in the order it ran: an {@code expect} gives a turn, an {@code answers} step a turn per
   * agent utterance it heard; a scenario's own {@code expect} or {@code answers} that never ran is a turn "not played".
   */
  Judged judge(List<Step> steps, List<CallEvent> events, AgentVoicing agent) {
    Program program = Program.of(steps);
    Replay r = new Replay(events);
    List<TurnResult> turns = new ArrayList<>();
    Set<Integer> reported = new HashSet<>();
    Set<Integer> ran = new HashSet<>();
    Failure unanswered = null; // the first expect step no agent speech answered
    for (Exec x : r.execs) {
      if (x.step >= program.size()) continue; // Rescore checks the steps match first; a stray number is nothing to judge
      ran.add(x.step);
      Step s = program.get(x.step);
      StepFacts t = x.facts;
      if (s.expect() != null && s.expect().hold() != null) {
        TurnResult judged = hold(turns.size() + 1, t, r);
        if (unanswered == null && t.failure != null) unanswered = judged.failure();
        turns.add(judged);
      } else if (s.expect() != null) {
        TurnResult judged = expect(turns.size() + 1, s.expect(), t, r);
        if (unanswered == null && t.failure != null) unanswered = judged.failure();
        // a report belongs to the first expect after the caller utterance it is about
        CallEvent.SideReport report = t.utterance > 0 && reported.add(t.utterance) ? r.reports.get(t.utterance) : null;
        turns.add(keys(s.expect(), t, r, tools(s.expect(), withAgentSide(judged, report), t.utterance > 0 ? r.reports.get(t.utterance) : null)));
      } else if (s.answers() != null) {
        for (TurnResult judged : rounds(turns.size() + 1, s.answers(), t, r)) {
          if (unanswered == null && judged.failure() != null && t.failure != null) unanswered = judged.failure();
          turns.add(judged);
        }
      }
    }
    for (int i = 0; i < program.topLevel(); i++) { // the scenario's own turns the call never reached
      Step s = program.get(i);
      if (ran.contains(i) || s.expect() == null && s.answers() == null) continue;
      TurnResult judged = expect(turns.size() + 1, s.expect() != null ? s.expect() : s.answers().goal(), null, r);
      if (unanswered == null) unanswered = judged.failure();
      turns.add(judged);
    }
    List<BargeInResult> bargeIns = new ArrayList<>();
    for (Exec x : r.execs) {
      if (x.step >= program.size()) continue;
      Step s = program.get(x.step);
      StepFacts t = x.facts;
      if (s.bargeIn() == null && s.noiseOnly() == null) continue;
      long limit = s.bargeIn() != null ? s.bargeIn().maxReactionMs() : s.noiseOnly().maxReactionMs();
      bargeIns.add(BargeInJudge.judge(x.step, s.kind(), limit, r.seconds(t.onset), r.seconds(t.soundEnd), t.failure, agent));
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
        failure, durationS, branches(program, r));
  }

  /** The path the script took, from its {@code branch} and {@code answer} events. */
  private static List<CallResult.Branch> branches(Program program, Replay r) {
    List<CallResult.Branch> path = new ArrayList<>();
    for (CallEvent ev : r.choices) {
      if (ev instanceof CallEvent.Branch b && b.step() < program.size()) {
        Segment seg = r.branchReply.containsKey(ev) ? r.segments.get(r.branchReply.get(ev)) : null;
        String text = seg == null ? null : seg.text;
        path.add(new CallResult.Branch(b.step() + 1, "on", b.taken() >= 0 ? "case " + (b.taken() + 1) : "else: " + b.action(), b.check(), text,
            b.keys(), r.seconds(b.t())));
      } else if (ev instanceof CallEvent.AnswerChosen a && a.step() < program.size() && program.get(a.step()).answers() != null) {
        Step.Answers ans = program.get(a.step()).answers();
        Segment seg = r.segments.get(a.segment());
        String check = a.goal() ? Conversation.goalText(ans.goal()) : a.answer() >= 0 ? Conversation.checkText(ans.when().get(a.answer()).ask()) : null;
        path.add(new CallResult.Branch(a.step() + 1, "answers", a.goal() ? "goal" : a.answer() >= 0 ? "answer " + (a.answer() + 1) : "unanswered", check,
            seg == null ? null : seg.text, null, r.seconds(a.t())));
      }
    }
    return path;
  }

  /**
   * The turns of an {@code answers} step: one per agent utterance it heard. A question answered passes (its checks are
   * the answer's); the goal is judged on its words again (a rescore's transcript may differ); an unanswered question
   * fails as {@code unanswered_question} unless the step listens on; the step's own failure (no reply, the goal not
   * reached) goes on its last turn, or on a turn of its own when no utterance came.
   */
  private List<TurnResult> rounds(int first, Step.Answers a, StepFacts t, Replay r) {
    List<TurnResult> out = new ArrayList<>();
    for (int k = 0; k < t.rounds.size(); k++) {
      Round round = t.rounds.get(k);
      Segment reply = r.segments.get(round.segment);
      String heard = reply == null ? null : reply.text;
      boolean last = k == t.rounds.size() - 1;
      boolean timed = reply != null && round.callerEnd != null && round.utterance > 0;
      TurnResult.Builder b = TurnResult.builder().index(first + out.size()).said(round.said).heard(heard)
          .latencyMs(timed ? round3(reply.start - round.callerEnd) : null).callerSpeechEndS(r.seconds(round.callerEnd))
          .replyStartS(reply == null ? null : r.seconds(reply.start)).replyEndS(reply == null ? null : r.seconds(reply.end));
      if (round.goal) {
        List<String> checks = new ArrayList<>(a.goal().checks());
        List<String> missing = new ArrayList<>(Expectations.unmet(a.goal(), heard == null ? "" : heard));
        String observed = heard == null ? null : intents.judge(heard);
        boolean intentOk = a.goal().intent() == null || a.goal().intent().equals(observed);
        b.expectedIntent(a.goal().intent()).observedIntent(observed).expectedPhrases(checks).missingPhrases(missing)
            .passed(missing.isEmpty() && intentOk && (!last || t.failure == null)).failure(last ? t.failure : null);
      } else if (round.answer >= 0) {
        Step.Expect ask = a.when().get(round.answer).ask();
        boolean failedHere = last && t.failure != null && !t.failure.code().equals(Codes.UNANSWERED_QUESTION);
        b.expectedIntent(ask.intent()).expectedPhrases(ask.checks()).missingPhrases(List.of()).passed(!failedHere).failure(failedHere ? t.failure : null);
      } else {
        boolean failedHere = last && t.failure != null;
        b.expectedPhrases(List.of("answers")).missingPhrases(failedHere ? List.of("answers") : List.of()).passed(!failedHere)
            .failure(failedHere ? t.failure : null);
      }
      out.add(b.build());
    }
    boolean placed = !t.rounds.isEmpty() && t.rounds.get(t.rounds.size() - 1).decided;
    if (t.failure != null && !placed || t.rounds.isEmpty()) { // no utterance came for the step's last round, or no round at all
      List<String> checks = new ArrayList<>(a.goal().checks());
      Failure why = t.failure != null ? t.failure : Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "the call ended before the agent spoke");
      out.add(TurnResult.builder().index(first + out.size()).said(t.rounds.isEmpty() ? t.said : lastSaidOf(t)).expectedIntent(a.goal().intent())
          .expectedPhrases(checks).missingPhrases(checks).callerSpeechEndS(r.seconds(t.callerEnd)).failure(why).build());
    }
    return out;
  }

  /**
   * A {@code hold} step's turn: passed when the agent came back in time (and the hold was one: music, a tone or enough
   * silence); {@code hold} says from when to when, and to what. It has no reply of its own and no latency: the agent's
   * speech after it is the next expect's, and that turn's latency is not measured (it answers no caller words).
   */
  private static TurnResult hold(int index, StepFacts t, Replay r) {
    CallEvent.Hold h = t.hold;
    TurnResult.Hold held = h == null ? null : new TurnResult.Hold(r.seconds(h.from()), r.seconds(h.to()),
        h.to() == null ? null : round3((h.to() - h.from()) / 1000.0), h.sound());
    Failure why = t.failure != null ? t.failure : h == null ? Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "the call ended during the hold") : null;
    return TurnResult.builder().index(index).said(t.said).expectedPhrases(List.of("hold")).missingPhrases(why == null ? List.of() : List.of("hold"))
        .passed(why == null).callerSpeechEndS(r.seconds(t.callerEnd)).failure(why).hold(held).build();
  }

  private static String lastSaidOf(StepFacts t) {
    return t.lastSaid == null ? t.said : t.lastSaid;
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

  /**
   * The turn failed in the intent layer when the step expects tool calls ({@code tool}/{@code tools}) that the agent's
   * side-channel report for the caller's utterance does not hold (each by name, with every argument given equal as text),
   * or when there is no such report: then tools cannot be checked, and the failure says so.
   */
  private static TurnResult tools(Step.Expect e, TurnResult t, CallEvent.SideReport report) {
    if (e.tools().isEmpty() || !t.passed() && t.failure() != null && !t.failure().code().equals(Codes.MISSING_PHRASE)) return t;
    if (report == null) {
      return t.toBuilder().passed(false).failure(Failure.of(Layer.INTENT, Codes.NO_TOOL_REPORT, "expected tool calls " + e.tools()
          + ", but the agent sent no side-channel report for this turn (an agent without the side channel cannot be checked for tools)")).build();
    }
    for (Step.Tool want : e.tools()) {
      boolean found = report.tools().stream().anyMatch(got -> got.name().equals(want.name())
          && want.args().entrySet().stream().allMatch(a -> a.getValue().equals(got.args().get(a.getKey()))));
      if (!found) {
        return t.toBuilder().passed(false).failure(Failure.of(Layer.INTENT, Codes.MISSING_TOOL, "expected the tool call " + want
            + "; the agent reported " + (report.tools().isEmpty() ? "none" : report.tools().stream().map(x -> x.name() + x.args()).toList()))).build();
      }
    }
    return t;
  }

  /**
   * {@code dtmf}: the keys the agent sent from the latest reply taken or caller utterance begun before the step, to the
   * step's end, must be those expected, else the
   * turn fails in the response layer as {@code no_dtmf} or {@code wrong_dtmf}, naming what came.
   */
  private static TurnResult keys(Step.Expect e, StepFacts f, Replay r, TurnResult t) {
    if (e.dtmf() == null || t.failure() != null) return t;
    StringBuilder got = new StringBuilder();
    for (CallEvent.DtmfHeard h : r.keysHeard) {
      if (h.t() >= f.startT && (Double.isNaN(f.endT) || h.t() <= f.endT)) got.append(h.key());
    }
    if (got.toString().equalsIgnoreCase(e.dtmf())) return t;
    Failure why = got.length() == 0 ? Failure.of(Layer.RESPONSE, Codes.NO_DTMF, "expected the agent to send DTMF '" + e.dtmf() + "'; it sent none")
        : Failure.of(Layer.RESPONSE, Codes.WRONG_DTMF, "expected the agent to send DTMF '" + e.dtmf() + "'; it sent '" + got + "'");
    return t.toBuilder().passed(false).failure(why).build();
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
          replyWer, replyWords, replyErrors, r.tools());
    } else {
      ErrorCounts w = ErrorCounts.words(t.said(), r.heard());
      ErrorCounts c = ErrorCounts.characters(t.said(), r.heard());
      a = new TurnResult.AgentSide(r.heard(), r.intent(), r.said(), finite(w.rate()), finite(c.rate()), w.reference(), w.substitutions(),
          w.deletions(), w.insertions(), r.asrFinalUs(), r.responseStartUs(), r.ttsFirstAudioUs(), replyWer, replyWords, replyErrors, r.tools());
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
    String kind;
    /** Where the keys the agent sends count from for this step (the latest reply taken or caller utterance begun), and when it ended (ms). */
    double startT = Double.NaN, endT = Double.NaN;
    /** An answers step's rounds, one per agent utterance it took. */
    final List<Round> rounds = new ArrayList<>();
    /** The caller's words when the step ended (an answers step speaks during itself). */
    String lastSaid;
    /** A hold step's hold. */
    CallEvent.Hold hold;
  }

  /** One round of an answers step: the agent's utterance, what the caller had said and when its last word was, what was chosen. */
  private static final class Round {
    int segment;
    int utterance;
    String said;
    Double callerEnd;
    int answer = -1;
    boolean goal;
    boolean decided;
  }

  /** One run of a step: which, and what happened in it. */
  private record Exec(int step, StepFacts facts) {}

  /** The events walked once, in the order they were recorded (cause before effect), into facts per step and segment. */
  private static final class Replay {
    double mediaStart = Double.NaN;
    double callerMs;
    final Map<Integer, Segment> segments = new HashMap<>();
    /** The latest run of each step: the events naming a step belong to it (steps run one at a time). */
    final Map<Integer, StepFacts> steps = new HashMap<>();
    /** The keys Earshot heard from the agent, with when. */
    final List<CallEvent.DtmfHeard> keysHeard = new ArrayList<>();
    /** Every run of a step, in order. */
    final List<Exec> execs = new ArrayList<>();
    /** The branch and answer events, in order, for the call's path. */
    final List<CallEvent> choices = new ArrayList<>();
    /** For each branch event, the transcript of the reply it chose on. */
    final Map<CallEvent, Integer> branchReply = new java.util.IdentityHashMap<>();
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
      double lastReplyStart = Double.NEGATIVE_INFINITY, lastCallerStart = Double.NEGATIVE_INFINITY; // where a step's agent keys count from
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
          StepFacts f = new StepFacts();
          steps.put(s.step(), f);
          execs.add(new Exec(s.step(), f));
          f.kind = s.kind();
          f.startT = Math.max(lastReplyStart, lastCallerStart);
          f.utterance = utterances;
          f.said = lastSaid;
          f.callerEnd = lastCallerEnd;
        } else if (ev instanceof CallEvent.StepEnd s) {
          step(s.step()).failure = s.failure();
          step(s.step()).endT = s.t();
          step(s.step()).lastSaid = lastSaid;
        } else if (ev instanceof CallEvent.CallerSpeechStart c) {
          if (c.utterance() > 0) lastCallerStart = Math.max(lastCallerStart, c.t());
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
        } else if (ev instanceof CallEvent.DtmfHeard h) {
          keysHeard.add(h);
        } else if (ev instanceof CallEvent.DtmfEnd d) {
          lastCallerEnd = d.t();
        } else if (ev instanceof CallEvent.Reply x) {
          if (segments.containsKey(x.segment())) lastReplyStart = Math.max(lastReplyStart, segments.get(x.segment()).start);
          StepFacts f = step(x.step());
          if ("answers".equals(f.kind)) {
            Round round = new Round();
            round.segment = x.segment();
            round.utterance = utterances;
            round.said = lastSaid;
            round.callerEnd = lastCallerEnd;
            f.rounds.add(round);
          } else {
            f.reply = x.segment();
          }
        } else if (ev instanceof CallEvent.AnswerChosen a) {
          StepFacts f = step(a.step());
          Round round = f.rounds.isEmpty() ? null : f.rounds.get(f.rounds.size() - 1);
          if (round != null) {
            round.answer = a.answer();
            round.goal = a.goal();
            round.decided = true;
          }
          choices.add(ev);
        } else if (ev instanceof CallEvent.Branch b) {
          StepFacts f = step(b.step());
          if (f.reply != null) branchReply.put(ev, f.reply);
          choices.add(ev);
        } else if (ev instanceof CallEvent.Hold h) {
          step(h.step()).hold = h;
          if (h.to() != null) lastCallerEnd = null; // what the agent says after a hold answers no caller words: no latency
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
