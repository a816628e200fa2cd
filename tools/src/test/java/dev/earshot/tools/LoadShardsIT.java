package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.audio.Signals;
import dev.earshot.audio.Wav;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.telephony.interop.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One plan loaded as a user loads it from three machines: three {@code earshot load --shard I/3} processes at once
 * against SIPp's UAS, then {@code earshot merge}; the merged result has the totals of the same plan placed by one
 * process: every call once, by its index, the same counts and the same packets.
 */
class LoadShardsIT {
  @TempDir Path dir;

  private Process load(Path wav, String agent, Path out, String... more) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        Earshot.class.getName(), "load", "--agent", agent, "-n", "9", "-d", "2", "-r", "10", "--seed", "5", "--audio", wav.toString(), "-o", out.toString(), "--quiet"));
    cmd.addAll(List.of(more));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(out.getFileName() + ".log").toFile()).start();
  }

  @Test
  void threeShardProcessesMergeIntoTheTotalsOfOneRun() throws Exception {
    Sipp.require();
    Path wav = dir.resolve("caller.wav");
    Wav.write(wav, Resampler.resample(Signals.speech(), 8000).slice(0, 8000));
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo")) {
      Thread.sleep(300);
      Process single = load(wav, sipp.uri("echo"), dir.resolve("single"));
      assertTrue(single.waitFor(60, TimeUnit.SECONDS), "the single run ended");
      assertEquals(0, single.exitValue(), Files.readString(dir.resolve("single.log")));
      List<Process> shards = new ArrayList<>();
      for (int i = 1; i <= 3; i++) shards.add(load(wav, sipp.uri("echo"), dir.resolve("shard-" + i), "--shard", i + "/3"));
      for (int i = 0; i < 3; i++) {
        assertTrue(shards.get(i).waitFor(60, TimeUnit.SECONDS), "shard " + (i + 1) + " ended");
        assertEquals(0, shards.get(i).exitValue(), Files.readString(dir.resolve("shard-" + (i + 1) + ".log")));
      }
      Process merge = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
          Earshot.class.getName(), "merge", dir.resolve("shard-3").toString(), dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString(),
          "-o", dir.resolve("merged").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("merge.log").toFile()).start();
      assertTrue(merge.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, merge.exitValue(), Files.readString(dir.resolve("merge.log")));
    }
    JsonNode one = read(dir.resolve("single/load.json")), merged = read(dir.resolve("merged/load.json"));
    for (String field : List.of("calls", "up", "planned", "failures_by_cause", "shard", "stopped")) {
      assertEquals(one.get(field), merged.get(field), field + ": merged " + merged.get(field) + ", one run " + one.get(field));
    }
    for (int i = 1; i <= 3; i++) assertEquals(3, read(dir.resolve("shard-" + i + "/load.json")).get("calls").asInt(), "shard " + i + ": 3 of the 9 calls");
    // each call holds 2 s: 100 packets, give or take the one in flight as it hangs up
    assertEquals(one.get("packets_sent").asLong(), merged.get("packets_sent").asLong(), 9, "packets sent");
    assertEquals(indices(dir.resolve("single")), indices(dir.resolve("merged")), "every call of the plan once, by its index");
    // SIPp's UAS echoes every call from one port to Earshot's one shared port (earshot load's default): each echo goes
    // back to its own call by SSRC, none is a stray, and the echo's packets are the ones sent
    assertEquals(0, merged.get("rtp_strays").asLong(), "strays on the shared sockets");
    assertTrue(merged.get("packets_received").asLong() >= merged.get("packets_sent").asLong() - 30, // a few in flight per call at hang-up
        "every call hears its own echo: " + merged.get("packets_received") + " of " + merged.get("packets_sent"));
    assertEquals(0, merged.get("packets_lost").asLong(), "no echo taken by another call (a gap) or lost");
    assertTrue(merged.get("histograms").get("send_error_us").asText().length() > 10, "the shards' send-time histograms, added");
    assertTrue(merged.get("verdict").get("generator").asText().startsWith("Earshot kept its schedule on every shard")
        || merged.get("verdict").get("generator_limited").asBoolean(), merged.get("verdict").toString());
  }

  private static JsonNode read(Path p) throws Exception {
    return dev.earshot.audio.Json.MAPPER.readTree(p.toFile());
  }

  private static TreeSet<Integer> indices(Path out) throws Exception {
    TreeSet<Integer> seen = new TreeSet<>();
    for (String line : Files.readAllLines(out.resolve("load-calls.jsonl"))) {
      assertTrue(seen.add(dev.earshot.audio.Json.MAPPER.readTree(line).get("index").asInt()), "once: " + line);
    }
    return seen;
  }
}
