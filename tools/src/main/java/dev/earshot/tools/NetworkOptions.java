package dev.earshot.tools;

import dev.earshot.telephony.Addressing;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where the commands that place calls listen and what they tell the agent: the local address (by default the
 * one routed to the agent), a public address behind a static NAT, the SIP port, the RTP port range, and where
 * the agent side channel listens and is advertised.
 */
final class NetworkOptions {
  @Option(names = "--bind", paramLabel = "ADDR",
      description = "Local address to listen on for SIP, RTP and agent reports (default: the address this machine routes to the agent, or to the outbound proxy; 127.0.0.1 for an agent on loopback).")
  String bind;

  @Option(names = "--public-address", paramLabel = "HOST[:PORT]",
      description = "Address (and SIP port) to advertise in Via, Contact and SDP instead of the bound one: behind a static NAT, the NAT's public address, with SIP and the RTP range forwarded to this host.")
  String publicAddress;

  @Option(names = "--sip-port", paramLabel = "N", defaultValue = "0",
      description = "Local SIP port, UDP and TCP (default: any free port).")
  int sipPort;

  @Option(names = "--rtp-ports", paramLabel = "LOW-HIGH",
      description = "Local ports for RTP (even) and RTCP (the next odd one), e.g. 16384-32767 for a firewall's media range (default: any free ports).")
  String rtpPorts;

  @Option(names = "--rtp-socket", paramLabel = "shared|per-call",
      description = {"shared: every call's RTP on one socket pair per RTP thread, the same port in every SDP (as SIPp's -mp), a 20 ms slot's packets"
          + " sent in one system call and arrivals read many at a time; far ends told apart by address, or by SSRC when one address serves several calls."
          + " per-call: a socket pair per call, which can latch to a far end behind NAT (symmetric RTP) and keeps media that beats the answer.",
          "Default: shared for earshot load, per-call for everything else."})
  String rtpSocket;

  @Option(names = "--report-bind", paramLabel = "ADDR",
      description = "Address the agent side channel (HTTP POST /v1/report) listens on (default: the SIP address).")
  String reportBind;

  @Option(names = "--report-url", paramLabel = "URL",
      description = "Side-channel URL to put in X-Earshot-Report when a proxy or NAT stands between the agent and Earshot (default: http://ADDRESS:PORT/v1/report).")
  String reportUrl;

  /** The addressing these options ask for; every malformed value is a one-line bad-input error naming its option. */
  Addressing addressing() {
    if (sipPort < 0 || sipPort > 65535) throw new BadInputException("--sip-port: expected 0..65535, found " + sipPort);
    Addressing a = Addressing.AUTO.withBind(checkAddress("--bind", bind)).withSipPort(sipPort);
    if (publicAddress != null) {
      String[] hp = hostPort("--public-address", publicAddress);
      a = a.withAdvertised(hp[0], hp[1] == null ? 0 : port("--public-address", hp[1]));
    }
    if (rtpPorts != null) {
      int[] r = rtpRange(rtpPorts);
      a = a.withRtpPorts(r[0], r[1]);
    }
    return a.withSharedRtp(sharedRtp(false));
  }

  /** Whether {@code --rtp-socket} asks for shared sockets; {@code byDefault} when it is not given. */
  boolean sharedRtp(boolean byDefault) {
    if (rtpSocket == null) return byDefault;
    return switch (rtpSocket.strip()) {
      case "shared" -> true;
      case "per-call" -> false;
      default -> throw new BadInputException("--rtp-socket: expected shared or per-call, found '" + rtpSocket + "'");
    };
  }

  /** {low, high} of {@code --rtp-ports LOW-HIGH}. */
  static int[] rtpRange(String text) {
    String[] r = text.strip().split("-", -1);
    if (r.length != 2) throw new BadInputException("--rtp-ports: expected LOW-HIGH like 16384-32767, found '" + text + "'");
    int low = port("--rtp-ports", r[0]), high = port("--rtp-ports", r[1]);
    if (low < 1024 || high < low + 1) {
      throw new BadInputException("--rtp-ports: expected LOW-HIGH with 1024 <= LOW < HIGH <= 65535 (an even RTP port and the odd one after it), found '" + text + "'");
    }
    return new int[] {low, high};
  }

  String reportBind() {
    return checkAddress("--report-bind", reportBind);
  }

  String reportUrl() {
    if (reportUrl == null) return null;
    try {
      URI u = new URI(reportUrl);
      if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) return reportUrl;
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new BadInputException("--report-url: expected an http:// URL like http://203.0.113.7:8080/v1/report, found '" + reportUrl + "'");
  }

  /** An IP literal (IPv6 with or without brackets) or a host name, unchanged; null stays null. */
  static String checkAddress(String option, String value) {
    if (value == null) return null;
    String v = value.strip();
    if (v.isEmpty() || !v.matches("\\[?[0-9A-Za-z.:%-]+]?")) {
      throw new BadInputException(option + ": expected an address like 192.0.2.10, [2001:db8::10] or a host name, found '" + value + "'");
    }
    return v;
  }

  /** {host, port or null} from HOST, HOST:PORT, [V6] or [V6]:PORT; a bare IPv6 literal is a host. */
  static String[] hostPort(String option, String value) {
    String v = value.strip();
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close < 0 || (close + 1 < v.length() && v.charAt(close + 1) != ':')) {
        throw new BadInputException(option + ": expected [IPV6] or [IPV6]:PORT, found '" + value + "'");
      }
      return new String[] {checkAddress(option, v.substring(1, close)), close + 1 < v.length() ? v.substring(close + 2) : null};
    }
    int colon = v.indexOf(':');
    if (colon >= 0 && v.indexOf(':', colon + 1) < 0) return new String[] {checkAddress(option, v.substring(0, colon)), v.substring(colon + 1)};
    return new String[] {checkAddress(option, v), null};
  }

  private static int port(String option, String text) {
    try {
      int p = Integer.parseInt(text.strip());
      if (p >= 1 && p <= 65535) return p;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(option + ": expected a port number 1..65535, found '" + text + "'");
  }
}
