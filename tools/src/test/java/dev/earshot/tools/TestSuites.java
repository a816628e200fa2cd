package dev.earshot.tools;

/** Suites the ITs call the reference agent with, as YAML text. */
public final class TestSuites {
  private TestSuites() {}

  /**
   * A suite of one scenario, {@code balance} (the caller asks for their balance; the agent must act on
   * {@code check_balance}), on the clean profile; {@code header} adds top-level lines (e.g. {@code greeting: none\n}),
   * {@code moreScenarios} further scenarios, each line as it stands in the file.
   */
  public static String balance(String name, long seed, int trials, String header, String moreScenarios) {
    return "name: " + name + "\nseed: " + seed + "\ntrials: " + trials + "\nprofiles: [clean]\n" + header
        + "intents:\n  check_balance: [\"current balance\"]\n  transfer_funds: [\"transfer has been scheduled\"]\n"
        + "scenarios:\n  - name: balance\n    turns:\n      - say: I would like to check my account balance.\n        expect: {intent: check_balance}\n"
        + moreScenarios;
  }
}
