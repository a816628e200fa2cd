package dev.earshot.harness.load;

import java.util.function.Consumer;

/**
 * What a load run tells as it goes: each call as it ends and, once a second, a {@link LoadSample}. Both are called
 * on the run's own threads (a SIP or RTP thread, the run's clock): keep them short, never block. A listener that
 * throws does not change what is recorded.
 */
public interface LoadListener {
  /** Hears nothing. */
  LoadListener NONE = new LoadListener() {};

  /** A call has ended and is written to {@code load-calls.jsonl}. */
  default void callEnded(LoadCall call) {}

  /** A second of the run, written to {@code load-timeline.jsonl}; the run's last has {@link LoadSample#last()} set. */
  default void second(LoadSample sample) {}

  /** A listener hearing only the calls' ends. */
  static LoadListener onCallEnded(Consumer<LoadCall> ended) {
    return new LoadListener() {
      @Override
      public void callEnded(LoadCall call) {
        ended.accept(call);
      }
    };
  }
}
