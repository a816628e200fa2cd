package dev.earshot.harness;

import java.util.List;
import java.util.Map;

/**
 * A test suite: scenarios, each run under every listed audio profile.
 *
 * @param name the suite's name, shown in reports
 * @param seed the run seed every call's seed is derived from (default 0)
 * @param trials how many times each scenario runs under each profile, each time with its own seed (default 3)
 * @param profiles names of degradation profiles (built-in or from {@code --profiles})
 * @param personas names of personas (built-in or from {@code --personas}) every scenario is crossed with;
 *     empty: one plain caller, and no persona in call ids
 * @param intents for each intent the agent can choose, phrases that identify it in the agent's spoken reply
 * @param budgets limits every call must stay within (a scenario may replace each)
 * @param scenarios what callers say and what they expect
 */
public record Suite(String name, long seed, Integer trials, List<String> profiles, List<String> personas, Map<String, List<String>> intents,
    Budgets budgets, List<Scenario> scenarios) {
  /** Runs of each call when the suite does not say. */
  public static final int DEFAULT_TRIALS = 3;

  public Suite {
    trials = trials == null ? DEFAULT_TRIALS : trials;
    if (trials < 1 || trials > 1000) throw new IllegalArgumentException("trials: expected 1..1000, found " + trials);
    budgets = budgets == null ? Budgets.NONE : budgets;
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name: expected the suite's name");
    if (profiles == null || profiles.isEmpty()) throw new IllegalArgumentException("profiles: expected at least one profile name");
    if (scenarios == null || scenarios.isEmpty()) throw new IllegalArgumentException("scenarios: expected at least one scenario");
    profiles = List.copyOf(profiles);
    personas = personas == null ? List.of() : List.copyOf(personas);
    if (new java.util.HashSet<>(personas).size() != personas.size()) throw new IllegalArgumentException("personas: expected each persona once, found " + personas);
    intents = intents == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(intents)); // keeps listing order
    scenarios = List.copyOf(scenarios);
  }

  /**
   * @param name identifies the scenario in reports and call ids ({@code [a-z0-9_-]+})
   * @param turns the short form of a script: each turn is a {@code say} followed by an {@code expect}
   * @param steps the script (see {@link Step}); give either {@code turns} or {@code steps}
   * @param network what the path does to the packets of this scenario's calls, in place of the profile's
   *     {@code network:} section (same settings); absent: the profile's
   * @param budgets limits for this scenario's calls, each in place of the suite's
   */
  public record Scenario(String name, String description, List<Turn> turns, List<Step> steps, dev.earshot.audio.profile.Network network,
      Budgets budgets) {
    public Scenario {
      if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
        throw new IllegalArgumentException("name: expected lower-case letters, digits, '-' or '_', found '" + name + "'");
      }
      if (turns != null && steps != null) throw new IllegalArgumentException("expected turns or steps, not both");
      if ((turns == null || turns.isEmpty()) && (steps == null || steps.isEmpty())) {
        throw new IllegalArgumentException("steps: expected at least one step (or turns)");
      }
      description = description == null ? "" : description;
      turns = turns == null ? List.of() : List.copyOf(turns);
      if (steps == null) {
        List<Step> fromTurns = new java.util.ArrayList<>();
        for (Turn t : turns) {
          fromTurns.add(Step.say(t.say()));
          fromTurns.add(Step.expect(t.expect()));
        }
        steps = fromTurns;
      }
      steps = List.copyOf(steps);
      budgets = budgets == null ? Budgets.NONE : budgets;
    }

    public Scenario(String name, String description, List<Turn> turns, dev.earshot.audio.profile.Network network) {
      this(name, description, turns, null, network, null);
    }

    /** The {@code expect} steps, in order: one result each in the report. */
    public List<Step.Expect> expects() {
      return steps.stream().filter(s -> s.expect() != null).map(Step::expect).toList();
    }
  }

  /** @param say what the caller says; @param expect what the agent's reply must show, or null to only listen */
  public record Turn(String say, Step.Expect expect) {
    public Turn {
      if (say == null || say.isBlank()) throw new IllegalArgumentException("say: expected the words the caller says");
      expect = expect == null ? Step.Expect.of(null, List.of()) : expect;
    }
  }
}
