package dev.earshot.harness;

import dev.earshot.report.CallResult;

/**
 * Hears about a run's calls as they happen. Calls come from harness threads, possibly several at once; a
 * listener must be fast and must never throw.
 */
public interface RunListener {
  RunListener NONE = new RunListener() {};

  /** A resumed run ({@link Harness#resume}) keeps {@code kept} of its {@code planned} calls, which ended before it stopped. */
  default void resumed(int kept, int planned) {}

  default void callStarted(String callId) {}

  /** Where each call's events go as they are recorded (see {@link CallEventListener} for its threading rules); none by default. */
  default CallEventListener callEvents() {
    return CallEventListener.NONE;
  }

  /** A call has ended and its result has been written to {@code calls/ID.json}. */
  default void callFinished(CallResult result) {}
}
