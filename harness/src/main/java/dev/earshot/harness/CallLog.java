package dev.earshot.harness;

import dev.earshot.report.CallEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One call's events, in the order they were recorded, on the call's own clock: {@link CallEvent#t()} is
 * milliseconds from when Earshot began the call, so every event has its time when it happens (media start,
 * time zero of the recording, is itself an event). Thread-safe; passes each event on to a live listener.
 */
final class CallLog {
  private final String callId;
  private final long originNanos;
  private final CallEventListener listener;
  private final List<CallEvent> events = new ArrayList<>();

  CallLog(String callId, long originNanos, CallEventListener listener) {
    this.callId = callId;
    this.originNanos = originNanos;
    this.listener = listener;
  }

  /** {@code nanos} (from {@link System#nanoTime()}) on this call's clock: milliseconds, 3 decimals. */
  double t(long nanos) {
    return Math.round((nanos - originNanos) / 1e3) / 1e3;
  }

  double now() {
    return t(System.nanoTime());
  }

  synchronized void add(CallEvent e) {
    events.add(e);
    try {
      listener.onEvent(callId, e);
    } catch (RuntimeException ignored) {
      // a listener must not throw; if it does, the call goes on and its record is whole
    }
  }

  synchronized List<CallEvent> events() {
    return List.copyOf(events);
  }
}
