package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesCommandTest {
  @TempDir Path dir;
  private final Cli cli = new Cli();
  private final java.io.StringWriter out = cli.out;
  private final java.io.StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private Path speechLikeWav() {
    float[] x = new float[48000 * 2];
    for (int i = 0; i < x.length; i++) x[i] = (i / 9600) % 2 == 0 ? (float) (0.1 * Math.sin(2 * Math.PI * 300 * i / 48000.0)) : 0;
    Path f = dir.resolve("in.wav");
    Wav.write(f, new Pcm(48000, x));
    return f;
  }

  @Test
  void listNamesEveryBuiltInProfileWithWhatItModels() {
    assertEquals(0, run("profiles", "list"));
    assertTrue(out.toString().contains("clean ") && out.toString().contains("noisy-phone "), out.toString());
    assertTrue(out.toString().contains("open-plan office"), out.toString());
  }

  @Test
  void showListsTheStagesInOrder() {
    assertEquals(0, run("profiles", "show", "noisy-phone"));
    String s = out.toString();
    assertTrue(s.contains("1. noise  color=pink snr_db=15\n") && s.indexOf("1. noise") < s.indexOf("4. g711  law=ulaw"), s);
  }

  @Test
  void renderIsDeterministicPerSeedAndEndsAtTelephoneRate() throws Exception {
    Path in = speechLikeWav();
    Path a = dir.resolve("a.wav"), b = dir.resolve("b.wav"), c = dir.resolve("c.wav");
    assertEquals(0, run("profiles", "render", in.toString(), "--profile", "noisy-phone", "--seed", "4", "-o", a.toString()));
    assertEquals(0, run("profiles", "render", in.toString(), "--profile", "noisy-phone", "--seed", "4", "-o", b.toString()));
    assertEquals(0, run("profiles", "render", in.toString(), "--profile", "noisy-phone", "--seed", "5", "-o", c.toString()));
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    Pcm rendered = Wav.read(a);
    assertEquals(8000, rendered.sampleRate());
    assertEquals(16000, rendered.length());
  }

  @Test
  void anUnknownProfileIsBadInputNamingTheChoices() {
    assertEquals(2, run("profiles", "render", speechLikeWav().toString(), "--profile", "underwater", "-o", dir.resolve("x.wav").toString()));
    assertTrue(err.toString().strip().startsWith("earshot: --profile: unknown profile 'underwater'; expected one of [clean, noisy-phone, pstn-g711,"), err.toString());
    assertEquals(1, err.toString().strip().lines().count());
  }

  @Test
  void aBadOptionOnANestedCommandPointsAtThatCommandsHelp() {
    assertEquals(2, run("profiles", "render", "--frobnicate"));
    assertTrue(err.toString().contains("(see 'earshot profiles render --help')"), err.toString());
  }

  @Test
  void aFileThatIsNotWaveIsBadInputNamingTheFile() throws Exception {
    Path text = dir.resolve("notes.wav");
    Files.writeString(text, "not audio");
    assertEquals(2, run("profiles", "render", text.toString(), "--profile", "clean", "-o", dir.resolve("x.wav").toString()));
    assertTrue(err.toString().startsWith("earshot: " + text + ": byte 0: expected a RIFF/WAVE header"), err.toString());
  }

  @Test
  void listHasAtLeastFifteenProfilesAndShowGivesAVoice() {
    assertEquals(0, run("profiles", "list"));
    assertTrue(out.toString().lines().count() >= 15, out.toString());
    assertEquals(0, run("profiles", "show", "accent-scottish"));
    assertTrue(out.toString().contains("voice: espeak-ng en-gb-scotland"), out.toString());
  }

  @Test
  void sweepWritesOnePointPerSnrAndACsv() throws Exception {
    Path in = speechLikeWav();
    Path sweep = dir.resolve("sweep");
    assertEquals(0, run("profiles", "sweep", in.toString(), "--snr", "30,0", "--noise", "pstn-g711", "-o", sweep.toString()), err.toString());
    Pcm quiet = Wav.read(sweep.resolve("in--pstn-g711--snr30.wav")), loud = Wav.read(sweep.resolve("in--pstn-g711--snr0.wav"));
    // the pauses (half of the clip) carry only noise: 30 dB more of it at 0 dB SNR
    double q = dev.earshot.audio.SpeechLevel.rmsDb(quiet.samples(), 1600 + 200, 3200 - 200);
    double l = dev.earshot.audio.SpeechLevel.rmsDb(loud.samples(), 1600 + 200, 3200 - 200);
    assertEquals(30, l - q, 3);
    java.util.List<String> csv = Files.readAllLines(sweep.resolve("sweep.csv"));
    assertEquals("snr_db,file,active_level_dbfs", csv.get(0));
    assertEquals(3, csv.size());
  }

  @Test
  void sweepOfAProfileWithoutNoiseIsBadInput() {
    assertEquals(2, run("profiles", "sweep", speechLikeWav().toString(), "--snr", "10", "--noise", "clean", "-o", dir.resolve("s").toString()));
    assertTrue(err.toString().contains("profile 'clean' adds no noise"), err.toString());
  }
}
