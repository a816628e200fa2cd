package dev.earshot.audio.profile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.earshot.audio.OneLine;
import dev.earshot.audio.Wav;
import dev.earshot.audio.WavFormatException;

/**
 * The audio module's parsers of user input, fuzzed: whatever the bytes, a profile YAML file is a profile or a
 * {@link ProfileException}, a WAV file is samples or a {@link WavFormatException}, each with a one-line message
 * naming the source. Any other exception (or a message over several lines) is a finding. The seed corpus is in
 * {@code src/test/resources/dev/earshot/audio/profile/UserInputFuzzTestInputs/METHOD/}; {@code bench/fuzz.sh} fuzzes.
 */
class UserInputFuzzTest {
  /** Both parsers in one target, the first byte choosing: what {@code mvn verify} fuzzes for a few seconds. */
  @FuzzTest
  void all(byte[] data) {
    if (data.length == 0) return;
    byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
    if ((data[0] & 1) == 0) profileYaml(rest);
    else wav(rest);
  }

  @FuzzTest
  void profileYaml(byte[] yaml) {
    try {
      Profiles.parse(yaml, "fuzz.yaml");
    } catch (ProfileException e) {
      OneLine.assertOneLine(e.getMessage(), "fuzz.yaml");
    }
  }

  @FuzzTest
  void wav(byte[] bytes) {
    try {
      Wav.parse(bytes, "fuzz.wav");
    } catch (WavFormatException e) {
      OneLine.assertOneLine(e.getMessage(), "fuzz.wav");
    }
  }
}
