package dev.earshot.telephony.dns;

import dev.earshot.telephony.TelephonyException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where a SIP URI's requests go, as RFC 3263 section 4 says, through dnsjava: an IP literal or a URI
 * with a port is taken as it is (A/AAAA for a name); otherwise NAPTR records choose the transport
 * ({@code SIP+D2U} UDP, {@code SIP+D2T} TCP, {@code SIPS+D2T} TLS; by order, then preference; a {@code sips:} URI takes TLS only) and name the SRV records, or, with
 * no NAPTR, {@code _sip._udp} and {@code _sip._tcp} SRV records are tried in that order; SRV targets are taken
 * by priority and, within one, in a weighted order (RFC 2782) drawn from a seed; with no SRV either, the host's
 * A and AAAA records on port 5060. Every target a record named is kept, in order, for failover; each carries
 * how it was found.
 *
 * <p>Thread-safe; one resolver keeps one cache.
 */
public final class SipResolver {
  /** Transports Earshot places calls over, in the preference used when the records leave a choice. */
  public static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");

  private final Resolver resolver;
  private final String server;
  private final Cache cache = new Cache(DClass.IN);
  private final long seed;

  private SipResolver(Resolver resolver, String server, long seed) {
    this.resolver = resolver;
    this.server = server;
    this.seed = seed;
  }

  /** The machine's resolvers (resolv.conf). */
  public static SipResolver system(long seed) {
    return new SipResolver(Lookup.getDefaultResolver(), "the system resolver", seed);
  }

