package dev.earshot.audio.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
  @Test
  void builtInProfilesWithoutExternalCodecsLoadAndEndAtTelephoneRate() {
    // the ones with GSM/AMR/Opus/G.722 need ffmpeg: BuiltInProfilesIT renders every profile
    Profiles p = Profiles.builtIn();
    Pcm in = Signals.bursts(48000, 400, 0.1, 1, 0.2);
    int rendered = 0;
    for (String name : Profiles.BUILT_IN) {
      DegradationProfile profile = p.get(name);
      assertFalse(profile.description().isBlank(), name + " says what it models");
      if (profile.stages().stream().anyMatch(s -> s instanceof CodecStage)) continue;
      boolean timing = profile.stages().stream().anyMatch(DegradationProfile::isSpeaker);
      Pcm out = profile.apply(in, 1);
      assertEquals(8000, out.sampleRate(), name);
      if (!timing) assertEquals(8000, out.length(), name + " keeps timing");
      rendered++;
    }
    assertTrue(rendered >= 15, "rendered " + rendered);
  }

  @Test
  void sameProfileAndSeedGiveBitIdenticalAudio() {
    DegradationProfile noisy = Profiles.builtIn().get("noisy-phone");
    Pcm in = Signals.bursts(48000, 400, 0.1, 1, 0.2);
    assertEquals(noisy.apply(in, 9), noisy.apply(in, 9));
    assertFalse(noisy.apply(in, 9).equals(noisy.apply(in, 10)));
  }

  @Test
  void anUnknownStageTypeIsReportedWithFileLineAndTheKnownTypes() {
    String yaml = "name: x\nstages:\n  - type: nois\n    snr_db: 3\n";
    ProfileException e = assertThrows(ProfileException.class, () -> Profiles.parse(yaml.getBytes(StandardCharsets.UTF_8), "x.yaml"));
    assertTrue(e.getMessage().startsWith("x.yaml:3:"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown type 'nois'") && e.getMessage().contains("noise"), e.getMessage());
  }

  @Test
  void aBadStageSettingIsReportedWithWhatWasExpected() {
    String yaml = "name: x\nstages:\n  - type: noise\n    snr_db: 300\n";
    ProfileException e = assertThrows(ProfileException.class, () -> Profiles.parse(yaml.getBytes(StandardCharsets.UTF_8), "x.yaml"));
    assertTrue(e.getMessage().contains("snr_db: expected -20..80, found 300"), e.getMessage());
  }

  @Test
  void userProfilesJoinTheBuiltInOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("loud.yaml"), "name: loud\ndescription: a shouting caller\nstages:\n  - type: gain\n    db: 12\n");
    Profiles p = Profiles.withDirectory(dir);
    assertTrue(p.contains("loud") && p.contains("clean"));
    ProfileException e = assertThrows(ProfileException.class, () -> p.get("quiet"));
    assertTrue(e.getMessage().contains("clean") && e.getMessage().contains("loud"), e.getMessage());
  }
}
