package dev.earshot.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.md}: the run's verdict, a table of failed calls per layer and profile, and the failing
 * scenario × profile cells with each one's first typed failure; short enough for a pull-request comment.
 */
final class MarkdownWriter {
  /** The most failing cells listed; the rest are counted. */
  static final int MAX_CELLS = 30;

  private MarkdownWriter() {}

  static String render(RunResult run) {
    StringBuilder md = new StringBuilder();
    long failedCalls = run.calls().stream().filter(c -> !c.passed()).count();
    md.append("# Earshot: ").append(text(run.suite())).append(" against `").append(code(run.agent())).append("`\n\n");
    md.append(run.passed() ? "**Passed**" : "**Failed**").append(String.format(Locale.ROOT, ": %d of %d calls passed, %d of %d turns; seed %d",
        run.calls().size() - failedCalls, run.calls().size(), run.turnsPassed(), run.turnCount(), run.seed())).append(".\n\n");

    Map<String, List<CallResult>> byProfile = Comparison.byColumn(run);
    md.append("## Failed calls by layer\n\n| profile | calls | failed |");
    for (String l : Layers.ALL) md.append(' ').append(l).append(" |");
    md.append("\n|---|---:|---:|");
    for (int i = 0; i < Layers.ALL.size(); i++) md.append("---:|");
    md.append('\n');
    for (Map.Entry<String, List<CallResult>> e : byProfile.entrySet()) {
      List<CallResult> calls = e.getValue();
      md.append("| ").append(text(e.getKey())).append(" | ").append(calls.size()).append(" | ").append(calls.stream().filter(c -> !c.passed()).count()).append(" |");
      for (String l : Layers.ALL) {
        long n = calls.stream().filter(c -> c.failedLayers().contains(l)).count();
        md.append(' ').append(n == 0 ? "·" : String.valueOf(n)).append(" |");
      }
      md.append('\n');
    }

    List<String> cutIns = new java.util.ArrayList<>();
    for (Map.Entry<String, List<CallResult>> e : byProfile.entrySet()) {
      TurnTaking t = TurnTaking.of(e.getKey(), e.getValue());
      if (t.cutIns() > 0) cutIns.add(text(t.profile()) + ": " + t.text());
    }
    if (!cutIns.isEmpty()) md.append("\n**Agent cut in on the caller** (its reply began before the caller's last word): ").append(String.join("; ", cutIns)).append(".\n");

    List<Map.Entry<Comparison.Cell, PassRate>> failing = Comparison.passRates(run, Comparison.OVERALL).entrySet().stream()
        .filter(e -> e.getValue().passes() < e.getValue().trials()).toList();
    if (failing.isEmpty()) return md.append("\nEvery scenario passed under every profile.\n").toString();
    md.append("\n## Failing cells\n\n| scenario | profile | passed | layers | first failure |\n|---|---|---:|---|---|\n");
    for (Map.Entry<Comparison.Cell, PassRate> e : failing.subList(0, Math.min(MAX_CELLS, failing.size()))) {
      Comparison.Cell cell = e.getKey();
      List<CallResult> calls = run.calls().stream().filter(c -> new Comparison.Cell(c.scenario(), c.profile(), c.persona()).equals(cell)).toList();
      CallResult first = calls.stream().filter(c -> !c.passed()).findFirst().orElseThrow();
      java.util.Set<String> layers = new java.util.LinkedHashSet<>();
      for (String l : Layers.ALL) if (calls.stream().anyMatch(c -> c.failedLayers().contains(l))) layers.add(l);
      Failure f = Layers.firstFailure(first);
      md.append("| ").append(text(cell.scenario())).append(" | ").append(text(Comparison.column(cell.profile(), cell.persona())))
          .append(" | ").append(e.getValue().passes()).append('/').append(e.getValue().trials()).append(" | ").append(String.join(", ", layers))
          .append(" | ").append(f == null ? "a barge-in step failed" : "`" + f.code() + "` " + text(f.message())).append(" |\n");
    }
    if (failing.size() > MAX_CELLS) md.append("\n…and ").append(failing.size() - MAX_CELLS).append(" more failing cells (see report.json).\n");
    return md.toString();
  }

  /** Table text: one line, pipes and markup characters escaped. */
  static String text(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder();
    for (char ch : s.replaceAll("\\s+", " ").toCharArray()) {
      if ("|\\`*_[]<>#".indexOf(ch) >= 0) out.append('\\');
      out.append(ch);
    }
    return out.toString();
  }

  private static String code(String s) {
    return s == null ? "" : s.replace("`", "'").replace("|", "\\|");
  }
}
