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
 * @param failure why the turn could not be judged (no reply, call ended), or null
 * @param agent what the agent itself reported about this turn on the side channel, and the ASR layer's
 *     figures computed from it; null when the agent reported nothing
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
    String failure,
    AgentSide agent) {

  public TurnResult {
    if (index < 1) throw new IllegalArgumentException("index < 1: " + index);
    if (said == null) throw new NullPointerException("said == null");
    expectedPhrases = expectedPhrases == null ? List.of() : List.copyOf(expectedPhrases);
    missingPhrases = missingPhrases == null ? List.of() : List.copyOf(missingPhrases);
  }

  /** As before the side channel: no agent report. */
  public TurnResult(int index, String said, String expectedIntent, List<String> expectedPhrases, String heard, String observedIntent,
      List<String> missingPhrases, boolean passed, Double latencyMs, Double callerSpeechEndS, Double replyStartS, Double replyEndS,
      String failure) {
    this(index, said, expectedIntent, expectedPhrases, heard, observedIntent, missingPhrases, passed, latencyMs, callerSpeechEndS,
        replyStartS, replyEndS, failure, null);
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
      Double replyWer, int replyWords, int replyErrors) {
    /** Without the reply's intelligibility. */
    public AgentSide(String heard, String intent, String said, Double asrWer, Double asrCer, int asrWords, int asrSubstitutions,
        int asrDeletions, int asrInsertions, Long asrFinalUs, Long responseStartUs, Long ttsFirstAudioUs) {
      this(heard, intent, said, asrWer, asrCer, asrWords, asrSubstitutions, asrDeletions, asrInsertions, asrFinalUs, responseStartUs,
          ttsFirstAudioUs, null, 0, 0);
    }
  }

  public boolean intentMatched() {
    return expectedIntent == null || expectedIntent.equals(observedIntent);
  }
}
