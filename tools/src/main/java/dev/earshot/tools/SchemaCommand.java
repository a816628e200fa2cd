package dev.earshot.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Prints the JSON Schema of suite YAML files, for editors that complete and check YAML against a schema.",
        "E.g. earshot schema > suite.schema.json, then begin a suite with: # yaml-language-server: $schema=suite.schema.json"})
final class SchemaCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    try (InputStream in = dev.earshot.harness.SuiteLoader.class.getResourceAsStream("suite.schema.json")) {
      if (in == null) throw new IOException("suite.schema.json missing from the jar");
      spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
