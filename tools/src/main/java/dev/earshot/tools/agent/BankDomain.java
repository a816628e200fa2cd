package dev.earshot.tools.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference agent's small demo domain, a retail bank: keyword rules from caller words to an intent, and
 * one distinctive spoken reply per intent. Rules are tried in order; the first that fires wins.
 */
final class BankDomain {
  static final String GREETING = "greeting";

  /** The greeting of a caller the bank knows by number. */
  static String greetingFor(String name) {
    return "Welcome back to Earshot Bank, " + name + ". How can I help you today?";
  }
  static final String UNKNOWN = "unknown";
  static final String SPEAK_TO_AGENT = "speak_to_agent";
  static final String GOODBYE = "goodbye";
  /** What the agent says when it comes back from hold ({@code --hold-ms}). */
  static final String BACK_FROM_HOLD = "back_from_hold";

  private static final Map<String, List<String>> KEYWORDS = new LinkedHashMap<>();
  static final Map<String, String> PROMPTS = new LinkedHashMap<>();
  /**
   * The tool (back-end function) each reply stands for, as the agent reports it on the side channel: its name and
   * arguments. The bank's replies are canned, so the "calls" are too; what matters is that a test can check them.
   */
  static final Map<String, Map.Entry<String, Map<String, String>>> TOOLS = Map.of(
      "check_balance", Map.entry("get_balance", Map.of("account", "main")),
      "report_lost_card", Map.entry("block_card", Map.of("card", "debit", "reissue", "true")),
      "transfer_funds", Map.entry("schedule_transfer", Map.of("when", "today")),
      "speak_to_agent", Map.entry("transfer_to_human", Map.of("queue", "representatives")),
      Form.VERIFIED, Map.entry("verify_identity", Map.of("fields", "name,date_of_birth,account_number")));

  /** The text of prompt {@code key}: the bank's, the form's, else the re-prompt's. */
  static String promptText(String key) {
    String t = PROMPTS.get(key);
    if (t == null) t = FORM_PROMPTS.get(key);
    return t != null ? t : PROMPTS.get(UNKNOWN);
  }

  /** The questions of {@code --form} mode ({@link Form}) and its last word, and what the agent says back from hold. */
  static final Map<String, String> FORM_PROMPTS = new LinkedHashMap<>();

  static {
    KEYWORDS.put(Form.START, List.of("update my", "change my address", "my details", "new address"));
    KEYWORDS.put("report_lost_card", List.of("lost", "lose", "stolen", "missing", "block my card"));
    KEYWORDS.put("transfer_funds", List.of("transfer", "send money", "move money", "pay my"));
    KEYWORDS.put("check_balance", List.of("balance", "how much money", "how much is in"));
    KEYWORDS.put("speak_to_agent", List.of("agent", "representative", "human", "person", "operator", "someone"));
    KEYWORDS.put(GOODBYE, List.of("goodbye", "good bye", "bye", "that's all", "that is all", "nothing else"));

    PROMPTS.put(GREETING, "Welcome to Earshot Bank. How can I help you today?");
    PROMPTS.put("check_balance", "Your current balance is one thousand two hundred dollars. Anything else?");
    PROMPTS.put("report_lost_card", "I have blocked your card, and a new card is on its way. Anything else?");
    PROMPTS.put("transfer_funds", "Your transfer has been scheduled for today. Anything else?");
    PROMPTS.put("speak_to_agent", "Please hold while I connect you to a representative.");
    PROMPTS.put(GOODBYE, "Thank you for calling Earshot Bank. Goodbye.");
    PROMPTS.put(UNKNOWN, "Sorry, I did not understand that. Please tell me what you need in a few words.");
    PROMPTS.put(Form.START, "To update your details, please visit a branch with your passport. Anything else?");
    FORM_PROMPTS.put(BACK_FROM_HOLD, "Thank you for holding. This is Sam, a representative. How can I help you?");
    FORM_PROMPTS.put(Form.ASK_NAME, "Please tell me your full name.");
    FORM_PROMPTS.put(Form.ASK_DOB, "What is your date of birth?");
    FORM_PROMPTS.put(Form.ASK_ACCOUNT, "What is your account number?");
    FORM_PROMPTS.put(Form.VERIFIED, "Thank you, your identity is confirmed, and your address can now be changed. Anything else?");
  }

  private BankDomain() {}

  /** The intent for what the caller said; {@link #UNKNOWN} when no rule fires. */
  static String classify(String heard) {
    String text = " " + heard.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]+", " ").replaceAll("\\s+", " ").trim() + " ";
    for (Map.Entry<String, List<String>> rule : KEYWORDS.entrySet()) {
      for (String k : rule.getValue()) if (text.contains(" " + k + " ")) return rule.getKey();
    }
    return UNKNOWN;
  }
}
