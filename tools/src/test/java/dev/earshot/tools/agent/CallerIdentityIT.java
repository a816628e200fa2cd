package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.RunResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What real trunks carry besides audio, over real calls to the reference agent: the caller's number and name in
 * From, an asserted identity behind a withheld number, a contact centre's User-to-User data; and agents that
 * wait for the caller to speak first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerIdentityIT {
  private static final String SUITE = """
      name: identity
      seed: 3
      trials: 1
      profiles: [clean]
      caller: {number: "+15551230000", name: John Smith}
      headers: {User-to-User: "3132333435;encoding=hex", X-Customer-Tier: gold}
      intents: {check_balance: ["current balance"]}
      scenarios:
        - name: known-customer
          steps:
            - expect: {phrases: ["welcome back to earshot bank john"]}
        - name: withheld-but-asserted
          caller: {number: "+15551230000", anonymous: true}
          steps:
            - expect: {phrases: ["welcome back to earshot bank john"]}
        - name: stranger
          caller: {number: "+15559990000", name: Jane Doe}
          headers: {User-to-User: "3939;encoding=hex"}
          steps:
            - expect: {phrases: ["how can i help you today"]}
      """;

  private static final String SPEAKS_FIRST = """
      name: speaks-first
      seed: 3
      trials: 1
      profiles: [clean]
      intents: {check_balance: ["current balance"]}
      scenarios:
        - name: caller-first
          greeting: none
          turns:
            - say: I would like to check my account balance.
              expect: {intent: check_balance}
        - name: optional
          greeting: optional
          turns:
            - say: I would like to check my account balance.
              expect: {intent: check_balance}
        - name: expects-greeting
          turns:
            - say: I would like to check my account balance.
              expect: {intent: check_balance}
      """;

  private Path dir;
  private RunResult identity;
  private Map<String, Map<String, String>> heardIdentity;
  private RunResult speaksFirst;

  @BeforeAll
  void run() throws java.io.IOException {
    dir = java.nio.file.Files.createTempDirectory(Path.of("target"), "identity-it-");
    Profiles profiles = Profiles.builtIn();
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    Suite suite = SuiteLoader.parse(SUITE.getBytes(StandardCharsets.UTF_8), "identity.yaml", profiles);
    AgentConfig knows = AgentConfig.defaults().withPort(0).withCustomers(Map.of("+15551230000", "John"));
    try (ReferenceAgent agent = ReferenceAgent.start(knows, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      identity = harness.run(suite, RunOptions.defaults(agent.uri(), dir.resolve("identity")).withConcurrency(3), RunListener.NONE);
      heardIdentity = agent.turns().stream().filter(t -> t.turn() == 0).collect(Collectors.toMap(AgentTurn::call, AgentTurn::identity));
    }
    Suite first = SuiteLoader.parse(SPEAKS_FIRST.getBytes(StandardCharsets.UTF_8), "speaks-first.yaml", profiles);
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0).withGreeting(false),
        Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      RunOptions d = RunOptions.defaults(agent.uri(), dir.resolve("first"));
      // a 4 s greeting timeout keeps the call that waits in vain short
      RunOptions o = new RunOptions(d.agentUri(), d.outDir(), 3, d.answerTimeoutMs(), 4_000, d.replyTimeoutMs(), d.endSilenceMs(), d.maxSpeechMs(), d.sip());
      speaksFirst = harness.run(first, o, RunListener.NONE);
    }
  }

  private CallResult call(RunResult run, String scenario) {
    return run.calls().stream().filter(c -> c.scenario().equals(scenario)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the agent hears the caller's number and name in From and greets a known customer by name")
  void aKnownCustomerIsGreetedByName() {
    CallResult c = call(identity, "known-customer");
    assertTrue(c.passed(), c.id() + " greeting heard as: " + c.greeting() + " " + c.turns());
    Map<String, String> heard = heardIdentity.get(c.id());
    assertTrue(heard.get("From").startsWith("\"John Smith\" <sip:+15551230000@127.0.0.1:"), heard.toString());
    assertEquals("3132333435;encoding=hex", heard.get("User-to-User"), "RFC 7433 data reaches the agent as sent");
    assertNull(heard.get("P-Asserted-Identity"), "not asserted unless asked");
    assertNull(heard.get("Privacy"));
  }

  @Test
  @DisplayName("a withheld number arrives anonymous, with Privacy: id, and the network's asserted identity")
  void aWithheldNumberIsAnonymousButAsserted() {
    CallResult c = call(identity, "withheld-but-asserted");
    Map<String, String> heard = heardIdentity.get(c.id());
    assertTrue(heard.get("From").startsWith("\"Anonymous\" <sip:anonymous@anonymous.invalid>"), heard.toString());
    assertEquals("id", heard.get("Privacy"));
    assertTrue(heard.get("P-Asserted-Identity").contains("<tel:+15551230000>"), heard.toString());
    assertTrue(c.passed(), "the agent still knows the customer from the asserted identity: " + c.greeting());
  }

  @Test
  @DisplayName("a scenario's caller and headers replace the suite's")
  void aScenarioOverridesTheSuite() {
    CallResult c = call(identity, "stranger");
    Map<String, String> heard = heardIdentity.get(c.id());
    assertTrue(heard.get("From").startsWith("\"Jane Doe\" <sip:+15559990000@"), heard.toString());
    assertEquals("3939;encoding=hex", heard.get("User-to-User"));
    assertTrue(c.passed() && !c.greeting().contains("welcome back"), "a stranger gets the plain greeting: " + c.greeting());
  }

  @Test
  @DisplayName("greeting: none and optional call an agent that waits for the caller; expected fails it in the latency layer")
  void agentsThatWaitForTheCaller() {
    CallResult none = call(speaksFirst, "caller-first");
    assertTrue(none.passed(), none.failure() + " " + none.turns());
    assertNull(none.greeting());
    assertTrue(none.turns().get(0).latencyMs() > 400 && none.turns().get(0).latencyMs() < 3000, "latency from the caller's words: " + none.turns());
    CallResult optional = call(speaksFirst, "optional");
    assertTrue(optional.passed(), optional.failure() + " " + optional.turns());
    CallResult expected = call(speaksFirst, "expects-greeting");
    assertEquals(CallResult.FAILED, expected.status());
    assertEquals(dev.earshot.report.Failure.Codes.NO_GREETING, expected.failure().code(), expected.failure().message());
    assertEquals(dev.earshot.report.Layer.LATENCY, expected.failure().layer());
    assertTrue(expected.failure().message().startsWith("no greeting"), expected.failure().message());
    assertEquals(java.util.List.of("latency"), expected.failedLayers());
  }
}
