package dev.earshot.telephony.sip;

import dev.earshot.telephony.TelephonyException;
import dev.earshot.telephony.rtp.SrtpKeys;
import dev.earshot.telephony.rtp.SrtpSuite;
import dev.earshot.telephony.rtp.WireCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slice of SDP (RFC 4566) and offer/answer (RFC 3264) an audio call needs: one {@code m=audio} line
 * with its codecs ({@link WireCodec}: G.711, G.722, Opus) and RFC 4733 telephone-events, its connection address
 * and its port.
 *
 * @param payloadTypes offered (or answered) payload types, in preference order
 * @param telephoneEvent the payload type mapped to {@code telephone-event/8000} (RFC 4733), or -1 for none
 * @param telephoneEventWide the payload type mapped to {@code telephone-event/48000}, or -1 for none: RFC 4733
 *     wants events on the clock of the audio they go with, so an Opus stream's keys use it when both ends have it
 * @param direction {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive} (RFC 3264 section
 *     5.1), from this description's author's point of view; a connection address of 0.0.0.0 (the RFC 2543
 *     way to hold) reads as {@code sendonly}
 * @param formats the payload types Earshot can use, and their codecs: from {@code a=rtpmap} lines, or for
 *     static types without one, RFC 3551's table
 * @param profile the {@code m=} line's transport: {@code RTP/AVP}, or {@code RTP/SAVP} for SRTP (RFC 3711)
 * @param crypto the audio stream's SDES {@code a=crypto} lines (RFC 4568), in order; those Earshot cannot use
 *     (another suite, an MKI, session parameters) are kept with null keys so that errors can name them
 */
