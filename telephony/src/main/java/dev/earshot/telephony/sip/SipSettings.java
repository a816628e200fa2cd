package dev.earshot.telephony.sip;

import java.util.List;
import java.util.Locale;

/**
 * How the user agent reaches agents: accounts for digest challenges, an outbound proxy every request goes
 * through, and the transport for targets that do not name one ({@code ;transport=tcp} in a URI wins).
 *
 * @param credentials accounts for 401 / 407 challenges, tried by realm
 * @param outboundProxy {@code host:port} or {@code host:port/tcp}, or null to send straight to the target
 * @param transport {@code udp} (default) or {@code tcp}
 */
public record SipSettings(List<SipCredentials> credentials, String outboundProxy, String transport) {
  public static final SipSettings DEFAULT = new SipSettings(List.of(), null, null);

  public SipSettings {
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
    transport = transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
    if (!transport.equals("udp") && !transport.equals("tcp")) throw new IllegalArgumentException("transport: expected udp or tcp, found " + transport);
    if (outboundProxy != null && !outboundProxy.matches("[^\\s:/]+:\\d{1,5}(/(?i:udp|tcp))?")) {
      throw new IllegalArgumentException("outbound proxy: expected host:port or host:port/tcp, found '" + outboundProxy + "'");
    }
  }

  public SipSettings withCredentials(List<SipCredentials> accounts) {
    return new SipSettings(accounts, outboundProxy, transport);
  }

  /** The host a request to {@code target} goes to first: the outbound proxy's, else the target URI's. */
  public String firstHopHost(String target) {
    return outboundProxy != null ? outboundProxy.split("/")[0].replaceFirst(":\\d+$", "") : dev.earshot.telephony.Addressing.hostOf(target);
  }

  /** The proxy as JAIN-SIP wants it: {@code host:port/transport}. */
  String proxyHop() {
    return outboundProxy.contains("/") ? outboundProxy.toLowerCase(Locale.ROOT) : outboundProxy + "/" + transport;
  }
}
