package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BankDomainTest {
  @ParameterizedTest
  @CsvSource({
    "i would like to check my account balance, check_balance",
    "how much money is in my account, check_balance",
    "i think i lost my credit card yesterday, report_lost_card",
    "my debit card was stolen, report_lost_card",
    "i need to transfer money to my savings, transfer_funds",
    "can i speak to a real person please, speak_to_agent",
    "no that is all goodbye, goodbye",
    "the weather is nice, unknown",
    "'', unknown",
  })
  void classifiesWhatTheCallerSaid(String heard, String intent) {
    assertEquals(intent, BankDomain.classify(heard));
  }

  @Test
  void wordsMatchWholeNotInsideOtherWords() {
    assertEquals(BankDomain.UNKNOWN, BankDomain.classify("the agenda is clear")); // not "agent"
    assertEquals(BankDomain.UNKNOWN, BankDomain.classify("abyss")); // not "bye"
  }

  @Test
  void everyIntentHasItsOwnPrompt() {
    for (String intent : new String[] {"greeting", "check_balance", "report_lost_card", "transfer_funds", "speak_to_agent", "goodbye", "unknown"}) {
      assertTrue(BankDomain.PROMPTS.containsKey(intent), intent);
    }
    assertEquals(BankDomain.PROMPTS.size(), BankDomain.PROMPTS.values().stream().distinct().count(), "prompts are distinct");
  }
}
