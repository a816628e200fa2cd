package dev.earshot.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which layers a call failed in, gathered from its typed failures ({@link Failure#layer()}, decided where each
 * was detected). One rule on top: a call whose own failure is in the telephony layer (not set up, its media
 * failed) explains every turn that failed in it, so those turns are charged to telephony too.
 */
public final class Layers {
  public static final String TELEPHONY = Layer.TELEPHONY.id();
  public static final String FLOW = Layer.FLOW.id();
  public static final String ASR = Layer.ASR.id();
  public static final String INTENT = Layer.INTENT.id();
  public static final String RESPONSE = Layer.RESPONSE.id();
  public static final String LATENCY = Layer.LATENCY.id();
  public static final String BARGE_IN = Layer.BARGE_IN.id();
  /** Every layer, in pipeline order. */
  public static final List<String> ALL = java.util.Arrays.stream(Layer.values()).map(Layer::id).toList();
  /** An agent transcript this far from the caller's words counts as a mishearing. */
  public static final double MISHEARD_WER = 0.2;

  private Layers() {}

  /** The layer {@code t}, a turn of {@code call}, failed in; null when it passed. */
  public static String ofTurn(CallResult call, TurnResult t) {
    if (t.passed()) return null;
    if (isTelephony(call)) return TELEPHONY;
    return t.failure() != null ? t.failure().layer().id() : null;
  }

  /** The distinct layers {@code call} failed in, in pipeline order; empty when it passed. */
  public static List<String> ofCall(CallResult call) {
    Set<Layer> found = EnumSet.noneOf(Layer.class);
    Failure f = call.failure();
    if (f != null && !Failure.Codes.UNANSWERED_TURNS.equals(f.code())) found.add(f.layer()); // the turns say which layers
    for (TurnResult t : call.turns()) {
      String layer = ofTurn(call, t);
      if (layer != null) found.add(Layer.of(layer));
    }
    if (call.bargeIns().stream().anyMatch(b -> !b.passed())) found.add(Layer.BARGE_IN);
    List<String> ordered = new ArrayList<>();
    for (Layer l : found) ordered.add(l.id()); // an EnumSet iterates in pipeline order
    return ordered;
  }

  /**
   * The failure that explains {@code call} first, as the reports name it: the call's own, else (the call ran to
   * its end, or only some steps went unanswered) its first failed turn's; null when neither has one (a barge-in step).
   */
  public static Failure firstFailure(CallResult call) {
    Failure f = call.failure();
    if (f != null && !Failure.Codes.UNANSWERED_TURNS.equals(f.code())) return f;
    return call.turns().stream().filter(t -> !t.passed() && t.failure() != null).map(TurnResult::failure).findFirst().orElse(f);
  }

  /** Whether the call itself broke: not set up, or its media failed; what it explains is charged to telephony. */
  static boolean isTelephony(CallResult call) {
    Failure f = call.failure();
    return CallResult.FAILED.equals(call.status()) && f != null && f.layer() == Layer.TELEPHONY
        && !Failure.Codes.UNANSWERED_TURNS.equals(f.code());
  }
}
