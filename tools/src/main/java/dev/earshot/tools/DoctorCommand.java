package dev.earshot.tools;

import dev.earshot.audio.Pcm;
import dev.earshot.telephony.Addressing;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.TelephonyException;
import dev.earshot.telephony.dns.SipResolver;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.sip.Pong;
import dev.earshot.telephony.sip.SipCallFailed;
import dev.earshot.telephony.sip.SipSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Checks that Earshot can call an agent before a suite fails, and says what is wrong and the likely fix: DNS (each record), the local address and NAT, which transports answer OPTIONS, the agent's Server and Allow, and a test call: answered, the codec, a 1 kHz tone sent for a few seconds, RTP from the agent and where it came from, the agent's RTCP about Earshot's audio, hang-up.",
        "Exit code 0 when a call can work (set up, media from the agent), 1 otherwise, 2 for bad options."})
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin SipOptions sip;
  @Mixin NetworkOptions network;

  @Parameters(index = "0", paramLabel = "URI", converter = OptionTypes.SipUri.class, description = "The agent, e.g. sip:agent@pbx.example.com or sip:agent@192.0.2.10:5080.")
  String target;

  @Option(names = "--call-s", paramLabel = "SECONDS", defaultValue = "3",
      description = "How long the test call lasts (default: ${DEFAULT-VALUE}); 0 skips the call.")
  double callSeconds;

  @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "3", description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
  double timeout;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  private PrintWriter out;
  private final List<String> problems = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    if (!(callSeconds >= 0 && callSeconds <= 60)) throw new BadInputException("--call-s: expected 0..60 seconds, found " + callSeconds);
    if (!(timeout > 0 && timeout <= 60)) throw new BadInputException("--timeout: expected 0 < SECONDS <= 60, found " + timeout);
    SipSettings settings = sip.settings();
    SipOptions.warnIfKeysInClear(settings, target);
    Addressing addressing = network.addressing();
    out = spec.commandLine().getOut();
    out.println("earshot doctor " + target);
    String firstHop = dns(settings);
    if (firstHop == null) return verdict(false);
    Addressing settled;
    try {
      settled = addressing.towards(firstHop);
    } catch (TelephonyException e) {
      fail("route", e.getMessage(), "check the address, or pass --bind with the local address that reaches it");
      return verdict(false);
    }
    ok("local address", settled.listenHost() + (addressing.bind() == null ? " (the route to " + firstHop + ")" : " (--bind)")
        + (settled.advertised() != null ? ", advertised as " + settled.advertisedHost() : ""));
    boolean answered;
    try (Telephony tel = Telephony.start(settled, "earshot", 0, settings)) {
      answered = options(tel, settled);
      return verdict(callSeconds > 0 ? call(tel, settled) : answered);
    }
  }

  /** Resolves the agent (or proxy) name, printing each record; the first hop's address, or null when nothing resolves. */
  private String dns(SipSettings settings) {
    String host = settings.firstHopHost(target);
    if (SipResolver.isLiteral(host)) {
      ok("dns", host + " is an address: nothing to resolve");
      return host;
    }
    try {
      SipResolver.Resolution r = settings.resolver(0).resolve(settings.firstHopUri(target));
      ok("dns", host + ": " + String.join("; ", r.steps()));
      for (SipResolver.Target t : r.targets()) out.println("                     target " + t + "  (" + t.how() + ")");
      return r.targets().get(0).address();
    } catch (TelephonyException e) {
      fail("dns", e.getMessage(), "check the name, add the records (NAPTR/SRV/A) to its zone, or pass --dns with a server that has them");
      return null;
    }
  }

  /** OPTIONS over UDP and over TCP; NAT detection from the first answer's received/rport. */
  private boolean options(Telephony tel, Addressing a) throws InterruptedException {
    boolean any = false;
    String ours = Addressing.uriHost(a.advertisedHost()) + ":" + (a.advertisedPort() > 0 ? a.advertisedPort() : tel.sipPort());
    boolean natChecked = false;
    boolean secure = target.regionMatches(true, 0, "sips:", 0, 5) || target.toLowerCase(Locale.ROOT).contains(";transport=tls");
    for (String transport : secure ? List.of("tls") : List.of("udp", "tcp")) {
      String uri = target.contains(";transport=") || secure ? target : target + ";transport=" + transport;
      if (target.contains(";transport=") && !target.toLowerCase(Locale.ROOT).contains("transport=" + transport)) continue;
      try {
        Pong p = tel.ping(uri, Math.round(timeout * 1000)).get();
        any = true;
        String line = String.format(Locale.ROOT, "%d %s in %.1f ms%s%s", p.status(), p.reason(), p.roundTripMs(),
            p.server() == null ? "" : "; server " + p.server(), p.allow() == null ? "" : "; allows " + p.allow());
        if (p.status() == 401 || p.status() == 407) {
          fail("options/" + transport, line, "the agent or a proxy wants digest credentials: pass --secrets FILE or set "
              + SipOptions.ENV_USERNAME + " and " + SipOptions.ENV_PASSWORD);
        } else if (p.ok() || p.status() == 405 || p.status() == 501) {
          ok("options/" + transport, line + (p.ok() ? "" : " (it does not take OPTIONS, but it answers)"));
        } else {
          warn("options/" + transport, line);
        }
        if (!natChecked && transport.equals("udp")) {
          natChecked = true;
          if (p.seenFrom() == null || p.seenFrom().equals(ours)) ok("nat", "none seen: the agent sees Earshot at " + ours);
          else warn("nat", "the agent sees Earshot at " + p.seenFrom() + ", not " + ours + ": a NAT is in between. Earshot puts "
              + p.seenFrom() + " in its Contact; for a static NAT, pass --public-address and forward the SIP port and --rtp-ports to this host");
        }
      } catch (ExecutionException e) {
        String why = e.getCause() instanceof SipCallFailed f ? f.end().cause() : String.valueOf(e.getCause().getMessage());
        if (why.startsWith("TLS: ")) fail("options/tls", why, why.contains("not trusted") ? "pass --ca FILE with the CA that issued the agent's certificate (--insecure only for a test agent)"
            : "call the agent by a name its certificate carries, or fix the certificate's subjectAltName");
        else if (transport.equals("tcp") && any) warn("options/tcp", why + " (TCP not offered; UDP works)");
        else warn("options/" + transport, why);
      }
    }
    if (!any) warn("options", "no answer to OPTIONS over " + (secure ? "TLS" : "UDP or TCP") + ": some agents ignore OPTIONS; the test call below decides");
    return any;
  }

  /** A test call: answered, the codec, a tone both ways' worth of RTP, where the agent's media came from. */
  private boolean call(Telephony tel, Addressing a) throws InterruptedException {
    AtomicLong received = new AtomicLong();
    MediaListener count = new MediaListener() {
      @Override
      public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
        received.incrementAndGet();
      }
    };
    Call call;
    try {
      call = tel.dial(target, Map.of("X-Earshot-Call", "doctor"), Math.round(timeout * 1000) * 2, count).get(Math.round(timeout * 1000) * 3 + 5000,
          TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      String why = e.getCause() instanceof SipCallFailed f ? f.end().cause() : String.valueOf(e.getCause().getMessage());
      int status = e.getCause() instanceof SipCallFailed f ? f.end().status() : 0;
      String fix = why.startsWith("TLS: ") ? "see the TLS line above"
          : why.contains("SRTP is required") ? "the agent requires SRTP: pass --srtp required (with --transport tls, so the keys are not in clear text)"
          : why.contains("SRTP") ? "the agent does not do SRTP as asked: --srtp optional uses it only when the agent takes it"
          : status == 401 || status == 407 ? "pass --secrets FILE or set " + SipOptions.ENV_USERNAME + "/" + SipOptions.ENV_PASSWORD
          : status == 403 ? "the credentials were refused: check the username, password and realm"
          : status == 488 || why.contains("no common codec") ? "the agent takes none of PCMU, PCMA, G.722, Opus: check its codec list"
          : why.startsWith("timeout") || why.startsWith("no answer") ? "nothing answered the INVITE: check the address, port, transport and firewall"
          : "see the agent's logs for this Call-ID";
      fail("call", why, fix);
      return false;
    } catch (java.util.concurrent.TimeoutException e) {
      fail("call", "no answer to the INVITE within " + (timeout * 3 + 5) + " s", "check the address, port, transport and firewall");
      return false;
    }
    ok("call", String.format(Locale.ROOT, "answered in %.1f ms, codec %s", call.setupNanos() / 1e6, call.codec().encodingName()));
    float[] tone = new float[(int) Math.round(callSeconds * 8000)];
    for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
    try {
      call.media().play(new Pcm(8000, tone)).done().get(Math.round(callSeconds * 1000) + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      // the call ended early: reported below
    }
    var m = call.media();
    var problem = call.mediaProblem();
    boolean ended = call.ended().isDone();
    call.hangup();
    long sent = m.packetsSent();
    var srtp = m.srtpStatistics();
    if (srtp != null) {
      if (srtp.authFailures() > 0 && received.get() == 0) {
        fail("srtp", srtp.authFailures() + " SRTP packets from the agent failed authentication (" + srtp.suite() + ")",
            "the agent encrypts with another key than its SDP's a=crypto gives, or something rewrites its packets");
        return false;
      }
      ok("srtp", srtp.suite() + " both ways; " + srtp.protectedSent() + " packets protected, " + srtp.authFailures() + " of the agent's failed authentication, "
          + srtp.replays() + " replays");
    } else if (call.srtpSuite() == null && sip.srtpMode() != dev.earshot.telephony.SrtpMode.OFF) {
      out.println("  info srtp          the agent answered plain RTP (--srtp optional): the media is not encrypted");
    }
    if (received.get() == 0) {
      fail("media", "no RTP from the agent in " + callSeconds + " s (" + sent + " packets sent to " + address(m.remote()) + ")",
          m.strangers() > 0 ? m.strangers() + " packets came from elsewhere and were not latched to: check the agent's SDP address"
              : "a firewall or NAT drops the agent's media, or the agent sends none: open the agent's RTP ports towards "
              + a.listenHost() + (a.hasRtpRange() ? " (--rtp-ports " + a.rtpLow() + "-" + a.rtpHigh() + ")" : "") + ", or pin Earshot's with --rtp-ports");
      return false;
    }
    String from = address(m.remote());
    if (m.latchedTo() != null) {
      warn("media", received.get() + " RTP packets from the agent, from " + from + ", not the " + address(m.advertisedRemote())
          + " its SDP names: the agent advertised a private address; Earshot latched to where its media came from" + (m.probeAddress() != null
          ? " (after probing " + address(m.probeAddress()) + ")" : ""));
    } else {
      ok("media", received.get() + " RTP packets from the agent at " + from + "; " + sent + " sent");
    }
    var far = m.farEnd();
    if (far.aboutUs() != null) ok("rtcp", "the agent reports " + far.aboutUs().cumulativeLost() + " of Earshot's packets lost");
    else out.println("  info rtcp          the agent sent no RTCP report about Earshot's audio in " + callSeconds + " s (cannot confirm it arrived there)");
    if (problem != null && problem.kind() != dev.earshot.telephony.rtp.MediaProblem.Kind.SILENT) warn("media", problem.message());
    var stopped = m.stoppedMidCall();
    if (stopped != null) {
      fail("media", stopped.message(), "a NAT or firewall between here and the agent forgets the media's binding mid-call: raise its UDP timeout,"
          + " or look for a SIP ALG rewriting the session; if the agent stopped sending, see its logs for this Call-ID");
    }
    if (ended) warn("call", "the agent hung up during the test call: " + call.ended().getNow(null));
    return true;
  }

  private static String address(java.net.InetSocketAddress a) {
    return a == null ? "?" : Addressing.hostPort(a);
  }

  private void ok(String what, String detail) {
    out.printf("  ok   %-13s %s%n", what, detail);
    out.flush();
  }

  private void warn(String what, String detail) {
    out.printf("  warn %-13s %s%n", what, detail);
    out.flush();
  }

  private void fail(String what, String detail, String fix) {
    out.printf("  FAIL %-13s %s%n                     fix: %s%n", what, detail, fix);
    out.flush();
    problems.add(what);
  }

  private int verdict(boolean works) {
    boolean good = works && problems.isEmpty();
    out.println(good ? "A call to " + target + " can work." : "A call to " + target + " will fail: " + String.join(", ", problems) + ".");
    out.flush();
    return good ? 0 : Earshot.EXIT_FAILED;
  }
}
