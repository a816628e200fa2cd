package dev.earshot.harness;

import dev.earshot.report.BargeInResult;
import dev.earshot.report.Failure;
import java.util.Locale;

/**
 * Judges a {@code barge_in} or {@code noise_only} step from when the caller's sound began and ended (the call's
 * events) and the agent's voice frame by frame (its recording); the rules are those of {@link BargeInResult}.
 */
final class BargeInJudge {
  /** Agent silence that counts as having stopped: 200 ms. */
  static final int STOP_FRAMES = 10;
  /** Look-back for "the agent was talking at the onset": 200 ms. */
  static final int SPEAKING_FRAMES = 10;
  /** After a noise, this much agent silence means it stopped for it, not that it paused between sentences: 600 ms. */
  static final int FALSE_STOP_FRAMES = 30;

  private BargeInJudge() {}

  /**
   * @param step the step's index (0-based)
   * @param onsetS the caller's first speech frame, seconds from media start, or null when it was not played
   * @param endS the caller's last speech frame
   * @param failure why the step could not be played as meant, or null
   */
  static BargeInResult judge(int step, String kind, long maxReactionMs, Double onsetS, Double endS, Failure failure, AgentVoicing agent) {
    boolean barge = BargeInResult.BARGE_IN.equals(kind);
    if (failure != null || onsetS == null) {
      return new BargeInResult(step + 1, kind, null, false, null, false, maxReactionMs, false,
          failure != null ? failure.message() : "the sound was not played");
    }
    long onset = slot(onsetS);
    long end = slot(endS); // the caller's last speech frame (barge_in)
    Double at = Math.round(onsetS * 1000) / 1000.0;
    boolean speaking = false;
    for (long s = onset - SPEAKING_FRAMES; s <= onset; s++) speaking |= agent.voiced(s);
    if (!speaking) {
      return new BargeInResult(step + 1, kind, at, false, null, false, maxReactionMs, false,
          "the agent was not speaking when the caller's " + (barge ? "speech" : "sound") + " began; move after_ms earlier");
    }
    long stop = stopAfter(agent, onset);
    Double reaction = stop < 0 ? null : (stop - onset) * 20.0;
    long limit = maxReactionMs / 20;
    if (barge) {
      boolean quick = stop >= 0 && stop - onset <= limit;
      boolean silent = quick && silentBetween(agent, stop, end);
      String detail = stop < 0 ? "the agent never stopped"
          : !quick ? String.format(Locale.ROOT, "the agent talked on for %.0f ms (limit %d ms)", reaction, maxReactionMs)
          : !silent ? String.format(Locale.ROOT, "the agent paused after %.0f ms but spoke again while the caller was still talking", reaction)
          : String.format(Locale.ROOT, "the agent stopped %.0f ms after the caller began", reaction);
      return new BargeInResult(step + 1, kind, at, true, reaction, quick && silent, maxReactionMs, quick && silent, detail);
    }
    boolean falseStop = stop >= 0 && stop - onset <= limit && silentBetween(agent, stop, stop + FALSE_STOP_FRAMES - 1);
    String detail = falseStop ? String.format(Locale.ROOT, "false barge-in: the agent stopped %.0f ms after the sound began and stayed silent", reaction)
        : "the agent talked through the sound";
    return new BargeInResult(step + 1, kind, at, true, reaction, falseStop, maxReactionMs, !falseStop, detail);
  }

  /** The 20 ms frame, from media start, that {@code seconds} falls in (rounded to the nearest frame boundary). */
  private static long slot(double seconds) {
    return Math.max(0, Math.round(seconds * 50));
  }

  /**
   * The first frame at or after {@code from} that begins {@link #STOP_FRAMES} unvoiced agent frames, all of
   * them received (the end of the call is not the agent stopping), or -1.
   */
  private static long stopAfter(AgentVoicing agent, long from) {
    int run = 0;
    for (long s = from; s <= agent.lastSlot(); s++) {
      run = agent.voiced(s) ? 0 : run + 1;
      if (run == STOP_FRAMES) return s - STOP_FRAMES + 1;
    }
    return -1;
  }

  /** No agent voice in the frames {@code from..to}, every one of them received while the call was up. */
  private static boolean silentBetween(AgentVoicing agent, long from, long to) {
    if (to > agent.lastSlot()) return false;
    for (long s = from; s <= to; s++) if (agent.voiced(s)) return false;
    return true;
  }
}