public record Sdp(String address, int port, List<Integer> payloadTypes, int telephoneEvent, String direction, Map<Integer, WireCodec> formats,
    int telephoneEventWide, String profile, List<Crypto> crypto) {
  public static final String AVP = "RTP/AVP", SAVP = "RTP/SAVP";

  /**
   * One {@code a=crypto} line: its tag, its suite as written, and the keys when Earshot can use them (one of
   * {@link SrtpSuite}'s suites, one inline key without MKI, no session parameters), else null and {@code why}.
   * Its {@code toString} never shows the key.
   */
  public record Crypto(int tag, String suite, SrtpKeys keys, String why) {
    public Crypto(int tag, SrtpKeys keys) {
      this(tag, keys.suite().name(), keys, null);
    }

    public boolean usable() {
      return keys != null;
    }
  }

  /** The same description with SRTP: {@code profile} on the {@code m=} line and {@code crypto} as its only a=crypto lines. */
  public Sdp withCrypto(String profile, List<Crypto> crypto) {
    return new Sdp(address, port, payloadTypes, telephoneEvent, direction, formats, telephoneEventWide, profile, crypto);
  }

  /** Whether the {@code m=} line says SRTP ({@code RTP/SAVP}, {@code RTP/SAVPF}, DTLS's {@code UDP/TLS/RTP/SAVP}). */
  public boolean secureProfile() {
    return profile.contains("SAVP");
  }

  /** The first a=crypto line Earshot can use, or null. */
  public Crypto usableCrypto() {
    return crypto.stream().filter(Crypto::usable).findFirst().orElse(null);
  }
  public static final int TELEPHONE_EVENT = 101;
  /** Earshot's number for {@code telephone-event/48000}, offered beside Opus. */
  public static final int TELEPHONE_EVENT_WIDE = 102;
  public static final List<String> DIRECTIONS = List.of("sendrecv", "sendonly", "recvonly", "inactive");

  public Sdp {
    if (address == null) throw new NullPointerException("address == null");
    if (profile == null) profile = AVP;
    crypto = crypto == null ? List.of() : List.copyOf(crypto);
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port: expected 0..65535, found " + port);
    payloadTypes = List.copyOf(payloadTypes);
    if (telephoneEvent >= 0 && !payloadTypes.contains(telephoneEvent)) telephoneEvent = -1;
    if (telephoneEventWide >= 0 && !payloadTypes.contains(telephoneEventWide)) telephoneEventWide = -1;
    if (direction == null) direction = "sendrecv";
    if (!DIRECTIONS.contains(direction)) throw new IllegalArgumentException("direction: expected one of " + DIRECTIONS + ", found " + direction);
    Map<Integer, WireCodec> known = new LinkedHashMap<>();
    for (int pt : payloadTypes) {
      WireCodec c = formats == null ? null : formats.get(pt);
      if (c == null && (formats == null || !formats.containsKey(pt)) && pt < 96) c = WireCodec.byStaticPayloadType(pt);
      if (c != null) known.put(pt, c);
    }
    formats = java.util.Collections.unmodifiableMap(known);
  }

  public Sdp(String address, int port, List<Integer> payloadTypes, int telephoneEvent, String direction, Map<Integer, WireCodec> formats,
      int telephoneEventWide) {
    this(address, port, payloadTypes, telephoneEvent, direction, formats, telephoneEventWide, AVP, List.of());
  }

  public Sdp(String address, int port, List<Integer> payloadTypes, int telephoneEvent, String direction, Map<Integer, WireCodec> formats) {
    this(address, port, payloadTypes, telephoneEvent, direction, formats, -1);
  }

  /** A description whose codecs are the static payload types' (RFC 3551). */
  public Sdp(String address, int port, List<Integer> payloadTypes, int telephoneEvent, String direction) {
    this(address, port, payloadTypes, telephoneEvent, direction, null);
  }

  /** The telephone-event payload type to send keys with, and its RTP clock. */
  public record Events(int payloadType, int clockRate) {
    public static final Events NONE = new Events(-1, 8000);
  }

  /**
   * The telephone-event to use with {@link #codec()}: the one on that codec's clock when this description has it,
   * else {@code telephone-event/8000} (what most stacks offer whatever the codec), else {@link Events#NONE}.
   */
  public Events events() {
    int clock = formats.isEmpty() ? 8000 : codec().codec().clockRate();
    if (clock == 48000 && telephoneEventWide >= 0) return new Events(telephoneEventWide, 48000);
    return telephoneEvent >= 0 ? new Events(telephoneEvent, 8000) : Events.NONE;
  }

  public Sdp(String address, int port, List<Integer> payloadTypes, int telephoneEvent) {
    this(address, port, payloadTypes, telephoneEvent, "sendrecv");
  }

  /** A description whose telephone-event type, if any, is Earshot's usual 101. */
  public Sdp(String address, int port, List<Integer> payloadTypes) {
    this(address, port, payloadTypes, TELEPHONE_EVENT);
  }

  /** Whether the author of this description wants to receive media (sendrecv or recvonly). */
  public boolean receives() {
    return direction.equals("sendrecv") || direction.equals("recvonly");
  }

  /** Whether the author will send media (sendrecv or sendonly). */
  public boolean sends() {
    return direction.equals("sendrecv") || direction.equals("sendonly");
  }

  /** Earshot's usual offer: PCMU, PCMA and telephone-event. */
  public static Sdp offer(String address, int port) {
    return offer(address, port, DEFAULT_CODECS);
  }

  public static final List<WireCodec> DEFAULT_CODECS = WireCodec.offered(null);

  /**
   * An offer of exactly {@code codecs}, in that order (Opus as payload type 111), and telephone-event: on the
   * 8000 Hz clock, and with Opus also on its 48000 Hz clock.
   */
  public static Sdp offer(String address, int port, List<WireCodec> codecs) {
    if (codecs.isEmpty()) throw new IllegalArgumentException("an offer needs at least one codec");
    List<Integer> pts = new ArrayList<>();
    Map<Integer, WireCodec> formats = new LinkedHashMap<>();
    for (WireCodec c : codecs) {
      pts.add(c.payloadType());
      formats.put(c.payloadType(), c);
    }
    pts.add(TELEPHONE_EVENT);
    boolean wide = codecs.stream().anyMatch(c -> c.clockRate() == 48000);
    if (wide) pts.add(TELEPHONE_EVENT_WIDE);
    return new Sdp(address, port, pts, TELEPHONE_EVENT, "sendrecv", formats, wide ? TELEPHONE_EVENT_WIDE : -1);
  }

  /** A payload type and the codec it carries in this session. */
  public record Format(int payloadType, WireCodec codec) {}

  /**
   * The answer to {@code offer} from {@code address:port}: the first offered codec Earshot has (with the offer's
   * payload type number for it), plus the telephone-event for it if offered ({@link #events()}), and the mirror of the offer's direction
   * (sendonly is answered recvonly: RFC 3264 section 6.1).
   */
  public Sdp answer(String address, int port) {
    Format chosen = codec();
    List<Integer> pts = new ArrayList<>(List.of(chosen.payloadType()));
    Events events = events();
    if (events.payloadType() >= 0) pts.add(events.payloadType()); // RFC 3264: the answer uses the offer's number for it
    String mirrored = switch (direction) {
      case "sendonly" -> "recvonly";
      case "recvonly" -> "sendonly";
      default -> direction;
    };
    boolean wide = events.clockRate() == 48000;
    return new Sdp(address, port, pts, wide ? -1 : events.payloadType(), mirrored, Map.of(chosen.payloadType(), chosen.codec()),
        wide ? events.payloadType() : -1);
  }

  /** The first codec in this description Earshot has, or a failure naming what was offered instead. */
  public Format codec() {
    for (int pt : payloadTypes) {
      WireCodec c = formats.get(pt);
      if (c != null) return new Format(pt, c);
    }
    throw new TelephonyException("no common codec: the SDP offers payload types " + payloadTypes
        + ", expected PCMU (0), PCMA (8), G722 (9) or opus/48000/2");
  }

  public InetSocketAddress mediaAddress() {
    return new InetSocketAddress(address, port);
  }

  public String encode(long sessionId) {
    StringBuilder sb = new StringBuilder();
    sb.append("v=0\r\n");
    String family = address.indexOf(':') >= 0 ? " IN IP6 " : " IN IP4 "; // RFC 4566 section 5.7
    sb.append("o=earshot ").append(sessionId).append(' ').append(sessionId).append(family).append(address).append("\r\n");
    sb.append("s=earshot\r\n");
    sb.append("c=").append(family.substring(1)).append(address).append("\r\n");
    sb.append("t=0 0\r\n");
    sb.append("m=audio ").append(port).append(' ').append(profile);
    for (int pt : payloadTypes) sb.append(' ').append(pt);
    sb.append("\r\n");
    for (int pt : payloadTypes) {
      WireCodec c = formats.get(pt);
      if (c != null) {
        sb.append("a=rtpmap:").append(pt).append(' ').append(c.rtpmap()).append("\r\n");
        if (c.fmtp() != null) sb.append("a=fmtp:").append(pt).append(' ').append(c.fmtp()).append("\r\n");
      }
      if (pt == telephoneEvent || pt == telephoneEventWide) {
        sb.append("a=rtpmap:").append(pt).append(pt == telephoneEvent ? " telephone-event/8000" : " telephone-event/48000")
            .append("\r\na=fmtp:").append(pt).append(" 0-16\r\n");
      }
    }
    for (Crypto c : crypto) {
      if (c.usable()) sb.append("a=crypto:").append(c.tag()).append(' ').append(c.suite()).append(" inline:").append(c.keys().inline()).append("\r\n");
    }
    sb.append("a=ptime:20\r\na=").append(direction).append("\r\n");
    return sb.toString();
  }

  /** Parses the session's connection address and its first audio stream. */
  public static Sdp parse(String text) {
    if (text == null || text.isBlank()) throw new TelephonyException("no SDP body; expected an audio session description");
    String sessionAddress = null, mediaAddress = null;
    int port = -1;
    int telephoneEvent = -1, telephoneEventWide = -1;
    String sessionDirection = null, mediaDirection = null;
    List<Integer> pts = null;
    String profile = AVP;
    List<Crypto> crypto = new ArrayList<>();
    Map<Integer, WireCodec> formats = new LinkedHashMap<>();
    boolean inAudio = false;
    int lineNo = 0;
    for (String line : text.split("\r?\n")) {
      lineNo++;
      if (line.startsWith("m=")) {
        inAudio = pts == null && line.startsWith("m=audio ");
        if (inAudio) {
          String[] f = line.substring(2).trim().split("\\s+");
          if (f.length < 4) throw new TelephonyException("SDP line " + lineNo + ": expected 'm=audio PORT RTP/AVP FMT...', found '" + line + "'");
          profile = f[2];
          try {
            port = Integer.parseInt(f[1].split("/", -1)[0]);
            pts = new ArrayList<>();
            for (int i = 3; i < f.length; i++) pts.add(Integer.parseInt(f[i]));
          } catch (NumberFormatException e) {
            throw new TelephonyException("SDP line " + lineNo + ": expected numbers in '" + line + "'", e);
          }
        }
      } else if (inAudio && line.regionMatches(true, 0, "a=rtpmap:", 0, 9)) {
        String[] f = line.substring(9).trim().split("\\s+");
        if (f.length < 2) throw new TelephonyException("SDP line " + lineNo + ": expected 'a=rtpmap:PT NAME/CLOCK', found '" + line + "'");
        int pt;
        try {
          pt = Integer.parseInt(f[0]);
        } catch (NumberFormatException e) {
          throw new TelephonyException("SDP line " + lineNo + ": expected a payload type number in '" + line + "'", e);
        }
        String name = f[1].toLowerCase(java.util.Locale.ROOT);
        if (name.equals("telephone-event/8000") || name.startsWith("telephone-event/8000/")) telephoneEvent = pt;
        else if (name.equals("telephone-event/48000") || name.startsWith("telephone-event/48000/")) telephoneEventWide = pt;
        else if (name.startsWith("telephone-event/")) continue; // on a clock none of our codecs use
        else formats.put(pt, WireCodec.byRtpmap(f[1])); // null: a codec Earshot lacks, whatever its number
      } else if (inAudio && line.regionMatches(true, 0, "a=crypto:", 0, 9)) {
        crypto.add(crypto(line.substring(9).trim(), lineNo, line));
      } else if (line.startsWith("a=") && DIRECTIONS.contains(line.substring(2).trim())) {
        if (pts == null) sessionDirection = line.substring(2).trim();
        else if (inAudio) mediaDirection = line.substring(2).trim();
      } else if (line.startsWith("c=")) {
        String[] f = line.substring(2).trim().split("\\s+");
        if (f.length < 3) throw new TelephonyException("SDP line " + lineNo + ": expected 'c=IN IP4 ADDRESS' or 'c=IN IP6 ADDRESS', found '" + line + "'");
        String addr = f[2].split("/", 2)[0]; // an IPv4 multicast address may carry /TTL
        if (addr.isEmpty()) throw new TelephonyException("SDP line " + lineNo + ": expected an address in '" + line + "'");
        if (pts == null) sessionAddress = addr;
        else if (inAudio) mediaAddress = addr;
      }
    }
    if (pts == null) throw new TelephonyException("SDP has no m=audio line");
    String addr = mediaAddress != null ? mediaAddress : sessionAddress;
    if (addr == null) throw new TelephonyException("SDP has no c= connection address for its audio stream");
    String direction = mediaDirection != null ? mediaDirection : sessionDirection != null ? sessionDirection : "sendrecv";
    if (addr.equals("0.0.0.0") && direction.equals("sendrecv")) direction = "sendonly"; // RFC 2543 hold
    try {
      return new Sdp(addr, port, pts, telephoneEvent, direction, formats, telephoneEventWide, profile, crypto);
    } catch (IllegalArgumentException e) { // a value the description may not hold, e.g. m=audio 80000
      throw new TelephonyException("SDP m=audio: " + e.getMessage(), e);
    }
  }

  /**
   * An {@code a=crypto} value (RFC 4568 section 9.1: {@code tag suite key-params [session-params]}). A line
   * Earshot cannot use is kept with the reason; one that is not a crypto attribute at all fails naming the line.
   */
  private static Crypto crypto(String value, int lineNo, String line) {
    String[] f = value.split("\\s+");
    int tag;
    try {
      tag = f.length < 3 ? -1 : Integer.parseInt(f[0]);
    } catch (NumberFormatException e) {
      tag = -1;
    }
    if (tag < 0 || tag > 999_999_999) {
      throw new TelephonyException("SDP line " + lineNo + ": expected 'a=crypto:TAG SUITE inline:KEY', found '" + redact(line) + "'");
    }
    SrtpSuite suite = SrtpSuite.byName(f[1]);
    if (suite == null) return new Crypto(tag, f[1], null, "suite " + f[1]);
    if (f.length > 3) return new Crypto(tag, f[1], null, "session parameters " + String.join(" ", java.util.Arrays.copyOfRange(f, 3, f.length)));
    if (f[2].contains(";")) return new Crypto(tag, f[1], null, "more than one key");
    if (!f[2].regionMatches(true, 0, "inline:", 0, 7)) return new Crypto(tag, f[1], null, "key method other than inline");
    String[] parts = f[2].substring(7).split("\\|");
    for (int i = 1; i < parts.length; i++) if (parts[i].contains(":")) return new Crypto(tag, f[1], null, "an MKI");
    try {
      return new Crypto(tag, suite.name(), SrtpKeys.fromInline(suite, parts[0]), null);
    } catch (IllegalArgumentException e) {
      throw new TelephonyException("SDP line " + lineNo + ": " + e.getMessage() + " in a=crypto:" + tag + " " + f[1]);
    }
  }

  private static final java.util.regex.Pattern INLINE = java.util.regex.Pattern.compile("(?i)(inline:)([A-Za-z0-9+/=]+)");

  /**
   * {@code text} with every SDES key replaced by as many {@code *} (so a message's Content-Length still holds):
   * what a capture, log or error message may show of an SDP.
   */
  public static String redact(String text) {
    if (text == null || text.indexOf(':') < 0) return text;
    java.util.regex.Matcher m = INLINE.matcher(text);
    if (!m.find()) return text;
    StringBuilder out = new StringBuilder();
    do {
      m.appendReplacement(out, "$1" + "*".repeat(m.group(2).length()));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }
}
