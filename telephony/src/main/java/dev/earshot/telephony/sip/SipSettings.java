package dev.earshot.telephony.sip;

import java.util.List;
import java.util.Locale;

/**
 * How the user agent reaches agents: accounts for digest challenges, an outbound proxy every request goes
 * through, and the transport for targets that do not name one ({@code ;transport=tcp} in a URI wins).
 *
 * @param credentials accounts for 401 / 407 challenges, tried by realm
 * @param outboundProxy {@code host:port}, {@code host:port/tcp} or {@code host:port/tls} (its certificate must name
 *     {@code host}), or null to send straight to the target
 * @param transport {@code udp} (default) or {@code tcp}
 * @param dns the DNS server names in agent URIs are resolved with ({@code HOST} or {@code HOST:PORT}), or null
 *     for the system's resolvers
 * @param tls SIP over TLS: the CA to trust, this side's certificate ({@link TlsSettings#DEFAULT}: the JDK's trust store)
 * @param tlsPort the local TLS port (0: any free one)
 * @param registrar a registrar to register with before the first call and to unregister from at the end
 *     ({@code sip:pbx.example.com}), or null
 * @param registerSeconds the binding's lifetime to ask for (refreshed at half what is granted)
 * @param srtp SRTP for calls placed and answered ({@link dev.earshot.telephony.SrtpMode}; null: off)
 * @param srtpKeyLog a file every SRTP call's keys are appended to, for decrypting captures, or null (the default: none)
 * @param keepAliveSeconds RFC 5626 CRLF pings on each call's TCP/TLS connection at this interval (0: none, the default)
 */
public record SipSettings(List<SipCredentials> credentials, String outboundProxy, String transport, String dns, TlsSettings tls, int tlsPort,
    String registrar, int registerSeconds, dev.earshot.telephony.SrtpMode srtp, java.nio.file.Path srtpKeyLog, int keepAliveSeconds) {
  public static final SipSettings DEFAULT = new SipSettings(List.of(), null, null, null, null, 0, null, 600);

  public SipSettings(List<SipCredentials> credentials, String outboundProxy, String transport, String dns, TlsSettings tls, int tlsPort,
      String registrar, int registerSeconds) {
    this(credentials, outboundProxy, transport, dns, tls, tlsPort, registrar, registerSeconds, null, null, 0);
  }

  public SipSettings(List<SipCredentials> credentials, String outboundProxy, String transport) {
    this(credentials, outboundProxy, transport, null, null, 0, null, 600);
  }

  public SipSettings(List<SipCredentials> credentials, String outboundProxy, String transport, String dns) {
    this(credentials, outboundProxy, transport, dns, null, 0, null, 600);
  }

  public SipSettings(List<SipCredentials> credentials, String outboundProxy, String transport, String dns, TlsSettings tls, int tlsPort) {
    this(credentials, outboundProxy, transport, dns, tls, tlsPort, null, 600);
  }

  public SipSettings withTls(TlsSettings t, int port) {
    return new SipSettings(credentials, outboundProxy, transport, dns, t, port, registrar, registerSeconds, srtp, srtpKeyLog, keepAliveSeconds);
  }

  public SipSettings withRegistrar(String uri, int seconds) {
    return new SipSettings(credentials, outboundProxy, transport, dns, tls, tlsPort, uri, seconds, srtp, srtpKeyLog, keepAliveSeconds);
  }

  public SipSettings withKeepAlive(int seconds) {
    return new SipSettings(credentials, outboundProxy, transport, dns, tls, tlsPort, registrar, registerSeconds, srtp, srtpKeyLog, seconds);
  }

  public SipSettings withSrtp(dev.earshot.telephony.SrtpMode mode, java.nio.file.Path keyLog) {
    return new SipSettings(credentials, outboundProxy, transport, dns, tls, tlsPort, registrar, registerSeconds, mode, keyLog, keepAliveSeconds);
  }

  public SipSettings {
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
    if (srtp == null) srtp = dev.earshot.telephony.SrtpMode.OFF;
    if (keepAliveSeconds < 0 || keepAliveSeconds > 3600) throw new IllegalArgumentException("keepalive: expected 0..3600 seconds, found " + keepAliveSeconds);
    transport = transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
    if (!List.of("udp", "tcp", "tls").contains(transport)) throw new IllegalArgumentException("transport: expected udp, tcp or tls, found " + transport);
    tls = tls == null ? TlsSettings.DEFAULT : tls;
    if (tlsPort < 0 || tlsPort > 65535) throw new IllegalArgumentException("tlsPort: expected 0..65535, found " + tlsPort);
    if (registerSeconds < 10 && registrar != null || registerSeconds < 0) throw new IllegalArgumentException("register expires: expected at least 10 s, found " + registerSeconds);
    if (registrar != null && !registrar.matches("(?i)sips?:\\S+")) throw new IllegalArgumentException("register: expected a SIP URI like sip:pbx.example.com, found '" + registrar + "'");
    if (outboundProxy != null && !outboundProxy.matches("[^\\s:/]+:\\d{1,5}(/(?i:udp|tcp|tls))?")) {
      throw new IllegalArgumentException("outbound proxy: expected host:port, host:port/tcp or host:port/tls, found '" + outboundProxy + "'");
    }
  }

  public SipSettings withCredentials(List<SipCredentials> accounts) {
    return new SipSettings(accounts, outboundProxy, transport, dns, tls, tlsPort, registrar, registerSeconds, srtp, srtpKeyLog, keepAliveSeconds);
  }

  public SipSettings withDns(String server) {
    return new SipSettings(credentials, outboundProxy, transport, server, tls, tlsPort, registrar, registerSeconds, srtp, srtpKeyLog, keepAliveSeconds);
  }

  /** The RFC 3263 resolver these settings name: {@code dns}, else the system's. */
  public dev.earshot.telephony.dns.SipResolver resolver(long seed) {
    return dns == null ? dev.earshot.telephony.dns.SipResolver.system(seed) : dev.earshot.telephony.dns.SipResolver.using(dns, seed);
  }

  /**
   * The address of the first hop towards {@code target}: the outbound proxy's, else the first target RFC 3263
   * resolution gives (a literal as it is), so that the local address routed to it can be chosen.
   */
  public String firstHopAddress(String target) {
    String host = firstHopHost(target);
    if (dev.earshot.telephony.dns.SipResolver.isLiteral(host)) return host;
    return resolver(0).resolve(firstHopUri(target)).targets().get(0).address();
  }

  /** What a request to {@code target} is first sent to, as a URI to resolve: the outbound proxy's, else the target. */
  public String firstHopUri(String target) {
    return outboundProxy != null ? "sip:" + outboundProxy.split("/", 2)[0] : target;
  }

  /** The host a request to {@code target} goes to first: the outbound proxy's, else the target URI's. */
  public String firstHopHost(String target) {
    return outboundProxy != null ? outboundProxy.split("/", 2)[0].replaceFirst(":\\d+$", "") : dev.earshot.telephony.Addressing.hostOf(target);
  }

  /** The proxy as JAIN-SIP wants it: {@code host:port/transport}. */
  String proxyHop() {
    return outboundProxy.contains("/") ? outboundProxy.toLowerCase(Locale.ROOT) : outboundProxy + "/" + transport;
  }
}
