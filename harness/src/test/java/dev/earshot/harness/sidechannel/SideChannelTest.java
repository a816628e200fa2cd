package dev.earshot.harness.sidechannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The side channel's HTTP endpoint on loopback, with the JDK's HTTP client as the agent. */
class SideChannelTest {
  private SideChannel side;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    side = SideChannel.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    side.close();
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(side.url())).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reportsAreKeptPerCallInArrivalOrder() throws Exception {
    side.expect("c1");
    assertEquals(204, post("{\"call\":\"c1\",\"turn\":1,\"heard\":\"i lost my card\",\"intent\":\"report_lost_card\","
        + "\"asr_final_us\":1700000000000001,\"tts_first_audio_us\":1700000000500000,\"extra\":\"ignored\"}").statusCode());
    assertEquals(204, post("{\"call\":\"c1\",\"heard\":\"goodbye\"}").statusCode());
    List<AgentReport> r = side.reports("c1");
    assertEquals(2, r.size());
    assertEquals(new AgentReport("c1", 1, "i lost my card", "report_lost_card", null, 1700000000000001L, null, 1700000000500000L), r.get(0));
    assertEquals(2, r.get(1).turn(), "a report without a turn is bound to the next one when it arrives");
    side.forget("c1");
    assertEquals(List.of(), side.reports("c1"));
  }

  @Test
  void toolCallsAreKeptAsTextAndBadOnesRefusedNamingTheField() throws Exception {
    side.expect("c1");
    assertEquals(204, post("{\"call\":\"c1\",\"turn\":1,\"tools\":[{\"name\":\"get_balance\",\"args\":{\"account\":\"main\",\"limit\":5,"
        + "\"flags\":[1,2]},\"result\":{\"balance\":1200}}]}").statusCode());
    var tool = side.reports("c1").get(0).tools().get(0).value();
    assertEquals("get_balance", tool.name());
    assertEquals(java.util.Map.of("account", "main", "limit", "5", "flags", "[1,2]"), tool.args(), "a string's text, other JSON as written");
    assertEquals("{\"balance\":1200}", tool.result());
    HttpResponse<String> nameless = post("{\"call\":\"c1\",\"turn\":2,\"tools\":[{\"args\":{}}]}");
    assertEquals(400, nameless.statusCode());
    assertEquals("tools[0].name: expected the tool's name (1..200 characters)\n", nameless.body());
    HttpResponse<String> number = post("{\"call\":\"c1\",\"turn\":2,\"tools\":[{\"name\":7}]}");
    assertEquals("tools[0].name: expected a JSON string, found number 7\n", number.body());
    assertEquals(1, side.reports("c1").size(), "neither took turn 2");
  }

  @Test
  void anAgentMayNameTheCallByItsSipCallId() throws Exception {
    side.expect("bank-clean-1");
    side.alias("8f2a1c@127.0.0.1", "bank-clean-1");
    assertEquals(204, post("{\"call\":\"8f2a1c@127.0.0.1\",\"turn\":1,\"intent\":\"check_balance\"}").statusCode());
    assertEquals(204, post("{\"call\":\"bank-clean-1\",\"turn\":2}").statusCode());
    List<AgentReport> r = side.reports("bank-clean-1");
    assertEquals(List.of("bank-clean-1", "bank-clean-1"), r.stream().map(AgentReport::call).toList(), "filed under the Earshot id");
    assertEquals("check_balance", r.get(0).intent());
    side.forget("bank-clean-1");
    assertEquals(404, post("{\"call\":\"8f2a1c@127.0.0.1\"}").statusCode(), "the alias went with the call");
  }

  @Test
  void badReportsGetOneLineSayingWhatWasExpected() throws Exception {
    side.expect("c1");
    HttpResponse<String> bad = post("{not json");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().startsWith("body: expected a JSON object of an agent report"), bad.body());
    assertEquals(1, bad.body().strip().lines().count());
    assertEquals("call: expected the X-Earshot-Call id or the SIP Call-ID of the call, found none\n", post("{\"heard\":\"x\"}").body());
    assertEquals("turn: expected 1 or more, found 0\n", post("{\"call\":\"c1\",\"turn\":0}").body());
    HttpResponse<String> unknown = post("{\"call\":\"nobody\"}");
    assertEquals(404, unknown.statusCode());
    assertEquals("call: 'nobody' is not a call of this run\n", unknown.body());
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(side.url())).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
    assertEquals(List.of(), side.reports("c1"), "nothing bad was taken");
    assertEquals(List.of(400), side.refused("c1").stream().map(SideChannel.Refused::status).toList(), "the refused report of c1 is kept");
  }

  private HttpResponse<String> post(String body, String contentType) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(side.url())).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFieldOfTheWrongTypeIsRefusedNamingItAndCannotTakeTheTurnOfTheRealReport() throws Exception {
    side.expect("c1");
    HttpResponse<String> number = post("{\"call\":\"c1\",\"heard\":5}");
    assertEquals(400, number.statusCode());
    assertEquals("heard: expected a JSON string, found number 5\n", number.body());
    assertEquals(400, post("{\"call\":\"c1\",\"turn\":\"1\"}").statusCode(), "a turn in quotes is text, not a number");
    assertEquals(400, post("{\"call\":\"c1\",\"turn\":1.5}").statusCode());
    assertEquals("heard: expected a JSON string, found boolean true\n", post("{\"call\":\"c1\",\"heard\":true}").body());
    assertEquals(400, post("{\"call\":\"c1\",\"heard\":\"a\",\"heard\":\"b\"}").statusCode(), "a field given twice");
    assertEquals(204, post("{\"call\":\"c1\",\"turn\":1,\"heard\":\"i lost my card\"}").statusCode());
    assertEquals(List.of("i lost my card"), side.reports("c1").stream().map(AgentReport::heard).toList());
    assertEquals(4, side.refused("c1").size(), "all but the one that did not parse, whose call cannot be known");
    assertEquals("{\"call\":\"c1\",\"heard\":5}", side.refused("c1").get(0).body());
  }

  @Test
  void aSecondReportForATurnIsAConflictKeptForInspectionAndTheFirstStands() throws Exception {
    side.expect("c1");
    assertEquals(204, post("{\"call\":\"c1\",\"heard\":\"first\"}").statusCode()); // bound to turn 1
    HttpResponse<String> again = post("{\"call\":\"c1\",\"turn\":1,\"heard\":\"second\"}");
    assertEquals(409, again.statusCode());
    assertTrue(again.body().startsWith("turn: 1 was already reported"), again.body());
    assertEquals(List.of("first"), side.reports("c1").stream().map(AgentReport::heard).toList());
    SideChannel.Refused kept = side.refused("c1").get(0);
    assertEquals(409, kept.status());
    assertTrue(kept.body().contains("second") && kept.receivedEpochUs() > 1_700_000_000_000_000L, kept.toString());
    assertEquals(204, post("{\"call\":\"c1\",\"heard\":\"next\"}").statusCode(), "the next free turn is 2");
    assertEquals(List.of(1, 2), side.reports("c1").stream().map(AgentReport::turn).toList());
  }

  @Test
  void aBodyThatIsNotJsonIsUnsupportedMediaType() throws Exception {
    side.expect("c1");
    HttpResponse<String> form = post("call=c1&heard=hi", "application/x-www-form-urlencoded");
    assertEquals(415, form.statusCode());
    assertEquals("expected Content-Type application/json, found application/x-www-form-urlencoded\n", form.body());
    assertEquals(204, post("{\"call\":\"c1\",\"heard\":\"hi\"}", "application/json; charset=utf-8").statusCode());
    assertEquals(1, side.reports("c1").size());
  }

  @Test
  void reportsInSipInfoOrMessageNeedNoCallIdAndAreAnsweredLikeHttp() {
    side.expect("c2");
    var ok = side.acceptSip("c2", new dev.earshot.telephony.sip.SipSession.InDialogMessage("INFO", "application/json",
        "{\"turn\":1,\"heard\":\"my balance\",\"intent\":\"check_balance\"}"));
    assertEquals(new dev.earshot.telephony.sip.SipSession.MessageReply(200, "OK"), ok);
    assertEquals(new AgentReport("c2", 1, "my balance", "check_balance", null, null, null, null), side.reports("c2").get(0), "the dialog names the call");
    var text = side.acceptSip("c2", new dev.earshot.telephony.sip.SipSession.InDialogMessage("MESSAGE", "text/plain", "hello"));
    assertEquals(415, text.status());
    assertEquals("expected Content-Type application/json, found text/plain", text.reason());
    var bad = side.acceptSip("c2", new dev.earshot.telephony.sip.SipSession.InDialogMessage("INFO", "application/json", "{\"turn\":0}"));
    assertEquals(new dev.earshot.telephony.sip.SipSession.MessageReply(400, "turn: expected 1 or more, found 0"), bad);
    var other = side.acceptSip("c2", new dev.earshot.telephony.sip.SipSession.InDialogMessage("INFO", "application/json", "{\"call\":\"nobody\"}"));
    assertEquals(481, other.status());
    assertEquals(1, side.reports("c2").size());
  }

  /** An agent that floods the side channel makes Earshot hold a bounded amount, and the flood shows in the result. */
  @Test
  void aFloodOfReportsIsBoundedAndCounted() throws Exception {
    side.expect("c1");
    for (int turn = 1; turn <= SideChannel.MAX_REPORTS; turn++) assertEquals(204, post("{\"call\":\"c1\",\"turn\":" + turn + "}").statusCode());
    HttpResponse<String> over = post("{\"call\":\"c1\",\"turn\":5000}");
    assertEquals(429, over.statusCode(), over.body());
    assertEquals(SideChannel.MAX_REPORTS, side.reports("c1").size());
    int refusals = SideChannel.KEPT_REFUSED + 70;
    for (int i = 1; i < refusals; i++) assertEquals(400, post("{\"call\":\"c1\",\"heard\":" + i + "}").statusCode());
    List<SideChannel.Refused> kept = side.refused("c1");
    assertEquals(SideChannel.KEPT_REFUSED + 1, kept.size(), "the first ones in full, then one entry that counts the rest");
    assertEquals(429, kept.get(0).status());
    assertEquals("heard: expected a JSON string, found number 1", kept.get(1).reason());
    SideChannel.Refused count = kept.get(SideChannel.KEPT_REFUSED);
    assertEquals("70 more refused reports not kept (the first 50 are); the latest: heard: expected a JSON string, found number " + (refusals - 1),
        count.reason());
    assertEquals(400, count.status());
  }
}
