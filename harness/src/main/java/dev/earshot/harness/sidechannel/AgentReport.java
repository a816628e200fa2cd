package dev.earshot.harness.sidechannel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What an agent says about one of its turns, on the side channel (see {@link SideChannel}); JSON field names
 * are the snake_case of these. Only {@code call} is required.
 *
 * @param call the call's {@code X-Earshot-Call} id (or its SIP Call-ID)
 * @param turn which caller utterance this answers, counting from 1; absent: the next one
 * @param heard the agent's own transcript of what the caller said (its ASR final)
 * @param intent the intent the agent chose
 * @param said the text the agent meant to say in reply
 * @param asrFinalUs, responseStartUs, ttsFirstAudioUs the agent's stage times, microseconds since the Unix epoch
 * @param tools the tool (function) calls the agent made for this turn: {@code [{"name": "get_balance", "args": {"account":
 *     "main"}, "result": ...}]}; each argument value and the result are kept as text (a string's text, other JSON as written)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentReport(String call, Integer turn, String heard, String intent, String said, Long asrFinalUs,
    Long responseStartUs, Long ttsFirstAudioUs, java.util.List<Tool> tools) {
  /** The most tool calls one report may carry, arguments one call may have, and characters a value keeps. */
  public static final int MAX_TOOLS = 50, MAX_ARGS = 50, MAX_VALUE_CHARS = 2000;

  public AgentReport {
    tools = tools == null ? java.util.List.of() : java.util.List.copyOf(tools);
  }

  public AgentReport(String call, Integer turn, String heard, String intent, String said, Long asrFinalUs, Long responseStartUs, Long ttsFirstAudioUs) {
    this(call, turn, heard, intent, said, asrFinalUs, responseStartUs, ttsFirstAudioUs, null);
  }

  /** One reported tool call, as sent. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tool(String name, java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> args, com.fasterxml.jackson.databind.JsonNode result) {
    /** As the result model keeps it: every value as text, clipped. */
    public dev.earshot.report.TurnResult.ToolCall value() {
      java.util.Map<String, String> a = new java.util.LinkedHashMap<>();
      if (args != null) args.forEach((k, v) -> a.put(k, text(v)));
      return new dev.earshot.report.TurnResult.ToolCall(name, a, result == null || result.isNull() ? null : text(result));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode v) {
      String t = v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
      return t.length() > MAX_VALUE_CHARS ? t.substring(0, MAX_VALUE_CHARS) : t;
    }
  }

  /** Why these tool calls are refused (a nameless call, too many), or null. */
  public String toolsProblem() {
    if (tools.size() > MAX_TOOLS) return "tools: expected at most " + MAX_TOOLS + " tool calls, found " + tools.size();
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      if (t == null || t.name() == null || t.name().isBlank() || t.name().length() > 200) return "tools[" + i + "].name: expected the tool's name (1..200 characters)";
      if (t.args() != null && t.args().size() > MAX_ARGS) return "tools[" + i + "].args: expected at most " + MAX_ARGS + " arguments, found " + t.args().size();
    }
    return null;
  }
}
