package dev.earshot.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run as a plain-text table for a terminal: one row per turn, then one line per profile. */
final class SummaryWriter {
  private SummaryWriter() {}

  static String render(RunResult run) {
    StringBuilder out = new StringBuilder();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"scenario", "profile", "turn", "expected", "observed", "latency", "result"});
    for (CallResult call : run.calls()) {
      if (call.turns().isEmpty() || CallResult.FAILED.equals(call.status()) && call.turns().stream().allMatch(t -> t.heard() == null)) {
        rows.add(new String[] {call.scenario(), call.profile(), "-", "-", "-", "-", "CALL FAILED: " + call.failure()});
        continue;
      }
      for (TurnResult t : call.turns()) {
        rows.add(new String[] {
          call.scenario(), call.profile(), String.valueOf(t.index()),
          t.expectedIntent() == null ? "-" : t.expectedIntent(),
          t.observedIntent() == null ? "-" : t.observedIntent(),
          t.latencyMs() == null ? "-" : String.format(Locale.ROOT, "%.0f ms", t.latencyMs()),
          t.passed() ? "pass" : "FAIL" + (t.failure() != null ? ": " + t.failure() : t.missingPhrases().isEmpty() ? "" : ": missing " + t.missingPhrases())
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
    Map<String, List<TurnResult>> byProfile = new LinkedHashMap<>();
    for (CallResult c : run.calls()) byProfile.computeIfAbsent(c.profile(), p -> new ArrayList<>()).addAll(c.turns());
    int nameWidth = byProfile.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, List<TurnResult>> e : byProfile.entrySet()) {
      List<TurnResult> turns = e.getValue();
      long passed = turns.stream().filter(TurnResult::passed).count();
      long intents = turns.stream().filter(t -> t.expectedIntent() != null).count();
      long intentOk = turns.stream().filter(t -> t.expectedIntent() != null && t.intentMatched()).count();
      List<Double> lat = turns.stream().map(TurnResult::latencyMs).filter(x -> x != null).sorted(Comparator.naturalOrder()).toList();
      // the ASR layer, from the agent's side-channel reports: errors summed over the profile's turns, then divided
      long words = 0, errors = 0, reported = 0;
      for (TurnResult t : turns) {
        if (t.agent() == null || t.agent().asrWer() == null) continue;
        reported++;
        words += t.agent().asrWords();
        errors += t.agent().asrSubstitutions() + t.agent().asrDeletions() + t.agent().asrInsertions();
      }
      List<BargeInResult> sounds = run.calls().stream().filter(c -> c.profile().equals(e.getKey())).flatMap(c -> c.bargeIns().stream()).toList();
      long barges = sounds.stream().filter(b -> BargeInResult.BARGE_IN.equals(b.kind())).count();
      long bargeOk = sounds.stream().filter(b -> BargeInResult.BARGE_IN.equals(b.kind()) && b.passed()).count();
      long noises = sounds.size() - barges;
      long falseStops = sounds.stream().filter(b -> BargeInResult.NOISE_ONLY.equals(b.kind()) && b.stopped()).count();
      String barge = (barges == 0 ? "" : String.format(Locale.ROOT, ", barge-in %d/%d", bargeOk, barges))
          + (noises == 0 ? "" : String.format(Locale.ROOT, ", false barge-in %d/%d", falseStops, noises));
      String asr = reported == 0 || words == 0 ? "" : String.format(Locale.ROOT, ", agent ASR WER %.1f%% (%d turns)", 100.0 * errors / words, reported);
      out.append(String.format(Locale.ROOT, "profile %s turns passed %d/%d, intents %d/%d, latency p50 %s, max %s%s%s%n",
          pad(e.getKey(), Math.max(14, nameWidth)), passed, turns.size(), intentOk, intents, ms(percentile(lat, 50)), ms(lat.isEmpty() ? null : lat.get(lat.size() - 1)), asr, barge));
    }
    long failedCalls = run.calls().stream().filter(c -> CallResult.FAILED.equals(c.status())).count();
    out.append(String.format(Locale.ROOT, "%d calls (%d failed), %d/%d turns passed%n",
        run.calls().size(), failedCalls, run.turnsPassed(), run.turnCount()));
    return out.toString();
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
