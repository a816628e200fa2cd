package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report schema: a real report.json validates against it (every field of the model described, none extra,
 * nulls only where allowed), a broken one does not, and the copy shipped in docs/ is the one the jar prints.
 */
class ReportSchemaTest {
  private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Reports.schema());

  @Test
  void theSampleReportIsValid(@TempDir Path dir) throws Exception {
    Reports.writeJson(ReportsTest.sample(), dir);
    JsonNode report = JsonReportWriter.JSON.readTree(dir.resolve("report.json").toFile());
    assertEquals(Set.of(), SCHEMA.validate(report));
    ((com.fasterxml.jackson.databind.node.ObjectNode) report.path("calls").get(0)).put("status", 3);
    ((com.fasterxml.jackson.databind.node.ObjectNode) report.path("calls").get(2).path("failure")).put("layer", "dsp");
    String errors = SCHEMA.validate(report).toString();
    assertTrue(errors.contains("$.calls[0].status: integer found, string expected") && errors.contains("$.calls[2].failure.layer: does not have a value"),
        "a wrong type and an unknown layer: " + errors);
  }

  @Test
  void aRunStillGoingIsValidToo(@TempDir Path dir) throws Exception {
    Reports.writeStart(new RunPlan("s", "sip:a@b", 1, java.time.Instant.EPOCH, java.util.List.of("x", "y"), java.util.List.of(1L, 2L)), dir);
    assertEquals(Set.of(), SCHEMA.validate(JsonReportWriter.JSON.readTree(dir.resolve("report.json").toFile())));
  }

  @Test
  void theShippedSchemaIsTheOneTheJarPrints() throws Exception {
    String shipped = Files.readString(Path.of("../docs/report.schema.json"));
    assertEquals(Reports.schema(), shipped, "docs/report.schema.json is out of date: regenerate it with 'earshot schema report'");
    assertFalse(shipped.contains("\"description\" : \"\""));
  }
}
