package dev.earshot.tools;

import dev.earshot.tools.agent.AgentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The reference agent's injectable faults and behaviour switches, shared by {@code earshot agent} and {@code earshot demo}. */
final class AgentFaults {
  @Option(names = "--mishear-rate", defaultValue = "0", paramLabel = "P",
      description = "Fault (ASR layer): replace this share of the words the agent recognises before it acts on them, 0..1 (default: ${DEFAULT-VALUE}).")
  double mishearRate;

  @Option(names = "--intent-swap", paramLabel = "A:B",
      description = "Fault (intent layer): when the agent recognises intent A, act as if it were B; repeatable.")
  List<String> intentSwap = List.of();

  @Option(names = "--reject-rate", defaultValue = "0", paramLabel = "P",
      description = "Fault (telephony layer): refuse this share of calls with 486 Busy Here or 503 Service Unavailable, 0..1 (default: ${DEFAULT-VALUE}).")
  double rejectRate;

  @Option(names = "--dead-air-ms", defaultValue = "0", paramLabel = "N",
      description = "Fault (dead air): answer, then stay silent N ms before the greeting (default: ${DEFAULT-VALUE}).")
  long deadAirMs;

  @Option(names = "--repeat-prompt",
      description = "Fault (response layer): after the greeting, say the previous prompt again instead of the reply to what was understood (a stuck dialogue).")
  boolean repeatPrompt;

  @Option(names = "--report-via", defaultValue = "http", paramLabel = "HOW",
      description = "How the agent reports each turn to Earshot's side channel: http (POST to the INVITE's X-Earshot-Report URL), info or message (a SIP INFO or MESSAGE in the call), or none (default: ${DEFAULT-VALUE}).")
  String reportVia;

  @Option(names = "--transfer-to", paramLabel = "URI",
      description = "After saying it will connect the caller to a representative, transfer the call there with a SIP REFER.")
  String transferTo;

  @Option(names = "--barge-in-min-ms", defaultValue = "40", paramLabel = "N",
      description = "Barge-in confirmation: stop talking only once the caller's speech over the prompt has lasted N ms (voiced time); a shorter sound, such as a cough, is ignored. 40: stop at the first voice (default: ${DEFAULT-VALUE}).")
  long bargeInMinMs;

  @Option(names = "--no-greeting",
      description = "Answer and wait for the caller to speak first, without a greeting (as many voice-AI agents do; a suite says greeting: none for them).")
  boolean noGreeting;

  @Option(names = "--customer", paramLabel = "NUMBER=NAME",
      description = "A caller the bank knows: greeted 'Welcome back to Earshot Bank, NAME' when From or P-Asserted-Identity carries NUMBER; repeatable.")
  List<String> customers = List.of();

  /** {@code config} with these faults; bad values are one-line errors naming the option. */
  AgentConfig apply(AgentConfig config) {
    if (!(mishearRate >= 0 && mishearRate <= 1)) throw new BadInputException("--mishear-rate: expected 0..1, found " + mishearRate);
    Map<String, String> swap = new LinkedHashMap<>();
    for (String s : intentSwap) {
      String[] ab = s.split(":", -1);
      if (ab.length != 2 || ab[0].isBlank() || ab[1].isBlank()) {
        throw new BadInputException("--intent-swap: expected FROM:TO (e.g. transfer_funds:check_balance), found '" + s + "'");
      }
      if (swap.put(ab[0].trim(), ab[1].trim()) != null) throw new BadInputException("--intent-swap: '" + ab[0].trim() + "' swapped twice");
    }
    if (!(rejectRate >= 0 && rejectRate <= 1)) throw new BadInputException("--reject-rate: expected 0..1, found " + rejectRate);
    if (deadAirMs < 0 || deadAirMs > 60_000) throw new BadInputException("--dead-air-ms: expected 0..60000, found " + deadAirMs);
    if (!AgentConfig.REPORT_VIA.contains(reportVia)) throw new BadInputException("--report-via: expected one of " + AgentConfig.REPORT_VIA + ", found '" + reportVia + "'");
    if (transferTo != null && !transferTo.matches("sips?:\\S+")) throw new BadInputException("--transfer-to: expected a SIP URI like sip:queue@127.0.0.1, found '" + transferTo + "'");
    if (bargeInMinMs < AgentConfig.ONSET_MS || bargeInMinMs > 5000) throw new BadInputException("--barge-in-min-ms: expected " + AgentConfig.ONSET_MS + "..5000, found " + bargeInMinMs);
    Map<String, String> known = new LinkedHashMap<>();
    for (String c : customers) {
      String[] nn = c.split("=", 2);
      if (nn.length != 2 || !nn[0].strip().matches("\\+?[0-9]{1,20}") || nn[1].isBlank() || !nn[1].strip().matches("[\\p{L} .'-]+")) {
        throw new BadInputException("--customer: expected NUMBER=NAME like +15551230000=John, found '" + c + "'");
      }
      known.put(nn[0].strip(), nn[1].strip());
    }
    return config.withGreeting(!noGreeting).withCustomers(known).withBargeInMinMs(bargeInMinMs).withTransferTo(transferTo).withReportVia(reportVia).withMishearRate(mishearRate).withIntentSwap(swap).withRejectRate(rejectRate).withDeadAirMs(deadAirMs).withRepeatPrompt(repeatPrompt);
  }
}
