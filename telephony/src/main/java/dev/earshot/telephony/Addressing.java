package dev.earshot.telephony;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the user agent listens and what it tells the far end. Immutable; derive variants with the
 * {@code with*} methods.
 *
 * <p>By default ({@link #AUTO}) the local address is the one the operating system routes to the agent: the
 * source address it would pick for a datagram to it ({@link #routeTo}), so an agent on loopback is called from
 * 127.0.0.1, one on the office network from the interface facing it, one over IPv6 from an IPv6 address. That
 * address goes into Via, Contact and the SDP {@code c=} line, unless {@code advertised} names another (a host
 * behind a static NAT: the NAT's public address). Nothing is sent to find the route: connecting a UDP socket only
 * asks the kernel's routing table.
 *
 * @param bind the local address to listen on, or null for the route to the agent
 * @param advertised the address put in Via, Contact and SDP, or null for the bound one
 * @param advertisedPort the SIP port put in Via and Contact (a NAT's forwarded port), or 0 for the bound one
 * @param sipPort the local SIP port (UDP and TCP), or 0 for any free port
 * @param rtpLow the lowest local RTP port, or 0 for ephemeral ports; RTP takes even ports, RTCP the next odd one
 * @param rtpHigh the highest local port the range may use (RTCP included), or 0
 * @param media the address put in the SDP {@code c=} line when it must differ from Via and Contact, or null
 *     for {@link #advertisedHost()}
 * @param sharedRtp whether every call's RTP shares one socket pair per RTP thread (the same port in every SDP, as
 *     SIPp's {@code -mp}; packets of a 20 ms slot leave in one batch) instead of a pair per call; see
 *     {@link dev.earshot.telephony.rtp.MediaStream#openShared}
 */
public record Addressing(String bind, String advertised, int advertisedPort, int sipPort, int rtpLow, int rtpHigh, String media,
    boolean sharedRtp) {
  /** Listens on the route to each agent, advertises it, any free ports. */
  public static final Addressing AUTO = new Addressing(null, null, 0, 0, 0, 0, null, false);

  /** As the canonical constructor, with a socket pair per call. */
  public Addressing(String bind, String advertised, int advertisedPort, int sipPort, int rtpLow, int rtpHigh, String media) {
    this(bind, advertised, advertisedPort, sipPort, rtpLow, rtpHigh, media, false);
  }

  public Addressing {
    bind = strip(bind);
    advertised = strip(advertised);
    media = strip(media);
    if (advertisedPort < 0 || advertisedPort > 65535) throw new IllegalArgumentException("advertisedPort: expected 0-65535, found " + advertisedPort);
    if (sipPort < 0 || sipPort > 65535) throw new IllegalArgumentException("sipPort: expected 0-65535, found " + sipPort);
    if (rtpLow != 0 || rtpHigh != 0) {
      if (rtpLow < 1024 || rtpHigh > 65535 || rtpHigh < rtpLow + 1) {
        throw new IllegalArgumentException("rtp ports: expected LOW-HIGH within 1024-65535 with room for an RTP and RTCP pair, found " + rtpLow + "-" + rtpHigh);
      }
    }
  }

  /** Brackets off an IPv6 literal ({@code [::1]} becomes {@code ::1}); blank becomes null. */
  private static String strip(String host) {
    if (host == null || host.isBlank()) return null;
    host = host.strip();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  public static Addressing bindTo(String host) {
    return AUTO.withBind(host);
  }

  public Addressing withBind(String host) {
    return new Addressing(host, advertised, advertisedPort, sipPort, rtpLow, rtpHigh, media, sharedRtp);
  }

  public Addressing withAdvertised(String host, int port) {
    return new Addressing(bind, host, port, sipPort, rtpLow, rtpHigh, media, sharedRtp);
  }

  public Addressing withSipPort(int port) {
    return new Addressing(bind, advertised, advertisedPort, port, rtpLow, rtpHigh, media, sharedRtp);
  }

  public Addressing withRtpPorts(int low, int high) {
    return new Addressing(bind, advertised, advertisedPort, sipPort, low, high, media, sharedRtp);
  }

  /**
   * This addressing with {@code bind} settled: kept when given, else the local address routed to
   * {@code agentHost} (a name is resolved first). Fails with a {@link TelephonyException} that names the host
   * when it does not resolve or no local address routes to it.
   */
  public Addressing towards(String agentHost) {
    return bind != null ? this : withBind(routeTo(agentHost));
  }

  /** The address that listens; {@link #towards} must have settled it. */
  public String listenHost() {
    if (bind == null) throw new IllegalStateException("bind not settled: call towards(agentHost) first");
    return bind;
  }

  /** The address the far end is told: {@code advertised}, else the bound one. */
  public String advertisedHost() {
    return advertised != null ? advertised : listenHost();
  }

  public Addressing withMedia(String host) {
    return new Addressing(bind, advertised, advertisedPort, sipPort, rtpLow, rtpHigh, host, sharedRtp);
  }

  /** This addressing with every call's RTP on shared sockets ({@code true}) or on a socket pair per call. */
  public Addressing withSharedRtp(boolean shared) {
    return new Addressing(bind, advertised, advertisedPort, sipPort, rtpLow, rtpHigh, media, shared);
  }

  /** The address the SDP gives for media: {@code media}, else {@link #advertisedHost()}. */
  public String mediaHost() {
    return media != null ? media : advertisedHost();
  }

  /** Whether media ports come from a range ({@code --rtp-ports}) rather than the ephemeral ones. */
  public boolean hasRtpRange() {
    return rtpLow != 0;
  }

  /**
   * The local address the kernel would send from to reach {@code host} (a name, an IPv4 or an IPv6 literal,
   * brackets allowed). No packet is sent.
   */
  public static String routeTo(String host) {
    String h = strip(host);
    if (h == null) throw new TelephonyException("no agent host to route to");
    InetAddress target;
    try {
      target = InetAddress.getByName(h);
    } catch (UnknownHostException e) {
      throw new TelephonyException("cannot resolve " + h + ": no address for that name (check the agent URI, or pass --bind)", e);
    }
    try (DatagramSocket probe = new DatagramSocket(0, target instanceof Inet6Address ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"))) {
      probe.connect(target, 9);
      InetAddress local = probe.getLocalAddress();
      if (local == null || local.isAnyLocalAddress()) {
        throw new TelephonyException("no route to " + h + " (" + target.getHostAddress() + ") from any local address; pass --bind ADDR");
      }
      return hostAddress(local);
    } catch (IOException e) {
      throw new TelephonyException("no route to " + h + " (" + target.getHostAddress() + "): " + e.getMessage() + "; pass --bind ADDR", e);
    }
  }

  /**
   * The literal of {@code a}: IPv4 dotted, IPv6 in RFC 5952's canonical text (lower case, the longest run of
   * two or more zero groups as {@code ::}, e.g. {@code 2001:db8::5}, {@code ::1}) without its zone, which is a
   * local matter and no business of a peer.
   */
  public static String hostAddress(InetAddress a) {
    if (!(a instanceof Inet6Address)) return a.getHostAddress();
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    int bestStart = -1, bestLen = 1; // a single zero group is not shortened (RFC 5952 section 4.2.2)
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /**
   * The host a request to {@code sipUri} is first sent to, in the absence of a proxy: its host part without
   * brackets ({@code sip:agent@[2001:db8::5]:5080;transport=tcp} gives {@code 2001:db8::5}).
   */
  public static String hostOf(String sipUri) {
    String rest = sipUri.replaceFirst("^(?i)sips?:", "");
    int at = rest.lastIndexOf('@');
    if (at >= 0) rest = rest.substring(at + 1);
    int semi = rest.indexOf(';');
    if (semi >= 0) rest = rest.substring(0, semi);
    int q = rest.indexOf('?');
    if (q >= 0) rest = rest.substring(0, q);
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      return close < 0 ? rest.substring(1) : rest.substring(1, close);
    }
    int colon = rest.indexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  /**
   * Whether {@code a} is an address only its own network can reach: RFC 1918 private, RFC 6598 shared (carrier
   * NAT), link-local, or IPv6 unique-local (fc00::/7) or link-local.
   */
  public static boolean isPrivate(InetAddress a) {
    byte[] b = a.getAddress();
    if (a.isSiteLocalAddress() || a.isLinkLocalAddress()) return true;
    if (b.length == 4) return (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
    return (b[0] & 0xFE) == 0xFC;
  }

  /**
   * {@code HOST:PORT} of {@code a}, the host as {@link #hostAddress} writes it and bracketed when IPv6
   * ({@code [::1]:5061}); an unresolved address keeps its name. Null for null.
   */
  public static String hostPort(java.net.InetSocketAddress a) {
    if (a == null) return null;
    return uriHost(a.getAddress() == null ? a.getHostString() : hostAddress(a.getAddress())) + ":" + a.getPort();
  }

  /** {@code host} as a URI or Via host: an IPv6 literal in brackets (RFC 3261 section 19.1.1). */
  public static String uriHost(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
