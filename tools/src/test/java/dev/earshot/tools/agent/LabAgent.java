package dev.earshot.tools.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.earshot.telephony.netns.NetLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The reference agent (or any earshot command) as its own process from the built jar, inside a {@link NetLab} namespace. */
public final class LabAgent {
  /** The jar {@code mvn verify} built before the integration tests. */
  public static final Path JAR = Path.of("target/earshot.jar").toAbsolutePath();
  private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private LabAgent() {}

  /** {@code earshot agent ARGS} in {@code ns}, logging to {@code log}, once it says it listens (90 s at most). */
  public static Process start(NetLab lab, String ns, Path log, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("java", "-Dearshot.vosk.model=" + System.getProperty("earshot.vosk.model"), "-jar", JAR.toString(),
        "agent"));
    cmd.addAll(List.of(args));
    Process p = lab.start(ns, log, cmd);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains("reference agent listening on")) return p;
      if (!p.isAlive()) throw new AssertionError("agent exited " + p.exitValue() + ": " + Files.readString(log));
      Thread.sleep(200);
    }
    throw new AssertionError("agent not listening within 90 s: " + Files.readString(log));
  }

  /** {@code earshot ARGS} in {@code ns}; waits for it (at most {@code seconds}) and returns its exit code. */
  public static int run(NetLab lab, String ns, Path log, long seconds, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    Process p = lab.start(ns, log, cmd);
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) throw new AssertionError("earshot " + args[0] + " still running after " + seconds + " s: " + Files.readString(log));
    return p.exitValue();
  }

  /** The agent's JSON turn lines from its log (other lines skipped). */
  public static List<AgentTurn> turns(Path log) throws IOException {
    List<AgentTurn> out = new ArrayList<>();
    for (String line : Files.readAllLines(log)) if (line.startsWith("{\"call\"")) out.add(JSON.readValue(line, AgentTurn.class));
    return out;
  }
}
