package dev.earshot.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SRTP through jitsi-srtp, checked against RFC 3711's own numbers: the AES counter-mode keystream of appendix B.2
 * (which first proves the independent checker here, the JDK's AES/CTR and HMAC-SHA1), and the session keys that
 * appendix B.3 derives from its master key and salt: a packet protected with that master key must be encrypted
 * with B.3's cipher key and salt (RFC 3711 section 4.1.1's counter) and carry the HMAC-SHA1 of B.3's auth key.
 */
class SrtpSessionTest {
  private static final HexFormat HEX = HexFormat.of();
  // RFC 3711 appendix B.3
  private static final byte[] MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
  private static final byte[] MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
  private static final byte[] CIPHER_KEY = HEX.parseHex("c61e7a93744f39ee10734afe3ff7a087");
  private static final byte[] CIPHER_SALT = HEX.parseHex("30cbbc08863d8c85d49db34a9ae1");
  private static final byte[] AUTH_KEY = HEX.parseHex("cebe321f6ff7716b6fd4ab49af256a156d38baa4");

  @Test
  void theCheckerReproducesAppendixB2sKeystream() throws Exception {
    byte[] iv = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000"); // session salt, SSRC 0, index 0
    byte[] keystream = ctr(HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c"), iv, new byte[48]);
    assertEquals("e03ead0935c95e80e166b16dd92b4eb4", HEX.formatHex(keystream, 0, 16));
    assertEquals("d23513162b02d0f72a43a2fe4a5f97ab", HEX.formatHex(keystream, 16, 32));
    assertEquals("41e95b3bb0a2e8dd477901e4fca894c0", HEX.formatHex(keystream, 32, 48));
  }

  @ParameterizedTest
  @EnumSource(SrtpSuite.class)
  void aProtectedPacketUsesAppendixB3sSessionKeys(SrtpSuite suite) throws Exception {
    SrtpKeys master = SrtpKeys.of(suite, MASTER_KEY, MASTER_SALT);
    long ssrc = 0xdecafbadL;
    int sequence = 0x1234;
    byte[] payload = new byte[160];
    for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 7);
    byte[] plain = rtp(sequence, ssrc, payload);
    try (SrtpSession s = new SrtpSession(master, master)) {
      byte[] wire = bytes(s.protectRtp(Unpooled.wrappedBuffer(plain), ssrc));
      assertEquals(plain.length + suite.tagBytes(), wire.length, "the tag appended");
      assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(wire, 12), "the header stays in the clear");
      // RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), i = 2^16 * ROC + SEQ
      byte[] iv = new byte[16];
      System.arraycopy(CIPHER_SALT, 0, iv, 0, 14);
      for (int b = 0; b < 4; b++) iv[4 + b] ^= (byte) (ssrc >>> (24 - 8 * b));
      iv[12] ^= (byte) (sequence >>> 8);
      iv[13] ^= (byte) sequence;
      byte[] expected = ctr(CIPHER_KEY, iv, payload);
      assertArrayEquals(expected, Arrays.copyOfRange(wire, 12, 12 + payload.length), "encrypted with B.3's cipher key and salt");
      Mac hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(AUTH_KEY, "HmacSHA1"));
      hmac.update(wire, 0, 12 + payload.length);
      byte[] tag = hmac.doFinal(new byte[4]); // the ROC, 0
      assertArrayEquals(Arrays.copyOf(tag, suite.tagBytes()), Arrays.copyOfRange(wire, 12 + payload.length, wire.length),
          "authenticated with B.3's auth key");
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpSuite.class)
  void theFarEndReadsWhatWasSentAndDropsTamperedAndReplayedPackets(SrtpSuite suite) {
    SrtpKeys a = SrtpKeys.generate(suite), b = SrtpKeys.generate(suite);
    try (SrtpSession alice = new SrtpSession(a, b); SrtpSession bob = new SrtpSession(b, a)) {
      byte[] payload = "twenty bytes of au".getBytes();
      byte[] plain = rtp(7, 42, payload);
      byte[] wire = bytes(alice.protectRtp(Unpooled.wrappedBuffer(plain), 42));
      assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 12, plain.length), Arrays.copyOfRange(wire, 12, plain.length)), "encrypted");
      assertArrayEquals(plain, bytes(bob.unprotectRtp(Unpooled.wrappedBuffer(wire))), "decrypted as sent");
      assertNull(bob.unprotectRtp(Unpooled.wrappedBuffer(wire)), "the same packet again is a replay");
      byte[] tampered = bytes(alice.protectRtp(Unpooled.wrappedBuffer(rtp(8, 42, payload)), 42));
      tampered[14] ^= 1;
      assertNull(bob.unprotectRtp(Unpooled.wrappedBuffer(tampered)), "one flipped bit fails authentication");
      byte[] stranger = bytes(new SrtpSession(SrtpKeys.generate(suite), a).protectRtp(Unpooled.wrappedBuffer(rtp(9, 43, payload)), 43));
      assertNull(bob.unprotectRtp(Unpooled.wrappedBuffer(stranger)), "a stranger's key fails authentication");
      assertNull(bob.unprotectRtp(Unpooled.wrappedBuffer(new byte[5])), "a runt");
      SrtpStatistics st = bob.statistics();
      assertEquals(1, st.replays());
      assertEquals(3, st.authFailures());
      assertEquals(1, alice.statistics().protectedSent() - 1, "two sent by alice");
      assertNotNull(bob.unprotectRtp(Unpooled.wrappedBuffer(bytes(alice.protectRtp(Unpooled.wrappedBuffer(rtp(10, 42, payload)), 42)))),
          "the stream goes on after the failures");
    }
  }

  @Test
  void rtcpIsProtectedAndCheckedToo() {
    SrtpKeys a = SrtpKeys.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_32), b = SrtpKeys.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    try (SrtpSession alice = new SrtpSession(a, b); SrtpSession bob = new SrtpSession(b, a)) {
      ByteBuf rr = Unpooled.buffer();
      Rtcp.encode(rr, new Rtcp.Report(false, 42, 0, 0, 0, 0, java.util.List.of()), "earshot@test");
      byte[] plain = bytes(rr);
      byte[] wire = bytes(alice.protectRtcp(Unpooled.wrappedBuffer(plain), 42));
      assertEquals(plain.length + 4 + 10, wire.length, "E flag and index, then an 80-bit tag even for the _32 suite (RFC 4568)");
      assertTrue((wire[plain.length] & 0x80) != 0, "E flag: encrypted");
      assertArrayEquals(plain, bytes(bob.unprotectRtcp(Unpooled.wrappedBuffer(wire))));
      assertNull(bob.unprotectRtcp(Unpooled.wrappedBuffer(wire)), "replayed");
      byte[] next = bytes(alice.protectRtcp(Unpooled.wrappedBuffer(plain), 42));
      next[9] ^= 1;
      assertNull(bob.unprotectRtcp(Unpooled.wrappedBuffer(next)), "tampered");
      assertEquals(1, bob.statistics().rtcpReplays());
      assertEquals(1, bob.statistics().rtcpAuthFailures());
    }
  }

  @Test
  void keysNeverPrintAndInlineValuesAreChecked() {
    SrtpKeys k = SrtpKeys.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
    assertEquals("AES_CM_128_HMAC_SHA1_80 (key withheld)", k.toString());
    assertEquals(k, SrtpKeys.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k.inline()));
    assertEquals("inline key: expected 30 bytes of master key and salt for AES_CM_128_HMAC_SHA1_80, found 3",
        assertThrows(IllegalArgumentException.class, () -> SrtpKeys.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80, "AAAA")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SrtpKeys.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80, "not base64!"))
        .getMessage().startsWith("inline key: expected base64"));
  }

  private static byte[] rtp(int sequence, long ssrc, byte[] payload) {
    ByteBuf b = Unpooled.buffer();
    new RtpPacket(0, false, sequence, 160L * sequence, ssrc, payload).encode(b);
    return bytes(b);
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] out = ByteBufUtil.getBytes(b);
    b.release();
    return out;
  }

  private static byte[] ctr(byte[] key, byte[] iv, byte[] data) throws Exception {
    Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    return c.doFinal(data);
  }
}
