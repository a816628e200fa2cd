package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A named, ordered chain of stages that models one real calling condition.
 *
 * @param name short identifier used in suites and reports, e.g. {@code noisy-phone}
 * @param description the real condition the chain stands for
 * @param seed the seed policy: absent (the default), every render takes the seed it is given (the run's
 *     seed, mixed with the utterance), so different utterances get different noise and loss; a number fixes
 *     the randomness of this profile whatever the run's seed (the same noise for every utterance and run)
 * @param voice optional speaker for the caller's words before any stage runs (a TTS engine and voice); the
 *     suite's default voice when absent
 * @param stages applied first to last
 * @param network what the IP path does to the RTP packets of a call under this profile (applied on the wire,
 *     not to the audio), or null for a perfect path
 */
public record DegradationProfile(String name, String description, Long seed, Voice voice, List<Stage> stages, Network network) {
  public DegradationProfile {
    if (name == null || name.isBlank()) throw new InvalidField("name", "expected a profile name");
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new InvalidField("name", "expected lower-case letters, digits, '.', '_' or '-', found '" + name + "'");
    }
    description = description == null ? "" : description;
    stages = stages == null ? List.of() : List.copyOf(stages);
    boolean after = false;
    for (int i = 0; i < stages.size(); i++) {
      Stage s = stages.get(i);
      if (isSpeaker(s) && after) {
        throw new InvalidField("stages[" + i + "]", "speaker stages (pitch, tempo, formant, hesitation, stutter) must come before"
            + " the room, noise, channel, codec and loss stages, which act on what the speaker said");
      }
      after |= !isSpeaker(s) && !(s instanceof ResampleStage);
    }
  }

  /** Stages that change the talker (and may change timing): they run first, and define when speech ends. */
  public static boolean isSpeaker(Stage s) {
    return s instanceof PitchStage || s instanceof TempoStage || s instanceof FormantStage || s instanceof HesitationStage
        || s instanceof StutterStage;
  }

  public DegradationProfile(String name, String description, List<Stage> stages) {
    this(name, description, null, null, stages, null);
  }

  /**
   * Runs the chain. Each stage draws from its own stream split off the seed in chain order, so the same
   * input, profile and seed give bit-identical output, and changing one stage's randomness leaves the
   * others' alone. The seed is {@code seed} unless the profile fixes its own.
   */
  public Pcm apply(Pcm in, long seed) {
    return render(in, seed).degraded();
  }

  /**
   * Runs the chain and also returns the clip as it was after the speaker stages (and any resampling among
   * them), before noise or channel: what the caller said, timed as in the degraded clip, with no noise to
   * blur where speech starts and ends.
   */
  public Rendered render(Pcm in, long seed) {
    SplittableRandom root = new SplittableRandom(this.seed != null ? this.seed : seed);
    Pcm out = in, spoken = in;
    boolean speaking = true;
    for (Stage stage : stages) {
      speaking &= isSpeaker(stage) || stage instanceof ResampleStage;
      out = stage.apply(out, root.split());
      if (speaking) spoken = out;
    }
    return new Rendered(out, spoken);
  }

  /** A rendered clip: the degraded audio and the speaker-only audio it was made from (same timing). */
  public record Rendered(Pcm degraded, Pcm spoken) {}

  /** Fails with a one-line message saying what to install when a stage cannot run on this machine. */
  public void requireAvailable() {
    for (Stage s : stages) s.requireAvailable();
  }

  /** This profile with relative file paths in its stages resolved against {@code base}. */
  public DegradationProfile resolve(Path base) {
    return new DegradationProfile(name, description, seed, voice == null ? null : voice.resolve(base), stages.stream().map(s -> s.resolve(base)).toList(), network);
  }

  /** Whether any stage adds noise at an SNR ({@code noise}, {@code noise-file}, {@code babble}). */
  public boolean hasNoise() {
    return stages.stream().anyMatch(s -> s instanceof NoiseStage || s instanceof NoiseFileStage || s instanceof BabbleStage);
  }

  /** The same chain with every noise stage set to {@code snrDb}: one point of a degradation curve. */
  public DegradationProfile withSnr(double snrDb) {
    if (!hasNoise()) throw new ProfileException("profile '" + name + "' adds no noise (no noise, noise-file or babble stage): it has no SNR to sweep");
    List<Stage> out = new ArrayList<>();
    for (Stage s : stages) {
      if (s instanceof NoiseStage n) out.add(n.withSnr(snrDb));
      else if (s instanceof NoiseFileStage n) out.add(n.withSnr(snrDb));
      else if (s instanceof BabbleStage b) out.add(b.withSnr(snrDb));
      else out.add(s);
    }
    String snr = snrDb == Math.rint(snrDb) ? Long.toString((long) snrDb) : Double.toString(snrDb);
    return new DegradationProfile(name + "-snr" + snr, description, seed, voice, out, network);
  }
}
