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
    assertEquals(null, r.get(1).turn());
    side.forget("c1");
    assertEquals(List.of(), side.reports("c1"));
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
    assertEquals(List.of(), side.reports("c1"), "nothing bad was kept");
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
}
