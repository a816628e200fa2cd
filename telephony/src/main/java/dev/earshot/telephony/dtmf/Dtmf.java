package dev.earshot.telephony.dtmf;

/**
 * The sixteen DTMF keys: their RFC 4733 event codes and their tone pairs (ITU-T Q.23).
 */
public final class Dtmf {
  /** Keys in event-code order: event 0..9 are the digits, 10 = '*', 11 = '#', 12..15 = 'A'..'D'. */
  public static final String KEYS = "0123456789*#ABCD";
  static final double[] ROWS = {697, 770, 852, 941};
  static final double[] COLUMNS = {1209, 1336, 1477, 1633};
  private static final String PAD = "123A456B789C*0#D";

  private Dtmf() {}

  /** The RFC 4733 event code of {@code key}, or a failure naming the keys that exist. */
  public static int event(char key) {
    int e = KEYS.indexOf(Character.toUpperCase(key));
    if (e < 0) throw new IllegalArgumentException("DTMF key '" + key + "': expected one of " + KEYS);
    return e;
  }

  public static char key(int event) {
    if (event < 0 || event >= KEYS.length()) throw new IllegalArgumentException("DTMF event " + event + ": expected 0..15");
    return KEYS.charAt(event);
  }

  /** Throws unless every character of {@code keys} is a DTMF key. */
  public static String check(String keys) {
    for (int i = 0; i < keys.length(); i++) event(keys.charAt(i));
    return keys.toUpperCase();
  }

  /** Row frequency (Hz) of {@code key}. */
  public static double low(char key) {
    return ROWS[PAD.indexOf(Character.toUpperCase(key)) / 4];
  }

  /** Column frequency (Hz) of {@code key}. */
  public static double high(char key) {
    return COLUMNS[PAD.indexOf(Character.toUpperCase(key)) % 4];
  }

  static char keyAt(int row, int column) {
    return PAD.charAt(row * 4 + column);
  }

  /**
   * Writes {@code out.length} samples of {@code key}'s tone pair, starting at sample {@code offset} of the
   * tone, each component at {@code amplitude} (full scale 1.0).
   */
  public static void tone(char key, int sampleRate, long offset, float amplitude, float[] out) {
    double wl = 2 * Math.PI * low(key) / sampleRate, wh = 2 * Math.PI * high(key) / sampleRate;
    for (int i = 0; i < out.length; i++) {
      long n = offset + i;
      out[i] = (float) (amplitude * (Math.sin(wl * n) + Math.sin(wh * n)));
    }
  }
}
