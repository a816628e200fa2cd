package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsrPoolTest {
  @Test
  void workACallWaitsOnGoesAheadOfWorkOnEndedCallsAndEachLaneKeepsItsOrder() throws Exception {
    AsrPool pool = new AsrPool(1);
    try {
      CountDownLatch busy = new CountDownLatch(1);
      List<String> ran = new CopyOnWriteArrayList<>();
      pool.execute(() -> {
        try {
          busy.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      pool.execute(() -> ran.add("after-call 1"));
      pool.execute(() -> ran.add("after-call 2"));
      pool.executeFirst(() -> ran.add("live 1"));
      CompletableFuture<Void> viaFuture = CompletableFuture.runAsync(() -> ran.add("after-call 3"), pool);
      pool.executeFirst(() -> ran.add("live 2"));
      busy.countDown();
      viaFuture.get(5, TimeUnit.SECONDS);
      pool.shutdown();
      assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
      assertEquals(List.of("live 1", "live 2", "after-call 1", "after-call 2", "after-call 3"), ran);
    } finally {
      pool.shutdownNow();
    }
  }
}
