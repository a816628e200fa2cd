package dev.earshot.harness.load;

import dev.earshot.telephony.rtp.TimingHistogram;
import java.util.concurrent.locks.LockSupport;

/**
 * A bare thread beside a load run, waking on an absolute 20 ms schedule and doing nothing else: how late this machine
 * wakes any thread at that moment, the floor no pacing can beat (what {@code bench/TimerFloor.java} measures, in the
 * run's own process). Earshot's send-time error is judged against it ({@link LoadVerdict}). One thread a run.
 */
final class TimerFloor implements AutoCloseable {
  private static final long PERIOD_NANOS = 20_000_000L;
  private final TimingHistogram late = new TimingHistogram(); // guarded by itself
  private final Thread thread;
  private volatile boolean running = true;

  TimerFloor() {
    thread = new Thread(this::run, "earshot-timer-floor");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long t0 = System.nanoTime();
    for (long k = 1; running; k++) {
      long deadline = t0 + k * PERIOD_NANOS, now;
      while ((now = System.nanoTime()) < deadline && running) LockSupport.parkNanos(deadline - now);
      if (!running) return;
      synchronized (late) {
        late.record((now - deadline) / 1000);
      }
    }
  }

  /** Every wake-up so far, in microseconds late. */
  TimingHistogram snapshot() {
    synchronized (late) {
      return late.copy();
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
  }
}
