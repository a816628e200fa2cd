package dev.earshot.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.rtp.SrtpKeys;
import dev.earshot.telephony.rtp.SrtpSuite;
import dev.earshot.telephony.sip.Sdp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SDES (RFC 4568) in SDP and its offer/answer, without a call: what is offered, answered, refused, and why. */
class SdesTest {
  private static final String KEY = SrtpKeys.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80).inline();

  private static Sdp sdp(String profile, String... attributes) {
    StringBuilder b = new StringBuilder("v=0\r\no=x 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 " + profile + " 0 101\r\n");
    for (String a : attributes) b.append(a).append("\r\n");
    return Sdp.parse(b.toString());
  }

  @Test
  void cryptoLinesRoundTripAndTheUnusableOnesSayWhy() {
    Sdp offer = Sdp.offer("127.0.0.1", 4000).withCrypto(Sdp.SAVP, Sdes.offer(SrtpMode.REQUIRED));
    String text = offer.encode(1);
    assertTrue(text.contains("m=audio 4000 RTP/SAVP 0 8 101\r\n"), text);
    assertTrue(text.matches("(?s).*a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:[A-Za-z0-9+/]{40}\r\n.*"), text);
    assertEquals(offer, Sdp.parse(text), "keys and all");
    assertFalse(offer.toString().contains(offer.crypto().get(0).keys().inline()), "toString withholds the key");
    Sdp other = sdp("RTP/SAVP", "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" + KEY, "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4",
        "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " UNENCRYPTED_SRTCP", "a=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:" + KEY + "|2^31");
    assertEquals(List.of("suite AES_256_CM_HMAC_SHA1_80", "an MKI", "session parameters UNENCRYPTED_SRTCP"),
        other.crypto().subList(0, 3).stream().map(Sdp.Crypto::why).toList());
    assertEquals(4, other.usableCrypto().tag(), "a lifetime alone is fine");
    TelephonyException bad = assertThrows(TelephonyException.class, () -> sdp("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJD"));
    assertEquals("SDP line 7: inline key: expected 30 bytes of master key and salt for AES_CM_128_HMAC_SHA1_80, found 3 in a=crypto:1 AES_CM_128_HMAC_SHA1_80",
        bad.getMessage());
    TelephonyException junk = assertThrows(TelephonyException.class, () -> sdp("RTP/SAVP", "a=crypto:x inline:" + KEY));
    assertEquals("SDP line 7: expected 'a=crypto:TAG SUITE inline:KEY', found 'a=crypto:x inline:" + "*".repeat(KEY.length()) + "'", junk.getMessage(),
        "the key is blanked even in an error");
  }

  @Test
  void redactionBlanksEveryKeyAndKeepsTheLength() {
    String text = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 INLINE:" + KEY + "\r\n";
    String blank = Sdp.redact(text);
    assertEquals(text.length(), blank.length());
    assertFalse(blank.contains(KEY));
    assertTrue(blank.contains("inline:" + "*".repeat(KEY.length()) + "|2^31"), blank);
    assertEquals("no keys here", Sdp.redact("no keys here"));
  }

  @Test
  void theCallerTakesTheAnsweredTagAndRefusesWhatItNeverOffered() {
    List<Sdp.Crypto> offered = Sdes.offer(SrtpMode.OPTIONAL);
    SrtpKeys theirs = SrtpKeys.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    Sdes.Keys k = Sdes.agreed(SrtpMode.OPTIONAL, offered, sdp("RTP/AVP", "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + theirs.inline()));
    assertEquals(offered.get(1).keys(), k.send(), "we send with the key we offered under that tag");
    assertEquals(theirs, k.receive());
    assertNull(Sdes.agreed(SrtpMode.OPTIONAL, offered, sdp("RTP/AVP")), "optional: a plain answer is plain RTP");
    assertEquals("the agent answered without SRTP (m=audio RTP/AVP, no a=crypto) but SRTP is required (--srtp required)",
        assertThrows(TelephonyException.class, () -> Sdes.agreed(SrtpMode.REQUIRED, offered, sdp("RTP/AVP"))).getMessage());
    assertEquals("the agent answered a=crypto tag 7, which Earshot did not offer",
        assertThrows(TelephonyException.class, () -> Sdes.agreed(SrtpMode.REQUIRED, offered, sdp("RTP/SAVP", "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)))
            .getMessage());
    assertTrue(assertThrows(TelephonyException.class, () -> Sdes.agreed(SrtpMode.REQUIRED, offered, sdp("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY)))
        .getMessage().contains("suite AES_CM_128_HMAC_SHA1_32; Earshot offered AES_CM_128_HMAC_SHA1_80 under that tag"));
    assertEquals("the agent answered UDP/TLS/RTP/SAVP without an SDES a=crypto key (DTLS-SRTP, which Earshot does not support)",
        assertThrows(TelephonyException.class, () -> Sdes.agreed(SrtpMode.REQUIRED, offered, sdp("UDP/TLS/RTP/SAVP", "a=fingerprint:sha-256 AB"))).getMessage());
  }

  @Test
  void theAnswererFollowsItsModeAndSaysWhyItRefuses() {
    Sdp savp = sdp("RTP/SAVP", "a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:" + KEY);
    Sdes.Keys k = Sdes.answer(SrtpMode.REQUIRED, savp);
    assertEquals(5, k.tag());
    assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_32, k.send().suite());
    assertFalse(k.send().inline().equals(KEY), "a fresh key of its own");
    Sdp answer = Sdes.secure(savp.answer("127.0.0.1", 5000), savp, k);
    assertEquals("RTP/SAVP", answer.profile());
    assertEquals(List.of(new Sdp.Crypto(5, k.send())), answer.crypto());
    assertEquals("the offer requires SRTP (RTP/SAVP) and SRTP is off",
        assertThrows(Sdes.Refused.class, () -> Sdes.answer(SrtpMode.OFF, savp)).getMessage());
    assertNull(Sdes.answer(SrtpMode.OFF, sdp("RTP/AVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)), "best-effort offer, SRTP off: plain");
    assertEquals("SRTP is required and the offer has no a=crypto (m=audio RTP/AVP)",
        assertThrows(Sdes.Refused.class, () -> Sdes.answer(SrtpMode.REQUIRED, sdp("RTP/AVP"))).getMessage());
    assertTrue(assertThrows(Sdes.Refused.class, () -> Sdes.answer(SrtpMode.OPTIONAL, sdp("RTP/SAVP", "a=crypto:1 AEAD_AES_256_GCM inline:" + KEY)))
        .getMessage().startsWith("no SRTP crypto suite in common: offered tag 1: suite AEAD_AES_256_GCM; Earshot has"));
  }
}
