package dev.earshot.harness.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many calls a load run keeps up at once over its time: linear between points ({@code t} seconds into the run,
 * {@code calls} at once), held after the last; two points at the same time make a step. As people write it:
 * {@code 0:0,60:400} (a linear ramp to 400 calls over a minute), {@code 0:100,60:100,60:200,120:200} (steps of 100 a
 * minute), or one number for a constant target.
 */
public record Ramp(List<Point> points) {
  /** {@code calls} at once, {@code t} seconds into the run. */
  public record Point(double t, int calls) {}

  public Ramp {
    if (points.isEmpty()) throw new IllegalArgumentException("expected at least one point T:CALLS");
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      if (p.t() < 0 || p.calls() < 0 || p.calls() > 5000) {
        throw new IllegalArgumentException("point " + (i + 1) + ": expected T >= 0 s and 0 <= CALLS <= 5000, found " + format(p));
      }
      if (i > 0 && p.t() < points.get(i - 1).t()) {
        throw new IllegalArgumentException("point " + (i + 1) + " (" + format(p) + ") is before point " + i + " (" + format(points.get(i - 1)) + "): expected times in order");
      }
    }
    if (points.stream().allMatch(p -> p.calls() == 0)) throw new IllegalArgumentException("every point is 0 calls: expected calls to place");
    points = List.copyOf(points);
  }

  /** A constant target from the start. */
  public static Ramp constant(int calls) {
    return new Ramp(List.of(new Point(0, calls)));
  }

  /** {@code T:CALLS,T:CALLS,...} or one number (a constant target); anything else is an exception saying what was expected. */
  public static Ramp parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    if (s.matches("[0-9]{1,5}")) return constant(Integer.parseInt(s));
    List<Point> points = new ArrayList<>();
    String[] parts = s.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,6}(?:\\.[0-9]+)?):([0-9]{1,5})").matcher(parts[i].strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("point " + (i + 1) + " '" + parts[i].strip() + "': expected T:CALLS (seconds into the run, calls at once), e.g. 0:0,60:400");
      }
      points.add(new Point(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2))));
    }
    return new Ramp(points);
  }

  /** Calls at once at {@code t}: linear between the points around it; at a step, the later point from its time on. */
  public int at(double t) {
    Point before = points.get(0);
    if (t < before.t()) return 0;
    for (int i = 1; i < points.size(); i++) {
      Point next = points.get(i);
      if (t < next.t()) {
        double f = (t - before.t()) / (next.t() - before.t());
        return (int) Math.floor(before.calls() + f * (next.calls() - before.calls()));
      }
      before = next;
    }
    return before.calls();
  }

  /** This shard's part of the target at {@code t}: the shards' parts add up to it exactly. */
  public int at(double t, int shard, int shards) {
    int all = at(t);
    return all / shards + (shard < all % shards ? 1 : 0);
  }

  /** The time of the last point: after it the target holds. */
  public double end() {
    return points.get(points.size() - 1).t();
  }

  /** The largest target. */
  public int peak() {
    return points.stream().mapToInt(Point::calls).max().orElse(0);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Point p : points) b.append(b.length() == 0 ? "" : ",").append(format(p));
    return b.toString();
  }

  private static String format(Point p) {
    return (p.t() == Math.rint(p.t()) ? String.valueOf((long) p.t()) : String.format(Locale.ROOT, "%.1f", p.t())) + ":" + p.calls();
  }
}
