package dev.earshot.telephony.rtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * One direction's SRTP master key and salt and the suite they are for: what an SDES {@code a=crypto} line's
 * {@code inline:} carries (RFC 4568 section 6.1: base64 of key then salt). Fresh keys come from
 * {@link SecureRandom}, never from a run's seed: a key anyone can recompute from a seed printed in a report
 * protects nothing. {@link #toString()} never shows the key; {@link #inline()} does, for the SDP and for a key
 * log the user asked for, nowhere else.
 */
public final class SrtpKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SrtpSuite suite;
  private final byte[] key, salt;

  private SrtpKeys(SrtpSuite suite, byte[] key, byte[] salt) {
    this.suite = suite;
    this.key = key;
    this.salt = salt;
  }

  /** A new random master key and salt for {@code suite}. */
  public static SrtpKeys generate(SrtpSuite suite) {
    byte[] both = new byte[SrtpSuite.KEY_BYTES + SrtpSuite.SALT_BYTES];
    RANDOM.nextBytes(both);
    return of(suite, both);
  }

  /** Key and salt as given (the RFC 3711 test vectors, a key log read back). */
  public static SrtpKeys of(SrtpSuite suite, byte[] key, byte[] salt) {
    if (key.length != SrtpSuite.KEY_BYTES || salt.length != SrtpSuite.SALT_BYTES) {
      throw new IllegalArgumentException("SRTP master key and salt: expected " + SrtpSuite.KEY_BYTES + " and " + SrtpSuite.SALT_BYTES
          + " bytes, found " + key.length + " and " + salt.length);
    }
    return new SrtpKeys(suite, key.clone(), salt.clone());
  }

  private static SrtpKeys of(SrtpSuite suite, byte[] both) {
    return new SrtpKeys(suite, Arrays.copyOf(both, SrtpSuite.KEY_BYTES), Arrays.copyOfRange(both, SrtpSuite.KEY_BYTES, both.length));
  }

  /**
   * The keys in an {@code inline:} value's key part (base64 of 30 bytes; no lifetime or MKI, which the caller
   * has split off). Fails with a sentence saying what was expected.
   */
  public static SrtpKeys fromInline(SrtpSuite suite, String base64) {
    byte[] both;
    try {
      both = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("inline key: expected base64, found something else (" + e.getMessage() + ")");
    }
    if (both.length != SrtpSuite.KEY_BYTES + SrtpSuite.SALT_BYTES) {
      throw new IllegalArgumentException("inline key: expected 30 bytes of master key and salt for " + suite + ", found " + both.length);
    }
    return of(suite, both);
  }

  public SrtpSuite suite() {
    return suite;
  }

  /** Base64 of master key then master salt: the secret. Only for the SDP itself and a key log the user asked for. */
  public String inline() {
    byte[] both = new byte[key.length + salt.length];
    System.arraycopy(key, 0, both, 0, key.length);
    System.arraycopy(salt, 0, both, key.length, salt.length);
    return Base64.getEncoder().encodeToString(both);
  }

  byte[] key() {
    return key.clone();
  }

  byte[] salt() {
    return salt.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpKeys k && k.suite == suite && Arrays.equals(k.key, key) && Arrays.equals(k.salt, salt);
  }

  @Override
  public int hashCode() {
    return suite.hashCode() * 31 + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return suite + " (key withheld)";
  }
}
