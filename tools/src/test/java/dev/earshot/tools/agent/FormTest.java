package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference agent's --form mode: a seeded order per call, and a question asked again until its answer fits. */
class FormTest {
  @Test
  void theOrderIsTheSeedsAndTheCallsAndVaries() {
    assertEquals(new Form(1, "a--clean--t1").order(), new Form(1, "a--clean--t1").order(), "the same seed and call: the same order");
    Set<List<String>> orders = new HashSet<>();
    for (int t = 1; t <= 10; t++) orders.add(new Form(1, "update-address--clean--t" + t).order());
    assertTrue(orders.size() >= 3, "ten calls, several orders: " + orders);
    for (List<String> o : orders) assertEquals(new HashSet<>(Form.QUESTIONS), new HashSet<>(o));
  }

  @Test
  void eachQuestionIsAskedUntilItsAnswerFits() {
    Form f = new Form(1, "x");
    List<String> order = f.order();
    assertNull(f.next("what is my balance", "check_balance"), "not under way: the bank answers");
    assertEquals(order.get(0), f.next("i would like to update my address", Form.START));
    String[] answers = {"", "", ""};
    for (int i = 0; i < 3; i++) {
      answers[i] = switch (order.get(i)) {
        case Form.ASK_DOB -> "i was born on the fourth of july nineteen eighty";
        case Form.ASK_ACCOUNT -> "my account number is one two three four five six";
        default -> "my name is alice smith";
      };
    }
    String wrong = order.get(0).equals(Form.ASK_ACCOUNT) ? "my name is alice smith" : "my account number is one two three four five six";
    assertEquals(order.get(0), f.next(wrong, "unknown"), "the wrong answer: the same question again");
    assertEquals(order.get(1), f.next(answers[0], "unknown"));
    assertEquals(order.get(2), f.next(answers[1], "unknown"));
    assertEquals(Form.VERIFIED, f.next(answers[2], "unknown"));
    assertNull(f.next("goodbye", "goodbye"), "done: the bank again");
  }

  @Test
  void answersFitTheirQuestionsOnly() {
    assertTrue(Form.fits(Form.ASK_ACCOUNT, "it is for for one two seven"), "homophones of digits count");
    assertFalse(Form.fits(Form.ASK_ACCOUNT, "one two three"));
    assertTrue(Form.fits(Form.ASK_DOB, "the fourth of july"));
    assertFalse(Form.fits(Form.ASK_NAME, "the fourth of july"));
    assertFalse(Form.fits(Form.ASK_NAME, ""));
    assertTrue(Form.fits(Form.ASK_NAME, "alice smith"));
  }
}
