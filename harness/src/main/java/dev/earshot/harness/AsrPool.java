package dev.earshot.harness;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Earshot's recognisers: a fixed number of threads, and two lanes. Work that a call still in progress waits on
 * (an agent utterance loop detection must read before the caller speaks again) goes ahead of work on calls that
 * are over (their transcripts, their results); each lane keeps its own order. Without the lanes, a live
 * transcript queued behind the post-call work of calls that ended together came 4 s late, and the caller had
 * already spoken again.
 */
final class AsrPool extends ThreadPoolExecutor {
  private final AtomicLong order = new AtomicLong();

  AsrPool(int threads) {
    super(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "earshot-asr");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code task} ahead of every task not given this way. */
  void executeFirst(Runnable task) {
    super.execute(new Ranked(true, order.getAndIncrement(), task));
  }

  @Override
  public void execute(Runnable task) {
    super.execute(task instanceof Ranked ? task : new Ranked(false, order.getAndIncrement(), task));
  }

  private record Ranked(boolean first, long order, Runnable task) implements Runnable, Comparable<Ranked> {
    @Override
    public void run() {
      task.run();
    }

    @Override
    public int compareTo(Ranked o) {
      return first != o.first ? (first ? -1 : 1) : Long.compare(order, o.order);
    }
  }
}
