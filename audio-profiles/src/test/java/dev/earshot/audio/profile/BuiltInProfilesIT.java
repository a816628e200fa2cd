package dev.earshot.audio.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.ExternalTools;
import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.SpeechLevel;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in profile renders real speech: deterministic per seed, seed-dependent where it is random, sane. */
class BuiltInProfilesIT {
  private static final Pcm SPEECH = Signals.speech().slice(0, 16000 * 4);

  @BeforeAll
  static void needFfmpeg() {
    ExternalTools.require("ffmpeg", "-version", dev.earshot.audio.codec.Ffmpeg.PACKAGES);
  }

  static Stream<String> names() {
    return Profiles.BUILT_IN.stream();
  }

  @ParameterizedTest
  @MethodSource("names")
  void rendersSpeechDeterministically(String name) {
    DegradationProfile p = Profiles.builtIn().get(name);
    assertTrue(p.description().length() > 40, "a description of the real condition");
    DegradationProfile.Rendered a = p.render(SPEECH, 1);
    Pcm b = p.apply(SPEECH, 1);
    assertArrayEquals(a.degraded().samples(), b.samples(), "same seed, same audio");
    Pcm out = a.degraded();
    assertTrue(out.sampleRate() == 8000 || out.sampleRate() == 16000, "telephone rate, found " + out.sampleRate());
    assertEquals(out.durationSeconds(), a.spoken().durationSeconds(), 0.001, "spoken and degraded keep the same timing");
    double level = SpeechLevel.activeLevelDb(out);
    assertTrue(level > -45 && level < 0, name + " active level " + level + " dBFS");
    for (float s : out.samples()) assertFalse(Float.isNaN(s) || Math.abs(s) > 1.0001f);
    boolean random = p.stages().stream().anyMatch(s -> s instanceof NoiseStage || s instanceof BabbleStage || s instanceof LossStage
        || s instanceof ReverbStage || s instanceof HesitationStage);
    if (random) assertFalse(Arrays.equals(out.samples(), p.apply(SPEECH, 2).samples()), "another seed, other noise or loss");
  }
}
