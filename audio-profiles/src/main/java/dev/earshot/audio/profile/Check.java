package dev.earshot.audio.profile;

/** Range checks for stage settings, with the one-line message every bad profile value gets. */
final class Check {
  private Check() {}

  /** Throws "{@code key}: expected lo..hi, found v" unless lo <= v <= hi (NaN is never in range). */
  static void range(String key, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw new InvalidField(key, "expected " + number(lo) + ".." + number(hi) + ", found " + number(value));
    }
  }

  /**
   * {@code value}, or {@code fallback} when it is null; throws "{@code key}: expected a, b or c, found v" when
   * it is none of {@code allowed}.
   */
  static String oneOf(String key, String value, String fallback, java.util.List<String> allowed) {
    String v = value == null ? fallback : value;
    if (!allowed.contains(v)) {
      String list = allowed.size() == 1 ? allowed.get(0)
          : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
      throw new InvalidField(key, "expected " + list + ", found " + v);
    }
    return v;
  }

  private static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
