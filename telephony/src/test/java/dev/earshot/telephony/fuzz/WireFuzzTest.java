package dev.earshot.telephony.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.earshot.audio.OneLine;
import dev.earshot.telephony.TelephonyException;
import dev.earshot.telephony.rtp.Rtcp;
import dev.earshot.telephony.rtp.RtpPacket;
import dev.earshot.telephony.sip.Sdp;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * What a peer sends, fuzzed: an SDP body, an RTP packet, a compound RTCP packet. Whatever the bytes, the parsers
 * give a value or a {@link TelephonyException} (its {@link dev.earshot.telephony.rtp.CorruptedRtpException}
 * included) with a one-line message; what a parsed SDP answers (codec, address, events, crypto) never throws
 * anything else either. Seeds in {@code src/test/resources/dev/earshot/telephony/fuzz/WireFuzzTestInputs/METHOD/}.
 */
class WireFuzzTest {
  /** The three parsers in one target, the first byte choosing: what {@code mvn verify} fuzzes for a few seconds. */
  @FuzzTest
  void all(byte[] data) {
    if (data.length == 0) return;
    byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
    switch ((data[0] & 0xff) % 3) {
      case 0 -> sdp(rest);
      case 1 -> rtp(rest);
      default -> rtcp(rest);
    }
  }

  @FuzzTest
  void sdp(byte[] body) {
    try {
      Sdp sdp = Sdp.parse(new String(body, StandardCharsets.UTF_8));
      sdp.codec();
      sdp.events();
      sdp.mediaAddress();
      sdp.crypto();
      sdp.encode(1);
    } catch (TelephonyException e) {
      OneLine.assertOneLine(e.getMessage(), null);
    }
  }

  @FuzzTest
  void rtp(byte[] packet) {
    try {
      RtpPacket.decode(Unpooled.wrappedBuffer(packet));
    } catch (TelephonyException e) {
      OneLine.assertOneLine(e.getMessage(), null);
    }
  }

  @FuzzTest
  void rtcp(byte[] packet) {
    try {
      Rtcp.decode(Unpooled.wrappedBuffer(packet));
    } catch (TelephonyException e) {
      OneLine.assertOneLine(e.getMessage(), null);
    }
  }
}
