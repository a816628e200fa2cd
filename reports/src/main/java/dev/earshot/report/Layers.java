package dev.earshot.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which layer of the agent's pipeline a failure belongs to, read from what a call recorded. One rule per
 * case, in pipeline order, so that a failure is charged to the first layer that explains it:
 *
 * <ul>
 *   <li>{@code telephony}: the call was not set up, its media failed (one-way or no audio), or it ended
 *       before the step could be judged;
 *   <li>{@code flow}: a budget ended the call (duration, turns, dead air, repeated prompt), also for a reply it
 *       cut short, or the agent did not hang up when it should have;
 *   <li>{@code asr}: the agent chose the wrong intent having misheard the caller: its own transcript (side
 *       channel) has a word error rate of at least {@link #MISHEARD_WER} against what the caller said;
 *   <li>{@code intent}: the agent chose the wrong intent from what it heard well (or, with no side channel,
 *       its spoken reply belongs to another intent), or did not transfer when it should have;
 *   <li>{@code response}: the agent chose the right intent (side channel) but did not say what it should, or
 *       its reply lacked an expected phrase, keyword or pattern, or went on too long;
 *   <li>{@code latency}: the agent said nothing within the step's timeout;
 *   <li>{@code barge_in}: a {@code barge_in} or {@code noise_only} step failed.
 * </ul>
 */
public final class Layers {
  public static final String TELEPHONY = "telephony";
  public static final String FLOW = "flow";
  public static final String ASR = "asr";
  public static final String INTENT = "intent";
  public static final String RESPONSE = "response";
  public static final String LATENCY = "latency";
  public static final String BARGE_IN = "barge_in";
  /** Every layer, in pipeline order. */
  public static final List<String> ALL = List.of(TELEPHONY, ASR, INTENT, RESPONSE, LATENCY, BARGE_IN, FLOW);
  /** An agent transcript this far from the caller's words counts as a mishearing. */
  public static final double MISHEARD_WER = 0.2;

  private Layers() {}

  /** The layer {@code t}, a turn of {@code call}, failed in; null when it passed. */
  public static String ofTurn(CallResult call, TurnResult t) {
    if (t.passed()) return null;
    if (isTelephony(call)) return TELEPHONY;
    String f = t.failure();
    if (f != null) {
      if (f.startsWith("call failed")) return TELEPHONY;
      if (f.contains("budget ")) return FLOW;
      if (f.startsWith("not played: no greeting")) return LATENCY; // the step never came: the agent did not speak first
      if (f.startsWith("no agent speech within")) return LATENCY;
      if (f.startsWith("the agent spoke for more than")) return RESPONSE;
      if (f.startsWith("no transfer within")) return INTENT;
      if (f.startsWith("the agent did not hang up")) return FLOW;
      return TELEPHONY; // the call ended before or during the step
    }
    if (cutByBudget(call, t)) return FLOW;
    if (t.missingPhrases().stream().anyMatch(m -> m.startsWith("transfer"))) return INTENT;
    if (t.missingPhrases().contains("hangup")) return FLOW;
    TurnResult.AgentSide a = t.agent();
    if (a != null && a.intent() != null && t.expectedIntent() != null) {
      if (t.expectedIntent().equals(a.intent())) return RESPONSE;
      return a.asrWer() != null && a.asrWer() >= MISHEARD_WER ? ASR : INTENT;
    }
    return t.intentMatched() ? RESPONSE : INTENT;
  }

  /** Whether a budget ended the call while the agent was still giving this turn's reply. */
  private static boolean cutByBudget(CallResult call, TurnResult t) {
    return call.failure() != null && call.failure().startsWith("budget ") && t.replyEndS() != null && t.replyEndS() >= call.durationS() - 0.2;
  }

  /** The distinct layers {@code call} failed in, in pipeline order; empty when it passed. */
  public static List<String> ofCall(CallResult call) {
    Set<String> found = new LinkedHashSet<>();
    if (isTelephony(call)) found.add(TELEPHONY);
    else if (call.failure() != null && call.failure().startsWith("budget ")) found.add(FLOW);
    else if (call.failure() != null && call.failure().startsWith("no greeting")) found.add(LATENCY);
    for (TurnResult t : call.turns()) {
      String layer = ofTurn(call, t);
      if (layer != null) found.add(layer);
    }
    if (call.bargeIns().stream().anyMatch(b -> !b.passed())) found.add(BARGE_IN);
    List<String> ordered = new ArrayList<>();
    for (String l : ALL) if (found.contains(l)) ordered.add(l);
    return ordered;
  }

  /**
   * Whether the call itself broke: not set up, or its media failed. Causes Earshot writes for the layers above
   * (a budget, a silent agent, an unanswered step) are not telephony.
   */
  static boolean isTelephony(CallResult call) {
    String f = call.failure();
    if (!CallResult.FAILED.equals(call.status()) || f == null) return false;
    return !(f.startsWith("budget ") || f.startsWith("no greeting") || f.equals(CallResult.UNANSWERED_TURNS));
  }
}
