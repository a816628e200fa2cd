package dev.earshot.tools.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference agent's half of Earshot's side channel: after each caller turn it reports what it heard, the
 * intent it chose, the prompt it said and its stage times, as a real agent integrating with Earshot would:
 * POSTed to the URL the INVITE's {@code X-Earshot-Report} header gave, or in a SIP INFO or MESSAGE within the
 * call. Fire and forget: a report that fails is counted ({@link #failures()}), never allowed to disturb the call.
 */
final class SideChannelClient {
  private static final ObjectMapper JSON = dev.earshot.audio.Json.MAPPER;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicLong failures = new AtomicLong();

  /** Reports {@code turn} (not the greeting) in an INFO or MESSAGE ({@code method}) within {@code call}. */
  void report(dev.earshot.telephony.Call call, String method, AgentTurn turn) {
    if (turn.turn() < 1) return;
    String json;
    try {
      json = JSON.writeValueAsString(body(turn));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      failures.incrementAndGet();
      return;
    }
    call.sendMessage(method, "application/json", json).whenComplete((v, err) -> {
      if (err != null) failures.incrementAndGet();
    });
  }

  private static ObjectNode body(AgentTurn turn) {
    ObjectNode body = JSON.createObjectNode()
        .put("call", turn.call())
        .put("turn", turn.turn())
        .put("heard", turn.heard())
        .put("intent", turn.intent())
        .put("said", BankDomain.promptText(turn.prompt()))
        .put("asr_final_us", turn.recognizedUs())
        .put("response_start_us", turn.replyQueuedUs());
    if (turn.firstVoicedSentUs() > 0) body.put("tts_first_audio_us", turn.firstVoicedSentUs());
    var tool = BankDomain.TOOLS.get(turn.prompt());
    if (tool != null) { // the back-end call this reply stands for, as an agent with tools reports it
      ObjectNode call = body.putArray("tools").addObject().put("name", tool.getKey());
      ObjectNode args = call.putObject("args");
      new java.util.TreeMap<>(tool.getValue()).forEach(args::put);
      call.put("result", "ok");
    }
    return body;
  }

  /** Reports {@code turn} (not the greeting) to {@code url}. */
  void report(String url, AgentTurn turn) {
    if (turn.turn() < 1) return;
    ObjectNode body = body(turn);
    HttpRequest req;
    try {
      req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
      failures.incrementAndGet(); // a malformed URL in the header: nothing to report to
      return;
    }
    http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((res, err) -> {
      if (err != null || res.statusCode() / 100 != 2) failures.incrementAndGet();
    });
  }

  long failures() {
    return failures.get();
  }
}
