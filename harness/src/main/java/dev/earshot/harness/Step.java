package dev.earshot.harness;

import dev.earshot.audio.profile.InvalidField;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One step of a scenario's script. Exactly one of the fields is set; in YAML each step is a one-key mapping
 * ({@code - say: ...}, {@code - expect: {...}}) or the bare word {@code - hangup}.
 *
 * @param say the caller speaks (waiting first for the agent to finish what it is saying)
 * @param expect wait for the agent's next utterance (or its transfer or hang-up) and judge it
 * @param dtmf keys the caller presses (RFC 4733, or in-band when the agent does not take events)
 * @param waitMs milliseconds of caller silence ({@code wait:} in YAML)
 * @param bargeIn the caller talks over the agent, starting {@code after_ms} into its next (or current) utterance
 * @param noiseOnly a non-speech sound while the agent talks: the agent should not stop for it
 * @param hangup the caller ends the call
 */
public record Step(Say say, Expect expect, Dtmf dtmf, Long waitMs, BargeIn bargeIn, NoiseOnly noiseOnly, Boolean hangup, Answers answers) {
  public static final String KINDS = "say, expect, answers, dtmf, wait, barge_in, noise_only or hangup";

  public Step(Say say, Expect expect, Dtmf dtmf, Long waitMs, BargeIn bargeIn, NoiseOnly noiseOnly, Boolean hangup) {
    this(say, expect, dtmf, waitMs, bargeIn, noiseOnly, hangup, null);
  }

  public Step {
    int set = (say != null ? 1 : 0) + (expect != null ? 1 : 0) + (dtmf != null ? 1 : 0) + (waitMs != null ? 1 : 0)
        + (bargeIn != null ? 1 : 0) + (noiseOnly != null ? 1 : 0) + (hangup != null ? 1 : 0) + (answers != null ? 1 : 0);
    if (set == 0) throw new IllegalArgumentException("expected a step (" + KINDS + "), found none");
    if (set != 1) throw new IllegalArgumentException("expected exactly one of " + KINDS + " in a step, found " + set);
    if (waitMs != null && (waitMs < 0 || waitMs > 600_000)) throw new InvalidField("wait", "expected 0..600000 ms, found " + waitMs);
    if (hangup != null && !hangup) throw new InvalidField("hangup", "expected true (or the bare word hangup)");
  }

  /** {@code - hangup} as a bare word. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Step word(String word) {
    if (!"hangup".equals(word)) throw new IllegalArgumentException("expected a step (" + KINDS + "), found '" + word + "'");
    return new Step(null, null, null, null, null, null, true);
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static Step of(@JsonProperty("say") Say say, @JsonProperty("expect") Expect expect, @JsonProperty("dtmf") Dtmf dtmf,
      @JsonProperty("wait") Long waitMs, @JsonProperty("barge_in") BargeIn bargeIn, @JsonProperty("noise_only") NoiseOnly noiseOnly,
      @JsonProperty("hangup") Boolean hangup, @JsonProperty("answers") List<Answer> answers, @JsonProperty("goal") Expect goal,
      @JsonProperty("max_turns") Integer maxTurns, @JsonProperty("unanswered") String unanswered) {
    if (answers == null && (goal != null || maxTurns != null || unanswered != null)) {
      throw new InvalidField(goal != null ? "goal" : maxTurns != null ? "max_turns" : "unanswered", "only in an answers step (beside answers:)");
    }
    return new Step(say, expect, dtmf, waitMs, bargeIn, noiseOnly, hangup, answers == null ? null : new Answers(answers, goal, maxTurns, unanswered));
  }

  /**
   * The steps this one may lead to, group by group, in order: for an {@code expect} with {@code on:} cases, each case's
   * {@code then} steps and last the {@code else} steps (empty when it has none); for {@code answers}, one {@code say}
   * step per answer. Empty for every other step. A scenario's {@link Program} numbers them after its own steps.
   */
  List<List<Step>> branches() {
    if (answers != null) return answers.when().stream().map(a -> List.of(new Step(a.say(), null, null, null, null, null, null))).toList();
    if (expect == null || expect.on().isEmpty()) return List.of();
    List<List<Step>> groups = new ArrayList<>();
    for (Case c : expect.on()) groups.add(c.then());
    groups.add(expect.otherwise().steps());
    return groups;
  }

