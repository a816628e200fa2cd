package dev.earshot.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.telephony.interop.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small load run against SIPp's UAS with RTP echo: every call up, every figure filled, a line per call. */
class LoadRunIT {
  @TempDir Path dir;

  @Test
  void concurrentCallsAgainstSippAreAllUpAndMeasured() throws Exception {
    Sipp.require();
    Pcm clip = Resampler.resample(Signals.speech(), 8000).slice(0, 8000); // 1 s, looped
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo", "-m", "12")) {
      Thread.sleep(300);
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      LoadResult r = new LoadRun(new LoadOptions(sipp.uri("echo"), 12, 2.5, 20, 5000, 3, dir.resolve("out")), clip)
          .run(heard::add);
      assertEquals(12, r.calls());
      assertEquals(12, r.up(), "failures: " + r.failuresByCause());
      assertEquals(12, r.peakConcurrent(), "12 calls of 2.5 s started within 0.6 s overlap");
      assertEquals(12, heard.size());
      assertEquals(12, Files.readAllLines(dir.resolve("out/load-calls.jsonl")).size(), "a line per call");
      assertTrue(Files.size(dir.resolve("out/load.json")) > 100);
      for (LoadCall c : heard) {
        assertTrue(c.packetsSent() >= 124 && c.packetsSent() <= 127, "2.5 s = 125 packets: " + c);
        assertTrue(c.packetsReceived() >= 100, "echo heard: " + c);
        assertTrue(c.sendErrorMaxMs() > 0 && c.sendErrorP99Ms() >= c.sendErrorP50Ms(), "send-time figures: " + c);
      }
      assertEquals(0, r.packetsLost());
      assertEquals(0, sipp.await(15), "SIPp: every one of its 12 calls completed\n" + sipp.output());
    }
  }
}
