package dev.earshot.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} in the Ant/Surefire format every CI server reads: a {@code <testsuite>} per profile (and
 * persona), named {@code earshot.SUITE.PROFILE[.PERSONA]} (the cases' classname too, as Surefire has it), a
 * {@code <testcase>} per scenario with its trials folded in. A failed case's {@code message} names
 * the layer ({@code [intent] ...}) and its {@code type} is the failure's code; {@code <system-out>} holds every
 * trial's transcripts; properties hold the suite, seed, agent and Earshot's version.
 */
final class JunitXmlWriter {
  private JunitXmlWriter() {}

  static String render(RunResult run, String earshotVersion) {
    Map<String, Map<String, List<CallResult>>> suites = new LinkedHashMap<>(); // profile (/ persona) -> scenario -> trials
    for (CallResult c : run.calls()) {
      suites.computeIfAbsent("earshot." + run.suite() + "." + c.profile() + (c.persona() == null ? "" : "." + c.persona()), k -> new LinkedHashMap<>())
          .computeIfAbsent(c.scenario(), k -> new ArrayList<>()).add(c);
    }
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "earshot " + clean(run.suite()));
      int cases = suites.values().stream().mapToInt(Map::size).sum();
      long failedCases = suites.values().stream().flatMap(m -> m.values().stream()).filter(t -> t.stream().anyMatch(c -> !c.passed())).count();
      x.writeAttribute("tests", String.valueOf(cases));
      x.writeAttribute("failures", String.valueOf(failedCases));
      x.writeAttribute("errors", "0");
      x.writeAttribute("time", seconds(run.calls()));
      for (Map.Entry<String, Map<String, List<CallResult>>> s : suites.entrySet()) {
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", clean(s.getKey()));
        x.writeAttribute("tests", String.valueOf(s.getValue().size()));
        x.writeAttribute("failures", String.valueOf(s.getValue().values().stream().filter(t -> t.stream().anyMatch(c -> !c.passed())).count()));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", seconds(s.getValue().values().stream().flatMap(List::stream).toList()));
        if (run.started() != null) x.writeAttribute("timestamp", run.started().toString().replaceAll("(\\.\\d+)?Z$", ""));
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "earshot.suite", run.suite());
        property(x, "earshot.seed", String.valueOf(run.seed()));
        property(x, "earshot.agent", run.agent());
        property(x, "earshot.version", earshotVersion);
        property(x, "earshot.complete", String.valueOf(run.complete()));
        x.writeCharacters("\n    ");
        x.writeEndElement();
        for (Map.Entry<String, List<CallResult>> c : s.getValue().entrySet()) testcase(x, s.getKey(), c.getKey(), c.getValue());
        x.writeCharacters("\n  ");
        x.writeEndElement();
      }
      x.writeCharacters("\n");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("junit.xml: " + e.getMessage(), e);
    }
    return text.toString();
  }

  /** A scenario's trials under one profile; {@code suiteName} is the testsuite's name and the case's classname, as Surefire writes them. */
  private static void testcase(XMLStreamWriter x, String suiteName, String scenario, List<CallResult> trials) throws XMLStreamException {
    x.writeCharacters("\n    ");
    x.writeStartElement("testcase");
    x.writeAttribute("name", clean(scenario));
    x.writeAttribute("classname", clean(suiteName));
    x.writeAttribute("time", seconds(trials));
    List<CallResult> failed = trials.stream().filter(c -> !c.passed()).toList();
    if (!failed.isEmpty()) {
      Failure first = Layers.firstFailure(failed.get(0));
      String layer = first != null ? first.layer().id() : Layers.BARGE_IN;
      x.writeCharacters("\n      ");
      x.writeStartElement("failure");
      x.writeAttribute("message", clean("[" + layer + "] " + (first != null ? first.message() : "a barge-in step failed")
          + (trials.size() > 1 ? " (" + failed.size() + " of " + trials.size() + " trials failed)" : "")));
      x.writeAttribute("type", first != null ? first.code() : Failure.Codes.BARGE_IN);
      StringBuilder detail = new StringBuilder();
      for (CallResult c : failed) {
        detail.append(c.id()).append(": failed in ").append(String.join(", ", c.failedLayers())).append('\n');
        if (c.failure() != null) detail.append("  call: [").append(c.failure().layer()).append("] ").append(c.failure().code()).append(": ").append(c.failure().message()).append('\n');
        for (TurnResult t : c.turns()) {
          if (t.passed() || t.failure() == null) continue;
          detail.append("  turn ").append(t.index()).append(": [").append(Layers.ofTurn(c, t)).append("] ").append(t.failure().code()).append(": ")
              .append(t.failure().message()).append('\n');
        }
        for (BargeInResult b : c.bargeIns()) if (!b.passed()) detail.append("  step ").append(b.step()).append(" ").append(b.kind()).append(": ").append(b.detail()).append('\n');
      }
      x.writeCharacters(clean(detail.toString()));
      x.writeEndElement();
    }
    x.writeCharacters("\n      ");
    x.writeStartElement("system-out");
    StringBuilder out = new StringBuilder();
    for (CallResult c : trials) {
      out.append(c.id()).append(" (seed ").append(c.seed()).append(", ").append(c.status()).append(c.recording() == null ? "" : ", " + c.recording()).append(")\n");
      if (c.greeting() != null) out.append("  greeting: ").append(c.greeting()).append('\n');
      for (TurnResult t : c.turns()) {
        out.append("  turn ").append(t.index()).append(t.passed() ? " pass" : " FAIL").append('\n');
        out.append("    caller said:      ").append(t.said()).append('\n');
        if (t.agent() != null && t.agent().heard() != null) out.append("    agent heard:      ").append(t.agent().heard()).append('\n');
        out.append("    agent said:       ").append(t.heard() == null ? "(nothing)" : t.heard()).append('\n');
        if (t.latencyMs() != null) out.append(String.format(Locale.ROOT, "    latency:          %.0f ms%n", t.latencyMs()));
      }
    }
    x.writeCharacters(clean(out.toString()));
    x.writeEndElement();
    x.writeCharacters("\n    ");
    x.writeEndElement();
  }

  private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
    x.writeCharacters("\n      ");
    x.writeEmptyElement("property");
    x.writeAttribute("name", name);
    x.writeAttribute("value", clean(value == null ? "" : value));
  }

  private static String seconds(List<CallResult> calls) {
    return String.format(Locale.ROOT, "%.3f", calls.stream().mapToDouble(CallResult::durationS).sum());
  }

  /** What XML 1.0 can hold: anything an agent sent (a transcript with control characters) is kept legible, never breaks the file. */
  static String clean(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
      if (ok) b.appendCodePoint(cp);
      else b.append(String.format("\\x%02x", cp));
    });
    return b.toString();
  }
}
