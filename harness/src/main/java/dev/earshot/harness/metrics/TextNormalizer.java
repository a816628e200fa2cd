package dev.earshot.harness.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one normalisation every text comparison in Earshot goes through before it is scored (WER, CER, phrase
 * matching), so that a recogniser is not charged for writing "$1,200" where the script said "twelve hundred"
 * style differences of form: in this order,
 * <ol>
 *   <li>numbers are spelled out as American English cardinals without "and": {@code 1,200} and {@code 1200}
 *       become "one thousand two hundred", {@code 3.5} "three point five", {@code 21st} "twenty first",
 *       {@code $5} "five dollars", {@code $5.50} "five dollars fifty cents", {@code 20%} "twenty percent";
 *       a digit string with a leading zero (a PIN, an account number) is read digit by digit;</li>
 *   <li>{@code &} becomes "and";</li>
 *   <li>lower case; apostrophes are dropped ({@code it's} → "its"); every other character that is not a
 *       letter or digit separates words (hyphens too: {@code e-mail} → "e mail").</li>
 * </ol>
 * Years are not special: {@code 1995} is "one thousand nine hundred ninety five".
 *
 * <p>An integer of three or more digits (no leading zero; an amount of dollars too) is read aloud in more than one way:
 * as a cardinal, in pairs ({@code 4512} "forty five twelve", {@code 450} "four fifty", {@code 1200} "twelve
 * hundred", {@code 1905} "nineteen oh five"; MaryTTS reads four-digit numbers this way) and digit by digit
 * ({@code 4512} "four five one two"). {@link #words(String)} gives the cardinal, {@link #allReadings} every reading; {@link #wordsClosestTo} gives,
 * for a reference scored against a hypothesis, the reading of each such number that gives the lowest word
 * error rate (the cardinal where readings tie), so that a recogniser is not charged for the way a number was said.
 */
public final class TextNormalizer {
  private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
  private static final String[] SCALES = {"", "thousand", "million", "billion", "trillion"};
  private static final Pattern MONEY = Pattern.compile("\\$(\\d[\\d,]*)(?:\\.(\\d{1,2}))?");
  private static final Pattern PERCENT = Pattern.compile("(\\d[\\d,]*(?:\\.\\d+)?)\\s*%");
  private static final Pattern ORDINAL = Pattern.compile("\\b(\\d[\\d,]*)(st|nd|rd|th)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL = Pattern.compile("\\b(\\d[\\d,]*)\\.(\\d+)\\b");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d{1,3}(?:,\\d{3})+\\b|\\d+");

  private TextNormalizer() {}

  /** {@code text} normalised to lower-case words separated by single spaces (empty for null). */
  public static String normalize(String text) {
    return String.join(" ", words(text));
  }

  /** {@code text} normalised, as a list of words; numbers with several readings read as cardinals. */
  public static List<String> words(String text) {
    Readings r = readings(text);
    return r.pick(new int[r.choices.size()]);
  }

  /** At most this many numbers with several readings are weighed in one text; later ones are read as cardinals. */
  private static final int MAX_CHOICES = 6;

  /**
   * {@code reference} normalised, each number that can be read several ways read the way that gives the lowest
   * word error rate against {@code hypothesis} (already normalised), the cardinal where readings tie.
   */
  public static List<String> wordsClosestTo(String reference, List<String> hypothesis) {
    Readings r = readings(reference);
    int[] pick = new int[r.choices.size()], best = pick.clone();
    int weighed = Math.min(pick.length, MAX_CHOICES);
    ErrorCounts bestCounts = ErrorCounts.align(r.pick(pick), hypothesis);
    while (bestCounts.errors() > 0 && next(pick, r.choices, weighed)) {
      ErrorCounts counts = ErrorCounts.align(r.pick(pick), hypothesis);
      // the lower error rate (a shorter reading is not preferred for its fewer words alone)
      if ((long) counts.errors() * bestCounts.reference() < (long) bestCounts.errors() * counts.reference()) {
        bestCounts = counts;
        best = pick.clone();
      }
    }
    return r.pick(best);
  }

  /**
   * Every way {@code text} may be said, normalised: the cardinal reading first, then each other combination of
   * the readings of its numbers (see the class comment; the first six such numbers weighed).
   */
  public static List<List<String>> allReadings(String text) {
    Readings r = readings(text);
    int[] pick = new int[r.choices.size()];
    List<List<String>> out = new ArrayList<>();
    do out.add(r.pick(pick)); while (next(pick, r.choices, Math.min(pick.length, MAX_CHOICES)));
    return out;
  }

  /** The next combination of readings (odometer order, first number fastest); false after the last. */
  private static boolean next(int[] pick, List<List<String>> choices, int weighed) {
    for (int k = 0; k < weighed; k++) {
      if (++pick[k] < choices.get(k).size()) return true;
      pick[k] = 0;
    }
    return false;
  }

  /** Normalised words in which {@link #SLOT}{@code k} stands for the k-th number's readings. */
  private record Readings(List<String> words, List<List<String>> choices) {
    List<String> pick(int[] pick) {
      if (choices.isEmpty()) return words;
      List<String> out = new ArrayList<>();
      for (String w : words) {
        int k = w.startsWith(SLOT) ? index(w.substring(SLOT.length())) : -1;
        if (k >= 0 && k < choices.size()) {
          out.addAll(Arrays.asList(choices.get(k).get(pick[k]).split(" ")));
        } else {
          out.add(w);
        }
      }
      return out;
    }
  }

  /**
   * Marks where a number with several readings stands while the rest of the text is normalised; its index is
   * written in letters ({@link #letters}), so that the number patterns do not see it.
   */
  private static final String SLOT = "earshotnumberslot";

  /** {@code k} in base 26 with the digits a..z, least significant first. */
  private static String letters(int k) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('a' + k % 26));
      k /= 26;
    } while (k > 0);
    return sb.toString();
  }

  /** The inverse of {@link #letters}; -1 for anything else. */
  private static int index(String s) {
    if (s.isEmpty() || s.length() > 5) return -1;
    int k = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c < 'a' || c > 'z') return -1;
      k = k * 26 + (c - 'a');
    }
    return k;
  }

  private static Readings readings(String text) {
    if (text == null) return new Readings(List.of(), List.of());
    List<List<String>> choices = new ArrayList<>();
    boolean slots = !text.toLowerCase(Locale.ROOT).contains(SLOT);
    // a number that may be read several ways becomes a slot, filled when the words are picked
    java.util.function.Function<String, String> amount = digitString -> {
      List<String> read = slots ? readAloud(digitString) : List.of();
      if (read.size() < 2) return number(digitString);
      choices.add(read);
      return SLOT + letters(choices.size() - 1);
    };
    String s = replace(MONEY, text, m -> money(m.group(1), m.group(2), amount));
    s = replace(PERCENT, s, m -> number(m.group(1)) + " percent ");
    s = replace(ORDINAL, s, m -> ordinal(cardinal(parse(m.group(1)))) + " ");
    s = replace(DECIMAL, s, m -> cardinal(parse(m.group(1))) + " point " + digits(m.group(2)) + " ");
    s = replace(NUMBER, s, m -> amount.apply(m.group()) + " ");
    s = s.replace("&", " and ").toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "");
    s = s.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    return new Readings(s.isEmpty() ? List.of() : Arrays.asList(s.split(" ")), choices);
  }

  /**
   * The ways a plain integer is read aloud, the cardinal first: for three or more digits without a leading zero,
   * also in pairs (up to four digits) and digit by digit. Fewer than two: the number has one reading.
   */
  static List<String> readAloud(String digitsWithCommas) {
    String digitString = digitsWithCommas.replace(",", "");
    if (digitString.length() < 3 || digitString.length() > 15 || digitString.startsWith("0")
        || !digitString.chars().allMatch(c -> c >= '0' && c <= '9')) return List.of();
    List<String> out = new ArrayList<>();
    out.add(cardinal(Long.parseLong(digitString)));
    String paired = paired(digitString);
    if (paired != null && !out.contains(paired)) out.add(paired);
    out.add(digits(digitString));
    return out;
  }

  /** {@code 450} "four fifty", {@code 4512} "forty five twelve", {@code 1200} "twelve hundred", {@code 1905} "nineteen oh five". */
  private static String paired(String d) {
    if (d.length() != 3 && d.length() != 4) return null;
    int head = Integer.parseInt(d.substring(0, d.length() - 2)), tail = Integer.parseInt(d.substring(d.length() - 2));
    if (tail == 0) return head % 10 == 0 && head >= 10 ? null : cardinal(head) + " hundred"; // not "twenty hundred"
    return cardinal(head) + (tail < 10 ? " oh " + ONES[tail] : " " + cardinal(tail));
  }

  private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(" " + f.apply(m) + " "));
    m.appendTail(sb);
    return sb.toString();
  }

  /** Dollars and cents in words, the dollars as {@code amount} reads them. */
  private static String money(String whole, String cents, java.util.function.Function<String, String> amount) {
    long d = parse(whole);
    String out = amount.apply(whole) + (d == 1 ? " dollar" : " dollars");
    if (cents != null) {
      long c = Long.parseLong(cents.length() == 1 ? cents + "0" : cents);
      if (c > 0) out += " " + cardinal(c) + (c == 1 ? " cent" : " cents");
    }
    return out;
  }

  /** A digit string: digit by digit with a leading zero (an identifier), else as a cardinal. */
  private static String number(String digitsWithCommas) {
    String plain = digitsWithCommas.replace(",", "");
    if (plain.length() > 1 && plain.startsWith("0") || plain.length() > 15) return digits(plain);
    return cardinal(Long.parseLong(plain));
  }

  private static long parse(String digitsWithCommas) {
    String plain = digitsWithCommas.replace(",", "");
    return plain.length() > 15 ? Long.MAX_VALUE : Long.parseLong(plain);
  }

  private static String digits(String s) {
    List<String> out = new ArrayList<>();
    for (char c : s.toCharArray()) if (c >= '0' && c <= '9') out.add(ONES[c - '0']);
    return String.join(" ", out);
  }

  /** A cardinal in words: {@code 1200} → "one thousand two hundred". */
  public static String cardinal(long n) {
    if (n == 0) return "zero";
    List<String> parts = new ArrayList<>();
    int scale = 0;
    while (n > 0 && scale < SCALES.length) {
      int chunk = (int) (n % 1000);
      if (chunk > 0) parts.add(0, (below1000(chunk) + (scale > 0 ? " " + SCALES[scale] : "")));
      n /= 1000;
      scale++;
    }
    return String.join(" ", parts);
  }

  private static String below1000(int n) {
    List<String> w = new ArrayList<>();
    if (n >= 100) {
      w.add(ONES[n / 100] + " hundred");
      n %= 100;
    }
    if (n >= 20) {
      w.add(TENS[n / 10] + (n % 10 > 0 ? " " + ONES[n % 10] : ""));
    } else if (n > 0) {
      w.add(ONES[n]);
    }
    return String.join(" ", w);
  }

  /** The ordinal of a spelled-out cardinal: its last word becomes "first", "twelfth", "twentieth"... */
  static String ordinal(String cardinal) {
    int at = cardinal.lastIndexOf(' ');
    String head = at < 0 ? "" : cardinal.substring(0, at + 1), last = cardinal.substring(at + 1);
    String ord = switch (last) {
      case "one" -> "first";
      case "two" -> "second";
      case "three" -> "third";
      case "five" -> "fifth";
      case "eight" -> "eighth";
      case "nine" -> "ninth";
      case "twelve" -> "twelfth";
      default -> last.endsWith("y") ? last.substring(0, last.length() - 1) + "ieth" : last + "th";
    };
    return head + ord;
  }
}
