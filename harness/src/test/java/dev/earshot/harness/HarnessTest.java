package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HarnessTest {
  @Test
  void aCallsSeedDependsOnlyOnRunSeedScenarioAndProfile() {
    long s = Harness.callSeed(7, "balance", "clean");
    assertEquals(s, Harness.callSeed(7, "balance", "clean"));
    assertNotEquals(s, Harness.callSeed(8, "balance", "clean"));
    assertNotEquals(s, Harness.callSeed(7, "balance", "noisy-phone"));
    assertNotEquals(s, Harness.callSeed(7, "lost-card", "clean"));
  }

  @Test
  void eachTrialHasItsOwnSeedAndTheFirstKeepsTheOneTrialSeed() {
    long first = Harness.callSeed(7, "balance", "clean");
    assertEquals(first, Harness.callSeed(7, "balance", "clean", 1));
    long second = Harness.callSeed(7, "balance", "clean", 2);
    assertEquals(second, Harness.callSeed(7, "balance", "clean", 2));
    assertNotEquals(first, second);
    assertNotEquals(second, Harness.callSeed(7, "balance", "clean", 3));
  }

  @Test
  void runOptionsRefuseAnAgentThatIsNotASipUri() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOptions.defaults("http://x", Path.of("o")));
    assertEquals("agentUri: expected sip:user@host:port or sips:..., found http://x", e.getMessage());
  }
}
