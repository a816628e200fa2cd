package dev.earshot.harness;

import dev.earshot.report.Failure;
import dev.earshot.report.Failure.Codes;
import dev.earshot.report.Layer;
import dev.earshot.report.Layers;
import dev.earshot.report.TurnResult;
import dev.earshot.telephony.rtp.MediaProblem;
import dev.earshot.telephony.sip.SipEnd;
import java.util.List;
import java.util.Locale;

/**
 * Where a failure's layer is decided: from what was detected (a SIP end, a media problem) and, for a turn that
 * was played and judged, from the turn's own figures. One rule per case, in pipeline order, so that a turn is
 * charged to the first layer that explains it.
 */
final class Verdicts {
  private Verdicts() {}

  /** A call that was not set up. */
  static Failure setup(SipEnd end) {
    return end.status() > 0 ? new Failure(Layer.TELEPHONY, Codes.SIP_STATUS, (double) end.status(), null, end.cause())
        : Failure.of(Layer.TELEPHONY, Codes.CALL_SETUP, end.cause());
  }

  /** What the media of a call that was set up did wrong. */
  static Failure media(MediaProblem p) {
    String code = switch (p.kind()) {
      case NO_AUDIO -> Codes.NO_AUDIO;
      case ONE_WAY -> Codes.ONE_WAY_AUDIO;
      case SILENT -> Codes.SILENT_AUDIO;
      case STOPPED -> Codes.MEDIA_STOPPED;
      case CLIPPED -> Codes.CLIPPED_AUDIO;
    };
    return Failure.of(Layer.TELEPHONY, code, p.message());
  }

  /**
   * {@code t} with its failure when it did not pass: the one found while it ran (no reply, the call ended),
   * else the judged one. {@code call} is the call's own failure (or null), {@code durationS} its length.
   */
  static TurnResult turn(TurnResult t, Failure call, double durationS) {
    if (t.passed() || t.failure() != null) return t;
    return t.toBuilder().failure(judged(t, call, durationS)).build();
  }

  private static Failure judged(TurnResult t, Failure call, double durationS) {
    List<String> missing = t.missingPhrases();
    if (call != null && call.isBudget() && t.replyEndS() != null && t.replyEndS() >= durationS - 0.2) {
      return call.prefixed("the reply was cut short: "); // the budget ended the call while the agent was giving it
    }
    String transfer = missing.stream().filter(m -> m.equals("transfer") || m.startsWith("transfer:")).findFirst().orElse(null);
    if (transfer != null) {
      return Failure.of(Layer.INTENT, Codes.NO_TRANSFER, transfer.equals("transfer") ? "the agent did not transfer the caller"
          : "the agent did not transfer the caller to " + transfer.substring("transfer:".length()));
    }
    if (missing.contains("hangup")) return Failure.of(Layer.FLOW, Codes.NO_HANGUP, "the agent did not hang up");
    List<String> forbidden = missing.stream().filter(m -> m.startsWith("not:")).map(m -> m.substring(4)).toList();
    if (!forbidden.isEmpty() && forbidden.size() == missing.size() && t.intentMatched()) {
      return Failure.of(Layer.RESPONSE, Codes.FORBIDDEN_PHRASE, "the reply said " + forbidden.stream().map(f -> "'" + f + "'").toList()
          + ", which it must not" + (t.heard() == null ? "" : " (\"" + t.heard() + "\")"));
    }
    TurnResult.AgentSide a = t.agent();
    if (a != null && a.intent() != null && t.expectedIntent() != null) { // the agent said which intent it chose
      if (t.expectedIntent().equals(a.intent())) return missingWords(t, "the agent chose " + a.intent() + " (side channel) but ");
      if (a.asrWer() != null && a.asrWer() >= Layers.MISHEARD_WER) {
        return new Failure(Layer.ASR, Codes.MISHEARD, a.asrWer(), Layers.MISHEARD_WER, String.format(Locale.ROOT,
            "the agent heard \"%s\" (WER %.2f >= %.2f) and chose %s, not %s", a.heard(), a.asrWer(), Layers.MISHEARD_WER, a.intent(), t.expectedIntent()));
      }
      return Failure.of(Layer.INTENT, Codes.WRONG_INTENT, "the agent chose " + a.intent() + ", not " + t.expectedIntent() + ", from what it heard well"
          + (a.heard() == null ? "" : " (\"" + a.heard() + "\")"));
    }
    if (t.intentMatched()) return missingWords(t, "");
    return Failure.of(Layer.INTENT, Codes.WRONG_INTENT, "expected intent " + t.expectedIntent() + ", the reply says " + t.observedIntent());
  }

  private static Failure missingWords(TurnResult t, String lead) {
    List<String> lacked = t.missingPhrases().stream().filter(m -> !m.startsWith("not:")).toList();
    List<String> said = t.missingPhrases().stream().filter(m -> m.startsWith("not:")).map(m -> "'" + m.substring(4) + "'").toList();
    String what = !t.missingPhrases().isEmpty() ? (lacked.isEmpty() ? "" : "its reply lacked " + lacked)
        + (said.isEmpty() ? "" : (lacked.isEmpty() ? "its reply said " : " and said ") + said + ", which it must not")
        : "its reply says " + t.observedIntent() + ", not " + t.expectedIntent();
    return Failure.of(Layer.RESPONSE, Codes.MISSING_PHRASE, lead + what);
  }
}
