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
public record Step(Say say, Expect expect, Dtmf dtmf, Long waitMs, BargeIn bargeIn, NoiseOnly noiseOnly, Boolean hangup) {
  public static final String KINDS = "say, expect, dtmf, wait, barge_in, noise_only or hangup";

  public Step {
    int set = (say != null ? 1 : 0) + (expect != null ? 1 : 0) + (dtmf != null ? 1 : 0) + (waitMs != null ? 1 : 0)
        + (bargeIn != null ? 1 : 0) + (noiseOnly != null ? 1 : 0) + (hangup != null ? 1 : 0);
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
      @JsonProperty("hangup") Boolean hangup) {
    return new Step(say, expect, dtmf, waitMs, bargeIn, noiseOnly, hangup);
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

  public static Step expect(Expect e) {
    return new Step(null, e, null, null, null, null, null);
  }

  /** The kind of step, as written in YAML. */
  public String kind() {
    return say != null ? "say" : expect != null ? "expect" : dtmf != null ? "dtmf" : waitMs != null ? "wait"
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
   * @param regex must match somewhere in the normalised transcript (lower case, numbers spelled out)
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
   */
  public record Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, String regex, String transfer,
      Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs, Long agentSilenceMs, Boolean noInterruption) {
    public Expect(String intent, List<String> phrases, List<String> exact, List<String> keywords, String regex, String transfer,
        Boolean hangup, Long timeoutMs, List<String> notPhrases, List<String> anyOf, Long maxLatencyMs, Long agentSilenceMs) {
      this(intent, phrases, exact, keywords, regex, transfer, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, agentSilenceMs, null);
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
      if (regex != null) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new InvalidField("regex", "" + e.getDescription() + " at index " + e.getIndex() + " of '" + regex + "'");
        }
      }
      if (timeoutMs != null && (timeoutMs < 100 || timeoutMs > 600_000)) {
        throw new InvalidField("timeout_ms", "expected 100..600000, found " + timeoutMs);
      }
    }

    public static Expect of(String intent, List<String> phrases) {
      return new Expect(intent, phrases, null, null, null, null, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Expect json(@JsonProperty("intent") String intent, @JsonProperty("phrases") List<String> phrases,
        @JsonProperty("exact") List<String> exact, @JsonProperty("keywords") List<String> keywords, @JsonProperty("regex") String regex,
        @JsonProperty("transfer") Object transfer, @JsonProperty("hangup") Boolean hangup, @JsonProperty("timeout_ms") Long timeoutMs,
        @JsonProperty("not_phrases") List<String> notPhrases, @JsonProperty("any_of") List<String> anyOf, @JsonProperty("max_latency_ms") Long maxLatencyMs,
        @JsonProperty("agent_silence_ms") Long agentSilenceMs, @JsonProperty("no_interruption") Boolean noInterruption) {
      String t = transfer == null || Boolean.FALSE.equals(transfer) ? null : Boolean.TRUE.equals(transfer) ? "" : String.valueOf(transfer);
      return new Expect(intent, phrases, exact, keywords, regex, t, hangup, timeoutMs, notPhrases, anyOf, maxLatencyMs, agentSilenceMs, noInterruption);
    }

    /** Whether the agent must speak to meet this (a transfer or hang-up alone needs no words). */
    public boolean wantsSpeech() {
      return transfer == null && !Boolean.TRUE.equals(hangup) || intent != null || !phrases.isEmpty() || !exact.isEmpty()
          || !keywords.isEmpty() || regex != null || !notPhrases.isEmpty() || !anyOf.isEmpty() || maxLatencyMs != null
          || Boolean.TRUE.equals(noInterruption);
    }

    /** Every textual check, for reports: the phrases, then the exact phrases, keywords and regex, each tagged. */
    public List<String> checks() {
      List<String> all = new ArrayList<>(phrases);
      exact.forEach(p -> all.add("exact:" + p));
      keywords.forEach(k -> all.add("keyword:" + k));
      if (regex != null) all.add("regex:" + regex);
      if (!anyOf.isEmpty()) all.add("any_of:" + String.join("|", anyOf));
      notPhrases.forEach(p -> all.add("not:" + p));
      return all;
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
