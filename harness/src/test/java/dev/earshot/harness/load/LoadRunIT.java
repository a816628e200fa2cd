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

  /** 1 s of speech at 8 kHz, looped by each call. */
  private static Pcm clip() {
    return Resampler.resample(Signals.speech(), 8000).slice(0, 8000);
  }

  /** SIPp's built-in UAS with {@code args}, listening. */
  private Sipp uas(String... args) throws Exception {
    Sipp.require();
    Sipp sipp = Sipp.start("uas", dir, args);
    Thread.sleep(300);
    return sipp;
  }

  @Test
  void concurrentCallsAgainstSippAreAllUpAndMeasured() throws Exception {
    Pcm clip = clip();
    try (Sipp sipp = uas("-rtp_echo", "-m", "12")) {
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      List<LoadSample> seconds = new CopyOnWriteArrayList<>();
      LoadResult r = new LoadRun(new LoadOptions(sipp.uri("echo"), 12, 2.5, 20, 5000, 3, dir.resolve("out")), clip)
          .run(new LoadListener() {
            @Override
            public void callEnded(LoadCall c) {
              heard.add(c);
            }

            @Override
            public void second(LoadSample s) {
              seconds.add(s);
            }
          });
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
      // a sample a second, the last when the run ended: counts that only grow, each packet counted in exactly one second
      assertTrue(seconds.size() >= 3, "a 3 s run has at least 2 ticks and its last: " + seconds);
      LoadSample last = seconds.get(seconds.size() - 1);
      assertTrue(last.last() && seconds.stream().filter(LoadSample::last).count() == 1, seconds.toString());
      assertEquals(12, last.placed());
      assertEquals(12, last.ended());
      assertEquals(0, last.up());
      assertEquals(0, last.failed());
      for (int i = 1; i < seconds.size(); i++) {
        LoadSample a = seconds.get(i - 1), b = seconds.get(i);
        assertTrue(b.t() > a.t() && b.placed() >= a.placed() && b.ended() >= a.ended(), a + " then " + b);
      }
      assertEquals(12, seconds.stream().mapToInt(LoadSample::up).max().orElse(0), "the second all 12 were up");
      assertEquals(r.packetsReceived(), seconds.stream().mapToLong(LoadSample::rtpReceived).sum(), "every packet received in one second's count");
      assertTrue(seconds.stream().anyMatch(x -> x.setupP50Ms() != null && x.setupP95Ms() >= x.setupP50Ms()), "setup times in the seconds they were answered");
      assertTrue(seconds.stream().allMatch(x -> x.sendErrorP99Ms() == null || x.sendErrorP99Ms() <= r.sendErrorMaxMs() + 0.1), "a second's p99 within the run's maximum");
      assertEquals(seconds.size(), Files.readAllLines(dir.resolve("out/load-timeline.jsonl")).size(), "load-timeline.jsonl: a line a sample");
      assertEquals(0, sipp.await(15), "SIPp: every one of its 12 calls completed\n" + sipp.output());
      rebuiltFromTheFiles(r, dir.resolve("out"));
    }
  }

  /**
   * load.json made again from what the run wrote as it went: the same result (but for the heap per call, which only the
   * process knew, and CPU and wall time, to the second); then from the files a run killed midway leaves (its last second
   * and last call never written, the second before cut off mid-line): the calls that had ended, stopped.
   */
  private void rebuiltFromTheFiles(LoadResult r, java.nio.file.Path out) throws Exception {
    Files.delete(out.resolve(LoadFiles.RESULT));
    LoadResult again = LoadFiles.rebuild(out).result();
    assertEquals(figures(r), figures(again));
    // every packet's send-time error and every wake-up of the timer floor, at the same values: load.json's histograms are
    // the seconds' added up (their encodings may differ, HdrHistogram sizing itself as values come)
    for (String which : List.of("send", "floor")) {
      var a = Histograms.decode(which.equals("send") ? r.histograms().sendErrorUs() : r.histograms().timerFloorUs(), which);
      var b = Histograms.decode(which.equals("send") ? again.histograms().sendErrorUs() : again.histograms().timerFloorUs(), which);
      assertEquals(a.getTotalCount(), b.getTotalCount(), which);
      for (double p : new double[] {10, 50, 90, 99, 99.9, 100}) assertEquals(a.getValueAtPercentile(p), b.getValueAtPercentile(p), which + " p" + p);
    }
    assertEquals(r.histograms().setupUs(), again.histograms().setupUs(), "setup times, from the calls' lines");
    assertEquals(r.wallSeconds(), again.wallSeconds(), 1.1);
    assertTrue(Files.isRegularFile(out.resolve(LoadFiles.RESULT)), "load.json written again");

    java.nio.file.Path killed = dir.resolve("killed");
    Files.createDirectories(killed);
    Files.copy(out.resolve(LoadFiles.PLAN), killed.resolve(LoadFiles.PLAN));
    List<String> calls = Files.readAllLines(out.resolve(LoadFiles.CALLS)), timeline = Files.readAllLines(out.resolve(LoadFiles.TIMELINE));
    Files.writeString(killed.resolve(LoadFiles.CALLS), String.join("\n", calls.subList(0, calls.size() - 1)) + "\n");
    String cut = timeline.get(timeline.size() - 2);
    Files.writeString(killed.resolve(LoadFiles.TIMELINE), String.join("\n", timeline.subList(0, timeline.size() - 2)) + "\n" + cut.substring(0, cut.length() / 2));
    LoadResult partial = LoadFiles.rebuild(killed).result();
    assertTrue(partial.stopped(), "a run with no last second did not finish");
    assertEquals(11, partial.calls());
    assertEquals(12, partial.planned(), "the plan's calls, from load-plan.json and the seconds");
    assertTrue(partial.sendErrorP99Ms() > 0 && partial.timerFloorP99Ms() > 0, partial.toString());
  }

  /** {@code r} without the figures only the running process knew (its heap per call, CPU and wall time) and its histograms. */
  private static LoadResult figures(LoadResult r) {
    return new LoadResult(r.calls(), r.up(), r.failuresByCause(), r.peakConcurrent(), r.setupP50Ms(), r.setupP99Ms(), r.packetsSent(), r.packetsReceived(),
        r.packetsLost(), r.sendErrorP50Ms(), r.sendErrorP99Ms(), r.sendErrorMaxMs(), 0, 0, 0, r.wireLost(), r.wireDuplicated(), r.rtpStrays(), r.planned(), r.stopped(),
        r.shard(), r.timerFloorP99Ms(), r.verdict(), null, r.graded()); // histograms: compared bucket by bucket (their encodings may differ)
  }

  @Test
  void aConcurrencyTargetKeepsThatManyCallsUpAndReplacesEachAsItEnds() throws Exception {
    try (Sipp sipp = uas("-rtp_echo")) {
      List<LoadSample> seconds = new CopyOnWriteArrayList<>();
      LoadResult r = new LoadRun(new LoadOptions(sipp.uri("echo"), 12, 1.5, 50, 5000, 4, dir.resolve("out")).withRamp(Ramp.constant(4), 0), clip())
          .run(new LoadListener() {
            @Override
            public void second(LoadSample s) {
              seconds.add(s);
            }
          });
      assertEquals(12, r.calls());
      assertEquals(12, r.up(), "failures: " + r.failuresByCause());
      assertEquals(4, r.peakConcurrent(), "never more than the target at once");
      assertEquals(12, r.planned());
      assertTrue(r.wallSeconds() >= 4.4, "12 calls of 1.5 s, 4 at a time: three waves, " + r.wallSeconds() + " s");
      assertTrue(seconds.stream().allMatch(x -> x.up() <= 4 && x.target() == 4), seconds.toString());
    }
  }

  @Test
  void aRampPlacesCallsUntilItsLastPointAndLeavesTheRestOutOfThePlan() throws Exception {
    try (Sipp sipp = uas("-rtp_echo")) {
      LoadResult r = new LoadRun(new LoadOptions(sipp.uri("echo"), 100, 3, 50, 5000, 4, dir.resolve("out")).withRamp(Ramp.parse("0:0,2:6"), 0), clip())
          .run(c -> {});
      // the target rises from 0 to 6 over 2 s, when placing stops: 5 calls by then (at 1.99 s the target is 5), or 6
      assertTrue(r.calls() == 5 || r.calls() == 6, "calls placed: " + r.calls());
      assertEquals(r.calls(), r.planned(), "the plan is what the ramp placed, not the cap of 100");
      assertEquals(r.calls(), r.up(), "failures: " + r.failuresByCause());
      assertTrue(!r.stopped(), "ended by its ramp, not by a user");
      assertEquals(r.calls(), Files.readAllLines(dir.resolve("out/load-calls.jsonl")).size());
    }
  }

  /**
   * The network section impairs the packets on the wire, and a third-party peer sees exactly that: SIPp echoes
   * each packet as it arrives, so Earshot's receive statistics of the echo count the path's losses and
   * duplicates (the echo path itself is loopback). Packets decided before the first and after the last one
   * echoed cannot be counted by the receiver, so the log is compared between those.
   */
  @Test
  void aNetworkSectionImpairsWhatThePeerReceivesExactlyAsLogged() throws Exception {
    Pcm clip = clip();
    var network = new dev.earshot.audio.profile.Network(new dev.earshot.audio.profile.Network.Loss("bernoulli", 15, null), 20, 15, 6, null, null, null);
    try (Sipp sipp = uas("-rtp_echo", "-m", "4")) {
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      LoadResult r = new LoadRun(new LoadOptions(sipp.uri("echo"), 4, 3, 20, 5000, 8, dir.resolve("out"), network, null), clip).run(heard::add);
      assertEquals(4, r.up(), "failures: " + r.failuresByCause());
      assertEquals(0, sipp.await(15), "SIPp: every call completed\n" + sipp.output());
      java.util.Set<String> patterns = new java.util.HashSet<>();
      for (LoadCall c : heard) {
        assertTrue(c.wire() != null && c.wire().packets() == c.packetsSent(), "every sent packet decided: " + c);
        List<String[]> log = Files.readAllLines(dir.resolve("out").resolve(c.wire().log())).stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertEquals(c.packetsSent(), log.size());
        int first = -1, last = -1;
        for (int i = 0; i < log.size(); i++) {
          if (log.get(i)[3].equals("sent")) {
            if (first < 0) first = i;
            last = i;
          }
        }
        long lostInside = 0, dupInside = 0;
        for (int i = first; i <= last; i++) {
          if (log.get(i)[3].equals("lost")) lostInside++;
          if (!log.get(i)[5].isEmpty()) dupInside++;
        }
        assertTrue(lostInside >= 10, "15% of ~150 packets: " + lostInside);
        // the last packet or two sent may still be on their way back when the call ends: they only lower the count
        assertTrue(c.lost() <= lostInside && c.lost() >= lostInside - 2, "receiver counted " + c.lost() + " lost, log " + lostInside + ": " + c);
        assertTrue(c.duplicates() <= dupInside && c.duplicates() >= dupInside - 2, "receiver counted " + c.duplicates() + " duplicates, log " + dupInside);
        assertTrue(c.reordered() > 0, "jitter of +-15 ms on a 20 ms beat reorders some packets: " + c);
        patterns.add(log.stream().map(f -> f[3]).toList().toString());
      }
      assertEquals(4, patterns.size(), "each call draws its own losses");
      assertEquals(r.wireLost(), heard.stream().mapToLong(c -> c.wire().lost()).sum());
    }
  }

  /**
   * A peer that never answers the caller's BYE does not hold the call (RFC 3261 15.1.1: the session is over once
   * the BYE is handed to its transaction), so it cannot be what kept 2 of 500 calls from ending once.
   */
  @Test
  void aPeerThatNeverAnswersTheByeDoesNotHoldTheCall() throws Exception {
    Sipp.require();
    Pcm clip = clip();
    try (Sipp sipp = Sipp.start("swallow-bye.xml", dir, "-m", "1")) {
      Thread.sleep(300);
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      LoadResult r = new LoadRun(new LoadOptions(sipp.uri("wedge"), 1, 1, 10, 2000, 5, dir.resolve("out")), clip).run(heard::add);
      double took = (System.nanoTime() - t0) / 1e9;
      assertTrue(took < 8, "not JAIN-SIP's 32 s BYE transaction: " + took + " s; " + heard);
      assertEquals(1, heard.size());
      assertTrue(heard.get(0).packetsSent() >= 50 && heard.get(0).packetsSent() <= 52, "1 s of audio: " + heard);
      assertEquals("no audio: no RTP from the far end in 1.0 s", heard.get(0).failure(), "the peer sends no RTP");
      assertEquals(0, r.up());
    }
  }

  /**
   * The watchdog gives up a call that has not ended by ring timeout + duration + slack, records where it was and
   * lets the run finish. The slack is set here so that the limit (2 + 4 - 3 = 3 s) falls while the call is
   * still playing its 4 s to SIPp's echo.
   */
  @Test
  void aCallStillGoingAtTheWatchdogsLimitIsGivenUpWithItsLastStage() throws Exception {
    Pcm clip = clip();
    try (Sipp sipp = uas("-rtp_echo", "-m", "1")) {
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      LoadResult r = new LoadRun(new LoadOptions(sipp.uri("echo"), 1, 4, 10, 2000, 5, dir.resolve("out")), clip, -3000).run(heard::add);
      double took = (System.nanoTime() - t0) / 1e9;
      assertTrue(took >= 2.9 && took < 7, "the run ended at the watchdog, not with the call: " + took + " s");
      assertEquals(0, r.up());
      assertEquals(1, heard.size());
      assertEquals("harness: the call did not end within 3 s (last: answered, audio queued)", heard.get(0).failure());
      assertEquals(java.util.Map.of(heard.get(0).failure(), 1), r.failuresByCause());
      assertEquals(1, Files.readAllLines(dir.resolve("out/load-calls.jsonl")).size(), "written like any other call");
    }
  }

  /**
   * A call whose placing throws before its future exists (here made to, as no SIP stack would on its own) is
   * recorded as the harness's failure, once, and the run ends: before this, such a call left the run waiting
   * forever for a record nobody would write.
   */
  @Test
  void aCallThatThrowsBeforeItsFutureExistsIsRecordedAndTheRunEnds() throws Exception {
    Pcm clip = clip();
    try (Sipp sipp = uas("-rtp_echo", "-m", "3")) {
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      LoadRun run = new LoadRun(new LoadOptions(sipp.uri("echo"), 4, 1.5, 20, 5000, 3, dir.resolve("out")), clip, 45_000, real -> (tel, index) -> {
        if (index == 1) throw new IllegalStateException("injected: this call cannot be placed");
        return real.dial(tel, index);
      });
      LoadResult r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> run.run(heard::add), "the run ends");
      assertEquals(4, r.calls(), "every planned call recorded");
      assertEquals(3, r.up(), "failures: " + r.failuresByCause());
      assertEquals(4, heard.size(), "each once");
      String why = "harness: could not place the call: java.lang.IllegalStateException: injected: this call cannot be placed";
      assertEquals(java.util.Map.of(why, 1), r.failuresByCause());
      assertEquals(List.of(1), heard.stream().filter(c -> !c.up()).map(LoadCall::index).toList());
      assertEquals(4, Files.readAllLines(dir.resolve("out/load-calls.jsonl")).size(), "a line per call");
      assertEquals(0, sipp.await(15), "SIPp: the 3 calls placed completed\n" + sipp.output());
    }
  }

  /**
   * The same without any injection: with room for two calls' RTP (two port pairs), the third and fourth cannot be
   * placed (binding their RTP socket throws at once), are recorded with the reason, and the run ends.
   */
  @Test
  void callsWithNoRtpPortLeftAreRecordedWithTheReasonAndTheRunEnds() throws Exception {
    Pcm clip = clip();
    try (Sipp sipp = uas("-rtp_echo", "-m", "2")) {
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      var addressing = dev.earshot.telephony.Addressing.AUTO.withRtpPorts(21040, 21043);
      LoadRun run = new LoadRun(new LoadOptions(sipp.uri("echo"), 4, 2, 20, 5000, 3, dir.resolve("out"), null, null, addressing), clip);
      LoadResult r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> run.run(heard::add), "the run ends");
      assertEquals(4, r.calls());
      assertEquals(2, r.up(), "failures: " + r.failuresByCause());
      assertEquals(java.util.Map.of("harness: could not place the call: every RTP port pair in 21040-21043 on 127.0.0.1 is in use (2 pairs); "
          + "widen --rtp-ports or place fewer calls at once", 2), r.failuresByCause());
      assertEquals(0, sipp.await(15), "SIPp: the 2 calls placed completed\n" + sipp.output());
    }
  }

  /**
   * {@link LoadRun#stop} (what Ctrl-C calls): the calls in progress are hung up at once (SIPp sees a BYE for each and
   * counts them completed), those not yet placed are left out, and the run returns and writes what it placed.
   */
  @Test
  void stopHangsUpTheCallsInProgressAndLeavesOutThoseNotPlaced() throws Exception {
    Pcm clip = clip();
    try (Sipp sipp = uas("-rtp_echo", "-m", "3")) {
      List<LoadCall> heard = new CopyOnWriteArrayList<>();
      LoadRun run = new LoadRun(new LoadOptions(sipp.uri("echo"), 6, 30, 1, 5000, 3, dir.resolve("out")), clip); // calls at 0, 1, 2, ... s
      var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> run.run(heard::add));
      Thread.sleep(2500);
      long t0 = System.nanoTime();
      run.stop();
      LoadResult r = result.get(20, java.util.concurrent.TimeUnit.SECONDS);
      double took = (System.nanoTime() - t0) / 1e9;
      assertTrue(took < 5, "the run ended right after stop, not after its 30 s calls: " + took + " s");
      assertTrue(r.stopped());
      assertEquals(6, r.planned());
      assertEquals(3, r.calls(), "the calls placed before the stop: " + heard);
      assertEquals(3, heard.size());
      for (LoadCall c : heard) assertTrue(c.failure().startsWith("stopped: the run was ended by the user after "), c.toString());
      assertEquals(3, Files.readAllLines(dir.resolve("out/load-calls.jsonl")).size(), "a line per call placed");
      assertTrue(Files.readString(dir.resolve("out/load.json")).contains("\"stopped\" : true"), "load.json says so");
      assertEquals(0, sipp.await(15), "SIPp: each of the 3 calls ended by a BYE, completed\n" + sipp.output());
    }
  }

  /**
   * One plan in two shards (as two machines would run it), merged: every call of the plan placed once, by the shard
   * whose part it is, and the merged result counts them all.
   */
  @Test
  void twoShardsOfAPlanMergeIntoTheWholePlan() throws Exception {
    Pcm clip = clip();
    try (Sipp sipp = uas("-rtp_echo", "-m", "5")) {
      List<Path> dirs = new java.util.ArrayList<>();
      for (int shard = 0; shard < 2; shard++) {
        Path out = dir.resolve("shard-" + shard);
        LoadResult r = new LoadRun(new LoadOptions(sipp.uri("echo"), 5, 1, 20, 5000, 3, out, null, null, null, shard, 2), clip).run(c -> {});
        assertEquals(shard == 0 ? 3 : 2, r.calls(), "shard " + (shard + 1) + "/2 of 5 calls");
        assertEquals((shard + 1) + "/2", r.shard());
        dirs.add(out);
      }
      LoadMerge.Merged m = LoadMerge.read(dirs);
      assertEquals(List.of(0, 1, 2, 3, 4), m.calls().stream().map(LoadCall::index).toList(), "each call of the plan once, in plan order");
      assertEquals(5, m.result().calls());
      assertEquals(5, m.result().up(), "failures: " + m.result().failuresByCause());
      assertEquals(5, m.result().planned());
      assertEquals(5, m.calls().stream().map(LoadCall::sipCallId).distinct().count(), "five distinct calls");
      assertTrue(m.result().setupP99Ms() > 0 && m.result().sendErrorP99Ms() > 0, m.result().toString());
      assertEquals(0, sipp.await(15), "SIPp: the plan's 5 calls completed\n" + sipp.output());
    }
  }
}
