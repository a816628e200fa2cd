package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.earshot.audio.OneLine;
import dev.earshot.telephony.sip.SipCredentials;

/**
 * The secrets file's parser, fuzzed: accounts or a {@link BadInputException} naming the file in one line, and
 * never a password in the message. Seeds in {@code src/test/resources/dev/earshot/tools/SecretsFuzzTestInputs/secrets/}.
 */
class SecretsFuzzTest {
  @FuzzTest
  void secrets(byte[] bytes) {
    try {
      for (SipCredentials c : SipOptions.parseSecrets(bytes, "fuzz.secrets")) {
        assertFalse(c.username().isBlank(), "an account has a user name");
        assertTrue(c.username().chars().noneMatch(Character::isISOControl) && c.password().chars().noneMatch(ch -> ch == '"'),
            "nothing that could break the Authorization header: " + c);
      }
    } catch (BadInputException e) {
      OneLine.assertOneLine(e.getMessage(), "fuzz.secrets");
    }
  }
}
