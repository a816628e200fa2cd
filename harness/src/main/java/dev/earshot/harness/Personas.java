package dev.earshot.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.audio.profile.UserYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The personas a suite may name: the built-in ones (YAML in this jar), plus a directory of the user's. */
public final class Personas {
  /** Names of the personas shipped in this jar, in listing order. */
  public static final List<String> BUILT_IN = List.of("cooperative", "frustrated", "hesitant", "fast-talker", "number-corrector", "slow-elderly",
      "scottish-caller");

  private static final ObjectMapper YAML = UserYaml.mapper();

  private final Map<String, Persona> byName;

  private Personas(Map<String, Persona> byName) {
    this.byName = java.util.Collections.unmodifiableMap(byName);
  }

  public static Personas builtIn() {
    Map<String, Persona> map = new LinkedHashMap<>();
    for (String name : BUILT_IN) {
      try (InputStream in = Personas.class.getResourceAsStream("personas/" + name + ".yaml")) {
        if (in == null) throw new IllegalStateException("built-in persona missing from the jar: personas/" + name + ".yaml");
        map.put(name, parse(in.readAllBytes(), "builtin:personas/" + name + ".yaml"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Personas(map);
  }

  /** The built-in personas plus every {@code *.yaml} / {@code *.yml} in {@code dir}; one of the user's replaces a built-in of the same name. */
  public static Personas withDirectory(Path dir) {
    if (!Files.isDirectory(dir)) throw new SuiteException(dir + ": expected a directory of persona YAML files");
    Map<String, Persona> map = new LinkedHashMap<>(builtIn().byName);
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList()) {
        Persona p = parse(UserYaml.readFile(f, "a persona YAML file", SuiteException::new), f.toString());
        map.put(p.name(), p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    return new Personas(map);
  }

  static Persona parse(byte[] yaml, String source) {
    Persona p = UserYaml.parse(YAML, yaml, source, Persona.class, Profiles.STAGE_TYPES, SuiteException::new);
    if (p == null) throw new SuiteException(source + ": empty file; expected a persona with a name");
    return p;
  }

  public Persona get(String name) {
    Persona p = byName.get(name);
    if (p == null) throw new SuiteException(unknown(name));
    return p;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  public List<Persona> all() {
    return List.copyOf(byName.values());
  }

  String unknown(String name) {
    return "unknown persona '" + name + "'; expected one of " + String.join(", ", byName.keySet());
  }
}
