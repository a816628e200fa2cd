package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.Call;
import dev.earshot.telephony.IncomingCall;
import dev.earshot.telephony.sip.SipCallFailed;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How calls the agent places are handed to inbound scenarios (offers faked: the real calls are in KamailioIT). */
class InboundCallsTest {
  /** An offer that records what was done with it. */
  private static final class Offer implements IncomingCall {
    final String id;
    volatile boolean accepted;
    volatile int rejected;

    Offer(String id) {
      this.id = id;
    }

    public String callId() {
      return id;
    }

    public Map<String, String> headers() {
      return Map.of();
    }

    public String header(String name) {
      return null;
    }

    public Call accept() {
      accepted = true;
      return null;
    }

    public void reject(int status, String reason) {
      rejected = status;
    }
  }

  @Test
  void aWaitingScenarioTakesTheNextCallAndEachCallGoesToOne() throws Exception {
    InboundCalls calls = new InboundCalls(200);
    CompletableFuture<Call> first = calls.next(5000), second = calls.next(5000);
    Offer a = new Offer("a"), b = new Offer("b");
    calls.arrived(a);
    first.get(1, TimeUnit.SECONDS);
    assertTrue(a.accepted);
    assertFalse(second.isDone(), "one call, one scenario");
    calls.arrived(b);
    second.get(1, TimeUnit.SECONDS);
    assertTrue(b.accepted);
  }

  @Test
  void aCallThatComesFirstRingsUntilAScenarioTakesItOrIsRefused() throws Exception {
    InboundCalls calls = new InboundCalls(300);
    Offer early = new Offer("early"), unclaimed = new Offer("unclaimed");
    calls.arrived(early);
    calls.next(5000).get(1, TimeUnit.SECONDS);
    assertTrue(early.accepted, "taken while it rang");
    calls.arrived(unclaimed);
    Thread.sleep(600);
    assertEquals(480, unclaimed.rejected, "nobody waiting: refused once its ringing is over");
    assertFalse(unclaimed.accepted);
    assertEquals(0, early.rejected);
  }

  @Test
  void noCallInTimeFailsInOneSentenceAndLeavesNoWaiterBehind() throws Exception {
    InboundCalls calls = new InboundCalls(5000);
    ExecutionException e = assertThrows(ExecutionException.class, () -> calls.next(1000).get(3, TimeUnit.SECONDS));
    SipCallFailed f = assertTrue_(e.getCause());
    assertEquals("no call from the agent within 1 s (an inbound scenario waits for the agent to call Earshot)", f.end().cause());
    Offer late = new Offer("late");
    calls.arrived(late);
    assertFalse(late.accepted, "the timed-out scenario does not take a later call");
  }

  private static SipCallFailed assertTrue_(Throwable t) {
    assertTrue(t instanceof SipCallFailed, String.valueOf(t));
    return (SipCallFailed) t;
  }
}
