package dev.earshot.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Prints a JSON Schema: of suite YAML files (the default), for editors that complete and check YAML against a schema; or of report.json, each field documented.",
        "E.g. earshot schema > suite.schema.json, then begin a suite with: # yaml-language-server: $schema=suite.schema.json",
        "earshot schema report > report.schema.json describes the results (the same as docs/report.schema.json)."})
final class SchemaCommand implements Callable<Integer> {
  enum Of { suite, report }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", defaultValue = "suite", description = "suite (default) or report.")
  Of what;

  @Override
  public Integer call() throws IOException {
    String text;
    if (what == Of.report) {
      text = dev.earshot.report.Reports.schema();
    } else {
      try (InputStream in = dev.earshot.harness.SuiteLoader.class.getResourceAsStream("suite.schema.json")) {
        if (in == null) throw new IOException("suite.schema.json missing from the jar");
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
