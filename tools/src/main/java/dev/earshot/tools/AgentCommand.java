package dev.earshot.tools;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.earshot.corpora.Speech;
import dev.earshot.tools.agent.AgentConfig;
import dev.earshot.tools.agent.ReferenceAgent;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Runs the bundled reference voice agent (a small bank) until interrupted. It answers SIP calls (UDP, PCMU/PCMA), greets, listens with Vosk, picks one of check_balance, report_lost_card, transfer_funds, speak_to_agent, goodbye (or re-prompts on unknown), replies with MaryTTS speech, stops when the caller barges in, and hangs up after goodbye. Each turn is printed as one JSON line with the agent's own timestamps (microseconds since the epoch).")
final class AgentCommand implements Callable<Integer> {
  private static final JsonMapper JSON = dev.earshot.audio.Json.MAPPER;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on, IPv4 or IPv6 (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--public-address", paramLabel = "HOST",
      description = "Address to advertise in Via, Contact and SDP instead of --host: behind a static NAT, the NAT's (or, to test a caller's NAT handling, a private address its media does not come from).")
  String publicAddress;

  @Option(names = "--rtp-ports", paramLabel = "LOW-HIGH", description = "Local ports for RTP and RTCP (default: any free ports).")
  String rtpPorts;

  @Option(names = "--max-calls", paramLabel = "N", defaultValue = "" + AgentConfig.DEFAULT_MAX_CALLS,
      description = "Calls in progress past which a new INVITE is answered 503 Service Unavailable with Retry-After: 5 (default: ${DEFAULT-VALUE}). A call whose 200 OK is never ACKed is given up after 32 s.")
  int maxCalls;

  @Option(names = "--scripted", paramLabel = "INTENT[,INTENT...]", arity = "0..1", fallbackValue = "check_balance",
      description = {"Scripted mode, for load tests: no speech recognition and no speech synthesis per call. Each caller utterance is ended by energy alone and answered with the next of these intents' prompts, "
          + "cycling (default: check_balance), rendered once at start and shared by every call; each turn's times are reported as always, with no transcript. Hundreds of calls at once fit one machine."})
  String scripted;

  @Option(names = "--tls-cert", paramLabel = "FILE", converter = OptionTypes.InputFile.class,
      description = "Also listen for SIP over TLS with this certificate: a PEM chain (with --tls-key) or a PKCS#12 file (password from EARSHOT_TLS_PASSWORD).")
  java.nio.file.Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", converter = OptionTypes.InputFile.class, description = "The PEM PKCS#8 private key of --tls-cert.")
  java.nio.file.Path tlsKey;

  @Option(names = "--tls-port", paramLabel = "N", defaultValue = "0", description = "The TLS port (default: the SIP port + 1).")
  int tlsPort;

  @Option(names = "--call-back", paramLabel = "URI", converter = OptionTypes.SipUri.class,
      description = "Call back, 1 s after it ends, every caller whose INVITE carries " + "X-Call-Me-Back" + ": a SIP URI such as the caller's address at a registrar (sip:alice@pbx.example.com). Earshot answers it in a call: inbound scenario.")
  String callBack;

  @Option(names = "--srtp", paramLabel = "off|optional|required", defaultValue = "off",
      description = "Answer with SRTP (SDES a=crypto, AES_CM_128_HMAC_SHA1_80 or _32) when the caller offers it; required: refuse calls without it (488) (default: ${DEFAULT-VALUE}).")
  String srtp = "off";

  @Option(names = "--tls-client-ca", paramLabel = "FILE", converter = OptionTypes.InputFile.class, description = "Require callers over TLS to present a certificate this CA (PEM) issued (mutual TLS).")
  java.nio.file.Path tlsClientCa;

  @Option(names = "--media-address", paramLabel = "HOST",
      description = "Address its SDP gives for media when it must differ from SIP's: e.g. its private address behind NAT, which a caller gets past only by latching to where the media comes from (symmetric RTP).")
  String mediaAddress;

  @Option(names = {"-p", "--port"}, defaultValue = "5080", description = "SIP UDP port, 0 for any (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--think-ms", defaultValue = "0", paramLabel = "N",
      description = "Extra delay before every reply, in ms: a known latency to check measurements against (default: ${DEFAULT-VALUE}).")
  long thinkMs;

