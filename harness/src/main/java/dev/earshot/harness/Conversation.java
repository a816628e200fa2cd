package dev.earshot.harness;

import dev.earshot.corpora.Transcriber;
import dev.earshot.harness.metrics.ErrorCounts;
import dev.earshot.report.CallEvent;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.rtp.Playout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays one scenario's steps over one answered call and keeps what happened at each, for judging after the
 * call. The agent's speech is cut into segments by the {@link CallTimeline}; each segment is transcribed on
 * the ASR pool as soon as it ends when loop detection ({@code max_repeats}) is on, else after the call. Every wait is a future completed by the media event loop or a timer, so a
 * call holds no thread while it waits.
 *
 * <p>Rules of the script: the conversation first waits for the agent's greeting to start (unless the plan's {@code greeting}
 * is {@code none}: then the caller speaks first; {@code optional}: it waits 3 s at most). An {@code expect}
 * takes the agent's next utterance that started after the caller's latest utterance began (the greeting, when
 * nothing was said yet) and waits for it to end. A {@code say} first lets the agent finish the utterance it is
 * in. A {@code barge_in} or {@code noise_only} aims at the utterance the agent is in (or its next one) and
 * starts {@code after_ms} into it; after a barge-in, the next {@code expect} takes the agent's first utterance
 * that began after the interruption did, so the reply is judged, not the prompt that was cut off.
 *
 * <p>A budget guard runs every 100 ms while the call is up and ends the call when a budget is spent.
 */
final class Conversation {
  private static final int PAD_MS = 200;
  private static final long GUARD_MS = 100;
  /**
   * How long {@code on:} cases that check {@code dtmf} wait after the last key (or the reply, or the step's start) for
   * another before choosing, as an IVR's inter-digit timeout.
   */
  static final long KEY_WAIT_MS = 1500;
  /** Two agent utterances whose transcripts differ by at most this WER say "the same thing". */
  static final double SAME_PROMPT_WER = 0.2;

  /** What an {@code expect} step has taken so far, while it runs (what it judges is in the call's events). */
  private static final class ExpectState {
    final int step;
    CallTimeline.Segment reply;
    String transferredTo;
    /** The call's own agent silence, to go back to once a step that set its own is over; null when it set none. */
    Long restoreSilenceMs;

    ExpectState(int step) {
      this.step = step;
    }
  }

  private final CallPlan plan;
  private final Call call;
  private final CallTimeline timeline;
  private final RunOptions options;
  private final Transcriber asr;
  private final AsrPool asrPool;
  /** Loop detection is on: each agent utterance is transcribed as it ends, and the script waits for its words. */
  private final boolean live;
  private final ScheduledExecutorService timer;

  private final CallLog log;
  /** Why the call as a whole failed (no greeting, a budget spent), or null. */
  private volatile Failure failure;

  // state of the step chain, which runs one step at a time
  private long lastCallerStartNanos;
  private long lastCallerEndNanos;
  private String lastSaid = "";
  private int utterances;
  private CallTimeline.Segment lastTaken;
  /** The reply the latest expect step took, which its {@code on:} cases are checked against; null when none came. */
  private CallTimeline.Segment branchOn;
  private volatile long waitingSinceNanos; // 0 when not waiting for the agent
  private int stepsPlayed;
  private boolean transferTaken; // the agent's REFER went to an expect step already
  /** Where the keys the agent sends count from for the expect step running (its {@code dtmf}, its cases'). */
  private volatile long stepKeysFrom;

  /** The longest agent utterance on this call (the scenario's or suite's {@code max_utterance_s}, else the run's), ms. */
  private final long maxSpeechMs;
  /** Whether the agent's speech is transcribed: false for the calls of a load run beyond its {@code --transcribe} share. */
  private final boolean transcribe;
  /** The scenario's steps, branches numbered after them. */
  private final Program program;
  /** How many times each step has run (a case's {@code again} runs its expect once more). */
  private final int[] visits;
  private final IntentJudge intents;

  Conversation(CallPlan plan, Call call, CallTimeline timeline, CallLog log, RunOptions options, Transcriber asr, AsrPool asrPool,
      ScheduledExecutorService timer) {
    this(plan, call, timeline, log, options, asr, asrPool, timer, true, new IntentJudge(java.util.Map.of()));
  }

  /**
   * {@code transcribe} false: no agent utterance of this call is transcribed (a {@link CallEvent.TranscriptionSkipped}
   * says so first), so loop detection ({@code max_repeats}), which reads the words, is off for it too; a scenario that reacts to
   * what the agent says ({@code on:} cases, {@code answers}) is always transcribed, as each utterance ends.
   */
  Conversation(CallPlan plan, Call call, CallTimeline timeline, CallLog log, RunOptions options, Transcriber asr, AsrPool asrPool,
      ScheduledExecutorService timer, boolean transcribe, IntentJudge intents) {
    this.program = Program.of(plan.scenario());
    this.visits = new int[program.size()];
    boolean reacts = program.steps().stream().anyMatch(s -> s.answers() != null || s.expect() != null && !s.expect().on().isEmpty());
    this.intents = intents;
    this.transcribe = transcribe || reacts;
    transcribe = this.transcribe;
    this.maxSpeechMs = plan.maxUtteranceMs(options.maxSpeechMs());
    this.log = log;
    this.plan = plan;
    this.call = call;
    this.timeline = timeline;
    this.options = options;
    this.asr = asr;
    this.asrPool = asrPool;
    this.live = transcribe && (plan.budgets().maxRepeats() != null || reacts);
    this.timer = timer;
  }

