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
import java.util.List;
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

  @Test
  void aNetworkSectionIsReadAndCheckedLikeStages() {
    Network n = Profiles.builtIn().get("congested-broadband").network();
    assertEquals(new Network(new Network.Loss("gilbert-elliott", 3, 3.0), 80, 40, 1, null, null, null), n);
    assertEquals("loss gilbert-elliott 3% (mean burst 3), delay 80 ms \u00b140 ms, duplicate 1%", n.describe());
    assertEquals(null, Profiles.builtIn().get("clean").network(), "no section: a perfect path");
    String capped = "name: x\nnetwork:\n  bandwidth_kbps: 64\n";
    assertEquals(200.0, Profiles.parse(capped.getBytes(StandardCharsets.UTF_8), "x.yaml").network().queueMs(), "default buffer");
    String bad = "name: x\nstages: []\nnetwork:\n  loss: {model: gilbert-elliott, loss_percent: 5}\n";
    ProfileException e = assertThrows(ProfileException.class, () -> Profiles.parse(bad.getBytes(StandardCharsets.UTF_8), "x.yaml"));
    assertTrue(e.getMessage().startsWith("x.yaml:4:") && e.getMessage().contains("mean_burst: gilbert-elliott needs the mean burst length"),
        e.getMessage());
    String unknown = "name: x\nnetwork:\n  delay_ms: 20\n  jiter_ms: 5\n";
    e = assertThrows(ProfileException.class, () -> Profiles.parse(unknown.getBytes(StandardCharsets.UTF_8), "x.yaml"));
    assertTrue(e.getMessage().startsWith("x.yaml:4") && e.getMessage().contains("unknown key 'jiter_ms'") && e.getMessage().contains("jitter_ms"),
        e.getMessage());
  }

  @Test
  void aNetworkSectionChoosesTheCodecsOffered() {
    Network hd = Profiles.builtIn().get("hd-voice-g722").network();
    assertEquals(List.of("g722", "pcmu", "pcma"), hd.codecs());
    assertTrue(hd.isNone(), "no impairment");
    assertEquals("offers g722, pcmu, pcma", hd.describe());
    String bad = "name: x\nnetwork:\n  codecs: [opus, g729]\n";
    ProfileException e = assertThrows(ProfileException.class, () -> Profiles.parse(bad.getBytes(StandardCharsets.UTF_8), "x.yaml"));
    assertTrue(e.getMessage().startsWith("x.yaml:") && e.getMessage().contains("codecs: expected names from [pcmu, pcma, g722, opus], found 'g729'"),
        e.getMessage());
  }
}
