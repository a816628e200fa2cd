package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.earshot.audio.profile.Profiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published suite schema agrees with the loader: what one accepts the other accepts, and the same for refusals. */
class SuiteSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonSchema SCHEMA = load();

  private static JsonSchema load() {
    try (InputStream in = SuiteLoader.class.getResourceAsStream("suite.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<ValidationMessage> validate(String yaml) throws Exception {
    JsonNode node = YAML.readTree(yaml);
    return SCHEMA.validate(node);
  }

  /** Every suite this repository ships or tests with. */
  private static List<Path> shippedSuites() throws Exception {
    List<Path> out = new ArrayList<>();
    try (var s = Files.list(Path.of("../examples"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).forEach(out::add);
    }
    try (var s = Files.list(Path.of("../tools/src/test/resources"))) {
      s.filter(p -> p.getFileName().toString().endsWith("-suite.yaml")).forEach(out::add);
    }
    return out;
  }

  @Test
  void everyShippedSuiteValidatesAndLoads() throws Exception {
    List<Path> suites = shippedSuites();
    assertTrue(suites.size() >= 4, suites.toString());
    for (Path p : suites) {
      Set<ValidationMessage> errors = validate(Files.readString(p));
      assertEquals(Set.of(), errors, p.toString());
      SuiteLoader.load(p, Profiles.builtIn());
    }
  }

  static final String EVERY_STEP = """
      name: all
      seed: 2
      trials: 2
      profiles: [clean]
      personas: [cooperative, hesitant]
      intents: {goodbye: ["thank you for calling"]}
      budgets: {max_duration_s: 60, max_turns: 9, max_dead_air_ms: 3000, max_repeats: 3}
      greeting: optional
      caller: {number: "+15551230000", name: Dana Smith, asserted: true}
      headers: {User-to-User: "56a390f3d2b7310023a2;encoding=hex;purpose=isdn-uui", X-Customer-Tier: gold}
      scenarios:
        - name: every-step
          greeting: none
          caller: {anonymous: true}
          headers: {X-Customer-Tier: silver}
          dtmf_mode: info
          network: {loss: {model: gilbert-elliott, loss_percent: 3, mean_burst: 2}, delay_ms: 40, jitter_ms: 10, codecs: [pcma]}
          budgets: {max_turns: 4}
          steps:
            - expect: {keywords: [welcome], timeout_ms: 5000}
            - say: Hello there.
            - say: {text: Goodbye now., persona: frustrated, profile: noisy-phone}
            - expect: {intent: goodbye, phrases: [thank you], exact: [goodbye], regex: "thank.*", transfer: false, hangup: true}
            - dtmf: "12#"
            - wait: 500
            - barge_in: {say: {text: Stop please., persona: fast-talker}, after_ms: 300, max_reaction_ms: 800}
            - noise_only: {sound: noise, after_ms: 100, ms: 300, level_dbfs: -30, max_reaction_ms: 500}
            - hangup
            - hangup: true
        - name: short-form
          turns:
            - say: Goodbye.
              expect: {intent: goodbye}
      """;

  @Test
  void aSuiteWithEveryKindOfStepIsValidForBoth() throws Exception {
    assertEquals(Set.of(), validate(EVERY_STEP));
    Suite s = SuiteLoader.parse(EVERY_STEP.getBytes(StandardCharsets.UTF_8), "all.yaml", Profiles.builtIn());
    assertEquals(10, s.scenarios().get(0).steps().size());
  }

  @Test
  void whatTheLoaderRefusesTheSchemaRefusesToo() throws Exception {
    String[][] broken = {
      {"- wait: 500", "- wait: 500\n        dtmf: '1'"},                         // two kinds in one step
      {"- dtmf: \"12#\"", "- dtmf: \"12X\""},                                  // not a DTMF key
      {"trials: 2", "trials: 0"},
      {"max_repeats: 3}", "max_repeats: 1}"},
      {"- name: every-step", "- name: Every Step"},
      {"sound: noise", "sound: sneeze"},
      {"after_ms: 300,", "after_ms: 300, volume: 3,"},                         // an unknown key
      {"timeout_ms: 5000", "timeout_ms: 50"},
      {"codecs: [pcma]", "codecs: [g729]"},
      {"    turns:\n", "    steps: [hangup]\n    turns:\n"},   // turns and steps
      {"greeting: none", "greeting: never"},
      {"dtmf_mode: info", "dtmf_mode: sip-info"},
      {"caller: {anonymous: true}", "caller: {number: \"555-1234\"}"},                // not digits
      {"caller: {anonymous: true}", "caller: {name: Dana, asserted: true}"},            // nothing to assert
      {"caller: {anonymous: true}", "caller: {}"},
      {"X-Customer-Tier: silver", "Via: \"SIP/2.0/UDP 10.0.0.1\""},                  // a header the dialog owns
      {"X-Customer-Tier: silver", "call-id: x"},
      {"X-Customer-Tier: silver", "\"X Bad\": y"},                                     // not a token
    };
    for (String[] b : broken) {
      assertTrue(EVERY_STEP.contains(b[0]), b[0]);
      String yaml = EVERY_STEP.replace(b[0], b[1]);
      assertFalse(validate(yaml).isEmpty(), "schema accepted: " + b[1]);
      assertThrows(SuiteException.class, () -> SuiteLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "bad.yaml", Profiles.builtIn()), b[1]);
    }
  }
}
