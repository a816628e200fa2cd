package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call's events on disk: one JSON object a line, read back as the same typed values, in the same order. */
class CallEventsTest {
  private static final List<CallEvent> EVENTS = List.of(
      new CallEvent.Dial(0, "sip:agent@example.test", false),
      new CallEvent.Answered(96.5, 80.0),
      new CallEvent.MediaStart(113.72),
      new CallEvent.CallerSpeechStart(4454.413, 0, 1, "say", "I would like \"my\" balance\n"),
      new CallEvent.StepEnd(6935.2, 0, Failure.of(Layer.LATENCY, Failure.Codes.NO_REPLY, "no agent speech within 10.0 s")),
      new CallEvent.SideReport(7000, 1, "balance", "check_balance", null, 1L, null, 3L),
      new CallEvent.MediaTrouble(8000, "stopped", "one-way audio", true),
      new CallEvent.Recorded(9000, 8886.28, 8800));

  @Test
  void eventsRoundTripOneALine(@TempDir Path dir) throws Exception {
    Reports.writeEvents(dir, "c1", EVENTS);
    List<String> lines = Files.readAllLines(dir.resolve("calls/c1.events.jsonl"));
    assertEquals(EVENTS.size(), lines.size());
    assertEquals("{\"type\":\"dial\",\"t\":0.0,\"target\":\"sip:agent@example.test\",\"inbound\":false}", lines.get(0));
    assertTrue(lines.get(5).contains("\"asr_final_us\":1") && !lines.get(5).contains("said"), "snake_case, nulls left out: " + lines.get(5));
    assertEquals(EVENTS, Reports.readEvents(dir, "c1"));
    assertNull(Reports.readEvents(dir, "c2"), "a call that left no events");
  }

  @Test
  void aMalformedLineIsNamedByFileAndLine(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("calls"));
    Files.writeString(dir.resolve("calls/c1.events.jsonl"), "{\"type\":\"media_start\",\"t\":1.0}\n{\"type\":\"teleport\",\"t\":2.0}\n");
    ReportFormatException e = assertThrows(ReportFormatException.class, () -> Reports.readEvents(dir, "c1"));
    assertTrue(e.getMessage().startsWith(dir.resolve("calls/c1.events.jsonl") + ":2: expected a call event"), e.getMessage());
  }
}
