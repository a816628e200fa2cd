package dev.earshot.report;

import java.util.List;

/**
 * One {@code expect} step: the agent's utterance it took, and how it was judged.
 *
 * @param index 1-based number of the {@code expect} step within the call
 * @param said the caller's latest words before the step (synthesized or recorded); empty for the greeting
 * @param expectedIntent the intent the agent should have recognised, or null when not checked
 * @param expectedPhrases every check of the step: tolerant phrases as written, the others tagged
 *     ({@code exact:}, {@code keyword:}, {@code regex:}, {@code transfer}, {@code hangup})
 * @param heard Earshot's transcript of the agent's reply (Vosk), or null when the agent did not reply
 * @param observedIntent the intent Earshot read from the agent's reply, {@code unknown} when none matched
 * @param missingPhrases the checks not met, tagged the same way
 * @param passed true when the intent (if expected) matched and no phrase was missing
 * @param latencyMs response latency: last caller speech frame sent to first agent speech frame received;
 *     null when the agent did not reply
 * @param callerSpeechEndS when the last caller speech frame was sent, seconds from media start
 * @param replyStartS when the first agent speech frame of the reply arrived, seconds from media start
 * @param replyEndS when the last agent speech frame of the reply arrived, seconds from media start
 * @param failure why the turn failed, null when it passed: found while it ran (no reply, the call ended) or judged
 *     from the figures above, with the layer it is charged to
 * @param agent what the agent itself reported about this turn on the side channel, and the ASR layer's
 *     figures computed from it; null when the agent reported nothing
 * @param transcribed false when Earshot did not transcribe the reply (a load run's {@code --transcribe}): its phrases
 *     and intent were not judged, only its timing and what needs no words (a transfer, a hang-up); null otherwise
 * @param hold for a step that expects a hold ({@code hold: true}): how long the caller was on hold and to what; null otherwise
 */
