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
    assertTrue(s.indexOf("1. NoiseStage[color=pink, snrDb=15.0]") < s.indexOf("4. G711Stage[law=ulaw]"), s);
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
    assertEquals("earshot: unknown profile 'underwater'; expected one of [clean, noisy-phone]", err.toString().strip());
  }

  @Test
  void aBadOptionOnANestedCommandPointsAtThatCommandsHelp() {
    assertEquals(2, run("profiles", "render", "--frobnicate"));
    assertTrue(err.toString().contains("Try 'earshot profiles render --help'."), err.toString());
  }

  @Test
  void aFileThatIsNotWaveIsBadInputNamingTheFile() throws Exception {
    Path text = dir.resolve("notes.wav");
    Files.writeString(text, "not audio");
    assertEquals(2, run("profiles", "render", text.toString(), "--profile", "clean", "-o", dir.resolve("x.wav").toString()));
    assertTrue(err.toString().startsWith("earshot: " + text + ": byte 0: expected a RIFF/WAVE header"), err.toString());
  }
}
