package dev.earshot.audio.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Earshot's G.711 against an implementation nobody here wrote: sox (Debian package {@code sox}), over every
 * 16-bit input and every code. Skips only when sox is absent outside CI; {@code .ci/run} installs it.
 */
class G711SoxIT {
  @TempDir static Path dir;

  @BeforeAll
  static void needSox() {
    dev.earshot.audio.ExternalTools.require("sox", "--version", "sox");
  }

  private static String soxName(G711 law) {
    return law == G711.ULAW ? "u-law" : "a-law";
  }

  /** Runs sox with no dither (-D): dither would add noise before companding. */
  private static void sox(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sox", "-D", "-V1"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) fail("sox failed: " + cmd + "\n" + out);
  }

  @ParameterizedTest
  @EnumSource(G711.class)
  void encodingOfAll65536InputsIsBitExactWithSox(G711 law) throws Exception {
    ByteBuffer pcm = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
    for (int s = -32768; s <= 32767; s++) pcm.putShort((short) s);
    Path in = dir.resolve("all.s16"), out = dir.resolve(law + ".g711");
    Files.write(in, pcm.array());
    sox("-t", "raw", "-e", "signed-integer", "-b", "16", "-r", "8000", "-c", "1", "--endian", "little", in.toString(),
        "-t", "raw", "-e", soxName(law), "-b", "8", out.toString());
    byte[] theirs = Files.readAllBytes(out);
    assertEquals(65536, theirs.length);
    int mismatches = 0, first = Integer.MIN_VALUE;
    for (int i = 0; i < 65536; i++) {
      if (law.encode((short) (i - 32768)) != theirs[i]) {
        if (mismatches++ == 0) first = i - 32768;
      }
    }
    assertEquals(0, mismatches, law + ": " + mismatches + " inputs differ from sox, first at " + first);
  }

  @ParameterizedTest
  @EnumSource(G711.class)
  void decodingOfAll256CodesIsBitExactWithSox(G711 law) throws Exception {
    byte[] codes = new byte[256];
    for (int c = 0; c < 256; c++) codes[c] = (byte) c;
    Path in = dir.resolve(law + ".codes"), out = dir.resolve(law + ".s16");
    Files.write(in, codes);
    sox("-t", "raw", "-e", soxName(law), "-b", "8", "-r", "8000", "-c", "1", in.toString(),
        "-t", "raw", "-e", "signed-integer", "-b", "16", "--endian", "little", out.toString());
    ByteBuffer theirs = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < 256; c++) assertEquals(theirs.getShort(2 * c), law.decode((byte) c), law + " code " + c);
  }
}