public record TurnResult(
    int index,
    String said,
    String expectedIntent,
    List<String> expectedPhrases,
    String heard,
    String observedIntent,
    List<String> missingPhrases,
    boolean passed,
    Double latencyMs,
    Double callerSpeechEndS,
    Double replyStartS,
    Double replyEndS,
    Failure failure,
    AgentSide agent,
    Boolean transcribed,
    Hold hold) {

  public TurnResult {
    if (index < 1) throw new IllegalArgumentException("index < 1: " + index);
    if (said == null) throw new NullPointerException("said == null");
    expectedPhrases = expectedPhrases == null ? List.of() : List.copyOf(expectedPhrases);
    missingPhrases = missingPhrases == null ? List.of() : List.copyOf(missingPhrases);
  }

  /**
   * A tool (function) call the agent reported on the side channel for this turn: its {@code name}, its arguments with each
   * value as text (a JSON string's text, any other JSON value as written), and its {@code result}, null when not reported.
   */
  public record ToolCall(String name, java.util.Map<String, String> args, String result) {
    public ToolCall {
      args = args == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }
  }

  /**
   * The agent's own account of the turn (side channel), and the ASR layer measured on it: what the agent heard
   * against what the caller said, after Earshot's text normalisation, aligned as NIST sclite aligns.
   *
   * @param heard the agent's transcript of the caller
   * @param intent the intent the agent says it chose
   * @param said the text the agent says it meant to speak
   * @param asrWer word error rate of {@code heard} against the caller's words; {@code asrCer} the same in characters
   * @param asrWords reference words; {@code asrSubstitutions}, {@code asrDeletions}, {@code asrInsertions} the alignment's counts
   * @param asrFinalUs, responseStartUs, ttsFirstAudioUs the agent's stage times (µs since the epoch), as reported
   * @param replyWer the response layer's intelligibility: word error rate of Earshot's transcript of the agent's
   *     reply against the text the agent says it meant to speak ({@code said}), over {@code replyWords} words
   *     with {@code replyErrors} errors; null when either is missing
   */
  public record AgentSide(String heard, String intent, String said, Double asrWer, Double asrCer, int asrWords,
      int asrSubstitutions, int asrDeletions, int asrInsertions, Long asrFinalUs, Long responseStartUs, Long ttsFirstAudioUs,
      Double replyWer, int replyWords, int replyErrors, List<ToolCall> tools) {
    public AgentSide {
      tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** Without tool calls. */
    public AgentSide(String heard, String intent, String said, Double asrWer, Double asrCer, int asrWords, int asrSubstitutions,
        int asrDeletions, int asrInsertions, Long asrFinalUs, Long responseStartUs, Long ttsFirstAudioUs, Double replyWer, int replyWords, int replyErrors) {
      this(heard, intent, said, asrWer, asrCer, asrWords, asrSubstitutions, asrDeletions, asrInsertions, asrFinalUs, responseStartUs,
          ttsFirstAudioUs, replyWer, replyWords, replyErrors, null);
    }

    /** Without the reply's intelligibility. */
    public AgentSide(String heard, String intent, String said, Double asrWer, Double asrCer, int asrWords, int asrSubstitutions,
        int asrDeletions, int asrInsertions, Long asrFinalUs, Long responseStartUs, Long ttsFirstAudioUs) {
      this(heard, intent, said, asrWer, asrCer, asrWords, asrSubstitutions, asrDeletions, asrInsertions, asrFinalUs, responseStartUs,
          ttsFirstAudioUs, null, 0, 0);
    }
  }

  public TurnResult(int index, String said, String expectedIntent, List<String> expectedPhrases, String heard, String observedIntent,
      List<String> missingPhrases, boolean passed, Double latencyMs, Double callerSpeechEndS, Double replyStartS, Double replyEndS,
      Failure failure, AgentSide agent) {
    this(index, said, expectedIntent, expectedPhrases, heard, observedIntent, missingPhrases, passed, latencyMs, callerSpeechEndS, replyStartS,
        replyEndS, failure, agent, null, null);
  }

  /**
   * A hold the caller was put on: from {@code startS} to {@code endS} (seconds from media start; {@code endS} null when the
   * agent never came back), {@code seconds} long, and what it held with: {@code music}, {@code tone}, {@code music+tone}
   * (as Earshot's sound classifier heard it) or {@code silence}.
   */
  public record Hold(double startS, Double endS, Double seconds, String sound) {}

  public boolean intentMatched() {
    return expectedIntent == null || expectedIntent.equals(observedIntent);
  }

  /** A builder with every field empty: lists empty, numbers 0, the rest null. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this value's fields, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.index = index;
    b.said = said;
    b.expectedIntent = expectedIntent;
    b.expectedPhrases = expectedPhrases;
    b.heard = heard;
    b.observedIntent = observedIntent;
    b.missingPhrases = missingPhrases;
    b.passed = passed;
    b.latencyMs = latencyMs;
    b.callerSpeechEndS = callerSpeechEndS;
    b.replyStartS = replyStartS;
    b.replyEndS = replyEndS;
    b.failure = failure;
    b.agent = agent;
    b.transcribed = transcribed;
    b.hold = hold;
    return b;
  }

  /** Builds a {@link TurnResult} field by field, instead of 14 positional arguments. */
  public static final class Builder {
    private int index;
    private String said;
    private String expectedIntent;
    private List<String> expectedPhrases;
    private String heard;
    private String observedIntent;
    private List<String> missingPhrases;
    private boolean passed;
    private Double latencyMs;
    private Double callerSpeechEndS;
    private Double replyStartS;
    private Double replyEndS;
    private Failure failure;
    private AgentSide agent;
    private Boolean transcribed;
    private Hold hold;

    private Builder() {}

    public Builder hold(Hold hold) {
      this.hold = hold;
      return this;
    }

    /** False when the reply was not transcribed (see {@link TurnResult#transcribed}); null otherwise. */
    public Builder transcribed(Boolean transcribed) {
      this.transcribed = Boolean.FALSE.equals(transcribed) ? false : null;
      return this;
    }

    public Builder index(int index) {
      this.index = index;
      return this;
    }

    public Builder said(String said) {
      this.said = said;
      return this;
    }

    public Builder expectedIntent(String expectedIntent) {
      this.expectedIntent = expectedIntent;
      return this;
    }

    public Builder expectedPhrases(List<String> expectedPhrases) {
      this.expectedPhrases = expectedPhrases;
      return this;
    }

    public Builder heard(String heard) {
      this.heard = heard;
      return this;
    }

    public Builder observedIntent(String observedIntent) {
      this.observedIntent = observedIntent;
      return this;
    }

    public Builder missingPhrases(List<String> missingPhrases) {
      this.missingPhrases = missingPhrases;
      return this;
    }

    public Builder passed(boolean passed) {
      this.passed = passed;
      return this;
    }

    public Builder latencyMs(Double latencyMs) {
      this.latencyMs = latencyMs;
      return this;
    }

    public Builder callerSpeechEndS(Double callerSpeechEndS) {
      this.callerSpeechEndS = callerSpeechEndS;
      return this;
    }

    public Builder replyStartS(Double replyStartS) {
      this.replyStartS = replyStartS;
      return this;
    }

    public Builder replyEndS(Double replyEndS) {
      this.replyEndS = replyEndS;
      return this;
    }

    public Builder failure(Failure failure) {
      this.failure = failure;
      return this;
    }

    public Builder agent(AgentSide agent) {
      this.agent = agent;
      return this;
    }

    public TurnResult build() {
      return new TurnResult(index, said, expectedIntent, expectedPhrases, heard, observedIntent, missingPhrases, passed, latencyMs, callerSpeechEndS, replyStartS, replyEndS, failure, agent, transcribed, hold);
    }
  }
}
