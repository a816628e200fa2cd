package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary.md} against a golden file, from the same sample run as the other formats. */
class MarkdownWriterTest {
  @Test
  void theSampleRunMatchesItsGoldenFile(@TempDir Path dir) throws Exception {
    Reports.writeMarkdown(ReportsTest.sample(), dir);
    String golden;
    try (var in = MarkdownWriterTest.class.getResourceAsStream("summary.golden.md")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(golden, Files.readString(dir.resolve(Reports.SUMMARY_MD)));
  }

  @Test
  void tableTextCannotBreakTheTable() {
    assertEquals("heard \\| \\`rm\\` \\*x\\* on two lines", MarkdownWriter.text("heard | `rm` *x*\non two lines"));
  }

  @Test
  void aRunThatPassedSaysSoAndListsNoCell() {
    RunResult run = ReportsTest.sample();
    RunResult passed = new RunResult(run.suite(), run.agent(), run.seed(), Instant.EPOCH, Instant.EPOCH, List.of(run.calls().get(0)));
    String md = Reports.markdown(passed);
    assertTrue(md.contains("**Passed**: 1 of 1 calls passed, 2 of 2 turns; seed 7.") && md.contains("Every scenario passed under every profile."), md);
  }
}
