package dev.earshot.harness;

import dev.earshot.report.BargeInResult;
import java.util.Locale;

/**
 * Judges a {@code barge_in} or {@code noise_only} step from the call's timeline, frame by frame (the rules are
 * those of {@link BargeInResult}).
 */
final class BargeInJudge {
  /** Agent silence that counts as having stopped: 200 ms. */
  static final int STOP_FRAMES = 10;
  /** Look-back for "the agent was talking at the onset": 200 ms. */
  static final int SPEAKING_FRAMES = 10;
  /** After a noise, this much agent silence means it stopped for it, not that it paused between sentences: 600 ms. */
  static final int FALSE_STOP_FRAMES = 30;

  private BargeInJudge() {}

  static BargeInResult judge(Conversation.SoundTrace t, CallTimeline timeline) {
    boolean barge = BargeInResult.BARGE_IN.equals(t.kind);
    if (t.failure != null || t.onsetNanos == 0) {
      return new BargeInResult(t.step + 1, t.kind, null, false, null, false, t.maxReactionMs, false,
          t.failure != null ? t.failure.message() : "the sound was not played");
    }
    long onset = timeline.slotOf(t.onsetNanos);
    long end = timeline.slotOf(t.endNanos); // the caller's last speech frame (barge_in)
    Double onsetS = Math.round(timeline.secondsFromStart(t.onsetNanos) * 1000) / 1000.0;
    boolean speaking = false;
    for (long s = onset - SPEAKING_FRAMES; s <= onset; s++) speaking |= timeline.agentVoiced(s);
    if (!speaking) {
      return new BargeInResult(t.step + 1, t.kind, onsetS, false, null, false, t.maxReactionMs, false,
          "the agent was not speaking when the caller's " + (barge ? "speech" : "sound") + " began; move after_ms earlier");
    }
    long stop = stopAfter(timeline, onset);
    Double reaction = stop < 0 ? null : (stop - onset) * 20.0;
    long limit = t.maxReactionMs / 20;
    if (barge) {
      boolean quick = stop >= 0 && stop - onset <= limit;
      boolean silent = quick && silentBetween(timeline, stop, end);
      String detail = stop < 0 ? "the agent never stopped"
          : !quick ? String.format(Locale.ROOT, "the agent talked on for %.0f ms (limit %d ms)", reaction, t.maxReactionMs)
          : !silent ? String.format(Locale.ROOT, "the agent paused after %.0f ms but spoke again while the caller was still talking", reaction)
          : String.format(Locale.ROOT, "the agent stopped %.0f ms after the caller began", reaction);
      return new BargeInResult(t.step + 1, t.kind, onsetS, true, reaction, quick && silent, t.maxReactionMs, quick && silent, detail);
    }
    boolean falseStop = stop >= 0 && stop - onset <= limit && silentBetween(timeline, stop, stop + FALSE_STOP_FRAMES - 1);
    String detail = falseStop ? String.format(Locale.ROOT, "false barge-in: the agent stopped %.0f ms after the sound began and stayed silent", reaction)
        : "the agent talked through the sound";
    return new BargeInResult(t.step + 1, t.kind, onsetS, true, reaction, falseStop, t.maxReactionMs, !falseStop, detail);
  }

  /**
   * The first frame at or after {@code from} that begins {@link #STOP_FRAMES} unvoiced agent frames, all of
   * them received (the end of the call is not the agent stopping), or -1.
   */
  private static long stopAfter(CallTimeline timeline, long from) {
    long last = timeline.lastAgentSlot();
    int run = 0;
    for (long s = from; s <= last; s++) {
      run = timeline.agentVoiced(s) ? 0 : run + 1;
      if (run == STOP_FRAMES) return s - STOP_FRAMES + 1;
    }
    return -1;
  }

  /** No agent voice in the frames {@code from..to}, every one of them received while the call was up. */
  private static boolean silentBetween(CallTimeline timeline, long from, long to) {
    if (to > timeline.lastAgentSlot()) return false;
    for (long s = from; s <= to; s++) if (timeline.agentVoiced(s)) return false;
    return true;
  }
}
