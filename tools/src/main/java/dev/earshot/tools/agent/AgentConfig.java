package dev.earshot.tools.agent;

import java.util.Map;

/**
 * How the reference agent behaves, including the faults it can be told to have, one layer at a time, so that
 * Earshot's per-layer figures can be checked against a known cause.
 *
 * @param host address to listen on (SIP and RTP)
 * @param port SIP UDP port, 0 for any free one
 * @param thinkMs extra delay before every reply, a known quantity latency measurements can be checked against
 * @param endpointMs caller silence that ends an utterance
 * @param ignoreBargeIn keep talking when the caller interrupts (a fault to inject: barge-in layer)
 * @param seed seeds the agent's SIP tags and RTP identifiers, and its faults' random choices
 * @param mishearRate share of the words of each transcript the agent replaces before acting on it (a fault:
 *     ASR layer), 0..1; the corrupted transcript is what it classifies and reports
 * @param intentSwap intents the agent replaces after classifying (a fault: intent layer), e.g.
 *     {@code transfer_funds -> check_balance}
 * @param rejectRate share of calls the agent refuses (a fault: telephony layer), 0..1, each with 486 Busy Here
 *     or 503 Service Unavailable; decided from the seed and the call's {@code X-Earshot-Call} id, so the same
 *     calls are refused in every run
 * @param deadAirMs silence after answering before the greeting starts (a fault: the caller hears nothing,
 *     as when an agent's pipeline stalls at call start), milliseconds
 * @param repeatPrompt after the greeting, say the previous prompt again instead of the reply to what was
 *     understood (a fault: response layer, a dialogue stuck in a loop); the intent it chose is still reported
 * @param reportVia how it reports each turn to Earshot's side channel: {@code http} (POST to the INVITE's
 *     {@code X-Earshot-Report} URL), or {@code info} / {@code message} (a SIP INFO or MESSAGE in the call), or
 *     {@code none}
 * @param transferTo after saying it will connect the caller to a representative, transfer the call there with a
 *     REFER (a SIP URI); null: it only says so
 * @param bargeInMinMs how much of the caller's speech (voiced time, ms) over its prompt the agent waits for
 *     before it stops talking (barge-in confirmation); a shorter sound, such as a cough, neither stops the
 *     prompt nor is answered. {@link #ONSET_MS}: it stops as soon as it hears a voice
 * @param advertise the address its Via, Contact and SDP give callers instead of {@code host} (behind a static NAT:
 *     the NAT's; to test a caller's NAT handling: a private address its media does not come from), or null
 * @param rtpLow lowest RTP port (RTCP takes the next), or 0 for ephemeral ports
 * @param rtpHigh highest RTP or RTCP port, or 0
 * @param greets false: it does not greet, and waits for the caller to speak first (as many voice-AI agents do)
 * @param customers callers it knows by number ({@code +15551230000 -> John}), greeted by name when their From or
 *     P-Asserted-Identity carries the number
 * @param tls SIP over TLS: its certificate (a listener on {@code tlsPort} only when it has one) and, to require
 *     client certificates, their CA; null: no TLS listener worth calling
 * @param tlsPort the TLS port, 0 for any free one
 * @param callBack where it calls back a caller whose INVITE asked for it ({@code X-Call-Me-Back}), 1 s after that
 *     call ends: a SIP URI, typically the caller's address at a registrar; null: it never calls anyone
 * @param srtp whether it answers with SRTP ({@link dev.earshot.telephony.SrtpMode}: required refuses plain RTP offers with 488)
 * @param maxCalls calls in progress (answered, not yet ended) past which a new INVITE is answered 503 with
 *     Retry-After, as an overloaded server should (RFC 3261 21.5.4), rather than not at all
 * @param mediaAddress the address its SDP gives for media when it must differ from SIP's, or null: an agent
 *     whose SIP is reachable but whose SDP names its private address (what a SIP ALG or a half-configured NAT
 *     leaves), which a caller must get past by latching to where the media really comes from
 * @param script scripted mode, for load: the agent runs no speech recognition, ends each caller utterance by energy
 *     alone and answers the Nth with the Nth of these intents' prompts (cycling; rendered once at start, shared by every
 *     call); it reports each turn's times as always, with no transcript. Null or empty: it listens as usual
 * @param sendDtmf keys the agent sends once its greeting has been said, as an IVR that signals a transfer or a menu
 *     choice by tones does; null: none
 * @param sendDtmfMode how it sends them: {@code AUTO} (RFC 4733 when the caller takes events, else in-band tones; the
 *     default), {@code RFC4733}, {@code INBAND} (tones in the audio whatever the SDP says) or {@code INFO} (SIP INFO)
 * @param form form-filling mode ({@link Form}): a caller who asks to update their details is asked for name, date of
 *     birth and account number in a seeded random order (from {@code seed} and the call), each until answered
 * @param holdMs after "please hold" (a caller asking for a person, with no {@code transferTo}), hold music for this long
 *     ({@link dev.earshot.audio.HoldMusic}), then "thank you for holding"; 0: none
 * @param pauseMs a pause of this much silence added in the middle of every reply but the greeting (at its longest pause
 *     between words), as an agent that says "let me check" and goes quiet during a tool call; 0: none
 */
