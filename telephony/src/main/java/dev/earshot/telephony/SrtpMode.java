package dev.earshot.telephony;

import java.util.Locale;

/**
 * Whether calls use SRTP (RFC 3711) keyed by SDES (RFC 4568 {@code a=crypto}, both AES_CM_128_HMAC_SHA1 suites).
 * <ul>
 *   <li>{@link #OFF}: plain RTP; an offer that insists on SRTP ({@code RTP/SAVP}) is refused with 488.
 *   <li>{@link #OPTIONAL}: offers {@code RTP/AVP} with {@code a=crypto} lines ("best-effort SRTP", as PBXs and
 *       SBCs do): SRTP when the far end answers with a key, plain RTP when it does not. Answers SRTP to an
 *       offer with a usable key, plain to one without.
 *   <li>{@link #REQUIRED}: offers {@code RTP/SAVP}; an answer without SRTP ends the call with a failure that
 *       says so, and an offer without it is refused with 488.
 * </ul>
 */
public enum SrtpMode {
  OFF, OPTIONAL, REQUIRED;

  /** {@code off}, {@code optional} or {@code required} (any case); fails with a sentence naming the values. */
  public static SrtpMode parse(String text) {
    for (SrtpMode m : values()) if (m.name().equalsIgnoreCase(text == null ? "" : text.trim())) return m;
    throw new IllegalArgumentException("expected off, optional or required, found '" + text + "'");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
