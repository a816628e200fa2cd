package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.earshot.audio.OneLine;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.harness.sidechannel.SideChannel;
import dev.earshot.telephony.sip.SipSession;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The harness's parsers of what users and agents write, fuzzed: a suite file, a persona file, an agent's
 * side-channel report. A suite or persona is a value or a {@link SuiteException} naming the file in one line; a
 * report is answered with one of the side channel's statuses and a one-line reason, and never throws. Seeds in
 * {@code src/test/resources/dev/earshot/harness/UserInputFuzzTestInputs/METHOD/}.
 */
class UserInputFuzzTest {
  private static final Profiles PROFILES = Profiles.builtIn();
  private static SideChannel side;

  @BeforeAll
  static void start() {
    side = SideChannel.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    side.close();
  }

  /** The three parsers in one target, the first byte choosing: what {@code mvn verify} fuzzes for a few seconds. */
  @FuzzTest
  void all(byte[] data) {
    if (data.length == 0) return;
    byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
    switch ((data[0] & 0xff) % 3) {
      case 0 -> suite(rest);
      case 1 -> persona(rest);
      default -> sideChannelReport(rest);
    }
  }

  @FuzzTest
  void suite(byte[] yaml) {
    try {
      SuiteLoader.parse(yaml, "fuzz.yaml", PROFILES);
    } catch (SuiteException e) {
      OneLine.assertOneLine(e.getMessage(), "fuzz.yaml");
    }
  }

  @FuzzTest
  void persona(byte[] yaml) {
    try {
      Personas.parse(yaml, "fuzz.yaml");
    } catch (SuiteException e) {
      OneLine.assertOneLine(e.getMessage(), "fuzz.yaml");
    }
  }

  @FuzzTest
  void sideChannelReport(byte[] body) {
    side.expect("c1");
    try {
      SipSession.MessageReply r = side.acceptSip("c1", new SipSession.InDialogMessage("INFO", "application/json", new String(body, StandardCharsets.UTF_8)));
      assertTrue(Set.of(200, 400, 415, 481).contains(r.status()), "a side-channel status: " + r);
      OneLine.assertOneLine(r.reason(), null);
    } finally {
      side.forget("c1");
    }
  }
}
