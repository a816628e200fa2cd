package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SuiteLoaderTest {
  private static final Profiles PROFILES = Profiles.builtIn();

  static Suite parse(String yaml) {
    return SuiteLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "s.yaml", PROFILES);
  }

  static final String VALID = """
      name: bank
      seed: 3
      profiles: [clean, noisy-phone]
      intents:
        check_balance: ["current balance"]
        goodbye: ["thank you for calling"]
      scenarios:
        - name: balance
          turns:
            - say: What is my balance?
              expect: {intent: check_balance, phrases: ["dollars"]}
            - say: Goodbye.
      """;

  @Test
  void aScenarioMayCarryItsOwnNetworkInPlaceOfItsProfiles() {
    Suite s = parse(VALID.replace("  - name: balance\n", "  - name: balance\n    network: {delay_ms: 50, jitter_ms: 10, loss: {loss_percent: 2}}\n"));
    var n = s.scenarios().get(0).network();
    assertEquals(new dev.earshot.audio.profile.Network(new dev.earshot.audio.profile.Network.Loss("bernoulli", 2, null), 50, 10, 0, null, null, null), n);
    assertEquals(n, Harness.networkFor(s.scenarios().get(0), PROFILES.get("congested-broadband")));
    Suite plain = parse(VALID);
    assertEquals(PROFILES.get("congested-broadband").network(), Harness.networkFor(plain.scenarios().get(0), PROFILES.get("congested-broadband")));
    assertEquals(null, Harness.networkFor(plain.scenarios().get(0), PROFILES.get("clean")));
    SuiteException e = assertThrows(SuiteException.class,
        () -> parse(VALID.replace("  - name: balance\n", "  - name: balance\n    network: {delay_ms: -5}\n")));
    assertTrue(e.getMessage().startsWith("s.yaml:") && e.getMessage().contains("delay_ms: expected 0..2000, found -5"), e.getMessage());
  }

  @Test
  void readsAValidSuite() {
    Suite s = parse(VALID);
    assertEquals("bank", s.name());
    assertEquals(3, s.seed());
    assertEquals(List.of("clean", "noisy-phone"), s.profiles());
    assertEquals(List.of("check_balance", "goodbye"), List.copyOf(s.intents().keySet()), "listing order kept");
    Suite.Turn first = s.scenarios().get(0).turns().get(0);
    assertEquals("check_balance", first.expect().intent());
    assertEquals(List.of("dollars"), first.expect().phrases());
    assertEquals(null, s.scenarios().get(0).turns().get(1).expect().intent(), "a turn without expect only listens");
  }

  @Test
  void theBundledDemoSuiteIsValid() {
    Suite s = SuiteLoader.load(Path.of("../examples/bank-demo.yaml"), PROFILES);
    assertTrue(s.scenarios().size() >= 5 && s.profiles().size() >= 2);
  }

  @Nested
  class RejectsWithFileAndPlace {
    void rejects(String yaml, String... fragments) {
      SuiteException e = assertThrows(SuiteException.class, () -> parse(yaml));
      assertTrue(e.getMessage().startsWith("s.yaml"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), "one line");
      for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
    }

    @Test
    void anUnknownProfile() {
      rejects(VALID.replace("noisy-phone", "underwater"), "profiles[1]", "'underwater'", "clean, noisy-phone");
    }

    @Test
    void anExpectedIntentNotListedUnderIntents() {
      rejects(VALID.replace("intent: check_balance", "intent: check_balanse"), "scenarios[0].turns[0].expect.intent", "check_balanse");
    }

    @Test
    void anUnknownKey() {
      rejects(VALID.replace("seed: 3", "sead: 3"), "s.yaml:2:", "unknown key 'sead'");
    }

    @Test
    void aDuplicateScenarioName() {
      rejects(VALID + "  - name: balance\n    turns: [{say: hi}]\n", "scenarios[1].name", "used twice");
    }

    @Test
    void aBadScenarioName() {
      rejects(VALID.replace("name: balance", "name: Balance Check"), "lower-case");
    }

    @Test
    void noScenarios() {
      rejects("name: x\nprofiles: [clean]\n", "scenarios: expected at least one scenario");
    }

    @Test
    void notYamlAtAll() {
      rejects("name: [unclosed\n", "s.yaml:");
    }
  }
}
