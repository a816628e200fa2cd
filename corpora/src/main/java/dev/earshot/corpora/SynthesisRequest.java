package dev.earshot.corpora;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What to say and how.
 *
 * @param text the words
 * @param voice engine voice name, e.g. {@code cmu-slt-hsmm}
 * @param effects engine audio effects, e.g. MaryTTS {@code "Rate(durScale:1.2)"}; empty for none
 */
public record SynthesisRequest(String text, String voice, String effects) {
  public SynthesisRequest {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("text == null or blank");
    if (voice == null) throw new NullPointerException("voice == null");
    effects = effects == null ? "" : effects;
  }

  /** A content hash of engine, voice, effects and text: the same request always gives the same key. */
  public String cacheKey(String engine) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {engine, voice, effects, text}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
