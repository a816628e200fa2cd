package dev.earshot.audio;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Integration tests that need a third-party program: skip without it, except under CI, which installs it. */
public final class ExternalTools {
  private ExternalTools() {}

  /** Skips the test (fails under {@code CI}) unless {@code program versionFlag} runs; names the Debian packages. */
  public static void require(String program, String versionFlag, String debianPackages) {
    require(program, versionFlag, debianPackages, false);
  }

  /**
   * As {@link #require(String, String, String)}; with {@code anyExitCode}, the program only has to start and
   * end (SIPp's {@code -v} exits with 99).
   */
  public static void require(String program, String versionFlag, String debianPackages, boolean anyExitCode) {
    boolean present;
    try {
      Process p = new ProcessBuilder(program, versionFlag).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      present = p.waitFor(20, TimeUnit.SECONDS) && (anyExitCode || p.exitValue() == 0);
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (!present && System.getenv("CI") != null) fail(program + " is not installed; .ci/run installs the Debian packages " + debianPackages);
    Assumptions.assumeTrue(present, program + " not installed (apt-get install " + debianPackages + ")");
  }
}
