package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under deploy/ as a cluster would run them: an Indexed Job whose N pods are the N shards of
 * one plan, and a merge Job reading exactly the directories they write. Each pod's command line is expanded by a real
 * shell with the environment Kubernetes gives it (JOB_COMPLETION_INDEX and the container's env), and parsed by
 * earshot's own command line: a manifest that drifts from the CLI, or from its other half, fails here.
 */
class DeployManifestTest {
  private static final Path DEPLOY = Path.of("..", "deploy", "kubernetes");
  /** Where the test mounts the Jobs' shared volume ({@code /results} in the pods). */
  @org.junit.jupiter.api.io.TempDir Path volume;

  private static List<JsonNode> documents(String file) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (var parser = yaml.getFactory().createParser(Files.readString(DEPLOY.resolve(file)))) {
      for (var it = yaml.readValues(parser, JsonNode.class); it.hasNext(); ) docs.add(it.next());
    }
    return docs;
  }

  private static JsonNode job(String file) throws Exception {
    return documents(file).stream().filter(d -> "Job".equals(d.path("kind").asText())).findFirst().orElseThrow();
  }

  /** The container's command, expanded by sh as the pod would, with its java launcher taken off: earshot's own arguments. */
  private List<String> argsOf(JsonNode job, int completionIndex) throws Exception {
    JsonNode container = job.at("/spec/template/spec/containers/0");
    assertEquals("[\"sh\",\"-c\"]", container.get("command").toString());
    String script = container.at("/args/0").asText();
    assertTrue(script.startsWith("exec java "), script);
    String printed = script.replaceFirst("^exec java( -D\\S+)? -jar /opt/earshot/earshot.jar", "printf '%s\\\\n'");
    ProcessBuilder sh = new ProcessBuilder("sh", "-c", printed).redirectErrorStream(true);
    Map<String, String> env = sh.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("JOB_COMPLETION_INDEX", String.valueOf(completionIndex));
    for (JsonNode e : container.get("env")) env.put(e.get("name").asText(), e.get("value").asText());
    Process p = sh.start();
    List<String> args = new String(p.getInputStream().readAllBytes()).lines().toList();
    assertEquals(0, p.waitFor(), String.join("\n", args));
    // the volume is mounted at /results: here, at a directory of the test's
    return args.stream().map(a -> a.startsWith("/results/") ? volume.resolve(a.substring("/results/".length())).toString() : a).toList();
  }

  @Test
  void theLoadJobsPodsAreTheShardsOfOnePlanAndTheMergeReadsThemAll() throws Exception {
    JsonNode load = job("load-job.yaml"), merge = job("merge-job.yaml");
    assertEquals("Indexed", load.at("/spec/completionMode").asText());
    int shards = load.at("/spec/completions").asInt();
    assertEquals(shards, load.at("/spec/parallelism").asInt(), "every shard at once");
    assertEquals(0, load.at("/spec/backoffLimit").asInt(), "a shard is never placed twice");
    List<String> outs = new ArrayList<>();
    Map<String, Object> plan = null;
    for (int i = 0; i < shards; i++) {
      List<String> args = argsOf(load, i);
      assertEquals("load", args.get(0), args.toString());
      LoadCommand cmd = new LoadCommand();
      new picocli.CommandLine(cmd).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
      assertEquals((i + 1) + "/" + shards, cmd.shard, "pod " + i + " places shard " + (i + 1));
      Map<String, Object> mine = new HashMap<>(Map.of("agent", cmd.agent, "calls", cmd.calls, "duration", cmd.duration, "rate", cmd.rate, "seed", cmd.seed));
      if (plan == null) plan = mine;
      assertEquals(plan, mine, "every shard is given the same plan");
      outs.add(cmd.out.toString());
    }
    assertEquals(shards, outs.stream().distinct().count(), "each shard writes its own directory: " + outs);
    for (String out : outs) Files.createDirectories(Path.of(out)); // as the shards leave them for the merge
    List<String> args = argsOf(merge, 0);
    assertEquals("merge", args.get(0), args.toString());
    MergeCommand m = new MergeCommand();
    new picocli.CommandLine(m).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    assertEquals(outs, m.dirs.stream().map(Path::toString).toList(), "the merge reads every shard's directory");
    assertTrue(!outs.contains(m.out.toString()), "and writes elsewhere");
    assertEquals(documents("load-job.yaml").get(0).at("/metadata/name").asText(), merge.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText(),
        "on the load job's volume");
  }
}
