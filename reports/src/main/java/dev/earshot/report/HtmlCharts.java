package dev.earshot.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts, drawn here as inline SVG (no chart library, nothing fetched): strip charts of values per
 * row with their percentiles marked, and bars. Every mark that stands for a call links to that call's section.
 */
final class HtmlCharts {
  static final int WIDTH = 760;
  private static final int LABEL = 190;
  private static final int ROW = 44;
  private static final int TOP = 22;
  /** Room right of the axis, for a bar's figures. */
  private static final int RIGHT = 250;

  private HtmlCharts() {}

  /** One value on a strip chart: {@code href} the call it came from, {@code title} its tooltip, {@code ok} its verdict. */
  record Point(double value, String href, String title, boolean ok) {}

  /** One row of a strip chart, and a limit line to draw on it (null for none). */
  record Strip(String label, List<Point> points, Double limit) {}

  /**
   * Rows of dots on a shared axis ({@code unit} after each tick), each row with p50, p95 and p99 marked when
   * {@code percentiles}; a failed value is drawn in the failure colour.
   */
  static String strips(List<Strip> rows, String unit, boolean percentiles, String caption) {
    double max = 0;
    for (Strip r : rows) {
      for (Point p : r.points()) max = Math.max(max, p.value());
      if (r.limit() != null) max = Math.max(max, r.limit());
    }
    double top = niceCeil(max);
    StringBuilder s = frame(rows.size(), top, unit, caption);
    for (int i = 0; i < rows.size(); i++) {
      Strip r = rows.get(i);
      int y = TOP + i * ROW + ROW / 2;
      s.append("<text class=\"label\" x=\"").append(LABEL - 8).append("\" y=\"").append(y + 4).append("\" text-anchor=\"end\">")
          .append(HtmlWriter.esc(r.label())).append(" <tspan class=\"n\">(").append(r.points().size()).append(")</tspan></text>");
      s.append("<line class=\"row\" x1=\"").append(LABEL).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\"/>");
      if (r.limit() != null) {
        double x = x(r.limit(), top);
        s.append(String.format(Locale.ROOT, "<line class=\"limit\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"><title>limit %s</title></line>", x, x, y - 13, y + 13,
            HtmlWriter.esc(fmt(r.limit()) + " " + unit)));
      }
      int k = 0;
      for (Point p : r.points()) {
        double jitter = ((k++ * 7919) % 17 - 8) * 1.3; // a fixed spread, so equal values stay visible and the page is the same each time
        s.append("<a href=\"").append(HtmlWriter.esc(p.href())).append("\"><circle class=\"").append(p.ok() ? "ok" : "bad")
            .append(String.format(Locale.ROOT, "\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\"><title>", x(p.value(), top), y + jitter))
            .append(HtmlWriter.esc(p.title())).append("</title></circle></a>");
      }
      if (percentiles && !r.points().isEmpty()) {
        List<Double> sorted = r.points().stream().map(Point::value).sorted().toList();
        double[] ps = {50, 95, 99};
        for (double p : ps) {
          double v = SummaryWriter.percentile(sorted, p);
          double x = x(v, top);
          int labelY = p == 95 ? y + 25 : y - 16; // p95 below the row, so it never covers p99 above
          s.append(String.format(Locale.ROOT, "<g class=\"pct\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
              + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">p%.0f</text><title>p%.0f %s %s</title></g>", x, x, y - 15, y + 15, x, labelY, p, p, fmt(v), HtmlWriter.esc(unit)));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%d\" y=\"%d\">p50 %s · p95 %s · p99 %s %s</text>", WIDTH - RIGHT + 12, y + 4,
            fmt(SummaryWriter.percentile(sorted, 50)), fmt(SummaryWriter.percentile(sorted, 95)), fmt(SummaryWriter.percentile(sorted, 99)), HtmlWriter.esc(unit)));
      }
    }
    return s.append("</svg>").toString();
  }

  /** One bar of a bar chart; {@code value} null draws nothing and says why in {@code note}. */
  record Bar(String label, Double value, String note) {}

  /** Horizontal bars on a shared axis from 0 (at least to {@code atLeast}). */
  static String bars(List<Bar> rows, double atLeast, String unit, String caption) {
    double max = atLeast;
    for (Bar b : rows) if (b.value() != null) max = Math.max(max, b.value());
    double top = niceCeil(max);
    StringBuilder s = frame(rows.size(), top, unit, caption);
    for (int i = 0; i < rows.size(); i++) {
      Bar b = rows.get(i);
      int y = TOP + i * ROW + 9, mid = y + (ROW - 18) / 2 + 4;
      s.append("<text class=\"label\" x=\"").append(LABEL - 8).append("\" y=\"").append(mid).append("\" text-anchor=\"end\">").append(HtmlWriter.esc(b.label())).append("</text>");
      double w = b.value() == null ? 0 : x(b.value(), top) - LABEL;
      s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>", LABEL, y, w, ROW - 18,
          HtmlWriter.esc(b.label() + ": " + (b.value() == null ? "" : fmt(b.value()) + unit + " ") + b.note())));
      s.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%.1f\" y=\"%d\">%s</text>", LABEL + w + 5, mid,
          HtmlWriter.esc((b.value() == null ? "" : fmt(b.value()) + unit + " ") + b.note())));
    }
    return s.append("</svg>").toString();
  }

  /** A pass rate with its 95% Wilson interval, on 0–100%, small enough for a table cell. */
  static String interval(PassRate r) {
    int w = 200, h = 14;
    double lo = r.low() * w, hi = r.high() * w, p = r.trials() == 0 ? 0 : r.rate() * w;
    return String.format(Locale.ROOT, "<svg class=\"wilson\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
        + "<rect class=\"track\" x=\"0\" y=\"5\" width=\"%d\" height=\"4\"/><rect class=\"ci\" x=\"%.1f\" y=\"3\" width=\"%.1f\" height=\"8\"/>"
        + "<circle cx=\"%.1f\" cy=\"7\" r=\"4\" class=\"%s\"/></svg>", w, h, w, h,
        HtmlWriter.esc(String.format(Locale.ROOT, "%.0f%% (95%% interval %.0f–%.0f%%)", 100 * (r.trials() == 0 ? 0 : r.rate()), 100 * r.low(), 100 * r.high())),
        w, lo, Math.max(1, hi - lo), p, r.passes() == r.trials() ? "ok" : "bad");
  }

  /** One line of a time-series chart: its name (the legend), its CSS class, and a value per x (null: a gap). */
  record Series(String name, String cssClass, List<Double> values) {}

  /**
   * Lines over a shared x axis ({@code xs}, e.g. seconds into a load run, {@code xUnit} after the last tick) and one y
   * axis from 0 ({@code yUnit}); a null value breaks its line.
   */
  static String lines(List<Double> xs, List<Series> series, String xUnit, String yUnit, String caption) {
    int h = 220, left = 60, right = WIDTH - 20, top = 18, bottom = h - 36;
    double xMax = 0, yMax = 0;
    for (double x : xs) xMax = Math.max(xMax, x);
    for (Series sr : series) for (Double v : sr.values()) if (v != null) yMax = Math.max(yMax, v);
    double xTop = niceCeil(xMax), yTop = niceCeil(yMax);
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart series\" width=\"").append(WIDTH).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(h)
        .append("\" role=\"img\" aria-label=\"").append(HtmlWriter.esc(caption)).append("\">");
    for (double v : ticks(yTop)) {
      double y = bottom - (bottom - top) * v / yTop;
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/><text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          left, right, y, y, left - 6, y + 4, HtmlWriter.esc(fmt(v) + (v == yTop ? " " + yUnit : ""))));
    }
    for (double v : ticks(xTop)) {
      double x = left + (right - left) * v / xTop;
      s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, bottom + 16,
          HtmlWriter.esc(fmt(v) + (v == xTop ? " " + xUnit : ""))));
    }
    int legendX = left;
    for (Series sr : series) {
      StringBuilder path = new StringBuilder(), dots = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < xs.size() && i < sr.values().size(); i++) {
        Double v = sr.values().get(i);
        if (v == null) {
          pen = false;
          continue;
        }
        double x = left + (right - left) * xs.get(i) / xTop, y = bottom - (bottom - top) * v / yTop;
        path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        dots.append(String.format(Locale.ROOT, "<circle class=\"dot %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\"/>", HtmlWriter.esc(sr.cssClass()), x, y));
        pen = true;
      }
      s.append("<path class=\"line ").append(HtmlWriter.esc(sr.cssClass())).append("\" d=\"").append(path.toString().strip()).append("\"><title>")
          .append(HtmlWriter.esc(sr.name())).append("</title></path>").append(dots); // a dot each, so a lone second shows
      s.append(String.format(Locale.ROOT, "<rect class=\"key %s\" x=\"%d\" y=\"%d\" width=\"14\" height=\"4\"/><text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>",
          HtmlWriter.esc(sr.cssClass()), legendX, h - 10, legendX + 18, h - 5, HtmlWriter.esc(sr.name())));
      legendX += 30 + 7 * sr.name().length();
    }
    return s.append("</svg>").toString();
  }

  /** An open chart of {@code rows} rows with its axis from 0 to {@code top}. */
  private static StringBuilder frame(int rows, double top, String unit, String caption) {
    int h = TOP + rows * ROW + 26;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(h)
        .append("\" role=\"img\" aria-label=\"").append(HtmlWriter.esc(caption)).append("\">");
    axis(s, top, unit, h - 22, TOP - 4);
    return s;
  }

  private static void axis(StringBuilder s, double top, String unit, int y, int gridTop) {
    for (double v : ticks(top)) {
      double x = x(v, top);
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
          x, x, gridTop, y, x, y + 14, HtmlWriter.esc(fmt(v) + (v == top ? " " + unit.strip() : ""))));
    }
  }

  private static double x(double v, double top) {
    return LABEL + (WIDTH - RIGHT - LABEL) * (top <= 0 ? 0 : Math.min(1, v / top));
  }

  /** The smallest of 1, 2, 2.5, 5 × 10^k at or above {@code v} (1 for 0). */
  static double niceCeil(double v) {
    if (!(v > 0)) return 1;
    double mag = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * mag >= v * 0.999999) return m * mag;
    return 10 * mag;
  }

  private static List<Double> ticks(double top) {
    List<Double> t = new ArrayList<>();
    for (int i = 0; i <= 5; i++) t.add(top * i / 5);
    return t;
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
    return Math.abs(v) < 10 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.0f", v);
  }
}
