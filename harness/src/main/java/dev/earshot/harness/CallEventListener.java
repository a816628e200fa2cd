package dev.earshot.harness;

import dev.earshot.report.CallEvent;

/**
 * Hears each call's {@link CallEvent}s as they are recorded, for a live view or a log of one's own (results are
 * computed from the recorded events after the call, never from what a listener does).
 *
 * <p>Threading: called on the call's media event loop, on a timer thread or on the ASR pool, never two at
 * once for one call (the call's log is locked while it is called), possibly at once for different calls. It must
 * return quickly, must not block and must not throw. Events arrive in the order they were recorded, which is the
 * order of cause and effect; an event's time may lie before that of the one delivered before it (a caller
 * utterance's first speech frame is known once its playout ends).
 */
@FunctionalInterface
public interface CallEventListener {
  CallEventListener NONE = (callId, event) -> {};

  void onEvent(String callId, CallEvent event);
}
