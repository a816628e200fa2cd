package dev.earshot.telephony.sip;

import dev.earshot.telephony.TelephonyException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import dev.earshot.telephony.capture.Pcap;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TooManyListenersException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A SIP user agent over UDP on one address, as caller (UAC: {@link #invite}) and callee (UAS:
 * {@link #onInvite}), built on the JAIN-SIP reference implementation, whose types stay inside this class.
 *
 * <p>Threading: JAIN-SIP delivers events on its own threads; futures returned here complete on them or on
 * {@code callbacks}, and the invite handler runs on {@code callbacks}. Never block in a completion stage.
 */
public final class SipEndpoint implements AutoCloseable {
  private static final AtomicLong STACKS = new AtomicLong();

  private final String host;
  private final int port;
  /** What Via, Contact and From say: the bound address and port, or those of a static NAT in front of it. */
  private final String publicHost;
  private final int publicPort;
  private final String user;
  private final Executor callbacks;
  private final SipStack stack;
  private final String stackName;
  private final SipProvider provider;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final MessageFactory messages;
  private final ContactHeader contact;
  private final ContactHeader tcpContact;
  private final ContactHeader tlsContact;
  private final int tlsPort;
  private final TlsLayer.Config tls;
  /** Whether the public address was given (then nothing learned from responses replaces it). */
  private final boolean explicitPublic;
  /** The Contact for UDP requests once a response showed a NAT in between ({@link Listener#learnFrom}), or null. */
  private volatile ContactHeader learnedContact;
  private volatile String natSeenFrom;
  private final SipSettings settings;
  private final InetSocketAddress self;
  private final SplittableRandom tags;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, SipSession> sessions = new ConcurrentHashMap<>();
  private KeepAlive keepAlive; // RFC 5626 pings, when the settings ask for them
  private final Map<String, Ping> pings = new ConcurrentHashMap<>();
  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
  /** Sessions with a capture, kept for 32 s (RFC 3261 timer F) after they end: the 200 to our BYE comes after. */
  private final Map<String, SipSession> capturing = new ConcurrentHashMap<>();
  private volatile Consumer<IncomingInvite> inviteHandler = i -> i.reject(480, "Temporarily Unavailable");
  private volatile List<SipCredentials> credentials;
  private final DigestClient digest;
  private final dev.earshot.telephony.dns.SipResolver resolver;

  private static final int MAX_REDIRECTS = 3;
  private static final long SETTLE_NANOS = 200_000_000L;
  private final long startedNanos = System.nanoTime();
  /** The methods this agent answers, as its OPTIONS response says. */
  private static final String ALLOWED = "INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY, INFO, MESSAGE, UPDATE";

  /** A call attempt awaiting its final response. */
  private static final class Pending {
    final SipSession session;
    final CompletableFuture<SipSession> answered;
    ClientTransaction transaction;
    int challenges;
    volatile boolean provisional;
    volatile boolean earlyMedia;
    volatile String cancelReason;
    volatile boolean responded; // any response, 100 Trying included: the target is alive
    final Attempt attempt;

    Pending(SipSession session, Attempt a) {
      this.session = session;
      this.answered = a.answered();
      this.attempt = a;
    }
  }

  /**
   * One INVITE to send: what the caller asked for, plus where RFC 3263 resolution said to send it
   * ({@code targets}, null when the URI names an address or a proxy takes every request) and which of them
   * this is; {@code notes} says why earlier targets were left.
   */
  private record Attempt(String target, String sdpOffer, Map<String, String> headers, Consumer<String> earlySdp, int redirects,
      CompletableFuture<SipSession> answered, Pcap capture, CallerIdentity from, List<dev.earshot.telephony.dns.SipResolver.Target> targets,
      int index, List<String> notes) {
    dev.earshot.telephony.dns.SipResolver.Target current() {
      return targets == null ? null : targets.get(index);
    }

    boolean hasNext() {
      return targets != null && index + 1 < targets.size();
    }

    Attempt next(String why) {
      List<String> n = new ArrayList<>(notes);
      n.add(why);
      return new Attempt(target, sdpOffer, headers, earlySdp, redirects, answered, capture, from, targets, index + 1, n);
    }

    Attempt redirectedTo(String contact) {
      return new Attempt(contact, sdpOffer, headers, earlySdp, redirects + 1, answered, capture, from, null, 0, notes);
    }

    Attempt resolvedTo(List<dev.earshot.telephony.dns.SipResolver.Target> found) {
      return new Attempt(target, sdpOffer, headers, earlySdp, redirects, answered, capture, from, found, 0, notes);
    }
  }

  /** How long a resolved target may stay silent (not even 100 Trying) before the next one is tried. */
  private static final long FAILOVER_MS = 2000;

  private SipEndpoint(String host, int port, String publicHost, int publicPort, String user, Executor callbacks, long seed,
      SipSettings settings) {
    this.host = host;
    this.port = port == 0 ? freePort(host) : port;
    this.explicitPublic = publicHost != null || publicPort != 0;
    this.publicHost = publicHost == null ? host : publicHost;
    this.publicPort = publicPort == 0 ? this.port : publicPort;
    this.settings = settings;
    this.credentials = settings.credentials();
    this.self = new InetSocketAddress(host, this.port);
    this.user = user;
    this.callbacks = callbacks;
    this.tags = new SplittableRandom(seed);
    this.resolver = settings.resolver(seed);
    try {
      SipFactory factory = SipFactory.getInstance();
      factory.setPathName("gov.nist");
      Properties p = new Properties();
      this.stackName = "earshot-" + user + "-" + this.port + "-" + STACKS.incrementAndGet();
      p.setProperty("javax.sip.STACK_NAME", stackName);
      p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", CaptureValve.class.getName());
      CaptureValve.register(stackName, this::responseArrived);
      p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
      p.setProperty("javax.sip.ROUTER_PATH", TargetRouter.class.getName());
      p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
      p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
      p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
      p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", OneLineParserFactory.class.getName()); // one-line reason phrases in the stack's own 400s
      p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
      // TLS through our own sockets: the CA and certificate of the settings, and a check of the far end's name
      p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", TlsLayer.class.getName());
      this.tls = TlsLayer.register(stackName, settings.tls());
      p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
      p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(" ", tls.context.getDefaultSSLParameters().getCipherSuites()));
      p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", settings.tls().requireClientCert() ? "Enabled" : "Disabled");
      if (settings.outboundProxy() != null) p.setProperty("javax.sip.OUTBOUND_PROXY", settings.proxyHop());
      // RFC 5626: how long after a CRLF ping JAIN-SIP waits for the pong before it closes the connection (seconds)
      if (settings.keepAliveSeconds() > 0) p.setProperty("gov.nist.javax.sip.RELIABLE_CONNECTION_KEEP_ALIVE_TIMEOUT", String.valueOf(KeepAlive.PONG_SECONDS));
      this.stack = factory.createSipStack(p);
      this.headers = factory.createHeaderFactory();
      this.addresses = factory.createAddressFactory();
      this.messages = factory.createMessageFactory();
      ListeningPoint lp = stack.createListeningPoint(host, this.port, ListeningPoint.UDP);
      ListeningPoint tcp = stack.createListeningPoint(host, this.port, ListeningPoint.TCP);
      this.tlsPort = settings.tlsPort() != 0 ? settings.tlsPort() : freeTcpPort(host);
      ListeningPoint tlsPoint = stack.createListeningPoint(host, tlsPort, ListeningPoint.TLS);
      if (!this.publicHost.equals(host) || this.publicPort != this.port) { // what the stack's own Via headers say, too
        String sentBy = dev.earshot.telephony.Addressing.uriHost(this.publicHost) + ":" + this.publicPort;
        ((gov.nist.javax.sip.ListeningPointExt) lp).setSentBy(sentBy);
        ((gov.nist.javax.sip.ListeningPointExt) tcp).setSentBy(sentBy);
      }
      this.provider = stack.createSipProvider(lp);
      provider.addListeningPoint(tcp);
      provider.addListeningPoint(tlsPoint);
      this.provider.addSipListener(new Listener());
      this.digest = new DigestClient(headers, this::accountFor);
      this.contact = contactHeader("udp");
      this.tcpContact = contactHeader("tcp");
      this.tlsContact = contactHeader("tls");
      stack.start();
      this.keepAlive = settings.keepAliveSeconds() > 0 ? new KeepAlive(settings.keepAliveSeconds(), provider, sessions::values) : null;
    } catch (javax.sip.PeerUnavailableException | javax.sip.TransportNotSupportedException | javax.sip.InvalidArgumentException
        | javax.sip.ObjectInUseException | java.text.ParseException | TooManyListenersException e) {
      throw new TelephonyException("cannot start a SIP stack on " + host + ":" + this.port + ": " + e.getMessage(), e);
    } catch (javax.sip.SipException e) {
      throw new TelephonyException("cannot start a SIP stack on " + host + ":" + this.port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts a user agent listening on UDP and TCP {@code host:port} (0 picks a port free for both).
   *
   * @param user the user part of this agent's Contact and From URIs
   * @param seed seeds From/To tags, so runs are reproducible
   */
  public static SipEndpoint start(String host, int port, String user, Executor callbacks, long seed, SipSettings settings) {
    return new SipEndpoint(host, port, null, 0, user, callbacks, seed, settings);
  }

  /**
   * As {@link #start(String, int, String, Executor, long, SipSettings)}, advertising {@code publicHost:publicPort}
   * in Via, Contact and From instead of the bound address (null and 0: the bound ones): a host behind a static NAT.
   */
  public static SipEndpoint start(String host, int port, String publicHost, int publicPort, String user, Executor callbacks,
      long seed, SipSettings settings) {
    return new SipEndpoint(host, port, publicHost, publicPort, user, callbacks, seed, settings);
  }

  private ContactHeader contactHeader(String transport) throws java.text.ParseException {
    SipURI uri = addresses.createSipURI(user, publicHost);
    uri.setPort(transport.equals("tls") ? tlsPort : publicPort);
    if (!transport.equals("udp")) uri.setTransportParam(transport);
    return headers.createContactHeader(addresses.createAddress(uri));
  }

  /** The transport for a request to {@code uri}: its {@code transport} parameter, else the settings'. */
  /** The transport a request to {@code uri} leaves on: the outbound proxy's when there is one, else the URI's. */
  private String firstHopTransport(SipURI uri) {
    return settings.outboundProxy() != null ? settings.proxyHop().substring(settings.proxyHop().lastIndexOf('/') + 1) : transportFor(uri);
  }

  /** The name a TLS first hop's certificate must carry: the outbound proxy's host, else the URI's (RFC 5922). */
  private String tlsNameOf(SipURI uri) {
    return settings.outboundProxy() != null ? settings.firstHopHost(uri.toString()) : uri.getHost();
  }

  private String transportFor(SipURI uri) {
    String t = uri.getTransportParam();
    if (t == null && uri.isSecure()) return "tls"; // sips: (RFC 3261 section 26.2.2)
    return t != null ? t.toLowerCase(java.util.Locale.ROOT) : settings.transport();
  }

  /** The local TLS port (SIP over TLS listens there; UDP and TCP on {@link #port()}). */
  public int tlsPort() {
    return tlsPort;
  }

  /** The Contact for a request or answer sent over {@code transport}. */
  private ContactHeader contactFor(String transport) {
    if (transport == null) return contact;
    return switch (transport.toLowerCase(java.util.Locale.ROOT)) {
      case "tcp" -> tcpContact;
      case "tls" -> tlsContact;
      default -> learnedContact != null ? learnedContact : contact;
    };
  }

  /**
   * Before a request goes over TLS to {@code address:port}: the name its certificate must carry, the host of
   * the URI it is for (RFC 5922 section 7.2).
   */
  private void expectTlsName(InetSocketAddress peer, String uriHost) {
    if (peer.getAddress() != null) tls.expectedNames.put(TlsLayer.key(peer.getAddress(), peer.getPort()), uriHost.replaceAll("^\\[|]$", ""));
  }

  /** The TLS maps' name of {@code peer}, or null when it has no address. */
  private static String tlsKey(InetSocketAddress peer) {
    return peer == null || peer.getAddress() == null ? null : TlsLayer.key(peer.getAddress(), peer.getPort());
  }

  /** Why the TLS handshake with {@code address:port} refused its certificate, or null. */
  private String tlsRefusal(java.net.InetSocketAddress peer) {
    String key = tlsKey(peer);
    return key == null ? null : tls.refusals.get(key);
  }

  /** A TLS failure's cause: the refused certificate, or the far end refusing ours; null when it was not TLS. */
  private String tlsFailure(java.net.InetSocketAddress peer, String message) {
    String refused = tlsRefusal(peer);
    if (refused != null) return refused;
    String key = tlsKey(peer);
    boolean wanted = key != null && tls.wantedOurCertificate.containsKey(key);
    if (wanted || message != null && (message.contains("certificate_required") || message.contains("bad_certificate"))) {
      return "TLS: " + (key == null ? "the agent" : key)
          + " refused the handshake: it wants a client certificate it trusts (mutual TLS)" + (settings.tls().cert() == null
          ? "; pass --client-cert" : "; its CA does not vouch for " + settings.tls().cert());
    }
    return null;
  }

  public int port() {
    return port;
  }

  /**
   * Where the far end sees this agent's UDP requests come from, when a response showed it differs from the
   * advertised address (a NAT in between; {@code host:port}), or null.
   */
  public String natSeenFrom() {
    return natSeenFrom;
  }

  public String host() {
    return host;
  }

  /**
   * Accounts to answer 401 / 407 challenges with, tried by realm (one without a realm answers any). Without a
   * matching account a challenged call fails, naming the realm.
   */
  public void useCredentials(List<SipCredentials> accounts) {
    this.credentials = List.copyOf(accounts);
  }

  /** The account that answers a challenge from {@code realm}, or null. */
  private SipCredentials accountFor(String realm) {
    for (SipCredentials c : credentials) if (c.matches(realm)) return c;
    return null;
  }

  /** Hands every new INVITE to {@code handler} (on the callbacks executor). */
  public void onInvite(Consumer<IncomingInvite> handler) {
    this.inviteHandler = handler;
  }

  /**
   * Calls {@code target} ({@code sip:user@host:port}) with {@code sdpOffer}. The future completes with the
   * session once 200 OK arrived and ACK was sent, or exceptionally with a {@link SipCallFailed} naming the
   * final response, timeout or transport error. A 3xx is followed (up to three times) to its first Contact.
   *
   * @param extraHeaders extension headers to add, e.g. {@code X-Earshot-Call}
   * @param earlySdp told the SDP of the first provisional response that carries one (early media, 183)
   */
  public CompletableFuture<SipSession> invite(String target, String sdpOffer, Map<String, String> extraHeaders,
      Consumer<String> earlySdp) {
    return invite(target, sdpOffer, extraHeaders, earlySdp, null);
  }

  /** As {@link #invite(String, String, Map, Consumer)}, recording this call's SIP messages into {@code capture} (null: none). */
  public CompletableFuture<SipSession> invite(String target, String sdpOffer, Map<String, String> extraHeaders,
      Consumer<String> earlySdp, Pcap capture) {
    return invite(target, sdpOffer, extraHeaders, earlySdp, capture, null);
  }

  /**
   * As {@link #invite(String, String, Map, Consumer, Pcap)}, from {@code from} (null: this agent's own name).
   * {@code extraHeaders} may hold any header but those the dialog owns (Via, From, To, Call-ID, CSeq, Contact,
   * Max-Forwards, Content-*): {@code P-Asserted-Identity}, {@code Privacy}, {@code User-to-User}, {@code X-*}.
   */
  public CompletableFuture<SipSession> invite(String target, String sdpOffer, Map<String, String> extraHeaders,
      Consumer<String> earlySdp, Pcap capture, CallerIdentity from) {
    CompletableFuture<SipSession> answered = new CompletableFuture<>();
    invite(new Attempt(target, sdpOffer, extraHeaders, earlySdp, 0, answered, capture, from, null, 0, List.of()));
    return answered;
  }

  public CompletableFuture<SipSession> invite(String target, String sdpOffer, Map<String, String> extraHeaders) {
    return invite(target, sdpOffer, extraHeaders, sdp -> {});
  }

  private void invite(Attempt a) {
    InetSocketAddress peerForError = null;
    String target = a.target();
    CompletableFuture<SipSession> answered = a.answered();
    Pcap capture = a.capture();
    try {
      Address to = addresses.createAddress(target);
      if (!(to.getURI() instanceof SipURI)) throw new TelephonyException("target " + target + ": expected a sip: URI");
      if (a.targets() == null && needsResolution((SipURI) to.getURI())) a = a.resolvedTo(resolver.resolve(target).targets());
      dev.earshot.telephony.dns.SipResolver.Target hop = a.current();
      useTransportOf(hop, (SipURI) to.getURI()); // the transport the records chose
      Request invite = newRequest(Request.INVITE, target, to, a.from());
      SipURI ruri = (SipURI) invite.getRequestURI();
      boolean overTls = firstHopTransport(ruri).equals("tls");
      CallIdHeader callId = (CallIdHeader) invite.getHeader(CallIdHeader.NAME);
      for (Map.Entry<String, String> h : a.headers().entrySet()) invite.addHeader(headers.createHeader(h.getKey(), h.getValue()));
      invite.setContent(a.sdpOffer(), sdpType());
      SipSession session = new SipSession(this, callId.getCallId(), a.headers());
      session.from = a.from();
      session.transport = ((ViaHeader) invite.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(java.util.Locale.ROOT);
      for (String note : a.notes()) session.record("failover", note);
      if (hop != null) {
        TargetRouter.route(stackName, callId.getCallId(), hop.address(), hop.port(), hop.transport());
        session.record("DNS", hop + " (" + hop.how() + ")");
      }
      ClientTransaction ct = provider.getNewClientTransaction(invite);
      Pending p = new Pending(session, a);
      p.transaction = ct;
      pending.put(session.callId(), p);
      sessions.put(session.callId(), session);
      session.dialog = ct.getDialog();
      session.capture = capture;
      session.peer = hop != null ? new InetSocketAddress(hop.address(), hop.port()) : nextHop((SipURI) to.getURI());
      if (overTls) expectTlsName(session.peer, tlsNameOf(ruri));
      peerForError = session.peer;
      if (a.hasNext()) {
        CompletableFuture.delayedExecutor(FAILOVER_MS, java.util.concurrent.TimeUnit.MILLISECONDS, callbacks).execute(() -> {
          if (pending.get(session.callId()) == p && !p.responded && p.cancelReason == null) {
            failover(p, "no response from " + p.attempt.current() + " within " + FAILOVER_MS / 1000.0 + " s");
          }
        });
      }
      if (capture != null) {
        capturing.put(session.callId(), session);
        session.ended().thenRun(() -> CompletableFuture.delayedExecutor(32, java.util.concurrent.TimeUnit.SECONDS)
            .execute(() -> capturing.remove(session.callId(), session)));
      }
      captured(session, invite, true); // before sending: a fast answer must not be recorded ahead of it
      ct.sendRequest();
    } catch (java.text.ParseException | javax.sip.InvalidArgumentException e) {
      answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, "bad target " + target + ": " + e.getMessage())));
    } catch (TelephonyException e) {
      answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, e.getMessage().startsWith("DNS:") ? e.getMessage() : "transport error: " + e.getMessage())));
    } catch (javax.sip.SipException e) {
      String refused = tlsFailure(peerForError, String.valueOf(e.getMessage()));
      answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, refused != null ? refused : "transport error: " + e.getMessage())));
    }
  }

  /** Whether a request to {@code uri} is resolved here (RFC 3263) rather than sent to a literal address or through the proxy. */
  private boolean needsResolution(SipURI uri) {
    String h = uri.getHost();
    if (h.startsWith("[")) return false;
    return settings.outboundProxy() == null && !dev.earshot.telephony.dns.SipResolver.isLiteral(h);
  }

  /**
   * RFC 4028: when the answer sets a session interval and makes Earshot (the UAC) the refresher, or names none,
   * Earshot refreshes the session with a re-INVITE carrying the same offer every half interval until the call
   * ends, so an SBC or agent that needs refreshes does not drop a long call. When the agent is the refresher, its
   * re-INVITEs and UPDATEs are answered.
   */
  private void sessionTimer(SipSession session, Response answer) {
    Header h = answer.getHeader("Session-Expires");
    if (h == null) h = answer.getHeader("x");
    if (h == null) return;
    String v = h.toString().substring(h.toString().indexOf(':') + 1).trim();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)(.*)$").matcher(v);
    if (!m.find()) return;
    long seconds = Long.parseLong(m.group(1));
    boolean ours = !m.group(2).toLowerCase(java.util.Locale.ROOT).contains("refresher=uas");
    session.record("session timer", seconds + " s, refreshed by " + (ours ? "Earshot (re-INVITE every " + seconds / 2.0 + " s)" : "the agent"));
    if (ours && seconds > 0) scheduleRefresh(session, seconds);
  }

  private void scheduleRefresh(SipSession session, long seconds) {
    long ms = Math.max(500, seconds * 500);
    CompletableFuture.delayedExecutor(ms, java.util.concurrent.TimeUnit.MILLISECONDS, callbacks).execute(() -> {
      Dialog d = session.dialog;
      if (session.ended().isDone() || d == null) return;
      try {
        Request refresh = d.createRequest(Request.INVITE);
        refresh.addHeader(headers.createHeader("Session-Expires", seconds + ";refresher=uac"));
        refresh.addHeader(headers.createHeader("Supported", "timer"));
        ListeningPoint lp = provider.getListeningPoint(((ViaHeader) refresh.getHeader(ViaHeader.NAME)).getTransport());
        refresh.addHeader(contactFor(lp == null ? "udp" : lp.getTransport()));
        if (session.localSdp != null) refresh.setContent(session.localSdp, sdpType());
        ClientTransaction ct = provider.getNewClientTransaction(refresh);
        captured(session, refresh, true);
        d.sendRequest(ct);
        session.record("session timer", "refreshed (re-INVITE)");
      } catch (javax.sip.SipException | java.text.ParseException e) {
        session.record("session timer", "refresh failed: " + e.getMessage());
      }
      scheduleRefresh(session, seconds);
    });
  }

  /** Leaves a resolved target that did not answer (or answered 503) for the next one, with a new transaction. */
  private void failover(Pending p, String why) {
    String callId = p.session.callId();
    pending.remove(callId);
    sessions.remove(callId);
    TargetRouter.forget(stackName, callId);
    try {
      p.transaction.terminate();
    } catch (javax.sip.ObjectInUseException e) {
      // already ending
    }
    invite(p.attempt.next(why + "; trying " + p.attempt.targets().get(p.attempt.index() + 1)));
  }

  /** Why the attempts before this one were left, for a failure's cause; empty when there were none. */
  private static String tried(Pending p) {
    return p == null || p.attempt.notes().isEmpty() ? "" : " (after " + String.join("; ", p.attempt.notes()) + ")";
  }

  /**
   * A new out-of-dialog request to {@code to}: fresh Call-ID and From tag, CSeq 1, Via and Contact for the
   * transport the target asks for (its {@code ;transport=}, else the settings').
   */
  private Request newRequest(String method, String target, Address to) throws java.text.ParseException, javax.sip.InvalidArgumentException {
    return newRequest(method, target, to, null);
  }

  private Request newRequest(String method, String target, Address to, CallerIdentity from) throws java.text.ParseException,
      javax.sip.InvalidArgumentException {
    SipURI uri = (SipURI) to.getURI();
    String transport = transportFor(uri);
    if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
      throw new TelephonyException("target " + target + ": transport " + transport + " is not supported (udp, tcp or tls)");
    }
    if (!transport.equals("udp") && uri.getTransportParam() == null && !uri.isSecure()) uri.setTransportParam(transport);
    Address fromAddress;
    if (from != null && from.anonymous()) {
      fromAddress = addresses.createAddress(addresses.createSipURI("anonymous", "anonymous.invalid"));
    } else {
      SipURI fromUri = addresses.createSipURI(from != null && from.user() != null ? from.user() : user, publicHost);
      fromUri.setPort(publicPort);
      fromAddress = addresses.createAddress(fromUri);
    }
    if (from != null && from.displayName() != null) fromAddress.setDisplayName(from.displayName());
    String hopTransport = firstHopTransport(uri); // an outbound proxy's transport is the one the request leaves on
    Request r = messages.createRequest(uri, method, provider.getNewCallId(), headers.createCSeqHeader(1L, method),
        headers.createFromHeader(fromAddress, tag()), headers.createToHeader(to, null),
        new ArrayList<>(List.of(via(hopTransport))), headers.createMaxForwardsHeader(70));
    r.addHeader(contactFor(hopTransport));
    r.addHeader(headers.createHeader("User-Agent", "Earshot"));
    if (method.equals(Request.INVITE)) r.addHeader(headers.createHeader("Supported", "timer")); // RFC 4028 session timers
    return r;
  }

  /** The Via of a new out-of-dialog request over {@code transport}, with {@code rport} (RFC 3581: answer to where it came from, through any NAT). */
  private ViaHeader via(String transport) throws java.text.ParseException, javax.sip.InvalidArgumentException {
    ViaHeader via = headers.createViaHeader(publicHost, transport.equals("tls") ? tlsPort : publicPort, transport, null);
    via.setRPort();
    return via;
  }

  /** A resolved target's transport on a Request-URI that names none (sips: already means TLS). */
  private static void useTransportOf(dev.earshot.telephony.dns.SipResolver.Target hop, SipURI uri) throws java.text.ParseException {
    if (hop != null && !hop.transport().equals("udp") && uri.getTransportParam() == null && !uri.isSecure()) uri.setTransportParam(hop.transport());
  }

  /** Where a request to {@code uri} goes first: the outbound proxy, or the URI's host and port (5060 by default). */
  private InetSocketAddress nextHop(SipURI uri) {
    if (settings.outboundProxy() != null) {
      String[] hp = settings.outboundProxy().split("/", 2)[0].split(":");
      return new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
    }
    boolean tlsHop = uri.isSecure() || "tls".equalsIgnoreCase(uri.getTransportParam());
    return new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tlsHop ? 5061 : 5060);
  }

  /** Records a SIP message of {@code session} into its capture, if it has one. */
  /** Every response as it arrives, before the transaction layer (see {@link CaptureValve}): into its call's capture. */
  private void responseArrived(Response response) {
    CallIdHeader id = (CallIdHeader) response.getHeader(CallIdHeader.NAME);
    if (id == null) return;
    SipSession session = sessions.get(id.getCallId());
    captured(session != null ? session : capturing.get(id.getCallId()), response, false);
  }

  private void captured(SipSession session, javax.sip.message.Message m, boolean sent) {
    Pcap pcap = session == null ? null : session.capture;
    InetSocketAddress peer = session == null ? null : session.peer;
    if (pcap == null || peer == null) return;
    byte[] bytes = Sdp.redact(m.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8); // SRTP keys never reach a capture
    if (sent) pcap.udp(self, peer, bytes);
    else pcap.udp(peer, self, bytes);
  }

  /** An OPTIONS request awaiting its final response. */
  private static final class Ping {
    final CompletableFuture<Pong> answered = new CompletableFuture<>();
    volatile long sentNanos;
    int challenges;
  }

  /**
   * Sends OPTIONS to {@code target} (a health check: RFC 3261 section 11) and completes with the final
   * response, a 401/407 first answered with the configured credentials. Fails with a {@link SipCallFailed}
   * on a bad target or a transport error; the caller sets its own timeout (the transaction's is 32 s).
   */
  public CompletableFuture<Pong> options(String target) {
    Ping ping = new Ping();
    InetSocketAddress peerForError = null;
    try {
      Address to = addresses.createAddress(target);
      if (!(to.getURI() instanceof SipURI)) throw new TelephonyException("target " + target + ": expected a sip: URI");
      dev.earshot.telephony.dns.SipResolver.Target hop = needsResolution((SipURI) to.getURI()) ? resolver.resolve(target).targets().get(0) : null;
      useTransportOf(hop, (SipURI) to.getURI());
      Request options = newRequest(Request.OPTIONS, target, to);
      CallIdHeader callId = (CallIdHeader) options.getHeader(CallIdHeader.NAME);
      if (hop != null) TargetRouter.route(stackName, callId.getCallId(), hop.address(), hop.port(), hop.transport());
      SipURI ruri = (SipURI) options.getRequestURI();
      if (firstHopTransport(ruri).equals("tls")) {
        InetSocketAddress peer = hop != null ? new InetSocketAddress(hop.address(), hop.port()) : nextHop(ruri);
        expectTlsName(peer, tlsNameOf(ruri));
        peerForError = peer;
      }
      options.addHeader(headers.createAcceptHeader("application", "sdp"));
      ClientTransaction ct = provider.getNewClientTransaction(options);
      pings.put(callId.getCallId(), ping);
      ping.answered.whenComplete((r, e) -> {
        pings.remove(callId.getCallId());
        TargetRouter.forget(stackName, callId.getCallId());
      });
      ping.sentNanos = System.nanoTime();
      ct.sendRequest();
    } catch (java.text.ParseException | javax.sip.InvalidArgumentException e) {
      ping.answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, "bad target " + target + ": " + e.getMessage())));
    } catch (TelephonyException e) {
      ping.answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, e.getMessage().startsWith("DNS:") ? e.getMessage() : "transport error: " + e.getMessage())));
    } catch (javax.sip.SipException e) {
      String refused = tlsFailure(peerForError, String.valueOf(e.getMessage()));
      ping.answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, refused != null ? refused : "transport error: " + e.getMessage())));
    }
    return ping.answered;
  }

  /**
   * Registers with {@code registrar} ({@code sip:pbx.example.com}) for {@code expiresSeconds}, as
   * {@code sip:USER@REGISTRAR-HOST}, USER the first account's username (else this agent's name): the REGISTER
   * carries this agent's Contact, a challenge is answered from the accounts, the binding is refreshed at half
   * the granted time until {@link #unregister}.
   */
  public Registration register(String registrar, int expiresSeconds) {
    String user = credentials.isEmpty() ? this.user : credentials.get(0).username();
    String host = dev.earshot.telephony.Addressing.hostOf(registrar);
    Registration reg = new Registration(registrar, "sip:" + user + "@" + dev.earshot.telephony.Addressing.uriHost(host), expiresSeconds,
        provider.getNewCallId().getCallId());
    registrations.put(reg.callId, reg);
    sendRegister(reg, expiresSeconds);
    return reg;
  }

  /** Removes the binding ({@code Expires: 0}); completes when the registrar confirmed it. */
  public CompletableFuture<Void> unregister(Registration reg) {
    reg.ended = true;
    sendRegister(reg, 0);
    return reg.unregistered;
  }

  private void sendRegister(Registration reg, int expires) {
    try {
      Address to = addresses.createAddress(reg.aor);
      SipURI ruri = (SipURI) addresses.createURI(reg.registrar);
      String transport = transportFor(ruri);
      Request r = messages.createRequest(ruri, Request.REGISTER, headers.createCallIdHeader(reg.callId),
          headers.createCSeqHeader(++reg.cseq, Request.REGISTER), headers.createFromHeader(to, tag()), headers.createToHeader(to, null),
          new ArrayList<>(List.of(via(transport))), headers.createMaxForwardsHeader(70));
      ContactHeader contact = (ContactHeader) contactFor(transport).clone();
      contact.setExpires(expires);
      r.addHeader(contact);
      r.addHeader(headers.createExpiresHeader(expires));
      r.addHeader(headers.createHeader("User-Agent", "Earshot"));
      if (needsResolution(ruri)) {
        dev.earshot.telephony.dns.SipResolver.Target hop = resolver.resolve(reg.registrar).targets().get(0);
        TargetRouter.route(stackName, reg.callId, hop.address(), hop.port(), hop.transport());
      }
      provider.getNewClientTransaction(r).sendRequest();
    } catch (java.text.ParseException | javax.sip.InvalidArgumentException | javax.sip.SipException | TelephonyException e) {
      String why = "cannot send REGISTER to " + reg.registrar + ": " + e.getMessage();
      reg.lastFailure = why;
      if (!reg.registered.isDone()) reg.registered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, why)));
    }
  }

  /**
   * Gives up on an unanswered call: sends CANCEL when the far end has answered provisionally (RFC 3261 9.1
   * forbids it before), and ends the attempt with {@code reason} either way. A 200 OK that still arrives is
   * acknowledged and hung up at once.
   */
  public void cancel(CompletableFuture<SipSession> attempt, String reason) {
    for (Pending p : pending.values()) if (p.answered == attempt) cancel(p, reason);
  }

  private void cancel(Pending p, String reason) {
    SipSession session = p.session;
    String tlsWhy = p.provisional || p.responded ? null : tlsFailure(session.peer, null);
    if (tlsWhy != null) reason = tlsWhy + " (" + reason + ")"; // TLS 1.3: the far end refused our missing certificate after the handshake
    p.cancelReason = reason;
    if (p.provisional) {
      try {
        Request cancel = p.transaction.createCancel();
        ClientTransaction cancelling = provider.getNewClientTransaction(cancel);
        captured(session, cancel, true);
        cancelling.sendRequest();
        return; // the 487 that answers the INVITE ends the attempt
      } catch (javax.sip.SipException e) {
        // fall through: end it here
      }
    }
    finish(session, new SipEnd(false, 0, reason + (p.provisional ? "" : " (no provisional response, so no CANCEL)")));
  }

  /**
   * An INFO or MESSAGE ({@code contentType} and {@code body}), or a REFER ({@code body} the Refer-To target,
   * {@code contentType} null), within {@code session}'s dialog; completes when it is sent (its answer is not awaited).
   */
  CompletableFuture<Void> sendInDialog(SipSession session, String method, String contentType, String body) {
    Dialog d = session.dialog;
    if (session.ended().isDone() || d == null) return CompletableFuture.failedFuture(new IllegalStateException("no dialog to send " + method + " in"));
    try {
      Request req = d.createRequest(method);
      if (Request.REFER.equals(method)) {
        req.addHeader(headers.createReferToHeader(addresses.createAddress(addresses.createURI(body))));
      } else {
        String[] t = contentType.split("/", 2);
        req.setContent(body, headers.createContentTypeHeader(t[0], t.length > 1 ? t[1] : "octet-stream"));
      }
      ClientTransaction ct = provider.getNewClientTransaction(req);
      captured(session, req, true);
      d.sendRequest(ct);
      return CompletableFuture.completedFuture(null);
    } catch (javax.sip.SipException | java.text.ParseException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  void bye(SipSession session) {
    Dialog d = session.dialog;
    if (session.ended().isDone() || d == null) return;
    try {
      Request bye = d.createRequest(Request.BYE);
      ClientTransaction ct = provider.getNewClientTransaction(bye);
      captured(session, bye, true);
      d.sendRequest(ct);
    } catch (javax.sip.SipException | RuntimeException e) {
      byeFromAck(session); // the stack has let the dialog go; the far end has not
    }
    finish(session, SipEnd.localBye());
  }

  /**
   * A BYE built from the ACK Earshot sent for the call's 2xx (its Request-URI, Route set, From, To and Call-ID
   * are the dialog's), sent outside the stack's dialog: for a call whose dialog the stack dropped while the far
   * end still holds it up. Every call Earshot placed and that was answered ends with a BYE unless the far end
   * ended it first.
   */
  private void byeFromAck(SipSession session) {
    Request ack = session.ack;
    if (ack == null || session.farEndEnded) return;
    try {
      Request bye = (Request) ack.clone();
      ((gov.nist.javax.sip.message.SIPRequest) bye).setMethod(Request.BYE);
      CSeqHeader cseq = (CSeqHeader) bye.getHeader(CSeqHeader.NAME);
      cseq.setMethod(Request.BYE);
      cseq.setSeqNumber(Math.max(cseq.getSeqNumber(), session.dialog == null ? 0 : session.dialog.getLocalSeqNumber()) + 1);
      ((ViaHeader) bye.getHeader(ViaHeader.NAME)).removeParameter("branch");
      bye.removeContent();
      bye.removeHeader(javax.sip.header.ContentTypeHeader.NAME);
      ClientTransaction ct = provider.getNewClientTransaction(bye);
      captured(session, bye, true);
      ct.sendRequest();
    } catch (javax.sip.SipException | java.text.ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
      // nothing more can be sent to it
    }
  }

  private void finish(SipSession session, SipEnd end) {
    TargetRouter.forget(stackName, session.callId());
    sessions.remove(session.callId());
    Pending p = pending.remove(session.callId());
    if (session.end(end) && p != null) p.answered.completeExceptionally(new SipCallFailed(end));
  }

  /**
   * A reason phrase as RFC 3261 25.1 allows it: one line of printable text (no CR, LF or other control
   * characters), at most 200 characters, whatever text it was made from.
   */
  static String oneLine(String reason) {
    String s = reason.replaceAll("[\\p{Cntrl}&&[^\\t]]+", " ").replace('\t', ' ').strip();
    return s.length() <= 200 ? s : s.substring(0, 199) + "…";
  }

  private String tag() {
    return Long.toHexString(tags.nextLong() & 0xFFFFFFFFFFFFL);
  }

  private ContentTypeHeader sdpType() throws java.text.ParseException {
    return headers.createContentTypeHeader("application", "sdp");
  }

  /** A free TCP port on {@code host}, for the TLS listener. */
  private static int freeTcpPort(String host) {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new TelephonyException("cannot find a free TCP port on " + host + ": " + e.getMessage(), e);
    }
  }

  /** A port free for both UDP and TCP on {@code host} (SIP listens on both). */
  private static int freePort(String host) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(host))) {
        int candidate = s.getLocalPort();
        try (java.net.ServerSocket tcp = new java.net.ServerSocket(candidate, 1, InetAddress.getByName(host))) {
          return candidate;
        } catch (java.io.IOException taken) {
          // in use for TCP: try another
        }
      } catch (SocketException | java.net.UnknownHostException e) {
        throw new TelephonyException("cannot find a free UDP port on " + host + ": " + e.getMessage(), e);
      }
    }
    throw new TelephonyException("cannot find a port free for both UDP and TCP on " + host);
  }

  private static String body(javax.sip.message.Message m) {
    byte[] raw = m.getRawContent();
    return raw == null ? null : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Map<String, String> extensionHeaders(Request r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<?> it = r.getHeaderNames(); it.hasNext(); ) {
      String name = (String) it.next();
      if (name.regionMatches(true, 0, "X-", 0, 2)) {
        Header h = r.getHeader(name);
        String s = h.toString();
        out.put(name, s.substring(s.indexOf(':') + 1).trim());
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (keepAlive != null) keepAlive.close();
    for (SipSession s : List.copyOf(sessions.values())) s.hangup();
    List<CompletableFuture<Void>> leaving = new ArrayList<>();
    for (Registration r : List.copyOf(registrations.values())) if (!r.ended && r.registered.isDone() && !r.registered.isCompletedExceptionally()) leaving.add(unregister(r));
    try { // a binding left behind would route calls to an address nobody answers until it expires
      CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new)).get(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // the registrar will expire it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      stack.deleteSipProvider(provider);
    } catch (javax.sip.ObjectInUseException e) {
      // stopping the stack below releases it anyway
    }
    stopStack(0);
    CaptureValve.unregister(stackName);
    TargetRouter.unregister(stackName);
    TlsLayer.unregister(stackName);
  }

  /**
   * {@code SipStack.stop()}, made safe for a stack stopped straight after it started: JAIN-SIP's UDP workers
   * register themselves from their own threads, and {@code stop()} iterating that list meanwhile throws
   * ConcurrentModificationException (seen in CI). So a young stack is given a moment to settle first; if stop
   * still trips, the first attempt has already closed the sockets, and a second one finishes the rest (its
   * NullPointerException on the already-cleared worker list means there is nothing left to stop).
   */
  private void stopStack(int attempt) {
    long young = SETTLE_NANOS - (System.nanoTime() - startedNanos);
    if (attempt == 0 && young > 0) sleep(young / 1_000_000 + 1);
    try {
      stack.stop();
    } catch (java.util.ConcurrentModificationException e) {
      if (attempt >= 3) throw e;
      sleep(20);
      stopStack(attempt + 1);
    } catch (NullPointerException alreadyCleared) {
      if (attempt == 0) throw alreadyCleared;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Incoming implements IncomingInvite {
    private final Request request;
    private final ServerTransaction st;
    private final String toTag = tag();
    private volatile boolean answered;

    Incoming(Request request, ServerTransaction st) {
      this.request = request;
      this.st = st;
    }

    @Override
    public String callId() {
      return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }

    @Override
    public String sdp() {
      return body(request);
    }

    @Override
    public Map<String, String> headers() {
      return extensionHeaders(request);
    }

    @Override
    public String header(String name) {
      Header h = request.getHeader(name);
      if (h == null) return null;
      String s = h.toString();
      return s.substring(s.indexOf(':') + 1).trim();
    }

    @Override
    public SipSession accept(String answerSdp) {
      answered = true;
      SipSession session = new SipSession(SipEndpoint.this, callId(), headers());
      session.remoteSdp = sdp();
      sessions.put(session.callId(), session);
      try {
        Response ringing = messages.createResponse(Response.RINGING, request);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(toTag);
        st.sendResponse(ringing);
        Response ok = messages.createResponse(Response.OK, request);
        ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(toTag);
        ok.addHeader(contactFor(((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport()));
        ok.setContent(answerSdp, sdpType());
        session.dialog = st.getDialog();
        st.sendResponse(ok);
      } catch (java.text.ParseException | javax.sip.SipException | javax.sip.InvalidArgumentException e) {
        finish(session, new SipEnd(false, 0, "cannot answer: " + e.getMessage()));
      }
      return session;
    }

    @Override
    public void reject(int status, String reason) {
      reject(status, reason, 0);
    }

    @Override
    public void reject(int status, String reason, int retryAfterSeconds) {
      if (answered) return;
      answered = true;
      try {
        Response r = messages.createResponse(status, request);
        ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
        if (reason != null) r.setReasonPhrase(oneLine(reason));
        if (retryAfterSeconds > 0) r.addHeader(headers.createRetryAfterHeader(retryAfterSeconds));
        st.sendResponse(r);
      } catch (java.text.ParseException | javax.sip.SipException | javax.sip.InvalidArgumentException e) {
        // the transaction times out on the caller's side; nothing else to do here
      }
    }
  }

  private final class Listener implements gov.nist.javax.sip.SipListenerExt {
    @Override
    public void processDialogTimeout(gov.nist.javax.sip.DialogTimeoutEvent event) {
      // a 2xx Earshot sent was never ACKed (RFC 3261 13.3.1.4: 64*T1, 32 s): the dialog is given up and a BYE
      // sent, and ending the session releases the call's media ports
      Dialog d = event.getDialog();
      SipSession s = d == null ? null : sessions.get(d.getCallId().getCallId());
      if (s == null || s.dialog != d) return;
      boolean byeSent = false;
      try {
        d.sendRequest(provider.getNewClientTransaction(d.createRequest(Request.BYE)));
        byeSent = true;
      } catch (javax.sip.SipException | RuntimeException e) {
        // the far end is gone too
      }
      finish(s, new SipEnd(false, 0, event.getReason() == gov.nist.javax.sip.DialogTimeoutEvent.Reason.AckNotReceived
          ? "no ACK for the 200 OK within 32 s (RFC 3261 13.3.1.4)" + (byeSent ? "; BYE sent" : "") : "dialog timed out: " + event.getReason()));
    }

    @Override
    public void processRequest(RequestEvent event) {
      Request request = event.getRequest();
      String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
      captured(sessions.get(callId), request, false);
      try {
        switch (request.getMethod()) {
          case Request.INVITE -> {
            SipSession existing = sessions.get(callId);
            if (existing != null && event.getDialog() != null && event.getDialog().getState() == javax.sip.DialogState.CONFIRMED) {
              reinvite(event, existing);
              return;
            }
            if (existing != null) return; // a retransmission of the INVITE being answered
            ServerTransaction st = event.getServerTransaction() != null
                ? event.getServerTransaction() : provider.getNewServerTransaction(request);
            IncomingInvite invite = new Incoming(request, st);
            callbacks.execute(() -> inviteHandler.accept(invite));
          }
          case Request.ACK -> {
            SipSession s = sessions.get(callId);
            if (s != null) s.confirm();
          }
          case Request.BYE -> {
            respond(event, Response.OK);
            SipSession s = sessions.get(callId);
            if (s != null) {
              s.farEndEnded = true;
              finish(s, SipEnd.remoteBye());
            }
          }
          case Request.REFER -> {
            SipSession s = sessions.get(callId);
            if (s == null) {
              respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            } else {
              refer(event, s);
            }
          }
          case Request.INFO, Request.MESSAGE -> message(event, sessions.get(callId));
          case "UPDATE" -> update(event, sessions.get(callId));
          case Request.NOTIFY -> respond(event, Response.OK);
          case Request.CANCEL -> respond(event, Response.OK);
          case Request.OPTIONS -> {
            Response ok = messages.createResponse(Response.OK, request);
            ok.addHeader(headers.createAllowHeader(ALLOWED));
            ok.addHeader(headers.createAcceptHeader("application", "sdp"));
            ok.addHeader(headers.createHeader("Server", "Earshot"));
            (event.getServerTransaction() != null ? event.getServerTransaction() : provider.getNewServerTransaction(request)).sendResponse(ok);
          }
          default -> respond(event, Response.NOT_IMPLEMENTED);
        }
      } catch (javax.sip.SipException | java.text.ParseException | javax.sip.InvalidArgumentException e) {
        // cannot answer this request: its transaction will time out on the sender's side
      }
    }

    /**
     * A re-INVITE in a confirmed dialog: the session's owner answers the new offer (hold, resume, a new codec or
     * address), or it is refused with 488 and the call goes on as before.
     */
    private void reinvite(RequestEvent event, SipSession session) throws javax.sip.SipException, java.text.ParseException,
        javax.sip.InvalidArgumentException {
      Request request = event.getRequest();
      ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction() : provider.getNewServerTransaction(request);
      String offer = body(request);
      String answer;
      try {
        answer = offer == null ? null : session.reoffer(offer);
      } catch (RuntimeException e) {
        answer = null;
      }
      if (answer == null) {
        session.record("re-INVITE", offer == null ? "refused (no SDP offer: offerless re-INVITEs are not supported)" : "refused (488)");
        st.sendResponse(messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
        return;
      }
      Response ok = messages.createResponse(Response.OK, request);
      ok.addHeader(contactFor(((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport()));
      ok.setContent(answer, sdpType());
      session.remoteSdp = offer;
      captured(session, ok, true);
      st.sendResponse(ok);
    }

    /**
     * UPDATE (RFC 3311) within the call, mostly a session-timer refresh (RFC 4028): answered 200 with the timer it
     * carried; an SDP offer in it is answered as a re-INVITE's would be, or refused with 488.
     */
    private void update(RequestEvent event, SipSession session) throws javax.sip.SipException, java.text.ParseException,
        javax.sip.InvalidArgumentException {
      if (session == null) {
        respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        return;
      }
      Request request = event.getRequest();
      ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction() : provider.getNewServerTransaction(request);
      String offer = body(request);
      String answer = null;
      if (offer != null) {
        try {
          answer = session.reoffer(offer);
        } catch (RuntimeException e) {
          answer = null;
        }
        if (answer == null) {
          st.sendResponse(messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
          return;
        }
      }
      Response ok = messages.createResponse(Response.OK, request);
      Header se = request.getHeader("Session-Expires");
      if (se != null) {
        ok.addHeader(se);
        ok.addHeader(headers.createHeader("Require", "timer"));
      }
      ok.addHeader(contactFor(((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport()));
      if (answer != null) ok.setContent(answer, sdpType());
      session.record("UPDATE", se == null ? "answered 200" : "session refreshed by the agent (" + se.toString().trim() + ")");
      captured(session, ok, true);
      st.sendResponse(ok);
    }

    /**
     * REFER (RFC 3515): the agent transfers the caller. Earshot records the target as the call's outcome,
     * accepts (202) and reports the transfer done with NOTIFYs (100, then 200, as message/sipfrag) so the agent
     * goes on to hang up as it would after a real transfer. It does not call the target.
     */
    private void refer(RequestEvent event, SipSession session) throws javax.sip.SipException, java.text.ParseException,
        javax.sip.InvalidArgumentException {
      Request request = event.getRequest();
      javax.sip.header.ReferToHeader referTo = (javax.sip.header.ReferToHeader) request.getHeader(javax.sip.header.ReferToHeader.NAME);
      if (referTo == null) {
        respond(event, Response.BAD_REQUEST);
        return;
      }
      respond(event, Response.ACCEPTED);
      session.transferTo(referTo.getAddress().getURI().toString());
      Dialog d = event.getDialog() != null ? event.getDialog() : session.dialog;
      notifyRefer(d, "SIP/2.0 100 Trying", "active;expires=60");
      notifyRefer(d, "SIP/2.0 200 OK", "terminated;reason=noresource");
    }

    private void notifyRefer(Dialog d, String sipfrag, String state) throws javax.sip.SipException, java.text.ParseException {
      if (d == null) return;
      Request notify = d.createRequest(Request.NOTIFY);
      notify.addHeader(headers.createEventHeader("refer"));
      notify.addHeader(headers.createSubscriptionStateHeader(state));
      ContentTypeHeader type = headers.createContentTypeHeader("message", "sipfrag");
      type.setParameter("version", "2.0");
      notify.setContent(sipfrag + "\r\n", type);
      ClientTransaction notifying = provider.getNewClientTransaction(notify);
      captured(sessions.get(d.getCallId().getCallId()), notify, true);
      d.sendRequest(notifying);
    }

    /** An INFO or MESSAGE within a dialog goes to its session's handler, which chooses the answer. */
    private void message(RequestEvent event, SipSession session) throws javax.sip.SipException, java.text.ParseException,
        javax.sip.InvalidArgumentException {
      if (session == null) {
        respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        return;
      }
      Request request = event.getRequest();
      javax.sip.header.ContentTypeHeader type = (javax.sip.header.ContentTypeHeader) request.getHeader(javax.sip.header.ContentTypeHeader.NAME);
      String contentType = type == null ? "" : (type.getContentType() + "/" + type.getContentSubType()).toLowerCase(java.util.Locale.ROOT);
      byte[] raw = request.getRawContent();
      String body = raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
      SipSession.MessageReply reply;
      try {
        reply = session.message(new SipSession.InDialogMessage(request.getMethod(), contentType, body));
      } catch (RuntimeException e) {
        reply = new SipSession.MessageReply(Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
      }
      ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction() : provider.getNewServerTransaction(request);
      Response r = messages.createResponse(reply.status(), request);
      r.setReasonPhrase(oneLine(reply.reason()));
      captured(session, r, true);
      st.sendResponse(r);
    }

    private void respond(RequestEvent event, int status) throws javax.sip.SipException, java.text.ParseException,
        javax.sip.InvalidArgumentException {
      ServerTransaction st = event.getServerTransaction() != null
          ? event.getServerTransaction() : provider.getNewServerTransaction(event.getRequest());
      Response r = messages.createResponse(status, event.getRequest());
      captured(sessions.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId()), r, true);
      st.sendResponse(r);
    }

    @Override
    public void processResponse(ResponseEvent event) {
      Response response = event.getResponse();
      CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
      String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
      learnFrom(response);
      if (Request.OPTIONS.equals(cseq.getMethod())) {
        pong(event, pings.get(callId));
        return;
      }
      if (Request.REGISTER.equals(cseq.getMethod())) {
        registered(event, registrations.get(callId));
        return;
      }
      SipSession session = sessions.get(callId);
      if (!Request.INVITE.equals(cseq.getMethod())) return;
      int status = response.getStatusCode();
      if (session != null && session.seenFrom == null) session.seenFrom = seenFrom(response);
      Pending p = pending.get(callId);
      if (p != null) p.responded = true;
      if (status == Response.SERVICE_UNAVAILABLE && p != null && p.cancelReason == null && p.attempt.hasNext()) {
        failover(p, p.attempt.current() + " answered 503 " + response.getReasonPhrase()); // RFC 3263 section 4.3
        return;
      }
      if (status < 200) {
        if (p != null && status > 100) {
          p.provisional = true;
          String sdp = body(response);
          if (sdp != null && !p.earlyMedia) {
            p.earlyMedia = true;
            p.attempt.earlySdp().accept(sdp);
          }
          if (p.cancelReason != null) cancel(p, p.cancelReason); // gave up before it rang
        }
        return;
      }
      if (status < 300) {
        Dialog d = event.getDialog();
        try {
          if (d != null) { // also re-ACKs retransmitted 200s
            Request ack = d.createAck(cseq.getSeqNumber());
            captured(session, ack, true);
            d.sendAck(ack);
            if (session != null && session.ack == null) session.ack = (Request) ack.clone(); // the dialog's state, for a BYE whatever befalls the dialog
          }
        } catch (javax.sip.SipException | javax.sip.InvalidArgumentException e) {
          if (session != null) finish(session, new SipEnd(false, 0, "cannot send ACK: " + e.getMessage()));
          return;
        }
        pending.remove(callId);
        if (p != null && p.cancelReason == null) {
          String key = tlsKey(p.session.peer);
          String checked = key == null ? null : tls.accepted.get(key);
          ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
          if (checked != null && via != null && "tls".equalsIgnoreCase(via.getTransport())) p.session.record("TLS", checked);
          p.session.dialog = d;
          p.session.remoteSdp = body(response);
          p.session.localSdp = p.attempt.sdpOffer();
          sessionTimer(p.session, response);
          p.session.confirm();
          p.answered.complete(p.session);
        } else if (session == null || p != null) {
          hangUpLateAnswer(d, p);
        }
        return;
      }
      if (status < 400 && p != null && p.cancelReason == null && redirect(response, p)) return;
      if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && p != null
          && p.cancelReason == null && authenticate(event, p)) {
        return;
      }
      if (session == null) return;
      String cause = status + " " + response.getReasonPhrase() + tried(p);
      if (p != null && p.cancelReason != null) cause = p.cancelReason + " (CANCEL sent; " + status + " " + response.getReasonPhrase() + ")";
      finish(session, new SipEnd(p == null || p.cancelReason == null, status, cause));
    }

    /**
     * Answers a digest challenge by sending the INVITE again with credentials (new CSeq, same Call-ID). Once
     * only: a second challenge means the credentials were refused, and ends the attempt naming the realm.
     */
    private boolean authenticate(ResponseEvent event, Pending p) {
      Response response = event.getResponse();
      String realm = challengeRealm(response);
      String status = response.getStatusCode() + " " + response.getReasonPhrase();
      String why = p.challenges > 0 ? "credentials for realm \"" + realm + "\" refused"
          : accountFor(realm) == null ? "the agent asks for digest authentication (realm \"" + realm + "\") and no credentials were given"
          : null;
      if (why == null) {
        try {
          ClientTransaction retry = digest.answer(response, event.getClientTransaction(), provider);
          p.challenges++;
          p.transaction = retry;
          p.session.dialog = retry.getDialog();
          captured(p.session, retry.getRequest(), true);
          retry.sendRequest();
          return true;
        } catch (javax.sip.SipException | RuntimeException e) {
          why = "cannot answer the challenge: " + e.getMessage();
        }
      }
      finish(p.session, new SipEnd(true, response.getStatusCode(), status + ": " + why));
      return true;
    }

    /** A registrar's answer: a challenge answered once, a 2xx scheduling the refresh, anything else the failure. */
    private void registered(ResponseEvent event, Registration reg) {
      Response r = event.getResponse();
      int status = r.getStatusCode();
      if (reg == null || status < 200) return;
      if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && reg.challenges == 0) {
        String realm = challengeRealm(r);
        if (accountFor(realm) == null) {
          failRegistration(reg, status + " " + r.getReasonPhrase() + ": the registrar asks for digest authentication (realm \"" + realm + "\") and no credentials were given");
          return;
        }
        try {
          ClientTransaction retry = digest.answer(r, event.getClientTransaction(), provider);
          reg.challenges++;
          reg.cseq = ((CSeqHeader) retry.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
          retry.sendRequest();
        } catch (javax.sip.SipException | RuntimeException e) {
          failRegistration(reg, "cannot answer the registrar's challenge: " + e.getMessage());
        }
        return;
      }
      reg.challenges = 0;
      if (status >= 300) {
        String why = status + " " + r.getReasonPhrase() + (status == Response.FORBIDDEN ? ": the registrar refused the credentials" : "");
        failRegistration(reg, why);
        return;
      }
      if (reg.ended) {
        registrations.remove(reg.callId);
        reg.unregistered.complete(null);
        return;
      }
      javax.sip.header.ExpiresHeader e = (javax.sip.header.ExpiresHeader) r.getHeader(javax.sip.header.ExpiresHeader.NAME);
      ContactHeader c = (ContactHeader) r.getHeader(ContactHeader.NAME);
      int granted = c != null && c.getExpires() >= 0 ? c.getExpires() : e != null ? e.getExpires() : reg.requestedSeconds;
      if (reg.registered.isDone()) reg.refreshes++;
      reg.grantedSeconds = granted;
      reg.lastFailure = null;
      reg.registered.complete(reg);
      long refreshMs = Math.max(1000, granted * 500L); // half the granted time (RFC 3261 10.2.4 leaves when to the UA)
      CompletableFuture.delayedExecutor(refreshMs, java.util.concurrent.TimeUnit.MILLISECONDS, callbacks).execute(() -> {
        if (!reg.ended) sendRegister(reg, reg.requestedSeconds);
      });
    }

    private void failRegistration(Registration reg, String why) {
      reg.lastFailure = why;
      if (!reg.registered.isDone()) reg.registered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, "registration at " + reg.registrar + " failed: " + why)));
      if (reg.ended) {
        registrations.remove(reg.callId);
        reg.unregistered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, "unregistering failed: " + why)));
      }
    }

    private void pong(ResponseEvent event, Ping ping) {
      Response r = event.getResponse();
      int status = r.getStatusCode();
      if (ping == null || status < 200) return;
      if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && ping.challenges == 0
          && accountFor(challengeRealm(r)) != null) {
        try {
          ClientTransaction retry = digest.answer(r, event.getClientTransaction(), provider);
          ping.challenges++;
          ping.sentNanos = System.nanoTime();
          retry.sendRequest();
          return;
        } catch (javax.sip.SipException | RuntimeException e) {
          // report the challenge itself
        }
      }
      double rtt = (System.nanoTime() - ping.sentNanos) / 1e6;
      ping.answered.complete(new Pong(status, r.getReasonPhrase(), rtt, headerValue(r, "Server", "User-Agent"), headerValue(r, "Allow"),
          headerValue(r, "Accept"), seenFrom(r)));
    }

    /**
     * Behind a NAT nobody announced (no public address given), the far end sees UDP requests come from the NAT's
     * address: its {@code received}/{@code rport} say which. Requests sent after that carry it as their Contact,
     * so the far end's own requests (a BYE, a re-INVITE) reach this agent through the NAT's binding, which the
     * traffic of the call keeps open. TCP needs none of this: the far end answers on the connection.
     */
    private void learnFrom(Response response) {
      ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
      if (explicitPublic || via == null || !"udp".equalsIgnoreCase(via.getTransport())) return;
      String seen = seenFrom(response);
      String ours = dev.earshot.telephony.Addressing.uriHost(publicHost) + ":" + publicPort;
      if (seen == null || seen.equals(ours) || seen.equals(natSeenFrom)) return;
      try {
        String h = seen.substring(0, seen.lastIndexOf(':'));
        SipURI uri = addresses.createSipURI(user, h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
        uri.setPort(Integer.parseInt(seen.substring(seen.lastIndexOf(':') + 1)));
        learnedContact = headers.createContactHeader(addresses.createAddress(uri));
        natSeenFrom = seen;
      } catch (java.text.ParseException | RuntimeException e) {
        // an unusable received/rport: keep the Contact as it was
      }
    }

    /** {@code received:rport} of the response's top Via, with what Via said for whichever is missing; null when both are. */
    private String seenFrom(Response r) {
      ViaHeader via = (ViaHeader) r.getHeader(ViaHeader.NAME);
      if (via == null || (via.getReceived() == null && via.getRPort() <= 0)) return null;
      String h = via.getReceived() != null ? via.getReceived() : via.getHost();
      int p = via.getRPort() > 0 ? via.getRPort() : via.getPort();
      return dev.earshot.telephony.Addressing.uriHost(h) + ":" + p;
    }

    /** The values of the first of {@code names} present (all its occurrences, comma-joined), or null. */
    private static String headerValue(Response r, String... names) {
      for (String name : names) {
        List<String> values = new ArrayList<>();
        for (Iterator<?> it = r.getHeaders(name); it.hasNext(); ) {
          String h = it.next().toString();
          values.add(h.substring(h.indexOf(':') + 1).trim());
        }
        if (!values.isEmpty()) return String.join(", ", values);
      }
      return null;
    }

    private static String challengeRealm(Response response) {
      javax.sip.header.WWWAuthenticateHeader h = (javax.sip.header.WWWAuthenticateHeader) response.getHeader(
          response.getStatusCode() == Response.UNAUTHORIZED ? javax.sip.header.WWWAuthenticateHeader.NAME
              : javax.sip.header.ProxyAuthenticateHeader.NAME);
      return h == null ? "?" : h.getRealm();
    }

    /** A 200 OK for an attempt already given up: the dialog exists on the far side, so end it (ACK sent). */
    private void hangUpLateAnswer(Dialog d, Pending p) {
      if (d == null) return;
      try {
        d.sendRequest(provider.getNewClientTransaction(d.createRequest(Request.BYE)));
      } catch (javax.sip.SipException e) {
        // nothing more can be done; the far end's session timer will clean up
      }
      if (p != null) finish(p.session, new SipEnd(false, 0, p.cancelReason + " (answered after all; BYE sent)"));
    }

    /** Follows a 3xx to its first Contact with a new INVITE; false when there is nowhere (or too far) to go. */
    private boolean redirect(Response response, Pending p) {
      ContactHeader to = (ContactHeader) response.getHeader(ContactHeader.NAME);
      int status = response.getStatusCode();
      String why = to == null ? "no Contact to follow" : p.attempt.redirects() >= MAX_REDIRECTS ? "more than " + MAX_REDIRECTS + " redirects" : null;
      if (why != null) {
        finish(p.session, new SipEnd(true, status, status + " " + response.getReasonPhrase() + ": " + why));
        return true;
      }
      pending.remove(p.session.callId());
      sessions.remove(p.session.callId());
      invite(p.attempt.redirectedTo(to.getAddress().getURI().toString()));
      return true;
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
      javax.sip.message.Message m = event.isServerTransaction()
          ? event.getServerTransaction().getRequest() : event.getClientTransaction().getRequest();
      String callId = ((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId();
      SipSession s = sessions.get(callId);
      Pending p = pending.get(callId);
      if (p != null && !event.isServerTransaction() && p.cancelReason == null && p.attempt.hasNext()) {
        failover(p, "timeout at " + p.attempt.current());
        return;
      }
      if (s != null) finish(s, new SipEnd(false, 0, "timeout: no response to " + ((Request) m).getMethod() + tried(p)));
      Ping ping = pings.get(callId);
      if (ping != null) ping.answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, "timeout: no response to OPTIONS")));
      Registration reg = registrations.get(callId);
      if (reg != null) failRegistration(reg, "no response to REGISTER");
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
      if (event instanceof gov.nist.javax.sip.IOExceptionEventExt ext && ext.getReason() == gov.nist.javax.sip.IOExceptionEventExt.Reason.KeepAliveTimeout) {
        if (keepAlive != null) keepAlive.noPong(ext.getPeerHost(), ext.getPeerPort(), ext.getTransport());
        return; // a call on it is not over: its in-dialog requests open a new connection
      }
      InetSocketAddress at = new InetSocketAddress(event.getHost(), event.getPort());
      String refused = tlsRefusal(at);
      String cause = refused != null ? refused : "transport error towards " + event.getHost() + ":" + event.getPort();
      for (Ping ping : List.copyOf(pings.values())) {
        ping.answered.completeExceptionally(new SipCallFailed(new SipEnd(false, 0, cause)));
      }
      for (SipSession s : List.copyOf(sessions.values())) {
        // only the attempts towards that peer: a transport error elsewhere is no business of theirs
        if (pending.containsKey(s.callId()) && (s.peer == null || s.peer.getPort() == event.getPort() && s.peer.getAddress() != null
            && at.getAddress() != null && s.peer.getAddress().equals(at.getAddress()))) {
          finish(s, new SipEnd(false, 0, cause));
        }
      }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
      String callId = event.getDialog().getCallId().getCallId();
      SipSession s = sessions.get(callId);
      // only the call's own dialog: the one a digest challenge ended (same Call-ID, no To tag) is no business of the call's
      if (s != null && s.confirmed().isDone() && event.getDialog() == s.dialog) {
        byeFromAck(s); // the far end did not end it (its BYE would have ended the session first): tell it
        finish(s, new SipEnd(false, 0, "dialog terminated by the stack" + (s.ack != null && !s.farEndEnded ? "; BYE sent" : "")));
      }
    }
  }
}
