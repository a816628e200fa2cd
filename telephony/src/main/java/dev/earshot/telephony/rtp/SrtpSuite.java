package dev.earshot.telephony.rtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP crypto suites Earshot offers and accepts in SDES ({@code a=crypto}, RFC 4568 section 6.2): AES in
 * counter mode with a 128-bit key, authenticated by HMAC-SHA1 with an 80-bit tag or, for RTP only, a 32-bit one
 * (SRTCP keeps the 80-bit tag in both, as the RFC says).
 */
public enum SrtpSuite {
  AES_CM_128_HMAC_SHA1_80(10),
  AES_CM_128_HMAC_SHA1_32(4);

  /** Master key and master salt lengths of both suites, in bytes. */
  public static final int KEY_BYTES = 16, SALT_BYTES = 14;
  private final int tagBytes;

  SrtpSuite(int tagBytes) {
    this.tagBytes = tagBytes;
  }

  /** The authentication tag appended to each SRTP packet, in bytes. */
  public int tagBytes() {
    return tagBytes;
  }

  /** The suite named {@code name} as SDP spells it (case-insensitive), or null for one Earshot does not have. */
  public static SrtpSuite byName(String name) {
    for (SrtpSuite s : values()) if (s.name().equalsIgnoreCase(name)) return s;
    return null;
  }

  SrtpPolicy rtpPolicy() {
    return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, KEY_BYTES, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagBytes, SALT_BYTES);
  }

  SrtpPolicy rtcpPolicy() {
    return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, KEY_BYTES, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, SALT_BYTES);
  }
}
