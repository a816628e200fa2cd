package dev.earshot.telephony;

import dev.earshot.telephony.rtp.SrtpKeys;
import dev.earshot.telephony.rtp.SrtpSuite;
import dev.earshot.telephony.sip.Sdp;
import java.util.ArrayList;
import java.util.List;

/**
 * SDES offer/answer (RFC 4568 sections 6.1 and 7): which {@code a=crypto} lines to offer, which to answer, and
 * the keys of both directions that came out of it. Each offered line has its own fresh key; the answerer picks
 * one line, answers its tag with a key of its own; each side then sends with its own key and receives with the
 * other's.
 */
final class Sdes {
  private Sdes() {}

  /** The keys a call agreed: {@code send} protects our packets, {@code receive} checks the far end's. */
  record Keys(int tag, SrtpKeys send, SrtpKeys receive) {}

  /** Thrown for an offer this side must refuse; {@code getMessage()} says why, for the 488 and the log. */
  static final class Refused extends TelephonyException {
    Refused(String why) {
      super(why);
    }
  }

  static String offerProfile(SrtpMode mode) {
    return mode == SrtpMode.REQUIRED ? Sdp.SAVP : Sdp.AVP;
  }

  /** What to offer: no lines when off, else one per suite, the 80-bit tag first, each with a fresh key. */
  static List<Sdp.Crypto> offer(SrtpMode mode) {
    if (mode == SrtpMode.OFF) return List.of();
    List<Sdp.Crypto> lines = new ArrayList<>();
    for (SrtpSuite s : SrtpSuite.values()) lines.add(new Sdp.Crypto(lines.size() + 1, SrtpKeys.generate(s)));
    return lines;
  }

  /**
   * The caller's side: the keys {@code answer} agreed to from {@code offered}, or null for plain RTP; fails with
   * a sentence when the answer breaks {@code mode} or SDES.
   */
  static Keys agreed(SrtpMode mode, List<Sdp.Crypto> offered, Sdp answer) {
    Sdp.Crypto chosen = answer.usableCrypto();
    if (chosen == null) {
      if (!answer.crypto().isEmpty() && !offered.isEmpty()) {
        throw new TelephonyException("the agent answered a=crypto Earshot cannot use (" + reasons(answer) + ")");
      }
      if (answer.secureProfile()) {
        throw new TelephonyException("the agent answered " + answer.profile() + " without an SDES a=crypto key"
            + (answer.profile().startsWith("UDP/TLS") ? " (DTLS-SRTP, which Earshot does not support)" : ""));
      }
      if (mode == SrtpMode.REQUIRED) {
        throw new TelephonyException("the agent answered without SRTP (m=audio " + answer.profile() + ", no a=crypto) but SRTP is required (--srtp required)");
      }
      return null;
    }
    for (Sdp.Crypto o : offered) {
      if (o.tag() == chosen.tag()) {
        if (!o.suite().equals(chosen.suite())) {
          throw new TelephonyException("the agent answered a=crypto tag " + chosen.tag() + " with suite " + chosen.suite() + "; Earshot offered "
              + o.suite() + " under that tag (RFC 4568 section 7.1.3)");
        }
        return new Keys(o.tag(), o.keys(), chosen.keys());
      }
    }
    throw new TelephonyException("the agent answered a=crypto tag " + chosen.tag() + ", which Earshot did not offer"
        + (offered.isEmpty() ? " (SRTP is off: --srtp off)" : ""));
  }

  /**
   * The answerer's side: the keys to answer {@code offer} with (our line uses the offer's tag and suite), or null
   * for plain RTP; {@link Refused} when {@code mode} and the offer cannot meet.
   */
  static Keys answer(SrtpMode mode, Sdp offer) {
    Sdp.Crypto usable = offer.usableCrypto();
    if (mode == SrtpMode.OFF) {
      if (offer.secureProfile()) throw new Refused("the offer requires SRTP (" + offer.profile() + ") and SRTP is off");
      return null;
    }
    if (usable == null) {
      if (!offer.crypto().isEmpty() && (offer.secureProfile() || mode == SrtpMode.REQUIRED)) {
        throw new Refused("no SRTP crypto suite in common: offered " + reasons(offer) + "; Earshot has " + java.util.Arrays.toString(SrtpSuite.values()));
      }
      if (offer.secureProfile()) throw new Refused("the offer says " + offer.profile() + " without an SDES a=crypto key (DTLS-SRTP is not supported)");
      if (mode == SrtpMode.REQUIRED) throw new Refused("SRTP is required and the offer has no a=crypto (m=audio " + offer.profile() + ")");
      return null;
    }
    SrtpSuite suite = usable.keys().suite();
    return new Keys(usable.tag(), SrtpKeys.generate(suite), usable.keys());
  }

  /** The answer to {@code offer} with {@code keys}: the offer's SRTP profile, one a=crypto line with our key. */
  static Sdp secure(Sdp answer, Sdp offer, Keys keys) {
    if (keys == null) return answer;
    String profile = offer.secureProfile() ? offer.profile() : Sdp.AVP;
    return answer.withCrypto(profile, List.of(new Sdp.Crypto(keys.tag(), keys.send())));
  }

  private static String reasons(Sdp sdp) {
    List<String> out = new ArrayList<>();
    for (Sdp.Crypto c : sdp.crypto()) out.add("tag " + c.tag() + ": " + (c.why() == null ? c.suite() : c.why()));
    return String.join(", ", out);
  }
}
