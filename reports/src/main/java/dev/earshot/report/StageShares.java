package dev.earshot.report;

import java.util.List;
import java.util.Locale;

/**
 * Where response latency went, for agents that report their stage times on the side channel. Each turn's
 * latency (caller's last speech frame sent → agent's first speech frame received) is cut at the agent's
 * ASR final, response start and first TTS audio into four stages: end of speech → ASR final (endpointing
 * and recognition), → response start (deciding), → first TTS audio (synthesis), → heard by Earshot (the
 * network and the agent's media path). Shares are of the summed latency over every turn with all three times.
 */
final class StageShares {
  private StageShares() {}

  /** The shares as text, or null when no turn of {@code calls} reported all three stage times. */
  static String of(List<CallResult> calls) {
    double[] sum = new double[4];
    double total = 0;
    int n = 0;
    for (CallResult c : calls) {
      if (c.mediaStartEpochUs() == null) continue;
      for (TurnResult t : c.turns()) {
        TurnResult.AgentSide a = t.agent();
        if (a == null || a.asrFinalUs() == null || a.responseStartUs() == null || a.ttsFirstAudioUs() == null
            || t.callerSpeechEndS() == null || t.replyStartS() == null) continue;
        double end = c.mediaStartEpochUs() + t.callerSpeechEndS() * 1e6, first = c.mediaStartEpochUs() + t.replyStartS() * 1e6;
        if (!(first > end)) continue;
        sum[0] += a.asrFinalUs() - end;
        sum[1] += a.responseStartUs() - a.asrFinalUs();
        sum[2] += a.ttsFirstAudioUs() - a.responseStartUs();
        sum[3] += first - a.ttsFirstAudioUs();
        total += first - end;
        n++;
      }
    }
    if (n == 0) return null;
    long[] pct = new long[4];
    for (int i = 0; i < 4; i++) pct[i] = Math.round(100 * sum[i] / total); // whole percent: no "-0%" from clock noise
    return String.format(Locale.ROOT, "to ASR final %d%%, deciding %d%%, to first TTS audio %d%%, to Earshot %d%% (%d turns)",
        pct[0], pct[1], pct[2], pct[3], n);
  }
}
