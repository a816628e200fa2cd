package dev.earshot.harness;

import dev.earshot.telephony.Call;
import dev.earshot.telephony.IncomingCall;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Calls the agent places to Earshot (an agent that calls back, an outbound bot), handed to the {@code call:
 * inbound} scenarios waiting for one, first come first served: each waiting scenario takes the next call that
 * arrives, and a call that arrives while none waits is held up to {@link #HOLD_MS} (its INVITE unanswered, as a
 * phone that rings) before it is refused with 480.
 */
final class InboundCalls {
  static final long HOLD_MS = 10_000;
  private final Deque<CompletableFuture<IncomingCall>> waiting = new ArrayDeque<>();
  private final Deque<IncomingCall> ringing = new ArrayDeque<>();
  private final Executor later;

  InboundCalls() {
    this(HOLD_MS);
  }

  InboundCalls(long holdMs) {
    this.later = CompletableFuture.delayedExecutor(holdMs, TimeUnit.MILLISECONDS);
  }

  /** The telephony's INVITE handler. */
  void arrived(IncomingCall offer) {
    while (true) {
      CompletableFuture<IncomingCall> taker;
      synchronized (this) {
        taker = waiting.poll();
        if (taker == null) {
          ringing.add(offer);
          break;
        }
      }
      if (taker.complete(offer)) return; // false: that scenario's wait ran out just now; the next one takes it
    }
    later.execute(() -> {
      boolean unclaimed;
      synchronized (this) {
        unclaimed = ringing.remove(offer);
      }
      if (unclaimed) offer.reject(480, "Temporarily Unavailable (no inbound scenario waiting)");
    });
  }

  /**
   * The next call the agent places, answered; fails with a sentence when none comes within {@code waitMs} or its
   * offer cannot be answered (no common codec).
   */
  CompletableFuture<Call> next(long waitMs) {
    CompletableFuture<IncomingCall> taken = new CompletableFuture<>();
    synchronized (this) {
      IncomingCall offer = ringing.poll();
      if (offer != null) taken.complete(offer);
      else waiting.add(taken);
    }
    taken.orTimeout(waitMs, TimeUnit.MILLISECONDS); // a timeout and an arriving call race for one completion
    return taken.handle((offer, e) -> {
      if (e != null) {
        synchronized (this) {
          waiting.remove(taken);
        }
        throw new java.util.concurrent.CompletionException(new dev.earshot.telephony.sip.SipCallFailed(new dev.earshot.telephony.sip.SipEnd(false, 0,
            String.format(java.util.Locale.ROOT, "no call from the agent within %.0f s (an inbound scenario waits for the agent to call Earshot)", waitMs / 1000.0))));
      }
      return offer.accept();
    });
  }
}
