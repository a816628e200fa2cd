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

  /** {@code text} normalised, as a list of words. */
  public static List<String> words(String text) {
    if (text == null) return List.of();
    String s = replace(MONEY, text, m -> money(m.group(1), m.group(2)));
    s = replace(PERCENT, s, m -> number(m.group(1)) + " percent ");
    s = replace(ORDINAL, s, m -> ordinal(cardinal(parse(m.group(1)))) + " ");
    s = replace(DECIMAL, s, m -> cardinal(parse(m.group(1))) + " point " + digits(m.group(2)) + " ");
    s = replace(NUMBER, s, m -> number(m.group()) + " ");
    s = s.replace("&", " and ").toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "");
    s = s.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
  }

  private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(" " + f.apply(m) + " "));
    m.appendTail(sb);
    return sb.toString();
  }

  private static String money(String whole, String cents) {
    long d = parse(whole);
    String out = cardinal(d) + (d == 1 ? " dollar" : " dollars");
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
