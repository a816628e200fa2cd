package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junit.xml}: against its golden file, and read back by Maven's own JUnit XML parser, as a CI server reads it. */
class JunitXmlWriterTest {
  private static String written(RunResult run, Path dir) throws Exception {
    Reports.writeJunit(run, dir);
    return Files.readString(dir.resolve(Reports.JUNIT_XML));
  }

  @Test
  void theSampleRunMatchesItsGoldenFile(@TempDir Path dir) throws Exception {
    String golden;
    try (var in = JunitXmlWriterTest.class.getResourceAsStream("junit.golden.xml")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(golden, written(ReportsTest.sample(), dir).replace(Reports.VERSION, "VERSION"));
  }

  @Test
  void aCiReaderSeesASuitePerProfileACasePerScenarioAndTheLayerOfEachFailure(@TempDir Path dir) throws Exception {
    written(ReportsTest.sample(), dir);
    List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger()).parse(dir.resolve(Reports.JUNIT_XML).toString());
    assertEquals(List.of("earshot.demo.clean", "earshot.demo.noisy-phone"), suites.stream().map(ReportTestSuite::getFullClassName).toList());
    assertEquals(List.of("clean", "noisy-phone"), suites.stream().map(ReportTestSuite::getName).toList(), "a CI shows the profile as the class");
    ReportTestSuite clean = suites.get(0);
    assertEquals(2, clean.getNumberOfTests());
    assertEquals(1, clean.getNumberOfFailures());
    ReportTestCase busy = clean.getTestCases().stream().filter(c -> c.getName().equals("b")).findFirst().orElseThrow();
    assertTrue(busy.hasFailure());
    assertEquals("[telephony] 486 Busy Here", busy.getFailureMessage());
    assertEquals("sip_status", busy.getFailureType());
    ReportTestCase a = suites.get(1).getTestCases().get(0);
    assertEquals("[response] the agent chose check_balance (side channel) but its reply says unknown", a.getFailureMessage());
    assertTrue(clean.getTestCases().stream().filter(c -> c.getName().equals("a")).findFirst().orElseThrow().isSuccessful());
  }

  /** What an agent sends (a transcript with control characters) cannot break the file. */
  @Test
  void controlCharactersFromTheAgentAreEscaped(@TempDir Path dir) throws Exception {
    RunResult run = ReportsTest.sample();
    CallResult c = run.calls().get(0);
    CallResult hostile = c.toBuilder().greeting("hello\u0000\u001b[31m there").build();
    String xml = written(new RunResult(run.suite(), run.agent(), run.seed(), run.started(), run.finished(), List.of(hostile)), dir);
    assertTrue(xml.contains("hello\\x00\\x1b[31m there"), xml);
    assertFalse(xml.contains("\u0000"));
    assertEquals(1, new TestSuiteXmlParser(new NullConsoleLogger()).parse(dir.resolve(Reports.JUNIT_XML).toString()).size());
  }
}
