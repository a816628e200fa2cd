package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Signals;
import dev.earshot.audio.Wav;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.telephony.interop.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code earshot load} interrupted as a user interrupts it (the process is sent SIGTERM, which runs the same shutdown
 * path as Ctrl-C's SIGINT) while its 30 s calls to SIPp's UAS are under way: it stops placing calls, hangs up every
 * call in progress, and writes and prints the results of the calls it placed, within seconds.
 */
class LoadInterruptIT {
  @TempDir Path dir;

  @Test
  void anInterruptedLoadRunHangsUpItsCallsAndWritesWhatItPlaced() throws Exception {
    Sipp.require();
    Path wav = dir.resolve("caller.wav");
    Wav.write(wav, Resampler.resample(Signals.speech(), 8000));
    Path out = dir.resolve("out"), log = dir.resolve("load.log");
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo")) {
      Thread.sleep(300);
      Process load = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
          Earshot.class.getName(), "load", "--agent", sipp.uri("echo"), "-n", "20", "-d", "30", "-r", "2", "--audio", wav.toString(), "-o", out.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      // its line a second says when a few calls are up (none near its end: they hold 30 s)
      Pattern second = Pattern.compile("(?m)^ +\\d+ s  (\\d+)/20 placed  (\\d+) up  0 ended");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int up = 0;
      while (up < 3 && load.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        Matcher seen = second.matcher(Files.readString(log));
        while (seen.find()) up = Integer.parseInt(seen.group(2));
      }
      assertTrue(load.isAlive() && up >= 3, "3 calls up, the run going: " + Files.readString(log));
      long t0 = System.nanoTime();
      load.destroy(); // SIGTERM
      assertTrue(load.waitFor(20, TimeUnit.SECONDS), "ended after the interrupt:\n" + Files.readString(log));
      double took = (System.nanoTime() - t0) / 1e9;
      String printed = Files.readString(log);
      assertTrue(took < 8, "within seconds, not after its 30 s calls: " + took + " s\n" + printed);
      assertTrue(printed.contains("Stopping: no further calls; hanging up the calls in progress"), printed);
      Matcher m = Pattern.compile("Stopped by the user: (\\d+) of the 20 planned calls were placed").matcher(printed);
      assertTrue(m.find(), printed);
      int placed = Integer.parseInt(m.group(1));
      assertTrue(placed >= up && placed < 20, "some calls placed, not all: " + placed);
      List<String> lines = Files.readAllLines(out.resolve("load-calls.jsonl"));
      assertEquals(placed, lines.size(), "a line per call placed");
      for (String l : lines) assertTrue(l.contains("\"failure\":\"stopped: the run was ended by the user after "), l);
      assertTrue(Files.readString(out.resolve("load.json")).contains("\"stopped\" : true"), "load.json says the run was stopped");
    }
  }
}
