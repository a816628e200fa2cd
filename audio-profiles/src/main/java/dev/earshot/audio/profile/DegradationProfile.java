package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A named, ordered chain of stages that models one real calling condition.
 *
 * @param name short identifier used in suites and reports, e.g. {@code noisy-phone}
 * @param description the real condition the chain stands for
 * @param stages applied first to last
 */
public record DegradationProfile(String name, String description, List<Stage> stages) {
  public DegradationProfile {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name == null");
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("name: expected lower-case letters, digits, '.', '_' or '-', found '" + name + "'");
    }
    description = description == null ? "" : description;
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /**
   * Runs the chain. Each stage draws from its own stream split off {@code seed} in chain order, so the same
   * input, profile and seed give bit-identical output, and changing one stage's randomness leaves the
   * others' alone.
   */
  public Pcm apply(Pcm in, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    Pcm out = in;
    for (Stage stage : stages) out = stage.apply(out, root.split());
    return out;
  }
}
