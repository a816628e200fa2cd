package dev.earshot.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.audio.profile.YamlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads suite YAML and checks it against the available profiles; every error is one line naming file and place. */
public final class SuiteLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SuiteLoader() {}

  public static Suite load(Path file, Profiles profiles) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SuiteException(file + ": no such file; expected a suite YAML file");
    } catch (IOException e) {
      throw new SuiteException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(bytes, file.toString(), profiles);
  }

  /** Parses suite YAML from memory; {@code source} names it in error messages. */
  public static Suite parse(byte[] yaml, String source, Profiles profiles) {
    Suite suite;
    try {
      suite = YAML.readValue(yaml, Suite.class);
    } catch (JsonProcessingException e) {
      throw new SuiteException(YamlErrors.describe(source, new String(yaml, java.nio.charset.StandardCharsets.UTF_8), e, List.of()), e);
    } catch (IOException e) {
      throw new SuiteException(source + ": cannot read: " + e.getMessage(), e);
    }
    if (suite == null) throw new SuiteException(source + ": empty file; expected a suite with name, profiles and scenarios");
    check(suite, source, profiles);
    return suite;
  }

  private static void check(Suite suite, String source, Profiles profiles) {
    for (int i = 0; i < suite.profiles().size(); i++) {
      String p = suite.profiles().get(i);
      if (!profiles.contains(p)) {
        throw new SuiteException(source + ": profiles[" + i + "]: unknown profile '" + p + "'; expected one of "
            + profiles.all().stream().map(x -> x.name()).collect(Collectors.joining(", ")));
      }
    }
    Set<String> names = new HashSet<>();
    for (int s = 0; s < suite.scenarios().size(); s++) {
      Suite.Scenario sc = suite.scenarios().get(s);
      if (!names.add(sc.name())) throw new SuiteException(source + ": scenarios[" + s + "].name: '" + sc.name() + "' is used twice; expected unique names");
      for (int t = 0; t < sc.turns().size(); t++) {
        String intent = sc.turns().get(t).expect().intent();
        if (intent != null && !intent.equals("unknown") && !suite.intents().containsKey(intent)) {
          throw new SuiteException(source + ": scenarios[" + s + "].turns[" + t + "].expect.intent: '" + intent
              + "' is not listed under intents; expected one of " + suite.intents().keySet());
        }
      }
    }
  }
}