  /**
   * A form-filling caller: whatever the agent asks, in whatever order, the caller answers with the first answer whose
   * check matches the agent's utterance, until the agent's utterance meets {@code goal} (a phrase, an intent, a transfer,
   * a hang-up) or {@code maxTurns} agent utterances have been heard.
   *
   * @param when what the agent may ask (each a check as an {@code expect} writes it) and what the caller then says
   * @param goal what ends the step, met: an {@code expect}'s checks ({@code phrases}, {@code intent}, {@code transfer},
   *     {@code hangup}, ...)
   * @param maxTurns agent utterances heard at most before the step fails as {@code goal_not_reached} (default 10)
   * @param unanswered what happens when the agent says something no answer matches (and the goal is not met): {@code fail}
   *     (default: the step fails as {@code unanswered_question}) or {@code listen} (recorded as unanswered; the caller
   *     says nothing and listens on)
   */
  public record Answers(List<Answer> when, Expect goal, Integer maxTurns, String unanswered) {
    public static final List<String> UNANSWERED = List.of("fail", "listen");
    public static final int DEFAULT_MAX_TURNS = 10;

    public Answers {
      if (when == null || when.isEmpty()) throw new InvalidField("answers", "expected at least one answer: a check (phrases, regex, intent, ...) and the say that answers it");
      when = List.copyOf(when);
      if (goal == null) throw new InvalidField("goal", "expected what ends the answers step (phrases, intent, transfer: true or hangup: true)");
      if (!goal.on().isEmpty()) throw new InvalidField("goal.on", "expected no on: cases in a goal");
      maxTurns = maxTurns == null ? DEFAULT_MAX_TURNS : maxTurns;
      if (maxTurns < 1 || maxTurns > 100) throw new InvalidField("max_turns", "expected 1..100 agent utterances, found " + maxTurns);
      unanswered = unanswered == null ? "fail" : unanswered;
      if (!UNANSWERED.contains(unanswered)) throw new InvalidField("unanswered", "expected one of " + UNANSWERED + ", found '" + unanswered + "'");
    }
  }