public record AgentConfig(String host, int port, long thinkMs, long endpointMs, boolean ignoreBargeIn, long seed, double mishearRate,
    Map<String, String> intentSwap, double rejectRate, long deadAirMs, boolean repeatPrompt, String reportVia, String transferTo,
    long bargeInMinMs, String advertise, int rtpLow, int rtpHigh, String mediaAddress, boolean greets, Map<String, String> customers,
    dev.earshot.telephony.sip.TlsSettings tls, int tlsPort, dev.earshot.telephony.SrtpMode srtp, String callBack, int maxCalls,
    java.util.List<String> script, boolean form, String sendDtmf, dev.earshot.telephony.Call.DtmfMode sendDtmfMode, long holdMs, long pauseMs) {
  /** Calls in progress the agent takes by default before it answers 503. */
  public static final int DEFAULT_MAX_CALLS = 200;
  /** The caller speech (voiced time) the agent needs before it stops talking, by default: its 2-frame onset. */
  public static final long ONSET_MS = 40;

  public AgentConfig {
    if (host == null) throw new NullPointerException("host == null");
    if (srtp == null) srtp = dev.earshot.telephony.SrtpMode.OFF;
    if (callBack != null && !callBack.matches("(?i)sips?:\\S+")) throw new IllegalArgumentException("callBack: expected a SIP URI, found '" + callBack + "'");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port: expected 0..65535, found " + port);
    if (maxCalls < 1 || maxCalls > 10_000) throw new IllegalArgumentException("maxCalls: expected 1..10000, found " + maxCalls);
    if (thinkMs < 0) throw new IllegalArgumentException("thinkMs: expected >= 0, found " + thinkMs);
    if (endpointMs < 100) throw new IllegalArgumentException("endpointMs: expected >= 100, found " + endpointMs);
    if (!(mishearRate >= 0 && mishearRate <= 1)) throw new IllegalArgumentException("mishearRate: expected 0..1, found " + mishearRate);
    intentSwap = intentSwap == null ? Map.of() : Map.copyOf(intentSwap);
    if (!(rejectRate >= 0 && rejectRate <= 1)) throw new IllegalArgumentException("rejectRate: expected 0..1, found " + rejectRate);
    if (deadAirMs < 0) throw new IllegalArgumentException("deadAirMs: expected >= 0, found " + deadAirMs);
    reportVia = reportVia == null ? "http" : reportVia;
    if (transferTo != null && !transferTo.matches("sips?:\\S+")) throw new IllegalArgumentException("transferTo: expected a SIP URI, found " + transferTo);
    if (bargeInMinMs < ONSET_MS || bargeInMinMs > 5000) throw new IllegalArgumentException("bargeInMinMs: expected " + ONSET_MS + "..5000, found " + bargeInMinMs);
    new dev.earshot.telephony.Addressing(host, advertise, 0, port, rtpLow, rtpHigh, mediaAddress); // checks the ports
    customers = customers == null ? Map.of() : Map.copyOf(customers);
    for (String n : customers.keySet()) if (!n.matches("\\+?[0-9]{1,20}")) throw new IllegalArgumentException("customers: expected a number like +15551230000, found '" + n + "'");
    if (!REPORT_VIA.contains(reportVia)) throw new IllegalArgumentException("reportVia: expected one of " + REPORT_VIA + ", found " + reportVia);
    script = script == null || script.isEmpty() ? null : java.util.List.copyOf(script);
    if (sendDtmf != null) dev.earshot.telephony.dtmf.Dtmf.check(sendDtmf.replace(",", "")); // a comma is a pause
    if (sendDtmfMode == null) sendDtmfMode = dev.earshot.telephony.Call.DtmfMode.AUTO;
    if (holdMs < 0 || holdMs > 600_000) throw new IllegalArgumentException("holdMs: expected 0..600000, found " + holdMs);
    if (pauseMs < 0 || pauseMs > 60_000) throw new IllegalArgumentException("pauseMs: expected 0..60000, found " + pauseMs);
    if (form && script != null) throw new IllegalArgumentException("form: not with script (a scripted agent hears no answers)");
    if (script != null) {
      for (String intent : script) {
        if (!BankDomain.PROMPTS.containsKey(intent) || BankDomain.GREETING.equals(intent)) {
          throw new IllegalArgumentException("script: expected intents among " + intents() + ", found '" + intent + "'");
        }
      }
    }
  }

  /** The intents the agent has a reply for: what a script may name. */
  public static java.util.List<String> intents() {
    return BankDomain.PROMPTS.keySet().stream().filter(k -> !BankDomain.GREETING.equals(k)).toList();
  }

  /** Whether the agent is scripted (no recognition; see {@code script}). */
  public boolean scripted() {
    return script != null;
  }

  public AgentConfig(String host, int port, long thinkMs, long endpointMs, boolean ignoreBargeIn, long seed) {
    this(host, port, thinkMs, endpointMs, ignoreBargeIn, seed, 0, Map.of(), 0, 0, false, "http", null, ONSET_MS, null, 0, 0, null, true, Map.of(), null, 0, null, null, DEFAULT_MAX_CALLS, null, false, null, null, 0, 0);
  }

  public static AgentConfig defaults() {
    return new AgentConfig("127.0.0.1", 5080, 0, 600, false, 1);
  }

  public AgentConfig withPort(int p) {
    return with(b -> b.port = p);
  }

  /** Caller silence that ends the caller's utterance: short, the agent cuts in on the caller's pauses ({@code --cut-in-ms}). */
  public AgentConfig withEndpointMs(long ms) {
    return with(b -> b.endpointMs = ms);
  }

  public AgentConfig withThinkMs(long ms) {
    return with(b -> b.thinkMs = ms);
  }

  public AgentConfig withMishearRate(double rate) {
    return with(b -> b.mishearRate = rate);
  }

  public AgentConfig withIntentSwap(Map<String, String> swap) {
    return with(b -> b.intentSwap = swap);
  }

  public AgentConfig withRejectRate(double rate) {
    return with(b -> b.rejectRate = rate);
  }

  public AgentConfig withDeadAirMs(long ms) {
    return with(b -> b.deadAirMs = ms);
  }

  public AgentConfig withRepeatPrompt(boolean repeat) {
    return with(b -> b.repeatPrompt = repeat);
  }

  /** The ways the agent can report to Earshot's side channel. */
  public static final java.util.List<String> REPORT_VIA = java.util.List.of("http", "info", "message", "none");

  public AgentConfig withReportVia(String via) {
    return with(b -> b.reportVia = via);
  }

  public AgentConfig withTransferTo(String uri) {
    return with(b -> b.transferTo = uri);
  }

  public AgentConfig withBargeInMinMs(long ms) {
    return with(b -> b.bargeInMinMs = ms);
  }

  public AgentConfig withHost(String h) {
    return with(b -> b.host = h);
  }

  public AgentConfig withAdvertise(String address) {
    return with(b -> b.advertise = address);
  }

  public AgentConfig withTls(dev.earshot.telephony.sip.TlsSettings t, int port) {
    return with(b -> {
      b.tls = t;
      b.tlsPort = port;
    });
  }

  public AgentConfig withCallBack(String uri) {
    return with(b -> b.callBack = uri);
  }

  /** Scripted mode (see {@code script}); null: listening as usual. */
  public AgentConfig withScript(java.util.List<String> intents) {
    return with(b -> b.script = intents);
  }

  /** Keys sent after the greeting (see {@code sendDtmf}); null: none. */
  public AgentConfig withSendDtmf(String keys) {
    return with(b -> b.sendDtmf = keys);
  }

  /** Keys sent after the greeting, by {@code mode} (see {@code sendDtmfMode}). */
  public AgentConfig withSendDtmf(String keys, dev.earshot.telephony.Call.DtmfMode mode) {
    return with(b -> {
      b.sendDtmf = keys;
      b.sendDtmfMode = mode;
    });
  }

  /** Hold music after "please hold" (see {@code holdMs}). */
  public AgentConfig withHoldMs(long ms) {
    return with(b -> b.holdMs = ms);
  }

  /** A pause mid-reply (see {@code pauseMs}). */
  public AgentConfig withPauseMs(long ms) {
    return with(b -> b.pauseMs = ms);
  }

  /** Form-filling mode (see {@code form}). */
  public AgentConfig withForm(boolean on) {
    return with(b -> b.form = on);
  }

  public AgentConfig withMaxCalls(int n) {
    return with(b -> b.maxCalls = n);
  }

  public AgentConfig withSrtp(dev.earshot.telephony.SrtpMode mode) {
    return with(b -> b.srtp = mode);
  }

  public AgentConfig withGreeting(boolean greet) {
    return with(b -> b.greets = greet);
  }

  public AgentConfig withCustomers(Map<String, String> known) {
    return with(b -> b.customers = known);
  }

  public AgentConfig withMediaAddress(String address) {
    return with(b -> b.mediaAddress = address);
  }

  public AgentConfig withRtpPorts(int low, int high) {
    return with(b -> {
      b.rtpLow = low;
      b.rtpHigh = high;
    });
  }

  /** Where the agent listens and what it advertises, for its user agent. */
  public dev.earshot.telephony.Addressing addressing() {
    return new dev.earshot.telephony.Addressing(host, advertise, 0, port, rtpLow, rtpHigh, mediaAddress);
  }

  /** This configuration with one or more settings changed (and checked again). */
  private AgentConfig with(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy, so that each {@code with} names only what it changes. */
  private static final class Copy {
    String host, reportVia, transferTo, advertise, mediaAddress;
    int port, rtpLow, rtpHigh;
    long thinkMs, endpointMs, seed, deadAirMs, bargeInMinMs, holdMs, pauseMs;
    boolean ignoreBargeIn, repeatPrompt, greets, form;
    Map<String, String> customers;
    dev.earshot.telephony.sip.TlsSettings tls;
    int tlsPort, maxCalls;
    dev.earshot.telephony.SrtpMode srtp;
    String callBack, sendDtmf;
    double mishearRate, rejectRate;
    Map<String, String> intentSwap;
    java.util.List<String> script;
    dev.earshot.telephony.Call.DtmfMode sendDtmfMode;

    Copy(AgentConfig c) {
      host = c.host;
      port = c.port;
      thinkMs = c.thinkMs;
      endpointMs = c.endpointMs;
      ignoreBargeIn = c.ignoreBargeIn;
      seed = c.seed;
      mishearRate = c.mishearRate;
      intentSwap = c.intentSwap;
      rejectRate = c.rejectRate;
      deadAirMs = c.deadAirMs;
      repeatPrompt = c.repeatPrompt;
      reportVia = c.reportVia;
      transferTo = c.transferTo;
      bargeInMinMs = c.bargeInMinMs;
      advertise = c.advertise;
      rtpLow = c.rtpLow;
      rtpHigh = c.rtpHigh;
      mediaAddress = c.mediaAddress;
      greets = c.greets;
      customers = c.customers;
      tls = c.tls;
      tlsPort = c.tlsPort;
      srtp = c.srtp;
      callBack = c.callBack;
      maxCalls = c.maxCalls;
      script = c.script;
      form = c.form;
      sendDtmf = c.sendDtmf;
      sendDtmfMode = c.sendDtmfMode;
      holdMs = c.holdMs;
      pauseMs = c.pauseMs;
    }

    AgentConfig build() {
      return new AgentConfig(host, port, thinkMs, endpointMs, ignoreBargeIn, seed, mishearRate, intentSwap, rejectRate, deadAirMs, repeatPrompt,
          reportVia, transferTo, bargeInMinMs, advertise, rtpLow, rtpHigh, mediaAddress, greets, customers, tls, tlsPort, srtp, callBack, maxCalls, script, form, sendDtmf, sendDtmfMode, holdMs, pauseMs);
    }
  }
}