  /** Runs the script; completes when it is over and the call has ended, with every agent utterance transcribed. */
  CompletableFuture<Void> run() {
    if (!transcribe) log.add(new CallEvent.TranscriptionSkipped(log.now(), "load run: this call is beyond the share --transcribe gives"));
    // loop detection needs each utterance's words while the call is up; otherwise transcription waits for the
    // end of the call, so that Earshot's recogniser does not compete for CPU with an agent on the same machine
    if (live) timeline.onSegmentClosed(seg -> asrPool.executeFirst(() -> transcribe(seg))); // the call waits on it
    ScheduledFuture<?> guard = timer.scheduleAtFixedRate(this::checkBudgets, GUARD_MS, GUARD_MS, TimeUnit.MILLISECONDS);
    call.ended().whenComplete((end, err) -> {
      guard.cancel(false);
      timeline.callEnded();
    });
    String mode = plan.greeting();
    long greetingWait = mode.equals("optional") ? Math.min(Suite.OPTIONAL_GREETING_MS, options.greetingTimeoutMs()) : options.greetingTimeoutMs();
    int top = program.topLevel();
    CompletableFuture<Void> script = mode.equals("none") ? block(0, top) // the caller speaks first; a greeting, if any, is the agent's first utterance
        : awaitSpeech(0, greetingWait)
        .handle((seg, err) -> {
          if (err != null) {
            if (mode.equals("optional")) return block(0, top); // no greeting came: the caller goes on
            Failure why = describeWait(cause(err), options.greetingTimeoutMs());
            fail(why.code().equals(Codes.NO_REPLY) ? new Failure(Layer.LATENCY, Codes.NO_GREETING, null, why.limit(), "no greeting: " + why.message())
                : why.prefixed("no greeting: "));
            return CompletableFuture.<Void>completedFuture(null);
          }
          log.add(new CallEvent.Greeting(log.now(), seg.index));
          return block(0, top);
        }).thenCompose(f -> f);
    return script.handle((v, err) -> {
      if (err != null) fail(Failure.of(Layer.TELEPHONY, Codes.HARNESS_ERROR, "harness error: " + cause(err))); // Earshot's own fault is the call's failure, never lost
      call.hangup(); // whatever ended the script; does nothing if the agent already hung up
      return call.ended();
    }).thenCompose(end -> end).handle((end, err) -> {
      timeline.callEnded(); // closes a segment still open, so that every one is being transcribed
      if (!transcribe) timeline.segments().forEach(seg -> seg.transcript.complete(null)); // timing only: nothing to wait for
      else if (!live) timeline.segments().forEach(seg -> asrPool.execute(() -> transcribe(seg)));
      return null;
    }).thenCompose(v -> CompletableFuture.allOf(timeline.segments().stream().map(s -> s.transcript).toArray(CompletableFuture[]::new)));
  }

  /** Steps {@code from} to {@code to} (exclusive) of the program, one after the other. */
  private CompletableFuture<Void> block(int from, int to) {
    if (from >= to || call.ended().isDone() || failure != null) return CompletableFuture.completedFuture(null);
    return step(from).thenCompose(v -> block(from + 1, to));
  }