  /**
   * One answer of an {@code answers} step: when the agent's utterance meets {@code ask} (written inline: {@code phrases},
   * {@code any_of}, {@code keywords}, {@code exact}, {@code regex}, {@code intent}), the caller says {@code say}.
   */
  public record Answer(Expect ask, Say say) {
    public Answer {
      if (say == null) throw new InvalidField("say", "expected what the caller answers");
      if (ask == null || ask.checks().isEmpty() && ask.intent() == null) {
        throw new InvalidField("answers", "expected a check for the question (phrases, any_of, keywords, exact, regex or intent) beside say");
      }
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Answer json(@JsonProperty("say") Say say, @JsonProperty("intent") String intent, @JsonProperty("phrases") List<String> phrases,
        @JsonProperty("exact") List<String> exact, @JsonProperty("keywords") List<String> keywords,
        @JsonProperty("regex") @com.fasterxml.jackson.annotation.JsonFormat(with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> regex,
        @JsonProperty("any_of") List<String> anyOf) {
      return new Answer(Expect.check(intent, phrases, exact, keywords, regex, anyOf, null), say);
    }
  }

  /**
   * One case of an {@code expect}'s {@code on:}: when the agent's reply meets {@code match} (written inline, as an
   * answer's check), the caller takes the steps {@code then}; with {@code again}, the same {@code expect} runs once more
   * after them (a retry: the agent asked to repeat), at most its {@code max_visits} times in all.
   */
  public record Case(Expect match, List<Step> then, boolean again) {
    public Case {
      if (match == null || match.checks().isEmpty() && match.intent() == null) {
        throw new InvalidField("on", "expected a check in each case (phrases, any_of, keywords, exact, regex, intent or dtmf)");
      }
      then = then == null ? List.of() : List.copyOf(then);
      if (then.isEmpty() && !again) throw new InvalidField("then", "expected the steps to take when the case matches (or again: true)");
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Case json(@JsonProperty("then") List<Step> then, @JsonProperty("again") Boolean again, @JsonProperty("intent") String intent,
        @JsonProperty("phrases") List<String> phrases, @JsonProperty("exact") List<String> exact, @JsonProperty("keywords") List<String> keywords,
        @JsonProperty("regex") @com.fasterxml.jackson.annotation.JsonFormat(with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> regex,
        @JsonProperty("any_of") List<String> anyOf, @JsonProperty("not_phrases") List<String> notPhrases, @JsonProperty("dtmf") String dtmf) {
      return new Case(Expect.check(intent, phrases, exact, keywords, regex, anyOf, notPhrases, dtmf), then, Boolean.TRUE.equals(again));
    }
  }

  /**
   * What an {@code expect} with {@code on:} cases does when none matches: {@code fail} (the default: the step fails as
   * {@code no_case_matched} and the script stops), {@code continue} (on to the next step), or steps to take.
   */
  public record Else(String action, List<Step> steps) {
    public static final Else FAIL = new Else("fail", List.of());
    public static final Else CONTINUE = new Else("continue", List.of());

    public Else {
      steps = steps == null ? List.of() : List.copyOf(steps);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Else word(String action) {
      if ("fail".equals(action)) return FAIL;
      if ("continue".equals(action)) return CONTINUE;
      throw new InvalidField("else", "expected fail, continue or a list of steps, found '" + action + "'");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Else steps(List<Step> steps) {
      if (steps == null || steps.isEmpty()) throw new InvalidField("else", "expected fail, continue or at least one step");
      return new Else("steps", steps);
    }
  }

  /**
   * Keys the caller presses: {@code "12#"}, or {@code {keys: "1,,2#", duration_ms: 150, gap_ms: 80}}. A {@code ,} is a
   * pause of 500 ms; each key sounds {@code durationMs} (default 100) with {@code gapMs} (default 100) after it.
   */
  public record Dtmf(String keys, Long durationMs, Long gapMs) {
    public static final long DEFAULT_MS = 100;

    public Dtmf {
      if (keys == null || keys.replace(",", "").isEmpty()) throw new InvalidField("keys", "expected keys 0-9 * # A-D (a ',' pauses 500 ms), found '" + keys + "'");
      try {
        dev.earshot.telephony.dtmf.Dtmf.check(keys.replace(",", ""));
      } catch (IllegalArgumentException e) {
        throw new InvalidField("keys", e.getMessage() + " (a ',' pauses 500 ms)");
      }
      durationMs = durationMs == null ? DEFAULT_MS : durationMs;
      gapMs = gapMs == null ? DEFAULT_MS : gapMs;
      if (durationMs < 40 || durationMs > 2000) throw new InvalidField("duration_ms", "expected 40..2000 ms (how long each key sounds), found " + durationMs);
      if (gapMs < 40 || gapMs > 2000) throw new InvalidField("gap_ms", "expected 40..2000 ms (the silence after each key), found " + gapMs);
    }

    /** {@code dtmf: "12#"}: the keys, with the default timing. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Dtmf of(String keys) {
      return new Dtmf(keys, null, null);
    }
  }

  public static Step say(String text) {
    return new Step(Say.text(text), null, null, null, null, null, null);
  }

  /**
   * This step with {@code f} applied to every text in it, its branches' and answers' too: what is said (text, transcript,
   * recording path), every check's phrases, keywords, regexes and intent, a transfer target, DTMF keys. For
   * {@code parameters:} placeholders.
   */
  Step withText(java.util.function.UnaryOperator<String> f) {
    if (say != null) return new Step(say.withText(f), null, null, null, null, null, null);
    if (bargeIn != null) return new Step(null, null, null, null, new BargeIn(bargeIn.say().withText(f), bargeIn.afterMs(), bargeIn.maxReactionMs()), null, null);
    if (dtmf != null) return new Step(null, null, new Dtmf(f.apply(dtmf.keys()), dtmf.durationMs(), dtmf.gapMs()), null, null, null, null);
    if (answers != null) {
      List<Answer> when = answers.when().stream().map(a -> new Answer(a.ask().withText(f), a.say().withText(f))).toList();
      return new Step(null, null, null, null, null, null, null, new Answers(when, answers.goal().withText(f), answers.maxTurns(), answers.unanswered()));
    }
    if (expect != null) return expect(expect.withText(f));
    return this;
  }

  private static List<String> each(List<String> texts, java.util.function.UnaryOperator<String> f) {
    return texts.stream().map(f).toList();
  }

  /** This step with every {@code say} in it, its branches' and answers' too, replaced by {@code f}'s (a recording's path resolved). */
  Step withSays(java.util.function.UnaryOperator<Say> f) {
    if (say != null) return new Step(f.apply(say), null, null, null, null, null, null);
    if (bargeIn != null) return new Step(null, null, null, null, new BargeIn(f.apply(bargeIn.say()), bargeIn.afterMs(), bargeIn.maxReactionMs()), null, null);
    if (answers != null) {
      List<Answer> when = answers.when().stream().map(a -> new Answer(a.ask(), f.apply(a.say()))).toList();
      return new Step(null, null, null, null, null, null, null, new Answers(when, answers.goal(), answers.maxTurns(), answers.unanswered()));
    }
    if (expect != null && !expect.on().isEmpty()) {
      List<Case> on = expect.on().stream().map(c -> new Case(c.match(), c.then().stream().map(x -> x.withSays(f)).toList(), c.again())).toList();
      Else otherwise = expect.otherwise().steps().isEmpty() ? expect.otherwise()
          : new Else(expect.otherwise().action(), expect.otherwise().steps().stream().map(x -> x.withSays(f)).toList());
      return expect(expect.withBranches(on, otherwise));
    }
    return this;
  }

  public static Step expect(Expect e) {
    return new Step(null, e, null, null, null, null, null);
  }

  /** The kind of step, as written in YAML. */
  public String kind() {
    return say != null ? "say" : expect != null ? "expect" : answers != null ? "answers" : dtmf != null ? "dtmf" : waitMs != null ? "wait"
        : bargeIn != null ? "barge_in" : noiseOnly != null ? "noise_only" : "hangup";
  }

  /** What the caller says in this step ({@code say} or {@code barge_in}), or null. */
  public Say spoken() {
    return say != null ? say : bargeIn != null ? bargeIn.say() : null;
  }

  /**
   * Words the caller says: {@code text} synthesized with the persona's voice, or a recording ({@code wav},
   * resolved against the suite's folder) whose {@code transcript} is what it says. {@code persona} and
   * {@code profile} replace the call's for this utterance only.
   */
  public record Say(String text, String wav, String transcript, String persona, String profile) {
    public Say {
      if (wav != null) {
        if (text != null) throw new IllegalArgumentException("expected text or wav, not both");
        if (transcript == null || transcript.isBlank()) throw new InvalidField("transcript", "expected the words spoken in " + wav);
      } else if (text == null || text.isBlank()) {
        throw new InvalidField("text", "expected the words the caller says");
      }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Say text(String text) {
      return new Say(text, null, null, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Say of(@JsonProperty("text") String text, @JsonProperty("wav") String wav, @JsonProperty("transcript") String transcript,
        @JsonProperty("persona") String persona, @JsonProperty("profile") String profile) {
      return new Say(text, wav, transcript, persona, profile);
    }

    Say withText(java.util.function.UnaryOperator<String> f) {
      return new Say(text == null ? null : f.apply(text), wav == null ? null : f.apply(wav), transcript == null ? null : f.apply(transcript), persona, profile);
    }

    /** The words, whether synthesized or recorded: what the agent should have heard. */
    public String words() {
      return wav != null ? transcript : text;
    }
  }

  /**
   * What the agent's next utterance must show. Every given check must hold.
   *
   * @param intent the intent the agent should act on (a key of the suite's {@code intents}, or {@code unknown})
   * @param phrases each must appear, tolerating recognition errors (a quarter of its words, rounded down)
   * @param exact each must appear word for word (after normalisation)
   * @param keywords each word must appear somewhere
   * @param regex each must match somewhere in the normalised transcript (lower case, numbers spelled out); one or a list
   * @param transfer the agent transfers the call (REFER): {@code true}, or the target it must name
   * @param hangup the agent ends the call (its BYE) within the timeout
   * @param timeoutMs how long to wait for the agent to start speaking (or transfer, or hang up); absent: the run's
   * @param notPhrases none may appear (tolerant as {@code phrases}): what the agent must not say
   * @param anyOf at least one of these phrases must appear (tolerant as {@code phrases})
   * @param maxLatencyMs the reply must start within this long of the caller's last word, else the turn fails in the
   *     latency layer with the figure
   * @param agentSilenceMs agent silence that ends this reply, in place of the scenario's or suite's (an IVR menu with
   *     pauses between its options)
   * @param noInterruption the agent must not begin this reply before the caller's last word (cut in on the caller, in
   *     its utterance or a pause in it): else the turn fails as {@code cut_in}
   * @param silenceMs the agent must say nothing for this long (from the step's start): else the turn fails as
   *     {@code not_silent}, with how soon it spoke; given alone, no reply is waited for
   * @param on cases: the first whose check the reply meets gives the steps the caller takes next (the path is in the
   *     call's {@code branches})
   * @param otherwise ({@code else:} in YAML) what happens when no case matches: {@code fail} (default), {@code continue}, or steps
   * @param tools tool calls the agent must report on the side channel for the turn ({@code tool:} one, {@code tools:} several)
   * @param dtmf keys the agent must send (RFC 4733 events or in-band tones, as Earshot hears them) from the step's start,
   *     waited for up to the timeout: else {@code no_dtmf} or {@code wrong_dtmf}, response layer
   * @param maxVisits how many times this step may run, counting runs a case's {@code again} asks for (default 3);
   *     one more fails the call as {@code revisit_limit}
   * @param hold the agent puts the caller on hold: music or tones (never taken for speech), or silence, until it speaks
   *     again; that speech is the next expect's reply. Fails as {@code no_hold} when the agent speaks before {@code minHoldS}
   *     of silence with no music or tone, {@code hold_too_long} when it has not spoken again after {@code maxHoldS}
   * @param maxHoldS the longest hold (default 120 s)
   * @param minHoldS the least silence that is a hold when no music or tone is played (default 1 s)
   */
  public record Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, List<String> regex, String transfer,
      Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs, Long agentSilenceMs, Boolean noInterruption,
      Long silenceMs, List<Case> on, Else otherwise, Integer maxVisits, List<Tool> tools, String dtmf, Boolean hold, Double maxHoldS, Double minHoldS) {
    public static final int DEFAULT_MAX_VISITS = 3;
    public static final double DEFAULT_MAX_HOLD_S = 120, DEFAULT_MIN_HOLD_S = 1;

    public Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, List<String> regex, String transfer,
        Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs, Long agentSilenceMs, Boolean noInterruption,
        Long silenceMs, List<Case> on, Else otherwise, Integer maxVisits, List<Tool> tools, String dtmf) {
      this(intent, phrases, exact, keywords, regex, transfer, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, agentSilenceMs, noInterruption,
          silenceMs, on, otherwise, maxVisits, tools, dtmf, null, null, null);
    }

    public Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, List<String> regex, String transfer,
        Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs, Long agentSilenceMs, Boolean noInterruption,
        Long silenceMs, List<Case> on, Else otherwise, Integer maxVisits, List<Tool> tools) {
      this(intent, phrases, exact, keywords, regex, transfer, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, agentSilenceMs, noInterruption,
          silenceMs, on, otherwise, maxVisits, tools, null);
    }

    public Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, List<String> regex, String transfer,
        Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs, Long agentSilenceMs, Boolean noInterruption,
        Long silenceMs, List<Case> on, Else otherwise, Integer maxVisits) {
      this(intent, phrases, exact, keywords, regex, transfer, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, agentSilenceMs, noInterruption,
          silenceMs, on, otherwise, maxVisits, null);
    }

    public Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, String regex, String transfer,
        Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs, Long agentSilenceMs) {
      this(intent, phrases, exact, keywords, regex == null ? null : List.of(regex), transfer, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs,
          agentSilenceMs, null, null, null, null, null);
    }

    public Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, String regex, String transfer,
        Boolean hangup, Long timeoutMs) {
      this(intent, phrases, exact, keywords, regex, transfer, hangup, timeoutMs, null, null, null, null);
    }

    public Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, String regex, String transfer,
        Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs) {
      this(intent, phrases, exact, keywords, regex, transfer, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, null);
    }

    public Expect {
      Suite.checkTurnTaking(agentSilenceMs, null);
      notPhrases = notPhrases == null ? List.of() : List.copyOf(notPhrases);
      anyOf = anyOf == null ? List.of() : List.copyOf(anyOf);
      if (anyOf.size() == 1) throw new InvalidField("any_of", "expected two or more alternatives (one is a phrase: use phrases), found " + anyOf);
      if (maxLatencyMs != null && (maxLatencyMs < 1 || maxLatencyMs > 600_000)) throw new InvalidField("max_latency_ms", "expected 1..600000 ms, found " + maxLatencyMs);
      phrases = phrases == null ? List.of() : List.copyOf(phrases);
      exact = exact == null ? List.of() : List.copyOf(exact);
      keywords = keywords == null ? List.of() : List.copyOf(keywords);
      regex = regex == null ? List.of() : List.copyOf(regex);
      for (String r : regex) {
        if (r.contains("{{")) continue; // a parameters: placeholder: checked once a row fills it in
        try {
          Pattern.compile(r);
        } catch (PatternSyntaxException e) {
          throw new InvalidField("regex", "" + e.getDescription() + " at index " + e.getIndex() + " of '" + r + "'");
        }
      }
      if (timeoutMs != null && (timeoutMs < 100 || timeoutMs > 600_000)) {
        throw new InvalidField("timeout_ms", "expected 100..600000, found " + timeoutMs);
      }
      if (silenceMs != null && (silenceMs < 100 || silenceMs > 600_000)) throw new InvalidField("silence_ms", "expected 100..600000 ms, found " + silenceMs);
      tools = tools == null ? List.of() : List.copyOf(tools);
      if (dtmf != null && !dtmf.contains("{{")) {
        try {
          dev.earshot.telephony.dtmf.Dtmf.check(dtmf);
        } catch (IllegalArgumentException e) {
          throw new InvalidField("dtmf", e.getMessage() + " (the keys the agent must send)");
        }
      }
      on = on == null ? List.of() : List.copyOf(on);
      if (otherwise != null && on.isEmpty()) throw new InvalidField("else", "only with on: cases");
      otherwise = otherwise == null ? Else.FAIL : otherwise;
      if (maxVisits != null && on.isEmpty()) throw new InvalidField("max_visits", "only with on: cases (a case's again: true runs the step once more)");
      maxVisits = maxVisits == null ? DEFAULT_MAX_VISITS : maxVisits;
      if (maxVisits < 1 || maxVisits > 20) throw new InvalidField("max_visits", "expected 1..20, found " + maxVisits);
      boolean others = !on.isEmpty() || transfer != null || Boolean.TRUE.equals(hangup) || intent != null || !phrases.isEmpty()
          || !exact.isEmpty() || !keywords.isEmpty() || !regex.isEmpty() || !anyOf.isEmpty() || !notPhrases.isEmpty() || maxLatencyMs != null
          || !tools.isEmpty() || dtmf != null;
      if (silenceMs != null && others) {
        throw new InvalidField("silence_ms", "expected the agent to stay silent, so no other check beside it (timeout_ms and agent_silence_ms aside)");
      }
      hold = Boolean.TRUE.equals(hold) ? Boolean.TRUE : null;
      if (hold == null && (maxHoldS != null || minHoldS != null)) throw new InvalidField(maxHoldS != null ? "max_hold_s" : "min_hold_s", "only with hold: true");
      if (hold != null) {
        if (others || silenceMs != null || Boolean.TRUE.equals(noInterruption) || timeoutMs != null) {
          throw new InvalidField("hold", "expected a hold alone (max_hold_s, min_hold_s and agent_silence_ms beside it); the agent's words after it are the next expect's");
        }
        maxHoldS = maxHoldS == null ? DEFAULT_MAX_HOLD_S : maxHoldS;
        minHoldS = minHoldS == null ? DEFAULT_MIN_HOLD_S : minHoldS;
        if (!(maxHoldS >= 1 && maxHoldS <= 3600)) throw new InvalidField("max_hold_s", "expected 1..3600 s, found " + maxHoldS);
        if (!(minHoldS >= 0 && minHoldS <= maxHoldS)) throw new InvalidField("min_hold_s", "expected 0..max_hold_s (" + maxHoldS + ") s, found " + minHoldS);
      }
    }

    /** Only checks of words and intent (a case's, an answer's question): nothing to wait for besides the utterance. */
    static Expect check(String intent, List<String> phrases, List<String> exact, List<String> keywords, List<String> regex, List<String> anyOf,
        List<String> notPhrases) {
      return check(intent, phrases, exact, keywords, regex, anyOf, notPhrases, null);
    }

    /** {@code dtmf}: keys the agent sent during the step (a case's check; an answer's question has none). */
    static Expect check(String intent, List<String> phrases, List<String> exact, List<String> keywords, List<String> regex, List<String> anyOf,
        List<String> notPhrases, String dtmf) {
      return new Expect(intent, phrases, exact, keywords, regex, null, null, null, notPhrases, anyOf, null, null, null, null, null, null, null, null,
          dtmf);
    }

    public static Expect of(String intent, List<String> phrases) {
      return new Expect(intent, phrases, null, null, (String) null, null, null, null);
    }

    /** This expectation with {@code f} applied to each of its texts, its cases' (and their steps') too. */
    Expect withText(java.util.function.UnaryOperator<String> f) {
      List<Case> cases = on.stream().map(c -> new Case(c.match().withText(f), c.then().stream().map(x -> x.withText(f)).toList(), c.again())).toList();
      Else e = otherwise.steps().isEmpty() ? otherwise : new Else(otherwise.action(), otherwise.steps().stream().map(x -> x.withText(f)).toList());
      return new Expect(intent == null ? null : f.apply(intent), each(phrases, f), each(exact, f), each(keywords, f), each(regex, f),
          transfer == null ? null : f.apply(transfer), hangup, timeoutMs, each(notPhrases, f), each(anyOf, f), maxLatencyMs, agentSilenceMs,
          noInterruption, silenceMs, cases, on.isEmpty() ? null : e, on.isEmpty() ? null : maxVisits,
          tools.stream().map(t -> t.withText(f)).toList(), dtmf == null ? null : f.apply(dtmf), hold, maxHoldS, minHoldS);
    }

    /** This step with other cases and {@code else}. */
    Expect withBranches(List<Case> cases, Else e) {
      return new Expect(intent, phrases, exact, keywords, regex, transfer, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, agentSilenceMs,
          noInterruption, silenceMs, cases, e, maxVisits, tools, dtmf, hold, maxHoldS, minHoldS);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Expect json(@JsonProperty("intent") String intent, @JsonProperty("phrases") List<String> phrases,
        @JsonProperty("exact") List<String> exact, @JsonProperty("keywords") List<String> keywords,
        @JsonProperty("regex") @com.fasterxml.jackson.annotation.JsonFormat(with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> regex,
        @JsonProperty("transfer") Object transfer, @JsonProperty("hangup") Boolean hangup, @JsonProperty("timeout_ms") Long timeoutMs,
        @JsonProperty("not_phrases") List<String> notPhrases, @JsonProperty("any_of") List<String> anyOf, @JsonProperty("max_latency_ms") Long maxLatencyMs,
        @JsonProperty("agent_silence_ms") Long agentSilenceMs, @JsonProperty("no_interruption") Boolean noInterruption,
        @JsonProperty("silence_ms") Long silenceMs, @JsonProperty("on") List<Case> on, @JsonProperty("else") Else otherwise,
        @JsonProperty("max_visits") Integer maxVisits, @JsonProperty("tool") Tool tool, @JsonProperty("tools") List<Tool> tools,
        @JsonProperty("dtmf") String dtmf, @JsonProperty("hold") Boolean hold, @JsonProperty("max_hold_s") Double maxHoldS,
        @JsonProperty("min_hold_s") Double minHoldS) {
      String t = transfer == null || Boolean.FALSE.equals(transfer) ? null : Boolean.TRUE.equals(transfer) ? "" : String.valueOf(transfer);
      List<Tool> all = new ArrayList<>();
      if (tool != null) all.add(tool);
      if (tools != null) all.addAll(tools);
      return new Expect(intent, phrases, exact, keywords, regex, t, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, agentSilenceMs, noInterruption,
          silenceMs, on, otherwise, maxVisits, all, dtmf, hold, maxHoldS, minHoldS);
    }

    /** Whether the agent must speak to meet this (a transfer, a hang-up or silence alone needs no words). */
    public boolean wantsSpeech() {
      if (silenceMs != null || hold != null) return false;
      return transfer == null && !Boolean.TRUE.equals(hangup) && dtmf == null || intent != null || !phrases.isEmpty() || !exact.isEmpty()
          || !keywords.isEmpty() || !regex.isEmpty() || !notPhrases.isEmpty() || !anyOf.isEmpty() || maxLatencyMs != null
          || Boolean.TRUE.equals(noInterruption) || on.stream().anyMatch(c -> c.match().wantsSpeech()); // cases on keys alone wait for keys
    }

    /** Every textual check, for reports: the phrases, then the exact phrases, keywords and regex, each tagged. */
    public List<String> checks() {
      List<String> all = new ArrayList<>(phrases);
      exact.forEach(p -> all.add("exact:" + p));
      keywords.forEach(k -> all.add("keyword:" + k));
      regex.forEach(r -> all.add("regex:" + r));
      if (!anyOf.isEmpty()) all.add("any_of:" + String.join("|", anyOf));
      notPhrases.forEach(p -> all.add("not:" + p));
      if (silenceMs != null) all.add("silence_ms:" + silenceMs);
      tools.forEach(x -> all.add("tool:" + x));
      if (dtmf != null) all.add("dtmf:" + dtmf);
      if (hold != null) all.add("hold");
      return all;
    }
  }

  /**
   * A tool call the agent must report on the side channel for the turn: {@code tool: get_balance}, or
   * {@code {name: get_balance, args: {account: main}}} (each argument given must equal the reported one, as text).
   */
  public record Tool(String name, java.util.Map<String, String> args) {
    public Tool {
      if (name == null || name.isBlank()) throw new InvalidField("tool", "expected the tool's name (tool: NAME, or {name: NAME, args: {...}})");
      args = args == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Tool named(String name) {
      return new Tool(name, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Tool json(@JsonProperty("name") String name, @JsonProperty("args") java.util.Map<String, Object> args) {
      java.util.Map<String, String> a = new java.util.LinkedHashMap<>();
      if (args != null) args.forEach((k, v) -> a.put(k, v == null ? "" : String.valueOf(v)));
      return new Tool(name, a);
    }

    Tool withText(java.util.function.UnaryOperator<String> f) {
      java.util.Map<String, String> a = new java.util.LinkedHashMap<>();
      args.forEach((k, v) -> a.put(k, f.apply(v)));
      return new Tool(f.apply(name), a);
    }

    @Override
    public String toString() {
      return args.isEmpty() ? name : name + args;
    }
  }

  /**
   * @param say what the caller says over the agent
   * @param afterMs how far into the agent's utterance the caller starts
   * @param maxReactionMs the agent must stop within this long of the caller's first speech frame
   */
  public record BargeIn(Say say, Long afterMs, Long maxReactionMs) {
    public BargeIn {
      if (say == null) throw new InvalidField("say", "expected what the caller says over the agent");
      afterMs = afterMs == null ? 500 : afterMs;
      maxReactionMs = maxReactionMs == null ? 1000 : maxReactionMs;
      if (afterMs < 0 || afterMs > 60_000) throw new InvalidField("after_ms", "expected 0..60000, found " + afterMs);
      if (maxReactionMs < 20 || maxReactionMs > 10_000) throw new InvalidField("max_reaction_ms", "expected 20..10000, found " + maxReactionMs);
    }
  }

  /**
   * @param sound {@code cough} (a short broadband burst) or {@code noise} (steady white noise)
   * @param afterMs how far into the agent's utterance the sound starts
   * @param ms how long the sound lasts
   * @param levelDbfs its RMS level
   * @param maxReactionMs the agent stopping within this long of the sound's start counts as a false barge-in
   */
  public record NoiseOnly(String sound, Long afterMs, Long ms, Double levelDbfs, Long maxReactionMs) {
    public static final List<String> SOUNDS = List.of("cough", "noise");

    public NoiseOnly {
      sound = sound == null ? "cough" : sound;
      if (!SOUNDS.contains(sound)) throw new InvalidField("sound", "expected one of " + SOUNDS + ", found '" + sound + "'");
      afterMs = afterMs == null ? 500 : afterMs;
      ms = ms == null ? 250 : ms;
      levelDbfs = levelDbfs == null ? -20.0 : levelDbfs;
      maxReactionMs = maxReactionMs == null ? 600 : maxReactionMs;
      if (maxReactionMs < 20 || maxReactionMs > 10_000) throw new InvalidField("max_reaction_ms", "expected 20..10000, found " + maxReactionMs);
      if (afterMs < 0 || afterMs > 60_000) throw new InvalidField("after_ms", "expected 0..60000, found " + afterMs);
      if (ms < 20 || ms > 10_000) throw new InvalidField("ms", "expected 20..10000, found " + ms);
      if (levelDbfs > 0 || levelDbfs < -60) throw new InvalidField("level_dbfs", "expected -60..0, found " + levelDbfs);
    }
  }
}
