package dev.earshot.tools.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The reference agent's form-filling mode ({@code earshot agent --form}): a caller who asks to update their details is
 * asked for their name, date of birth and account number in an order drawn from the agent's seed and the call's id, each
 * question asked again until the answer fits it (a month or "born" for the date, four digits or more for the account, and
 * neither for the name), then told they are verified. What a scripted caller that answers in a fixed order cannot pass.
 */
final class Form {
  static final String START = "update_details";
  static final String ASK_NAME = "ask_name";
  static final String ASK_DOB = "ask_date_of_birth";
  static final String ASK_ACCOUNT = "ask_account_number";
  static final String VERIFIED = "verified";
  static final List<String> QUESTIONS = List.of(ASK_NAME, ASK_DOB, ASK_ACCOUNT);

  private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july", "august",
      "september", "october", "november", "december");
  /** Digits as a recogniser writes them, with their usual homophones ("for", "to", "won", "ate"). */
  private static final List<String> DIGITS = List.of("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "for", "fore", "to", "too", "won", "ate", "tree");

  private final List<String> order;
  private int asked = -1; // the question being asked; -1 before the form began

  Form(long seed, String callId) {
    List<String> q = new ArrayList<>(QUESTIONS);
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ callId.hashCode());
    for (int i = q.size() - 1; i > 0; i--) java.util.Collections.swap(q, i, random.nextInt(i + 1));
    this.order = List.copyOf(q);
  }

  /** The order this call's questions come in. */
  List<String> order() {
    return order;
  }

  /**
   * The prompt that answers {@code heard} (classified by the bank as {@code intent}): the first question once the caller
   * asks to update their details, then the next question when the answer fits the one asked (the same one again when it
   * does not), {@link #VERIFIED} after the last; null when the form is not under way (the bank answers as usual).
   */
  String next(String heard, String intent) {
    if (asked < 0) {
      if (!START.equals(intent)) return null;
      asked = 0;
      return order.get(0);
    }
    if (asked >= order.size()) return null; // done: the bank as usual
    if (!fits(order.get(asked), heard)) return order.get(asked);
    asked++;
    return asked < order.size() ? order.get(asked) : VERIFIED;
  }

  /** Whether {@code heard} answers question {@code question}. */
  static boolean fits(String question, String heard) {
    List<String> words = List.of(heard.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]+", " ").trim().split("\\s+"));
    boolean date = words.stream().anyMatch(w -> MONTHS.contains(w) || w.equals("born"));
    boolean number = words.stream().filter(DIGITS::contains).count() >= 4;
    return switch (question) {
      case ASK_DOB -> date;
      case ASK_ACCOUNT -> number;
      default -> !date && !number && !heard.isBlank();
    };
  }
}
