package dev.earshot.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run as a plain-text table for a terminal: one row per turn, then a block per profile (and persona), then totals. */
final class SummaryWriter {
  private SummaryWriter() {}

  static String render(RunResult run) {
    StringBuilder out = new StringBuilder();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"scenario", "profile", "turn", "expected", "observed", "latency", "result"});
    for (CallResult call : run.calls()) {
      if (call.turns().isEmpty() || CallResult.FAILED.equals(call.status()) && call.turns().stream().allMatch(t -> t.heard() == null)) {
        rows.add(new String[] {call.scenario(), call.profile() + (call.persona() == null ? "" : "/" + call.persona()), "-", "-", "-", "-",
            "CALL FAILED: " + call.failure().message()});
        continue;
      }
      for (TurnResult t : call.turns()) {
        rows.add(new String[] {
          call.scenario(), call.profile() + (call.persona() == null ? "" : "/" + call.persona()), String.valueOf(t.index()),
          t.expectedIntent() == null ? "-" : t.expectedIntent(),
          observedColumn(t),
          t.latencyMs() == null ? "-" : String.format(Locale.ROOT, "%.0f ms", t.latencyMs()),
          t.passed() ? "pass" : t.failure() == null ? "FAIL" : "FAIL [" + Layers.ofTurn(call, t) + "]: " + t.failure().message()
        });
      }
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) for (int i = 0; i < r.length - 1; i++) width[i] = Math.max(width[i], r[i].length());
    for (int k = 0; k < rows.size(); k++) {
      String[] r = rows.get(k);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : pad(r[i], width[i] + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (k == 0) out.append("-".repeat(Math.min(120, line.length()))).append('\n');
    }
    out.append('\n');
    Map<String, List<CallResult>> byProfile = new LinkedHashMap<>();
    // one block per profile, or per profile and persona when the suite crosses personas
    for (CallResult c : run.calls()) {
      byProfile.computeIfAbsent(c.profile() + (c.persona() == null ? "" : "/" + c.persona()), p -> new ArrayList<>()).add(c);
    }
    int nameWidth = byProfile.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, List<CallResult>> e : byProfile.entrySet()) {
      out.append(profileBlock(e.getKey(), Math.max(14, nameWidth), e.getValue()));
    }
    Map<Comparison.Cell, PassRate> cells = Comparison.passRates(run, Comparison.OVERALL);
    if (cells.values().stream().anyMatch(r -> r.trials() > 1)) {
      out.append("pass rate per cell over trials (95% Wilson interval):\n");
      cells.forEach((cell, rate) -> out.append("  ").append(cell).append(": ").append(rate).append('\n'));
    }
    long broken = run.calls().stream().filter(c -> CallResult.FAILED.equals(c.status())).count();
    long passed = run.calls().stream().filter(CallResult::passed).count();
    out.append(String.format(Locale.ROOT, "%d calls: %d passed, %d did not run to their end; %d/%d turns passed%n",
        run.calls().size(), passed, broken, run.turnsPassed(), run.turnCount()));
    return out.toString();
  }

  private static String profileBlock(String profile, int width, List<CallResult> calls) {
    StringBuilder out = new StringBuilder();
    List<TurnResult> turns = calls.stream().flatMap(c -> c.turns().stream()).toList();
    long passed = turns.stream().filter(TurnResult::passed).count();
    long intents = turns.stream().filter(t -> t.expectedIntent() != null).count();
    long intentOk = turns.stream().filter(t -> t.expectedIntent() != null && IntentConfusion.matched(t)).count();
    List<Double> lat = sorted(turns.stream().map(TurnResult::latencyMs));
    // the ASR layer, from the agent's side-channel reports: errors summed over the profile's turns, then divided
    long words = 0, errors = 0, reported = 0;
    for (TurnResult t : turns) {
      if (t.agent() == null || t.agent().asrWer() == null) continue;
      reported++;
      words += t.agent().asrWords();
      errors += t.agent().asrSubstitutions() + t.agent().asrDeletions() + t.agent().asrInsertions();
    }
    String asr = reported == 0 || words == 0 ? "" : String.format(Locale.ROOT, ", agent ASR WER %.1f%% (%d turns)", 100.0 * errors / words, reported);
    long replyWords = 0, replyErrors = 0, replies = 0;
    for (TurnResult t : turns) {
      if (t.agent() == null || t.agent().replyWer() == null) continue;
      replies++;
      replyWords += t.agent().replyWords();
      replyErrors += t.agent().replyErrors();
    }
    out.append(String.format(Locale.ROOT, "profile %s turns passed %d/%d, intents %d/%d, latency p50 %s, max %s%s%n",
        pad(profile, width), passed, turns.size(), intentOk, intents, ms(percentile(lat, 50)), ms(lat.isEmpty() ? null : lat.get(lat.size() - 1)), asr));
    String indent = " ".repeat(8 + width);
    if (!lat.isEmpty()) {
      List<Double> greet = sorted(calls.stream().map(CallResult::timeToGreetingMs));
      List<Double> setup = sorted(calls.stream().map(CallResult::setupMs));
      out.append(String.format(Locale.ROOT, "%slatency p90 %s, p95 %s, p99 %s; time to greeting p50 %s; call setup p50 %s%n", indent,
          ms(percentile(lat, 90)), ms(percentile(lat, 95)), ms(percentile(lat, 99)), ms(percentile(greet, 50)), ms1(percentile(setup, 50))));
    }
    if (replies > 0 && replyWords > 0) {
      out.append(indent).append(String.format(Locale.ROOT, "agent speech heard through the call: WER %.1f%% against what it meant to say (%d turns)%n",
          100.0 * replyErrors / replyWords, replies));
    }
    out.append(indent).append(telephony(calls)).append('\n');
    TurnTaking taking = TurnTaking.of(profile, calls);
    if (taking.cutIns() > 0) out.append(indent).append("agent cut in on the caller: ").append(taking.text()).append(" (its reply began before the caller's last word)\n");
    String stages = StageShares.of(calls);
    if (stages != null) out.append(indent).append("latency stages (agent-reported): ").append(stages).append('\n');
    List<BargeInResult> sounds = calls.stream().flatMap(c -> c.bargeIns().stream()).toList();
    long barges = sounds.stream().filter(b -> BargeInResult.BARGE_IN.equals(b.kind())).count();
    long bargeOk = sounds.stream().filter(b -> BargeInResult.BARGE_IN.equals(b.kind()) && b.passed()).count();
    long noises = sounds.size() - barges;
    long falseStops = sounds.stream().filter(b -> BargeInResult.NOISE_ONLY.equals(b.kind()) && b.stopped()).count();
    if (barges + noises > 0) {
      List<Double> reaction = sorted(sounds.stream().filter(b -> BargeInResult.BARGE_IN.equals(b.kind())).map(BargeInResult::reactionMs));
      out.append(indent).append(String.join(", ", java.util.stream.Stream.of(
          barges == 0 ? null : String.format(Locale.ROOT, "barge-in %d/%d (reaction p50 %s)", bargeOk, barges, ms(percentile(reaction, 50))),
          noises == 0 ? null : String.format(Locale.ROOT, "false barge-in %d/%d", falseStops, noises)).filter(x -> x != null).toList())).append('\n');
    }
    Map<String, Integer> failedIn = new LinkedHashMap<>();
    for (String l : Layers.ALL) failedIn.put(l, 0);
    for (CallResult c : calls) for (String l : c.failedLayers()) failedIn.merge(l, 1, Integer::sum);
    failedIn.values().removeIf(n -> n == 0);
    if (!failedIn.isEmpty()) {
      out.append(indent).append("calls failed in layer: ");
      out.append(String.join(", ", failedIn.entrySet().stream().map(x -> x.getKey() + " " + x.getValue()).toList())).append('\n');
    }
    Map<String, Map<String, Integer>> confusion = IntentConfusion.of(calls);
    List<String> misses = new ArrayList<>();
    confusion.forEach((want, got) -> got.forEach((o, n) -> {
      if (!want.equals(o)) misses.add(want + " -> " + o + " " + n);
    }));
    if (!misses.isEmpty()) out.append(indent).append("intent confusions (expected -> observed): ").append(String.join(", ", misses)).append('\n');
    return out.toString();
  }

  /** The telephony layer of a profile's calls: set up, causes of those that broke, RTP loss and jitter. */
  private static String telephony(List<CallResult> calls) {
    long up = calls.stream().filter(c -> c.setupMs() != null).count();
    Map<String, Integer> causes = new java.util.TreeMap<>();
    for (CallResult c : calls) {
      if (!Layers.isTelephony(c)) continue;
      Failure f = c.failure();
      causes.merge(f.code().equals(Failure.Codes.SIP_STATUS) && f.figure() != null ? "SIP " + f.figure().intValue() : f.code(), 1, Integer::sum);
    }
    long expected = 0, lost = 0, clipped = 0, clippedCalls = 0;
    List<Double> jitter = new ArrayList<>();
    for (CallResult c : calls) {
      if (c.rtp() == null) continue;
      expected += c.rtp().expected();
      lost += c.rtp().lost();
      clipped += c.rtp().clippedFrames();
      if (c.rtp().clippedFrames() > 0) clippedCalls++;
      if (c.rtp().received() > 0) jitter.add(c.rtp().jitterMs());
    }
    jitter.sort(null);
    return String.format(Locale.ROOT, "telephony: %d/%d calls set up%s, RTP loss %s, jitter p50 %s%s%s", up, calls.size(),
        causes.isEmpty() ? "" : ", broken: " + String.join(", ", causes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()),
        expected == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * lost / expected), ms1(percentile(jitter, 50)),
        clipped == 0 ? "" : ", the agent's audio clipped in " + clipped + " frames of " + clippedCalls + (clippedCalls == 1 ? " call" : " calls"), srtp(calls));
  }

  /** {@code , SRTP on 5/5 (AES_CM_128_HMAC_SHA1_80), 3 agent packets failed authentication}; empty when no call used SRTP. */
  private static String srtp(List<CallResult> calls) {
    java.util.Set<String> suites = new java.util.TreeSet<>();
    long secured = 0, failed = 0, replays = 0;
    for (CallResult c : calls) {
      CallResult.SrtpStats s = c.rtp() == null ? null : c.rtp().srtp();
      if (s == null) continue;
      secured++;
      suites.add(s.suite());
      failed += s.authFailures() + s.rtcpAuthFailures();
      replays += s.replays() + s.rtcpReplays();
    }
    if (secured == 0) return "";
    return ", SRTP on " + secured + "/" + calls.size() + " (" + String.join(", ", suites) + ")"
        + (failed > 0 ? ", " + failed + " agent packets failed authentication" : "") + (replays > 0 ? ", " + replays + " replays dropped" : "");
  }

  /** The observed intent; when the agent reported one and its spoken reply reads as another, both. */
  private static String observedColumn(TurnResult t) {
    String o = IntentConfusion.observed(t);
    if (o == null) return "-";
    return t.observedIntent() != null && t.heard() != null && !o.equals(t.observedIntent()) ? o + " (spoke " + t.observedIntent() + ")" : o;
  }

  private static List<Double> sorted(java.util.stream.Stream<Double> values) {
    return values.filter(x -> x != null).sorted(Comparator.naturalOrder()).toList();
  }

  private static String ms1(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f ms", v);
  }

  /** Nearest-rank percentile of sorted values, or null for none. */
  static Double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) return null;
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String ms(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
