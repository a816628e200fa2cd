package dev.earshot.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run against a baseline run, cell by cell (scenario × profile), overall and layer by layer. A cell's pass
 * rate is over its trials; a layer's pass rate counts the trials that did not fail in that layer (see
 * {@link Layers}). A cell has regressed only when its 95% Wilson interval lies wholly below the baseline's
 * ({@link PassRate#regressedFrom}): one flaky trial never makes a regression, a collapse over enough trials
 * does.
 */
public final class Comparison {
  /** Overall: the trial passed in every layer. */
  public static final String OVERALL = "overall";

  private Comparison() {}

  /** One scenario × profile cell, for {@code layer} ({@link #OVERALL} or one of {@link Layers#ALL}). */
  public record Row(Cell cell, String layer, PassRate baseline, PassRate current) {
    public boolean regressed() {
      return current.regressedFrom(baseline);
    }

    public boolean improved() {
      return baseline.regressedFrom(current);
    }
  }

  /** A scenario × profile (× persona, when the suite crosses personas) cell of a run. */
  public record Cell(String scenario, String profile, String persona) {
    @Override
    public String toString() {
      return scenario + " x " + profile + (persona == null ? "" : " x " + persona);
    }
  }

  /** How the reports name a column of cells: the profile, then {@code " / persona"} when the suite crosses personas. */
  static String column(String profile, String persona) {
    return profile + (persona == null ? "" : " / " + persona);
  }

  /** The calls of {@code run} by {@link #column}, in the run's order. */
  static Map<String, List<CallResult>> byColumn(RunResult run) {
    Map<String, List<CallResult>> m = new LinkedHashMap<>();
    for (CallResult c : run.calls()) m.computeIfAbsent(column(c.profile(), c.persona()), k -> new java.util.ArrayList<>()).add(c);
    return m;
  }

  /** Pass rate per cell of {@code run}, for {@code layer}, in the run's order. */
  public static Map<Cell, PassRate> passRates(RunResult run, String layer) {
    Map<Cell, int[]> counts = new LinkedHashMap<>();
    for (CallResult c : run.calls()) {
      int[] n = counts.computeIfAbsent(new Cell(c.scenario(), c.profile(), c.persona()), k -> new int[2]);
      boolean ok = OVERALL.equals(layer) ? c.passed() : !c.failedLayers().contains(layer);
      if (ok) n[0]++;
      n[1]++;
    }
    Map<Cell, PassRate> rates = new LinkedHashMap<>();
    counts.forEach((k, n) -> rates.put(k, new PassRate(n[0], n[1])));
    return rates;
  }

  /**
   * Every cell found in both runs: the overall row, then a row per layer that failed at least once in either
   * run. Cells in only one of the runs are left out (a renamed scenario is not a regression).
   */
  public static List<Row> compare(RunResult baseline, RunResult current) {
    List<Row> rows = new ArrayList<>();
    Map<String, Map<Cell, PassRate>> before = new LinkedHashMap<>(), after = new LinkedHashMap<>();
    List<String> layers = new ArrayList<>();
    layers.add(OVERALL);
    layers.addAll(Layers.ALL);
    for (String l : layers) {
      before.put(l, passRates(baseline, l));
      after.put(l, passRates(current, l));
    }
    for (Cell cell : after.get(OVERALL).keySet()) {
      if (!before.get(OVERALL).containsKey(cell)) continue;
      for (String l : layers) {
        PassRate b = before.get(l).get(cell), a = after.get(l).get(cell);
        boolean perfect = b.passes() == b.trials() && a.passes() == a.trials();
        if (OVERALL.equals(l) || !perfect) rows.add(new Row(cell, l, b, a));
      }
    }
    return rows;
  }

  /** The comparison as text: one line per row, regressions and improvements marked, then a verdict line. */
  public static String render(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    int w = rows.stream().mapToInt(r -> r.cell().toString().length() + r.layer().length() + 1).max().orElse(0);
    for (Row r : rows) {
      String name = r.cell() + " " + r.layer();
      String mark = r.regressed() ? "REGRESSED" : r.improved() ? "improved" : "same within chance";
      out.append(String.format(Locale.ROOT, "%-" + w + "s baseline %-28s now %-28s %s%n", name, r.baseline(), r.current(), mark));
    }
    long regressed = rows.stream().filter(Row::regressed).count();
    out.append(regressed == 0 ? "no regression (95% Wilson intervals overlap or improve)\n"
        : regressed + " regression" + (regressed == 1 ? "" : "s") + " (95% Wilson intervals separate)\n");
    return out.toString();
  }
}
