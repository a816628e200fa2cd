package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A layer of a voice agent's pipeline, in pipeline order: where a call's failure is charged. The layer is
 * decided where the failure is detected (see {@link Failure}); {@link Layers} only gathers them.
 *
 * <ul>
 *   <li>{@link #TELEPHONY}: the call was not set up, its media failed (no, one-way or silent audio), or it
 *       ended before a step could be judged;
 *   <li>{@link #ASR}: the agent chose the wrong intent having misheard the caller (its own transcript, from the
 *       side channel, has a word error rate of at least {@link Layers#MISHEARD_WER});
 *   <li>{@link #INTENT}: the agent chose the wrong intent from what it heard well (or, with no side channel, its
 *       spoken reply belongs to another intent), or did not transfer when it should have;
 *   <li>{@link #RESPONSE}: the right intent but not the right words: an expected phrase, keyword or pattern
 *       missing, or a reply that went on too long;
 *   <li>{@link #LATENCY}: the agent said nothing within the step's timeout, or gave no greeting;
 *   <li>{@link #BARGE_IN}: a {@code barge_in} or {@code noise_only} step failed;
 *   <li>{@link #FLOW}: a budget ended the call (duration, turns, dead air, a repeated prompt), also for a reply it
 *       cut short, or the agent did not hang up when it should have.
 * </ul>
 */
public enum Layer {
  TELEPHONY, ASR, INTENT, RESPONSE, LATENCY, BARGE_IN, FLOW;

  /** The name in reports and on the command line: {@code telephony}, {@code barge_in}, ... */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Layer of(String id) {
    for (Layer l : values()) if (l.id().equals(id)) return l;
    throw new IllegalArgumentException("expected one of telephony, asr, intent, response, latency, barge_in, flow, found '" + id + "'");
  }

  @Override
  public String toString() {
    return id();
  }
}