  /**
   * A resolver at {@code hostPort} ({@code HOST}, {@code HOST:PORT}, {@code [V6]:PORT}; port 53 by default),
   * asked over UDP with a 2 s timeout, 3 tries.
   */
  public static SipResolver using(String hostPort, long seed) {
    String host = hostPort;
    int port = 53;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = hostPort.substring(1, close);
      if (close + 1 < hostPort.length()) port = Integer.parseInt(hostPort.substring(close + 2));
    } else if (hostPort.indexOf(':') > 0 && hostPort.indexOf(':') == hostPort.lastIndexOf(':')) {
      host = hostPort.substring(0, hostPort.indexOf(':'));
      port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
    }
    try {
      SimpleResolver r = new SimpleResolver(InetAddress.getByName(host));
      r.setPort(port);
      r.setTimeout(Duration.ofSeconds(2));
      return new SipResolver(r, host + ":" + port, seed);
    } catch (UnknownHostException e) {
      throw new TelephonyException("--dns " + hostPort + ": not an address", e);
    }
  }

  /**
   * Where a request to {@code sipUri} goes: every target in the order to try them. Fails with a
   * {@link TelephonyException} naming the name and the records looked for when nothing resolves.
   */
  public Resolution resolve(String sipUri) {
    Uri u = Uri.parse(sipUri);
    List<String> steps = new ArrayList<>();
    if (isLiteral(u.host)) {
      String t = u.transport != null ? u.transport : u.secure ? "tls" : "udp";
      return new Resolution(u.host, List.of(new Target(u.host, u.host, u.port > 0 ? u.port : t.equals("tls") ? 5061 : 5060, t, "address literal")), steps);
    }
    if (u.port > 0 || u.transport != null) { // RFC 3263 4.2: a port or a transport given: A/AAAA of the host itself
      String t = u.transport != null ? u.transport : u.secure ? "tls" : "udp";
      int port = u.port > 0 ? u.port : t.equals("tls") ? 5061 : 5060;
      List<Target> out = addresses(u.host, port, t, (u.port > 0 ? "port given" : "transport given") + ": A/AAAA " + u.host, steps);
      if (out.isEmpty()) throw unresolved(u.host, "A/AAAA", steps);
      return new Resolution(u.host, out, steps);
    }
    List<Target> out = new ArrayList<>();
    List<NAPTRRecord> naptr = naptr(u.host, steps);
    if (!naptr.isEmpty()) {
      for (NAPTRRecord n : naptr) {
        String t = transportOf(n.getService());
        if (t == null || !n.getFlags().equalsIgnoreCase("s") || u.secure && !t.equals("tls")) continue; // sips: TLS only
        String how = "NAPTR " + n.getOrder() + " " + n.getPreference() + " " + n.getService() + " -> " + trimDot(n.getReplacement().toString());
        out.addAll(srv(n.getReplacement().toString(), t, how, steps));
      }
    } else {
      for (String t : u.secure ? List.of("tls") : List.of("udp", "tcp")) {
        String name = (t.equals("tls") ? "_sips._tcp." : "_sip._" + t + ".") + u.host;
        out.addAll(srv(name, t, "no NAPTR; SRV " + name, steps));
      }
    }
    if (out.isEmpty()) out.addAll(addresses(u.host, u.secure ? 5061 : 5060, u.secure ? "tls" : "udp", (naptr.isEmpty() ? "no NAPTR or SRV" : "NAPTR without SRV") + "; A/AAAA " + u.host, steps));
    if (out.isEmpty()) throw unresolved(u.host, "NAPTR, SRV (_sip._udp, _sip._tcp) or A/AAAA", steps);
    return new Resolution(u.host, List.copyOf(out), steps);
  }

  private TelephonyException unresolved(String name, String what, List<String> steps) {
    return new TelephonyException("DNS: no " + what + " record for " + name + " (asked " + server + ": " + String.join("; ", steps) + ")");
  }

  private List<NAPTRRecord> naptr(String host, List<String> steps) {
    List<NAPTRRecord> out = new ArrayList<>();
    for (Record r : lookup(host, Type.NAPTR, steps)) out.add((NAPTRRecord) r);
    out.sort(Comparator.comparingInt(NAPTRRecord::getOrder).thenComparingInt(NAPTRRecord::getPreference));
    return out;
  }

  /** The targets of SRV {@code name}: by priority, then in RFC 2782's weighted order, drawn from the seed. */
  private List<Target> srv(String name, String transport, String how, List<String> steps) {
    List<SRVRecord> records = new ArrayList<>();
    for (Record r : lookup(name, Type.SRV, steps)) records.add((SRVRecord) r);
    // by priority; within one, in a fixed order (servers answer records in any order), so a seed always draws the same
    records.sort(Comparator.comparingInt(SRVRecord::getPriority).thenComparing(r -> r.getTarget().toString()).thenComparingInt(SRVRecord::getPort));
    SplittableRandom random = new SplittableRandom(seed ^ name.hashCode());
    List<Target> out = new ArrayList<>();
    int i = 0;
    while (i < records.size()) {
      int j = i;
      while (j < records.size() && records.get(j).getPriority() == records.get(i).getPriority()) j++;
      List<SRVRecord> group = new ArrayList<>(records.subList(i, j));
      while (!group.isEmpty()) {
        int total = group.stream().mapToInt(SRVRecord::getWeight).sum();
        int pick = 0;
        if (total > 0) { // RFC 2782: a running sum, the first record whose sum reaches a uniform draw in 0..total
          int draw = random.nextInt(total + 1), sum = 0;
          for (pick = 0; pick < group.size(); pick++) {
            sum += group.get(pick).getWeight();
            if (sum >= draw && (group.get(pick).getWeight() > 0 || draw == 0)) break;
          }
          if (pick == group.size()) pick = group.size() - 1;
        }
        SRVRecord s = group.remove(pick);
        String target = s.getTarget().toString();
        if (target.equals(".")) continue; // RFC 2782: the service is decidedly not available at this name
        out.addAll(addresses(trimDot(target), s.getPort(), transport,
            how + "; SRV " + s.getPriority() + " " + s.getWeight() + " " + s.getPort() + " " + trimDot(target), steps));
      }
      i = j;
    }
    return out;
  }

  private List<Target> addresses(String host, int port, String transport, String how, List<String> steps) {
    List<Target> out = new ArrayList<>();
    for (int type : new int[] {Type.A, Type.AAAA}) {
      for (Record r : lookup(host, type, steps)) {
        InetAddress a = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
        String addr = dev.earshot.telephony.Addressing.hostAddress(a);
        out.add(new Target(host, addr, port, transport, how + " -> " + (type == Type.A ? "A " : "AAAA ") + addr));
      }
    }
    return out;
  }

  private List<Record> lookup(String name, int type, List<String> steps) {
    try {
      Lookup l = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type);
      l.setResolver(resolver);
      l.setCache(cache);
      l.setSearchPath(new Name[0]); // an absolute name: no search domains
      Record[] found = l.run();
      String what = Type.string(type) + " " + trimDot(name);
      if (l.getResult() == Lookup.TRY_AGAIN) {
        steps.add(what + ": no answer (" + l.getErrorString() + ")");
        return List.of();
      }
      steps.add(what + ": " + (found == null ? "none" : found.length));
      return found == null ? List.of() : List.of(found);
    } catch (TextParseException e) {
      throw new TelephonyException("DNS: '" + name + "' is not a domain name", e);
    }
  }

  private static String transportOf(String service) {
    return switch (service.toUpperCase(Locale.ROOT)) {
      case "SIP+D2U" -> "udp";
      case "SIP+D2T" -> "tcp";
      case "SIPS+D2T" -> "tls";
      default -> null; // SIP+D2S (SCTP), WebSocket: not placed by Earshot
    };
  }

  private static String trimDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal rather than a name to resolve. */
  public static boolean isLiteral(String host) {
    return host.matches("[0-9.]+") || host.indexOf(':') >= 0;
  }

  /**
   * One place to send to.
   *
   * @param name the host name the records gave (or the literal)
   * @param address its IP address, as text
   * @param how the records that led here, e.g. {@code NAPTR 10 50 SIP+D2U -> _sip._udp.bank.test; SRV 10 60 5080 agent.bank.test -> A 10.0.0.5}
   */
  public record Target(String name, String address, int port, String transport, String how) {
    @Override
    public String toString() {
      return dev.earshot.telephony.Addressing.uriHost(address) + ":" + port + "/" + transport;
    }
  }

  /** Every target for a name, in the order to try them, and each look-up made ({@code SRV _sip._udp.bank.test: 2}). */
  public record Resolution(String name, List<Target> targets, List<String> steps) {}

  /** The parts of a SIP URI resolution needs. */
  private record Uri(String host, int port, String transport, boolean secure) {
    static Uri parse(String uri) {
      String host = dev.earshot.telephony.Addressing.hostOf(uri);
      String rest = uri.replaceFirst("^(?i)sips?:", "");
      int at = rest.lastIndexOf('@');
      if (at >= 0) rest = rest.substring(at + 1);
      String params = rest.indexOf(';') >= 0 ? rest.substring(rest.indexOf(';')) : "";
      String hostPort = rest.indexOf(';') >= 0 ? rest.substring(0, rest.indexOf(';')) : rest;
      int port = -1;
      int colon = hostPort.lastIndexOf(':');
      if (colon > hostPort.lastIndexOf(']') && !(hostPort.indexOf(':') != colon && !hostPort.startsWith("["))) {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      }
      String transport = null;
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i);transport=([a-z]+)").matcher(params);
      if (m.find()) transport = m.group(1).toLowerCase(Locale.ROOT);
      return new Uri(host, port, transport, uri.regionMatches(true, 0, "sips:", 0, 5));
    }
  }
}