  @Option(names = "--endpoint-ms", defaultValue = "600", paramLabel = "N",
      description = "Caller silence that ends an utterance, in ms (default: ${DEFAULT-VALUE}).")
  long endpointMs;

  @Option(names = "--cut-in-ms", paramLabel = "N",
      description = "A fault to inject (turn-taking): end the caller's utterance after only N ms of silence, so the agent starts talking N ms into a pause the caller makes mid-sentence (--endpoint-ms N, named for what it does).")
  Long cutInMs;

  @Option(names = "--form", description = "Form-filling mode: a caller who asks to update their details (\"update my address\") is asked for their full name, date of birth "
      + "and account number in an order drawn from --seed and the call, each question again until the answer fits it, then told their identity is confirmed. "
      + "For suites with answers: steps.")
  boolean form;

  @Option(names = "--send-dtmf", paramLabel = "KEYS",
      description = "After its greeting, send these keys (0-9 * # A-D, ',' a pause), as an IVR signalling by tones does. For suites with expect: {dtmf: KEYS} or an on: case's dtmf.")
  String sendDtmf;

  @Option(names = "--send-dtmf-mode", paramLabel = "MODE",
      description = "How --send-dtmf sends its keys: auto (default: RFC 4733 events when the caller takes them, else in-band tones), rfc4733, inband (tones in the audio whatever the SDP says), info (SIP INFO).")
  String sendDtmfMode;

  @Option(names = "--hold-ms", paramLabel = "N",
      description = "When the caller asks for a person (and there is no --transfer-to): \"please hold\", then N ms of hold music, then \"thank you for holding\". For suites with expect: {hold: true}.")
  Long holdMs;

  @Option(names = "--pause-ms", paramLabel = "N",
      description = "Pause N ms in the middle of every reply but the greeting (at its longest pause between words), as an agent going quiet during a tool call: "
          + "with the default agent_silence_ms (900) Earshot hears two utterances; a suite sets agent_silence_ms above N to hear one.")
  Long pauseMs;

  @Option(names = "--ignore-barge-in", description = "Keep talking when the caller interrupts (a fault to inject).")
  boolean ignoreBargeIn;

  @picocli.CommandLine.Mixin AgentFaults faults;