  /** Step {@code i}, then the branch it chose (an {@code expect}'s case, or its {@code else}), if any. */
  private CompletableFuture<Void> step(int i) {
    if (call.ended().isDone() || failure != null) return CompletableFuture.completedFuture(null);
    Step step = program.get(i);
    boolean cases = step.expect() != null && !step.expect().on().isEmpty();
    if (cases && ++visits[i] > step.expect().maxVisits()) {
      fail(new Failure(Layer.FLOW, Codes.REVISIT_LIMIT, (double) visits[i], (double) step.expect().maxVisits(), "step " + (i + 1)
          + " would run a " + visits[i] + "th time (max_visits " + step.expect().maxVisits() + "): its cases keep asking for it again"));
      return CompletableFuture.completedFuture(null);
    }
    stepsPlayed = i + 1;
    log.add(new CallEvent.StepStart(log.now(), i, step.kind()));
    CompletableFuture<?> done = switch (step.kind()) {
      case "expect" -> expect(i, step.expect());
      case "answers" -> answers(i, step.answers(), 1);
      case "say" -> say(i, plan.clips().get(i));
      case "barge_in" -> overAgent(i, step, plan.clips().get(i));
      case "noise_only" -> overAgent(i, step, plan.clips().get(i));
      case "wait" -> CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(step.waitMs(), TimeUnit.MILLISECONDS, Runnable::run));
      case "dtmf" -> dtmf(i, step.dtmf());
      case "hangup" -> {
        call.hangup();
        yield CompletableFuture.completedFuture(null);
      }
      default -> throw new IllegalStateException(step.kind());
    };
    return done.handle((failed, err) -> {
      // a step's own failure is its value; a say the call ended under, or Earshot's own error, is the step's too
      Failure why = err == null ? (failed instanceof Failure f ? f : null)
          : cause(err) instanceof CallTimeline.CallEndedException ? Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "the call ended during the step")
          : Failure.of(Layer.TELEPHONY, Codes.HARNESS_ERROR, "harness error: " + cause(err));
      // an answers step that could not reach its goal leaves the caller with nothing sensible to say next: the script stops
      if (why != null && step.answers() != null && (why.code().equals(Codes.UNANSWERED_QUESTION) || why.code().equals(Codes.GOAL_NOT_REACHED))) {
        log.add(new CallEvent.StepEnd(log.now(), i, why));
        fail(why);
        return CompletableFuture.<Void>completedFuture(null);
      }
      int branch = cases ? choose(step.expect()) : -2;
      Failure unmatched = branch == -1 && step.expect().otherwise() == Step.Else.FAIL ? noCase(step.expect()) : null;
      log.add(new CallEvent.StepEnd(log.now(), i, why != null ? why : unmatched));
      if (!cases) return CompletableFuture.<Void>completedFuture(null);
      Step.Expect e = step.expect();
      log.add(new CallEvent.Branch(log.now(), i, branch, branch >= 0 ? "then" : e.otherwise().action(),
          branch >= 0 ? checkText(e.on().get(branch).match()) : null, caseKeys(e) > 0 ? keysSince(stepKeysFrom) : null));
      if (unmatched != null) {
        fail(unmatched);
        return CompletableFuture.<Void>completedFuture(null);
      }
      int g = branch >= 0 ? branch : e.on().size(); // the else steps are the last group
      CompletableFuture<Void> taken = block(program.branchStart(i, g), program.branchStart(i, g) + program.branchSize(i, g));
      return branch >= 0 && e.on().get(branch).again() ? taken.thenCompose(v -> step(i)) : taken;
    }).thenCompose(f -> f);
  }

  /** The agent's words in the reply the last expect took ("" when none came, or its recognition failed). */
  private String lastWords() {
    return words(branchOn);
  }

  private static String words(CallTimeline.Segment seg) {
    if (seg == null || !seg.transcript.isDone() || seg.transcript.isCompletedExceptionally()) return "";
    String w = seg.transcript.getNow(null);
    return w == null ? "" : w;
  }

  /** The first case of {@code e} its reply meets, or -1. */
  private int choose(Step.Expect e) {
    String words = lastWords();
    for (int c = 0; c < e.on().size(); c++) if (meets(e.on().get(c).match(), words)) return c;
    return -1;
  }

  /**
   * Whether {@code words} meet every check of {@code check}, its intent among them, and the keys the agent sent during the
   * step (from where its keys count, as an expect's {@code dtmf}) are its {@code dtmf}, when it has one.
   */
  private boolean meets(Step.Expect check, String words) {
    return Expectations.unmet(check, words).isEmpty() && (check.intent() == null || check.intent().equals(intents.judge(words)))
        && (check.dtmf() == null || check.dtmf().equalsIgnoreCase(keysSince(stepKeysFrom)));
  }

  /** The keys the agent sent (as Earshot heard them) from {@code fromNanos} on. */
  private String keysSince(long fromNanos) {
    StringBuilder keys = new StringBuilder();
    for (var h : call.media().dtmfHeard()) if (h.arrivalNanos() >= fromNanos) keys.append(h.key());
    return keys.toString();
  }

  private Failure noCase(Step.Expect e) {
    List<String> cases = e.on().stream().map(c -> checkText(c.match())).toList();
    String words = lastWords();
    String keys = caseKeys(e) > 0 ? keysSince(stepKeysFrom) : null;
    String heard = keys == null ? (words.isEmpty() ? "no reply to branch on" : "the agent said '" + words + "'")
        : (words.isEmpty() ? "" : "the agent said '" + words + "' and ") + (keys.isEmpty() ? "sent no keys" : "sent keys '" + keys + "'");
    return Failure.of(Layer.FLOW, Codes.NO_CASE_MATCHED, heard + ": none of the cases matched (" + String.join("; ", cases) + ")");
  }

  /**
   * Round {@code round} of an {@code answers} step: the agent's next utterance, then the goal met (done), an answer said
   * (the next round), or an unanswered question (the step fails, or listens on).
   */
  private CompletableFuture<Failure> answers(int i, Step.Answers a, int round) {
    if (round > a.maxTurns()) {
      return CompletableFuture.completedFuture(new Failure(Layer.FLOW, Codes.GOAL_NOT_REACHED, (double) a.maxTurns(), (double) a.maxTurns(),
          "the goal (" + goalText(a.goal()) + ") was not reached in " + a.maxTurns() + " agent utterances (max_turns)"));
    }
    Step.Expect goal = a.goal();
    long timeout = goal.timeoutMs() != null ? goal.timeoutMs() : options.replyTimeoutMs();
    CompletableFuture<Object> next = new CompletableFuture<>();
    awaitSpeech(nextUtteranceFrom(), timeout).thenCompose(seg -> {
      lastTaken = seg;
      log.add(new CallEvent.Reply(log.now(), i, seg.index));
      return seg.ended.copy().orTimeout(maxSpeechMs, TimeUnit.MILLISECONDS).thenCompose(x -> seg.transcript.copy()).thenApply(w -> (Object) seg);
    }).whenComplete((seg, err) -> {
      if (err != null) next.completeExceptionally(err);
      else next.complete(seg);
    });
    if (goal.transfer() != null && goal.checks().isEmpty() && goal.intent() == null) call.transferred().thenAccept(next::complete);
    return next.handle((got, err) -> {
      if (err != null) {
        Throwable c = cause(err);
        if (c instanceof CallTimeline.CallEndedException && Boolean.TRUE.equals(goal.hangup())) {
          log.add(new CallEvent.AgentHungUp(log.now(), i, true));
          return CompletableFuture.<Failure>completedFuture(null); // the goal: the agent hung up
        }
        return CompletableFuture.completedFuture(c instanceof TimeoutException && lastTaken != null && !lastTaken.ended.isDone()
            ? new Failure(Layer.RESPONSE, Codes.REPLY_TOO_LONG, null, maxSpeechMs / 1000.0, "the agent spoke for more than " + maxSpeechMs / 1000.0 + " s")
            : describeWait(c, timeout));
      }
      if (got instanceof String target) { // the goal: a transfer
        ExpectState t = new ExpectState(i);
        takeTransfer(t, target);
        return CompletableFuture.<Failure>completedFuture(null);
      }
      CallTimeline.Segment seg = (CallTimeline.Segment) got;
      String words = words(seg);
      boolean transferOk = goal.transfer() == null || call.transferred().isDone()
          && (goal.transfer().isEmpty() || call.transferred().getNow("").contains(goal.transfer()));
      if ((!goal.checks().isEmpty() || goal.intent() != null) && meets(goal, words) && transferOk) {
        if (goal.transfer() != null) takeTransfer(new ExpectState(i), call.transferred().getNow(null));
        log.add(new CallEvent.AnswerChosen(log.now(), i, round, seg.index, -1, true));
        return CompletableFuture.<Failure>completedFuture(null);
      }
      for (int j = 0; j < a.when().size(); j++) {
        if (!meets(a.when().get(j).ask(), words)) continue;
        log.add(new CallEvent.AnswerChosen(log.now(), i, round, seg.index, j, false));
        CallerClip clip = plan.clips().get(program.branchStart(i, j));
        return speak(i, clip).thenCompose(p -> answers(i, a, round + 1));
      }
      log.add(new CallEvent.AnswerChosen(log.now(), i, round, seg.index, -1, false));
      if (a.unanswered().equals("listen")) return answers(i, a, round + 1);
      return CompletableFuture.completedFuture(Failure.of(Layer.FLOW, Codes.UNANSWERED_QUESTION, "the agent said '" + words
          + "', which no answer matches (" + a.when().stream().map(w -> checkText(w.ask())).collect(java.util.stream.Collectors.joining("; ")) + ")"));
    }).thenCompose(f -> f);
  }

  /** A case's or answer's check in words: its tagged checks, then its intent. */
  static String checkText(Step.Expect check) {
    return String.join(", ", check.checks()) + (check.intent() == null ? "" : (check.checks().isEmpty() ? "" : ", ") + "intent:" + check.intent());
  }

  /** The most keys a case of {@code e} checks for ({@code dtmf}), or 0 when none checks keys. */
  private static int caseKeys(Step.Expect e) {
    return e.on().stream().map(c -> c.match().dtmf()).filter(java.util.Objects::nonNull).mapToInt(String::length).max().orElse(0);
  }

  static String goalText(Step.Expect goal) {
    List<String> parts = new ArrayList<>(goal.checks());
    if (goal.intent() != null) parts.add("intent:" + goal.intent());
    if (goal.transfer() != null) parts.add(goal.transfer().isEmpty() ? "transfer" : "transfer:" + goal.transfer());
    if (Boolean.TRUE.equals(goal.hangup())) parts.add("hangup");
    return String.join(", ", parts);
  }

  private CompletableFuture<Failure> expect(int i, Step.Expect e) {
    ExpectState t = new ExpectState(i);
    branchOn = null;
    // keys count from the caller's latest words or the agent's latest utterance taken, whichever began last: an IVR may
    // send them right after a prompt, while the step before still waits out that prompt's end silence
    long keysFrom = Math.max(lastCallerStartNanos, lastTaken == null ? 0 : lastTaken.startNanos);
    stepKeysFrom = keysFrom;
    long timeout = e.timeoutMs() != null ? e.timeoutMs() : options.replyTimeoutMs();
    if (e.silenceMs() != null) return silence(i, e.silenceMs());
    if (e.hold() != null) return hold(i, e);
    CompletableFuture<?> speech = CompletableFuture.completedFuture(null);
    if (e.agentSilenceMs() != null) { // this reply ends after its own silence; the call's again once it has
      long callsOwn = timeline.endSilenceMs();
      timeline.endSilenceMs(e.agentSilenceMs());
      t.restoreSilenceMs = callsOwn;
    }
    if (e.wantsSpeech()) {
      speech = awaitSpeech(nextUtteranceFrom(), timeout).thenCompose(seg -> {
        t.reply = seg;
        lastTaken = seg;
        branchOn = seg;
        log.add(new CallEvent.Reply(log.now(), i, seg.index));
        CompletableFuture<?> ended = seg.ended.copy().orTimeout(maxSpeechMs, TimeUnit.MILLISECONDS);
        // with loop detection on, the caller notices a loop before it speaks again, not a turn later
        return !live ? ended : ended.thenCompose(x -> seg.transcript.handle((words, err) -> {
          checkLoop();
          return null;
        }));
      });
    }
    if (e.dtmf() != null) speech = speech.thenCompose(v -> keysFrom(keysFrom, e.dtmf().length(), timeout, 0, false));
    // cases that check keys choose once the most keys any of them checks have come, or no key came for KEY_WAIT_MS (as an
    // IVR's inter-digit timeout), within the step's timeout
    else if (caseKeys(e) > 0) speech = speech.thenCompose(v -> keysFrom(keysFrom, caseKeys(e), timeout, KEY_WAIT_MS, e.wantsSpeech()));
    // a transfer (REFER) that came by the end of the reply belongs to this step, whether or not it checks for one
    CompletableFuture<?> transfer = e.transfer() == null ? speech.thenRun(() -> takeTransfer(t, call.transferred().getNow(null)))
        : speech.thenCompose(v -> call.transferred().copy().orTimeout(timeout, TimeUnit.MILLISECONDS).thenAccept(to -> takeTransfer(t, to)));
    CompletableFuture<?> hangup = !Boolean.TRUE.equals(e.hangup()) ? transfer
        : transfer.thenCompose(v -> call.ended().copy().orTimeout(timeout, TimeUnit.MILLISECONDS).thenAccept(end -> log.add(new CallEvent.AgentHungUp(log.now(), i, end.byRemote()))));
    return hangup.handle((v, err) -> {
      if (t.restoreSilenceMs != null) timeline.endSilenceMs(t.restoreSilenceMs);
      if (err == null) return null;
      Throwable c = cause(err);
      return e.wantsSpeech() && t.reply == null ? describeWait(c, timeout)
            : c instanceof TimeoutException ? (t.reply != null && !t.reply.ended.isDone()
                ? new Failure(Layer.RESPONSE, Codes.REPLY_TOO_LONG, null, maxSpeechMs / 1000.0, "the agent spoke for more than " + maxSpeechMs / 1000.0 + " s")
                : e.transfer() != null && t.transferredTo == null
                ? new Failure(Layer.INTENT, Codes.NO_TRANSFER, null, timeout / 1000.0, "no transfer within " + timeout / 1000.0 + " s")
                : new Failure(Layer.FLOW, Codes.NO_HANGUP, null, timeout / 1000.0, "the agent did not hang up within " + timeout / 1000.0 + " s"))
            : describeWait(c, timeout);
    });
  }

  /**
   * Completes once the agent has sent {@code count} keys since {@code fromNanos} (RFC 4733 or in-band, as the media stream
   * hears them), or after {@code timeoutMs} with whatever came: the judge compares them, from the call's {@code dtmf_heard}
   * events; with {@code idleMs > 0}, also once no new key has come for that long after the last key (or, with
   * {@code idleFromNow}, after now: a reply taken, its keys may not come). In-band tones also make an agent "utterance":
   * it is taken, so the next {@code expect} takes what follows.
   */
  private CompletableFuture<Void> keysFrom(long fromNanos, int count, long timeoutMs, long idleMs, boolean idleFromNow) {
    CompletableFuture<Void> got = new CompletableFuture<>();
    long[] last = {idleFromNow ? System.nanoTime() : 0, 0}; // when the count last changed (0: not yet counting), and the count
    ScheduledFuture<?> poll = timer.scheduleAtFixedRate(() -> {
      long n = call.media().dtmfHeard().stream().filter(h -> h.arrivalNanos() >= fromNanos).count();
      long now = System.nanoTime();
      if (n != last[1]) {
        last[0] = now;
        last[1] = n;
      }
      if (n >= count || call.ended().isDone() || idleMs > 0 && last[0] != 0 && now - last[0] >= idleMs * 1_000_000L) got.complete(null);
    }, 20, 20, TimeUnit.MILLISECONDS);
    return got.completeOnTimeout(null, timeoutMs, TimeUnit.MILLISECONDS).whenComplete((v, err) -> {
      poll.cancel(false);
      for (CallTimeline.Segment seg : timeline.segments()) if (seg.startNanos >= fromNanos) lastTaken = seg;
    });
  }

  /**
   * {@code silence_ms}: the agent must not start an utterance for {@code ms} from now (one it is in counts, unless it began
   * before the caller's latest words). The utterance that breaks the silence is the step's reply, and its failure says how soon.
   */
  private CompletableFuture<Failure> silence(int i, long ms) {
    long from = System.nanoTime();
    return timeline.nextSegment(nextUtteranceFrom()).copy().orTimeout(ms, TimeUnit.MILLISECONDS).handle((seg, err) -> {
      if (err != null) return cause(err) instanceof TimeoutException ? null : describeWait(cause(err), ms);
      lastTaken = seg;
      log.add(new CallEvent.Reply(log.now(), i, seg.index));
      double after = Math.max(0, (seg.startNanos - from) / 1e6);
      return new Failure(Layer.RESPONSE, Codes.NOT_SILENT, (double) Math.round(after), (double) ms, String.format(java.util.Locale.ROOT,
          "the agent spoke %.0f ms into the %d ms it should have stayed silent (silence_ms)", after, ms));
    });
  }

  /**
   * {@code hold: true}: the agent's music and tones, or its silence, until it speaks again ({@code max_hold_s} at most). The
   * speech that ends the hold is left for the next expect; a {@link CallEvent.Hold} records from when to when, and to what.
   * A silent hold is not dead air: the {@code max_dead_air_ms} budget does not count it.
   */
  private CompletableFuture<Failure> hold(int i, Step.Expect e) {
    long began = System.nanoTime();
    long maxMs = Math.round(e.maxHoldS() * 1000);
    // the silence before the hold began at the end of the agent's utterance taken last, or at the caller's last word
    long quietFrom = Math.max(lastCallerEndNanos, lastTaken == null ? 0 : lastTaken.lastVoicedNanos + 20_000_000L);
    if (quietFrom == 0) quietFrom = began;
    long quiet = quietFrom;
    List<CallTimeline.Segment> sounds = java.util.Collections.synchronizedList(new ArrayList<>());
    return pastSounds(nextUtteranceFrom(), began + maxMs * 1_000_000L, sounds).handle((seg, err) -> {
      long from = sounds.isEmpty() ? quiet : Math.min(quiet, sounds.get(0).startNanos);
      String sound = holdSound(sounds);
      log.add(new CallEvent.Hold(log.now(), i, log.t(from), seg == null ? null : log.t(seg.startNanos), sound));
      if (err != null) {
        Throwable c = cause(err);
        return c instanceof TimeoutException ? new Failure(Layer.LATENCY, Codes.HOLD_TOO_LONG, e.maxHoldS(), e.maxHoldS(), String.format(java.util.Locale.ROOT,
            "the caller was still on hold (%s) after %.0f s (max_hold_s)", sound, e.maxHoldS()))
            : c instanceof CallTimeline.CallEndedException ? Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "the call ended during the hold (" + sound + ")")
            : describeWait(c, maxMs);
      }
      double silentS = (seg.startNanos - quiet) / 1e9;
      if (sounds.isEmpty() && silentS < e.minHoldS()) {
        return new Failure(Layer.FLOW, Codes.NO_HOLD, round1(silentS), e.minHoldS(), String.format(java.util.Locale.ROOT,
            "the agent spoke again after %.1f s of silence, with no hold music or tone (min_hold_s %s)", silentS, e.minHoldS()));
      }
      return null;
    });
  }

  /** The agent's next speech from {@code from}, passing over (and taking) its music and tones, which go to {@code sounds}. */
  private CompletableFuture<CallTimeline.Segment> pastSounds(long from, long deadlineNanos, List<CallTimeline.Segment> sounds) {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    if (left <= 0) return CompletableFuture.failedFuture(new TimeoutException());
    return timeline.nextSegment(from).copy().orTimeout(left, TimeUnit.MILLISECONDS).thenCompose(seg -> seg.kind.copy().thenCompose(k -> {
      if (!seg.isSound()) return CompletableFuture.completedFuture(seg);
      sounds.add(seg);
      lastTaken = seg;
      return pastSounds(seg.startNanos + 1, deadlineNanos, sounds);
    }));
  }

  /** What a hold held with: its sounds' kinds, music before tone, or {@code silence}. */
  private static String holdSound(List<CallTimeline.Segment> sounds) {
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    synchronized (sounds) {
      for (CallTimeline.Segment s : sounds) kinds.add(s.kind.join().name().toLowerCase(java.util.Locale.ROOT));
    }
    return kinds.isEmpty() ? "silence" : String.join("+", kinds);
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }

  /**
   * The agent's next utterance of speech starting at or after {@code from}, within {@code timeoutMs}: music and tones are
   * passed over, and taken (a later wait starts after them). The wait counts as the caller waiting (dead air).
   */
  private CompletableFuture<CallTimeline.Segment> awaitSpeech(long from, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    return awaitAgent(timeline.nextSegment(from), timeoutMs).thenCompose(seg -> seg.kind.copy().thenCompose(k -> {
      if (!seg.isSound()) return CompletableFuture.completedFuture(seg);
      lastTaken = seg;
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      return left <= 0 ? CompletableFuture.failedFuture(new TimeoutException()) : awaitSpeech(seg.startNanos + 1, left);
    }));
  }

  /**
   * Lets the agent finish the utterance it is in, then speaks; a caller that interrupts (a persona's
   * behaviour) starts its {@code interruptAfterMs} into that utterance instead.
   */
  private CompletableFuture<Failure> say(int step, CallerClip clip) {
    CallTimeline.Segment open = timeline.openSegment();
    CompletableFuture<?> polite = open == null ? CompletableFuture.completedFuture(null)
        : clip.interruptAfterMs() >= 0 ? CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(
            Math.max(0, open.startNanos + clip.interruptAfterMs() * 1_000_000L - System.nanoTime()), TimeUnit.NANOSECONDS, Runnable::run))
        : open.ended.copy().orTimeout(maxSpeechMs, TimeUnit.MILLISECONDS).exceptionally(x -> null);
    return polite.thenCompose(v -> speak(step, clip)).thenApply(p -> null);
  }

  private CompletableFuture<Playout> speak(int step, CallerClip clip) {
    return call.media().play(clip.shared()).done().thenApply(p -> {
      int last = clip.lastSpeechFrame() >= 0 ? clip.lastSpeechFrame() : p.frameCount() - 1;
      boolean stopped = p.stopped() || p.sentNanos(last) == 0;
      callerSpeech(step, "say", utterances + 1, clip, p, stopped);
      if (stopped) throw new CallTimeline.CallEndedException();
      lastCallerStartNanos = p.sentNanos(0);
      lastCallerEndNanos = p.sentNanos(last);
      lastSaid = clip.text();
      utterances++;
      return p;
    });
  }

  /** A barge-in or a noise burst: aimed at the agent's current (or next) utterance, {@code after_ms} into it. */
  private CompletableFuture<Failure> overAgent(int i, Step step, CallerClip clip) {
    boolean barge = step.bargeIn() != null;
    long afterMs = barge ? step.bargeIn().afterMs() : step.noiseOnly().afterMs();
    CallTimeline.Segment open = timeline.openSegment();
    CompletableFuture<CallTimeline.Segment> target = open != null && open.startNanos >= lastCallerStartNanos && open != lastTaken
        ? CompletableFuture.completedFuture(open)
        : awaitAgent(timeline.nextSegment(nextUtteranceFrom()), options.replyTimeoutMs());
    return target.thenCompose(seg -> {
      long delayNanos = Math.max(0, seg.startNanos + afterMs * 1_000_000L - System.nanoTime());
      Executor later = CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, Runnable::run);
      if (barge) lastTaken = seg; // what the agent says next is the reply to the interruption
      return CompletableFuture.supplyAsync(() -> call.media().play(clip.shared()), later).thenCompose(Playout::done);
    }).handle((p, err) -> {
      if (err != null) return describeWait(cause(err), options.replyTimeoutMs());
      int last = clip.lastSpeechFrame() >= 0 ? clip.lastSpeechFrame() : p.frameCount() - 1;
      long endNanos = p.sentNanos(last);
      boolean stopped = p.stopped() || endNanos == 0;
      callerSpeech(i, step.kind(), barge ? utterances + 1 : 0, clip, p, stopped);
      if (stopped) return Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "the call ended during the step");
      if (barge) {
        lastCallerStartNanos = p.sentNanos(0);
        lastCallerEndNanos = endNanos;
        lastSaid = clip.text();
        utterances++;
      }
      return null;
    });
  }

  /** A caller utterance (or sound) of step {@code step} was played: its first and last speech frames as events. */
  private void callerSpeech(int step, String kind, int utterance, CallerClip clip, Playout p, boolean stopped) {
    int first = Math.max(0, clip.firstSpeechFrame());
    int last = clip.lastSpeechFrame() >= 0 ? clip.lastSpeechFrame() : p.frameCount() - 1;
    long from = p.sentNanos(first);
    if (from == 0) return; // the call ended before a word of it was sent
    long to = p.sentNanos(last);
    log.add(new CallEvent.CallerSpeechStart(log.t(from), step, utterance, kind, clip.text()));
    log.add(new CallEvent.CallerSpeechEnd(log.t(to != 0 ? to : System.nanoTime()), step, utterance, stopped));
  }

  private CompletableFuture<Failure> dtmf(int step, Step.Dtmf d) {
    String keys = d.keys();
    long started = System.nanoTime();
    Call.DtmfMode mode = Call.DtmfMode.valueOf(plan.dtmfMode().toUpperCase(java.util.Locale.ROOT));
    log.add(new CallEvent.DtmfStart(log.t(started), step, keys, plan.dtmfMode()));
    return call.sendDtmf(keys, mode, (int) (long) d.durationMs(), (int) (long) d.gapMs()).thenApply(v -> {
      lastCallerStartNanos = started;
      lastCallerEndNanos = System.nanoTime();
      log.add(new CallEvent.DtmfEnd(log.t(lastCallerEndNanos), step));
      return null;
    });
  }

  private void takeTransfer(ExpectState t, String target) {
    if (target == null || transferTaken) return;
    transferTaken = true;
    t.transferredTo = target;
    log.add(new CallEvent.TransferTaken(log.now(), t.step, target));
  }

  /** Where the agent's next utterance may start: after the caller's latest began, and after the last one taken. */
  private long nextUtteranceFrom() {
    return Math.max(lastCallerStartNanos, lastTaken == null ? 0 : lastTaken.startNanos + 1);
  }

  /**
   * Waits for an agent utterance to start, counting the wait as the caller waiting (for the dead-air budget).
   * The budget guard looks every 100 ms, and only while we wait; silence that began in the caller's clip (its
   * trailing silence) and ended between two looks would slip past it, so the silence before the utterance that
   * ends the wait is measured too.
   */
  private CompletableFuture<CallTimeline.Segment> awaitAgent(CompletableFuture<CallTimeline.Segment> next, long timeoutMs) {
    long since = System.nanoTime();
    waitingSinceNanos = since;
    return next.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((seg, e) -> {
      waitingSinceNanos = 0;
      Long limit = plan.budgets().maxDeadAirMs();
      if (seg == null || limit == null) return;
      long silentFrom = seg.voiceBeforeNanos != 0 ? seg.voiceBeforeNanos : since;
      long deadAirMs = (seg.startNanos - silentFrom) / 1_000_000L;
      // on the media event loop here: the hang-up goes to the timer
      if (deadAirMs > limit) timer.execute(() -> spend(deadAir(deadAirMs)));
    });
  }

  private Failure deadAir(long deadAirMs) {
    return budget("max_dead_air_ms", deadAirMs, plan.budgets().maxDeadAirMs(), "budget max_dead_air_ms: " + deadAirMs
        + " ms of silence waiting for the agent at step " + stepsPlayed + " (limit " + plan.budgets().maxDeadAirMs() + " ms)");
  }

  /** A budget spent: charged to the flow layer, its code naming the budget. */
  private static Failure budget(String name, double figure, double limit, String message) {
    return Failure.of(Layer.FLOW, Codes.BUDGET + name, figure, limit, message);
  }

  private void transcribe(CallTimeline.Segment seg) {
    if (seg.isSound()) { // music or a tone: no words to find
      seg.transcript.complete(null);
      return;
    }
    try {
      String words = asr.transcribe(timeline.agentAudio(seg, PAD_MS));
      log.add(new CallEvent.Transcript(log.now(), seg.index, words));
      seg.transcript.complete(words);
    } catch (RuntimeException e) {
      seg.transcript.completeExceptionally(e);
      return;
    }
    checkLoop();
  }

  private void checkBudgets() {
    if (call.ended().isDone() || failure != null) return;
    Budgets b = plan.budgets();
    long now = System.nanoTime();
    long start = timeline.startNanos();
    if (b.maxDurationS() != null && start != 0 && now - start > b.maxDurationS() * 1e9) {
      spend(budget("max_duration_s", (now - start) / 1e9, b.maxDurationS(),
          String.format(java.util.Locale.ROOT, "budget max_duration_s: the call passed %.0f s", b.maxDurationS())));
      return;
    }
    long since = waitingSinceNanos;
    if (b.maxDeadAirMs() != null && since != 0) {
      long lastVoice = timeline.lastVoiceNanos(); // the caller's last word, not the end of the clip's trailing silence
      long silentFrom = lastVoice != 0 ? lastVoice : since;
      long deadAirMs = (now - silentFrom) / 1_000_000L;
      if (deadAirMs > b.maxDeadAirMs()) {
        spend(deadAir(deadAirMs));
        return;
      }
    }
    int spoke = timeline.speechSegments();
    if (b.maxTurns() != null && spoke > b.maxTurns()) {
      spend(budget("max_turns", spoke, b.maxTurns(), "budget max_turns: the agent spoke " + spoke + " times (limit " + b.maxTurns() + ")"));
    }
  }

  /** Loop detection: the agent's latest {@code max_repeats} transcribed utterances all say the same thing. */
  private synchronized void checkLoop() {
    Integer n = plan.budgets().maxRepeats();
    if (n == null || failure != null) return;
    List<String> done = new ArrayList<>();
    for (CallTimeline.Segment s : timeline.segments()) {
      if (s.isSound()) continue; // music and tones are not said
      String text = s.transcript.getNow(null);
      if (text == null) break; // only the transcribed prefix, in order
      done.add(text);
    }
    if (done.size() < n) return;
    List<String> lastN = done.subList(done.size() - n, done.size());
    String last = lastN.get(n - 1);
    if (last.isBlank()) return;
    for (String other : lastN) if (ErrorCounts.words(last, other).rate() > SAME_PROMPT_WER) return;
    spend(budget("max_repeats", n, n, "budget max_repeats: the agent said '" + last + "' " + n + " times in a row"));
  }

  private synchronized void spend(Failure why) {
    if (failure != null) return;
    failure = why;
    log.add(new CallEvent.BudgetSpent(log.now(), why));
    call.hangup();
  }

  private synchronized void fail(Failure why) {
    if (failure != null) return;
    failure = why;
    log.add(new CallEvent.ConversationFailed(log.now(), why));
  }

  /** Why a wait for the agent's speech ended without it. */
  static Failure describeWait(Throwable err, long timeoutMs) {
    if (err instanceof TimeoutException) {
      return new Failure(Layer.LATENCY, Codes.NO_REPLY, null, timeoutMs / 1000.0, "no agent speech within " + timeoutMs / 1000.0 + " s");
    }
    if (err instanceof CallTimeline.CallEndedException) return Failure.of(Layer.TELEPHONY, Codes.CALL_ENDED, "the call ended before the agent spoke");
    return Failure.of(Layer.TELEPHONY, Codes.HARNESS_ERROR, "harness error: " + err);
  }

  static Throwable cause(Throwable err) {
    while (err instanceof CompletionException && err.getCause() != null) err = err.getCause();
    return err;
  }
}
