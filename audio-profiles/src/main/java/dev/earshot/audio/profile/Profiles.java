package dev.earshot.audio.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The front door of this module: the built-in profile library plus any user profiles, by name.
 *
 * <p>A profile is one YAML file: {@code name}, {@code description}, optional {@code seed} and {@code voice},
 * and {@code stages}, each stage a map with a {@code type} (see {@link Stage}) and that stage's settings in
 * snake_case. The README lists every stage type and its settings.
 */
public final class Profiles {
  /** Names of the profiles shipped in this jar, in listing order. */
  public static final List<String> BUILT_IN = List.of(
      "clean", "noisy-phone", "pstn-g711", "hd-voice-g722", "office-speakerphone", "car-handsfree-highway", "street-traffic",
      "cafe-babble", "subway-platform", "mobile-amr-weak-signal", "voip-opus-lossy", "congested-broadband", "international-gsm-tandem", "echo-hybrid",
      "shouting-clipped", "quiet-distant-speaker", "fast-talker", "hesitant-speaker", "speaker-deep-voice", "speaker-high-voice",
      "espeak-us", "accent-scottish", "accent-caribbean", "accent-british-rp", "accent-german-speaker", "accent-indian-speaker");

  /** The values a stage's {@code type} may take. */
  public static final List<String> STAGE_TYPES = java.util.Arrays.stream(Stage.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value())
      .map(com.fasterxml.jackson.annotation.JsonSubTypes.Type::name).toList();

  private static final ObjectMapper YAML = UserYaml.mapper();

  private final Map<String, DegradationProfile> byName;

  private Profiles(Map<String, DegradationProfile> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** The built-in library only. */
  public static Profiles builtIn() {
    Map<String, DegradationProfile> map = new LinkedHashMap<>();
    for (String name : BUILT_IN) {
      String resource = name + ".yaml";
      try (InputStream in = Profiles.class.getResourceAsStream(resource)) {
        if (in == null) throw new IllegalStateException("built-in profile missing from the jar: " + resource);
        map.put(name, parse(in.readAllBytes(), "builtin:" + resource));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Profiles(map);
  }

  /** The built-in library plus every {@code *.yaml} / {@code *.yml} in {@code dir}; a user profile replaces a built-in of the same name. */
  public static Profiles withDirectory(Path dir) {
    if (!Files.isDirectory(dir)) throw new ProfileException(dir + ": expected a directory of profile YAML files");
    Map<String, DegradationProfile> map = new LinkedHashMap<>(builtIn().byName);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList()) {
        DegradationProfile p = read(f);
        map.put(p.name(), p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return new Profiles(map);
  }

  /** These profiles plus {@code extra} (each replacing one of the same name), e.g. the points of an SNR sweep. */
  public Profiles with(java.util.Collection<DegradationProfile> extra) {
    Map<String, DegradationProfile> map = new LinkedHashMap<>(byName);
    for (DegradationProfile p : extra) map.put(p.name(), p);
    return new Profiles(map);
  }

  public static DegradationProfile read(Path file) {
    DegradationProfile p = parse(UserYaml.readFile(file, "a profile YAML file", ProfileException::new), file.toString())
        .resolve(file.toAbsolutePath().getParent());
    for (int i = 0; i < p.stages().size(); i++) {
      if (p.stages().get(i) instanceof NoiseFileStage n) { // a bad recording fails now, not when the first call renders it
        try {
          dev.earshot.audio.Wav.read(Path.of(n.file()));
        } catch (dev.earshot.audio.WavFormatException e) {
          throw new ProfileException(file + ": stages[" + i + "].file: " + e.getMessage(), e);
        }
      }
    }
    return p;
  }

  static DegradationProfile parse(byte[] yaml, String source) {
    DegradationProfile p = UserYaml.parse(YAML, yaml, source, DegradationProfile.class, STAGE_TYPES, ProfileException::new);
    if (p == null) throw new ProfileException(source + ": empty file; expected a profile with name, description and stages");
    return p;
  }

  private static final ObjectMapper JSON = dev.earshot.audio.Json.MAPPER.copy()
      .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

  /** A stage as one line in the words of its YAML: {@code noise  color=pink snr_db=15}. */
  public static String describe(Stage stage) {
    com.fasterxml.jackson.databind.JsonNode node = JSON.valueToTree(stage);
    StringBuilder sb = new StringBuilder(node.path("type").asText());
    node.fields().forEachRemaining(e -> {
      if (e.getKey().equals("type")) return;
      String v = e.getValue().isContainerNode() ? e.getValue().toString().replace("\"", "") : e.getValue().asText();
      sb.append(sb.indexOf(" ") < 0 ? "  " : " ").append(e.getKey()).append('=').append(v.endsWith(".0") ? v.substring(0, v.length() - 2) : v);
    });
    return sb.toString();
  }

  public DegradationProfile get(String name) {
    DegradationProfile p = byName.get(name);
    if (p == null) throw new ProfileException(unknown(name));
    return p;
  }

  /** {@code unknown profile 'x'; expected one of [...]}. */
  public String unknown(String name) {
    return "unknown profile '" + name + "'; expected one of " + byName.keySet();
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  public List<DegradationProfile> all() {
    return List.copyOf(byName.values());
  }

}
