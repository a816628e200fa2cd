package dev.earshot.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.audio.profile.UserYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads suite YAML and checks it against the available profiles; every error is one line naming file and place. */
public final class SuiteLoader {
  private static final ObjectMapper YAML = UserYaml.mapper();

  private SuiteLoader() {}

  public static Suite load(Path file, Profiles profiles) {
    return load(file, profiles, Personas.builtIn());
  }

  /** Reads {@code file}, checking its profile and persona names against these. */
  public static Suite load(Path file, Profiles profiles, Personas personas) {
    byte[] bytes = UserYaml.readFile(file, "a suite YAML file", SuiteException::new);
    Path folder = file.toAbsolutePath().getParent();
    return parse(bytes, file.toString(), profiles, personas, folder);
  }

  /** Parses suite YAML from memory; {@code source} names it in error messages, recordings are found from the working folder. */
  public static Suite parse(byte[] yaml, String source, Profiles profiles) {
    return parse(yaml, source, profiles, Personas.builtIn(), Path.of("").toAbsolutePath());
  }

  /** Parses suite YAML; {@code source} names it in error messages, {@code folder} is where recordings are found. */
  public static Suite parse(byte[] yaml, String source, Profiles profiles, Personas personas, Path folder) {
    Suite suite = UserYaml.parse(YAML, yaml, source, Suite.class, Profiles.STAGE_TYPES, SuiteException::new);
    if (suite == null) throw new SuiteException(source + ": empty file; expected a suite with name, profiles and scenarios");
    return check(suite, source, profiles, personas, folder);
  }

  private static Suite check(Suite suite, String source, Profiles profiles, Personas personas, Path folder) {
    for (int i = 0; i < suite.profiles().size(); i++) {
      String p = suite.profiles().get(i);
      if (!profiles.contains(p)) throw new SuiteException(source + ": profiles[" + i + "]: " + unknownProfile(p, profiles));
    }
    for (int i = 0; i < suite.personas().size(); i++) {
      String p = suite.personas().get(i);
      if (!personas.contains(p)) throw new SuiteException(source + ": personas[" + i + "]: " + personas.unknown(p));
    }
    Set<String> names = new HashSet<>();
    List<Suite.Scenario> scenarios = new ArrayList<>();
    for (int s0 = 0; s0 < suite.scenarios().size(); s0++) {
      final int s = s0;
      for (Suite.Scenario sc : ScenarioTable.expand(suite.scenarios().get(s), source + ": scenarios[" + s + "]", folder)) {
        if (!names.add(sc.name())) throw new SuiteException(source + ": scenarios[" + s + "].name: '" + sc.name() + "' is used twice; expected unique names");
        // where a step came from, as the author wrote it: turns[t].expect, or steps[k]
        boolean fromTurns = !sc.turns().isEmpty();
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < sc.steps().size(); k++) {
          Step step = sc.steps().get(k);
          String at = source + ": scenarios[" + s + "]." + (fromTurns ? "turns[" + k / 2 + "]" + (k % 2 == 1 ? ".expect" : step.spoken() != null && step.spoken().wav() != null ? "" : ".say") : "steps[" + k + "]." + step.kind());
          check(suite, at, step, profiles, personas);
          step = step.withSays(say -> resolve(at, say, folder));
          steps.add(step);
        }
        scenarios.add(new Suite.Scenario(sc.name(), sc.description(), null, steps, sc.network(), sc.budgets(), sc.greeting(), sc.caller(), sc.headers(), sc.dtmfMode(),
            sc.call(), sc.waitS(), sc.weight(), sc.agentSilenceMs(), sc.maxUtteranceS()));
      }
    }
    return new Suite(suite.name(), suite.seed(), suite.trials(), suite.profiles(), suite.personas(), suite.intents(), suite.budgets(), scenarios,
        suite.greeting(), suite.caller(), suite.headers(), suite.dtmfMode(), suite.agentSilenceMs(), suite.maxUtteranceS());
  }

  /** The intents, profiles and personas a step names (its branches' and answers' too) must be known. */
  private static void check(Suite suite, String at, Step step, Profiles profiles, Personas personas) {
    List<Step.Expect> checks = new ArrayList<>();
    if (step.expect() != null) {
      checks.add(step.expect());
      step.expect().on().forEach(c -> checks.add(c.match()));
    }
    if (step.answers() != null) {
      checks.add(step.answers().goal());
      step.answers().when().forEach(a -> checks.add(a.ask()));
    }
    for (Step.Expect e : checks) {
      String intent = e.intent();
      if (intent != null && !intent.equals(IntentJudge.UNKNOWN) && !suite.intents().containsKey(intent)) {
        throw new SuiteException(at + ".intent: '" + intent + "' is not listed under intents; expected one of " + suite.intents().keySet());
      }
    }
    List<Step.Say> says = new ArrayList<>();
    if (step.spoken() != null) says.add(step.spoken());
    if (step.answers() != null) step.answers().when().forEach(a -> says.add(a.say()));
    for (Step.Say say : says) {
      if (say.profile() != null && !profiles.contains(say.profile())) throw new SuiteException(at + ".profile: " + unknownProfile(say.profile(), profiles));
      if (say.persona() != null && !personas.contains(say.persona())) throw new SuiteException(at + ".persona: " + personas.unknown(say.persona()));
    }
    List<List<Step>> groups = step.branches();
    for (int g = 0; g < groups.size(); g++) {
      for (int k = 0; k < groups.get(g).size(); k++) {
        String where = step.answers() != null ? at + "[" + g + "]" : g < step.expect().on().size() ? at + ".on[" + g + "].then[" + k + "]" : at + ".else[" + k + "]";
        check(suite, where + (step.answers() != null ? "" : "." + groups.get(g).get(k).kind()), groups.get(g).get(k), profiles, personas);
      }
    }
  }

  /** A recording's path made absolute from the suite's folder, and the file read once to check it. */
  private static Step.Say resolve(String at, Step.Say say, Path folder) {
    if (say.wav() == null) return say;
    Path wav = folder.resolve(say.wav()).toAbsolutePath().normalize();
    if (!Files.isRegularFile(wav)) throw new SuiteException(at + ".wav: no such file " + wav + "; expected " + dev.earshot.audio.Wav.ACCEPTS);
    try {
      dev.earshot.audio.Wav.read(wav); // a recording that is not what its header says fails here, before any call
    } catch (dev.earshot.audio.WavFormatException e) {
      throw new SuiteException(at + ".wav: " + e.getMessage(), e);
    }
    return new Step.Say(null, wav.toString(), say.transcript(), say.persona(), say.profile());
  }

  private static String unknownProfile(String name, Profiles profiles) {
    return "unknown profile '" + name + "'; expected one of " + profiles.all().stream().map(x -> x.name()).collect(Collectors.joining(", "));
  }
}
