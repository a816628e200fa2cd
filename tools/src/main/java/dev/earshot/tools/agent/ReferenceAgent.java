package dev.earshot.tools.agent;

import dev.earshot.corpora.Synthesizer;
import dev.earshot.corpora.Transcriber;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.IncomingCall;
import dev.earshot.telephony.Telephony;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A real SIP voice agent for a small banking domain, bundled so that demos and tests have something genuine
 * to call: it answers on UDP, greets with MaryTTS speech, listens with streaming Vosk, picks an intent and
 * replies, stops when interrupted, and hangs up after goodbye. Shaped like OkHttp's MockWebServer: start it,
 * call it, then read back what it heard and when it spoke ({@link #turns()}).
 */
public final class ReferenceAgent implements AutoCloseable {
  private final AgentConfig config;
  private final Telephony telephony;
  private final ExecutorService asrPool;
  private final ScheduledExecutorService timer;
  private final List<AgentTurn> turns = new ArrayList<>();
  private final Consumer<AgentTurn> sink;

  private ReferenceAgent(AgentConfig config, Synthesizer tts, Transcriber asr, Consumer<AgentTurn> sink) {
    this.config = config;
    this.sink = sink;
    Prompts prompts = new Prompts(tts, config.customers(), config.pauseMs(), config.holdMs());
    if (!config.scripted()) warmUp(asr, prompts); // scripted: no recogniser to warm (asr may be null)
    this.asrPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("earshot-agent-asr"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("earshot-agent-timer"));
    this.telephony = Telephony.start(config.addressing(), "agent", config.seed(),
        dev.earshot.telephony.sip.SipSettings.DEFAULT.withTls(config.tls(), config.tlsPort()).withSrtp(config.srtp(), null));
    telephony.onIncomingCall(offer -> answer(offer, asr, prompts));
  }

  /**
   * Listens once to its own greeting through the same 20 ms streaming path calls use, before taking calls:
   * the first callers then do not pay for JIT compilation and native start-up in their measured latency, and
   * a broken recogniser fails here rather than mid-call.
   */
  private static void warmUp(Transcriber asr, Prompts prompts) {
    float[] x = prompts.get(BankDomain.GREETING).samples();
    for (int round = 0; round < 2; round++) {
      try (Transcriber.Recognition r = asr.open(8000)) {
        for (int i = 0; i + 160 <= x.length; i += 160) r.accept(java.util.Arrays.copyOfRange(x, i, i + 160));
        if (r.finish().isBlank()) throw new IllegalStateException("the agent's recogniser heard nothing in its own greeting");
      }
    }
  }

  /**
   * Synthesizes the prompts and starts listening. {@code asr} may be null for a {@link AgentConfig#scripted} agent.
   *
   * @param sink receives every turn as it completes (e.g. to print it); called from agent threads
   */
  public static ReferenceAgent start(AgentConfig config, Synthesizer tts, Transcriber asr, Consumer<AgentTurn> sink) {
    return new ReferenceAgent(config, tts, asr, sink);
  }

  /** Calls answered and not yet ended. */
  private final java.util.concurrent.atomic.AtomicInteger inProgress = new java.util.concurrent.atomic.AtomicInteger();

  /** Calls in progress (answered, not yet ended): a hostile caller that never ACKs holds one for 32 s at most. */
  public int callsInProgress() {
    return inProgress.get();
  }

  private void answer(IncomingCall offer, Transcriber asr, Prompts prompts) {
    if (inProgress.get() >= config.maxCalls()) {
      offer.reject(503, "Service Unavailable (" + config.maxCalls() + " calls in progress)", 5);
      return;
    }
    String callName = offer.headers().getOrDefault("X-Earshot-Call", offer.callId());
    if (config.rejectRate() > 0) { // injected fault: refuse this call, the same calls in every run
      java.util.SplittableRandom r = new java.util.SplittableRandom(config.seed() * 1_000_003L + callName.hashCode());
      if (r.nextDouble() < config.rejectRate()) {
        if (r.nextBoolean()) offer.reject(486, "Busy Here");
        else offer.reject(503, "Service Unavailable");
        return;
      }
    }
    Call call;
    try {
      call = offer.accept();
    } catch (RuntimeException e) {
      offer.reject(500, "Server Internal Error"); // unless accept already answered it (488, 503): every INVITE gets an answer
      return;
    }
    inProgress.incrementAndGet();
    call.ended().whenComplete((end, err) -> inProgress.decrementAndGet());
    String id = offer.headers().getOrDefault("X-Earshot-Call", offer.callId());
    String reportTo = offer.headers().get("X-Earshot-Report"); // Earshot's side channel, when the caller is Earshot
    boolean byHttp = config.reportVia().equals("http");
    boolean earshot = offer.headers().containsKey("X-Earshot-Call");
    java.util.Map<String, String> identity = new java.util.LinkedHashMap<>();
    for (String h : new String[] {"From", "P-Asserted-Identity", "Privacy", "User-to-User"}) {
      String v = offer.header(h);
      if (v != null) identity.put(h, v);
    }
    String number = callerNumber(identity);
    String greeting = number != null && config.customers().containsKey(number) ? Prompts.greetingFor(number) : BankDomain.GREETING;
    new AgentCall(id, call, config, asr, asrPool, timer, prompts, turn -> {
      record(turn);
      if (byHttp && reportTo != null) sideChannel.report(reportTo, turn);
      else if (!byHttp && !config.reportVia().equals("none") && earshot) sideChannel.report(call, config.reportVia().toUpperCase(java.util.Locale.ROOT), turn);
    }, identity, greeting).start();
    if (config.callBack() != null && offer.header(CALL_ME_BACK) != null) {
      call.ended().thenRun(() -> timer.schedule(() -> callBack(id, reportTo, asr, prompts), 1, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  /** The INVITE header with which a caller asks to be called back ({@link AgentConfig#callBack()}). */
  public static final String CALL_ME_BACK = "X-Call-Me-Back";

  /**
   * Calls {@link AgentConfig#callBack()} and, once answered, holds the same conversation as with a caller who
   * called in: the greeting first, then answers. The call is named {@code ID-callback} ({@code X-Earshot-Call}) and
   * reports to the original call's side channel. A call that is not answered is dropped.
   */
  private void callBack(String id, String reportTo, Transcriber asr, Prompts prompts) {
    String name = id + "-callback";
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("X-Earshot-Call", name);
    headers.put("X-Call-Back-Of", id);
    telephony.dial(config.callBack(), headers, 30_000, null).thenAccept(call -> new AgentCall(name, call, config, asr, asrPool, timer, prompts, turn -> {
      record(turn);
      if (reportTo != null && config.reportVia().equals("http")) sideChannel.report(reportTo, turn);
    }, java.util.Map.of(), BankDomain.GREETING).start());
  }

  /**
   * The caller's number: the asserted identity when the network vouches for one (RFC 3325; even when From is
   * anonymous), else the user part of From; null when neither names one.
   */
  static String callerNumber(java.util.Map<String, String> identity) {
    for (String h : new String[] {"P-Asserted-Identity", "From"}) {
      String v = identity.get(h);
      if (v == null) continue;
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("<?(?:tel:|sips?:)(\\+?[0-9]+)[@;>]?").matcher(v);
      if (m.find()) return m.group(1);
    }
    return null;
  }

  private final SideChannelClient sideChannel = new SideChannelClient();

  /** Side-channel reports that could not be delivered (see {@link SideChannelClient}). */
  public long sideChannelFailures() {
    return sideChannel.failures();
  }

  private void record(AgentTurn turn) {
    synchronized (turns) {
      turns.add(turn);
    }
    sink.accept(turn);
  }

  /** {@code sip:agent@HOST:PORT} */
  public String uri() {
    return "sip:agent@" + dev.earshot.telephony.Addressing.uriHost(config.host()) + ":" + telephony.sipPort();
  }

  public int port() {
    return telephony.sipPort();
  }

  /** {@code sips:agent@HOST:TLSPORT}: the agent over TLS (it has a certificate only when {@link AgentConfig#tls()} gave one). */
  public String tlsUri() {
    return "sips:agent@" + dev.earshot.telephony.Addressing.uriHost(config.host()) + ":" + telephony.tlsPort();
  }

  /** Every turn logged so far, in completion order. */
  public List<AgentTurn> turns() {
    synchronized (turns) {
      return List.copyOf(turns);
    }
  }

  /** The turns of one call, by its {@code X-Earshot-Call} id, in turn order. */
  public List<AgentTurn> turns(String call) {
    return turns().stream().filter(t -> t.call().equals(call))
        .sorted(java.util.Comparator.comparingInt(AgentTurn::turn)).toList();
  }

  @Override
  public void close() {
    try {
      telephony.close();
    } finally {
      asrPool.shutdownNow();
      timer.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