  @Option(names = "--seed", defaultValue = "1", description = "Seeds SIP tags and RTP identifiers (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new BadInputException("--port: expected 0..65535, found " + port);
    if (thinkMs < 0) throw new BadInputException("--think-ms: expected 0 or more, found " + thinkMs);
    if (cutInMs != null && spec.commandLine().getParseResult().hasMatchedOption("--endpoint-ms")) {
      throw new BadInputException("--cut-in-ms, --endpoint-ms: choose one (--cut-in-ms N is --endpoint-ms N)");
    }
    if (cutInMs != null) {
      if (cutInMs < 100 || cutInMs > 5000) throw new BadInputException("--cut-in-ms: expected 100..5000 ms, found " + cutInMs);
      endpointMs = cutInMs;
    }
    if (endpointMs < 100) throw new BadInputException("--endpoint-ms: expected 100 or more, found " + endpointMs);
    PrintWriter out = spec.commandLine().getOut();
    AgentConfig config = faults.apply(new AgentConfig(NetworkOptions.checkAddress("--host", host).replaceAll("^\\[|]$", ""), port, thinkMs,
        endpointMs, ignoreBargeIn, seed)).withAdvertise(NetworkOptions.checkAddress("--public-address", publicAddress))
        .withMediaAddress(NetworkOptions.checkAddress("--media-address", mediaAddress));
    if (rtpPorts != null) {
      int[] r = NetworkOptions.rtpRange(rtpPorts);
      config = config.withRtpPorts(r[0], r[1]);
    }
    if (tlsKey != null && tlsCert == null) throw new BadInputException("--tls-key: given without --tls-cert");
    if (tlsClientCa != null && tlsCert == null) throw new BadInputException("--tls-client-ca: needs --tls-cert too");
    for (java.nio.file.Path f : new java.nio.file.Path[] {tlsCert, tlsKey, tlsClientCa}) {
      if (f != null && !java.nio.file.Files.isReadable(f)) throw new BadInputException(f + ": no such file (or not readable); expected a certificate or key file");
    }
    if (tlsPort < 0 || tlsPort > 65535) throw new BadInputException("--tls-port: expected 0..65535, found " + tlsPort);
    if (tlsCert != null) {
      config = config.withTls(new dev.earshot.telephony.sip.TlsSettings(tlsClientCa, false, tlsCert, tlsKey, System.getenv("EARSHOT_TLS_PASSWORD"),
          tlsClientCa != null), tlsPort != 0 ? tlsPort : port == 0 ? 0 : port + 1);
    }
    if (callBack != null) {
      config = config.withCallBack(callBack);
    }
    if (maxCalls < 1 || maxCalls > 10_000) throw new BadInputException("--max-calls: expected 1..10000, found " + maxCalls);
    config = config.withMaxCalls(maxCalls);
    try {
      config = config.withSrtp(dev.earshot.telephony.SrtpMode.parse(srtp));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--srtp: " + e.getMessage());
    }
    if (scripted != null) {
      java.util.List<String> script = java.util.Arrays.stream(scripted.split(",", -1)).map(String::strip).toList();
      for (String intent : script) {
        if (!AgentConfig.intents().contains(intent)) throw new BadInputException("--scripted: expected intents among " + AgentConfig.intents() + ", found '" + intent + "'");
      }
      config = config.withScript(script);
    }
    if (form && scripted != null) throw new BadInputException("--form, --scripted: choose one (a scripted agent recognises nothing, so it hears no answers)");
    if (form) config = config.withForm(true);
    if (sendDtmfMode != null && sendDtmf == null) throw new BadInputException("--send-dtmf-mode: needs --send-dtmf KEYS");
    if (sendDtmf != null) {
      dev.earshot.telephony.Call.DtmfMode mode = dev.earshot.telephony.Call.DtmfMode.AUTO;
      if (sendDtmfMode != null) {
        try {
          mode = dev.earshot.telephony.Call.DtmfMode.valueOf(sendDtmfMode.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--send-dtmf-mode: expected auto, rfc4733, inband or info, found '" + sendDtmfMode + "'");
        }
      }
      try {
        config = config.withSendDtmf(sendDtmf, mode);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--send-dtmf: " + e.getMessage());
      }
    }
    if (holdMs != null) {
      if (holdMs < 1000 || holdMs > 600_000) throw new BadInputException("--hold-ms: expected 1000..600000 ms, found " + holdMs);
      config = config.withHoldMs(holdMs);
    }
    if (pauseMs != null) {
      if (pauseMs < 100 || pauseMs > 60_000) throw new BadInputException("--pause-ms: expected 100..60000 ms, found " + pauseMs);
      config = config.withPauseMs(pauseMs);
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(), config.scripted() ? null : Speech.transcriber(), turn -> print(out, turn))) {
      out.println("reference agent listening on " + agent.uri() + (tlsCert != null ? " and " + agent.tlsUri() : "") + (config.srtp() != dev.earshot.telephony.SrtpMode.OFF ? " (SRTP " + config.srtp() + ")" : "") + (thinkMs > 0 ? " (think " + thinkMs + " ms)" : "") + (config.scripted() ? " (scripted: " + String.join(", ", config.script()) + "; no recognition)" : "") + (form ? " (form: name, date of birth, account number in a seeded order)" : "")
          + (config.holdMs() > 0 ? " (hold music " + config.holdMs() + " ms)" : "") + (config.pauseMs() > 0 ? " (a " + config.pauseMs() + " ms pause mid-reply)" : "") + "; Ctrl-C stops it");
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }

  /** Writes turns as JSON lines, the format {@code earshot agent} prints. */
  static void writeTurns(java.util.List<dev.earshot.tools.agent.AgentTurn> turns, java.nio.file.Path file) {
    StringBuilder sb = new StringBuilder();
    try {
      for (Object t : turns) sb.append(JSON.writeValueAsString(t)).append('\n');
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      java.nio.file.Files.writeString(file, sb);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void print(PrintWriter out, Object turn) {
    try {
      synchronized (out) {
        out.println(JSON.writeValueAsString(turn));
        out.flush();
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("agent turn not serialisable", e);
    }
  }
}
