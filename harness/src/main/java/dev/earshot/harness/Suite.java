package dev.earshot.harness;

import java.util.List;
import java.util.Map;

/**
 * A test suite: scenarios, each run under every listed audio profile.
 *
 * @param name the suite's name, shown in reports
 * @param seed the run seed every call's seed is derived from (default 0)
 * @param profiles names of degradation profiles (built-in or from {@code --profiles})
 * @param intents for each intent the agent can choose, phrases that identify it in the agent's spoken reply
 * @param scenarios what callers say and what they expect
 */
public record Suite(String name, long seed, List<String> profiles, Map<String, List<String>> intents, List<Scenario> scenarios) {
  public Suite {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name: expected the suite's name");
    if (profiles == null || profiles.isEmpty()) throw new IllegalArgumentException("profiles: expected at least one profile name");
    if (scenarios == null || scenarios.isEmpty()) throw new IllegalArgumentException("scenarios: expected at least one scenario");
    profiles = List.copyOf(profiles);
    intents = intents == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(intents)); // keeps listing order
    scenarios = List.copyOf(scenarios);
  }

  /**
   * @param name identifies the scenario in reports and call ids ({@code [a-z0-9_-]+})
   * @param turns played in order, each after the agent has finished speaking
   * @param network what the path does to the packets of this scenario's calls, in place of the profile's
   *     {@code network:} section (same settings); absent: the profile's
   */
  public record Scenario(String name, String description, List<Turn> turns, dev.earshot.audio.profile.Network network) {
    public Scenario {
      if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
        throw new IllegalArgumentException("name: expected lower-case letters, digits, '-' or '_', found '" + name + "'");
      }
      if (turns == null || turns.isEmpty()) throw new IllegalArgumentException("turns: expected at least one turn");
      description = description == null ? "" : description;
      turns = List.copyOf(turns);
    }
  }

  /** @param say what the caller says; @param expect what the agent's reply must show, or null to only listen */
  public record Turn(String say, Expect expect) {
    public Turn {
      if (say == null || say.isBlank()) throw new IllegalArgumentException("say: expected the words the caller says");
      expect = expect == null ? new Expect(null, List.of()) : expect;
    }
  }

  /** @param intent expected intent (a key of the suite's {@code intents}); @param phrases words the reply must contain */
  public record Expect(String intent, List<String> phrases) {
    public Expect {
      phrases = phrases == null ? List.of() : List.copyOf(phrases);
    }
  }
}
