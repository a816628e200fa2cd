package dev.earshot.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.codec.G711;
import dev.earshot.telephony.TelephonyException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpTest {
  @Test
  void offerRoundTripsThroughItsText() {
    Sdp offer = Sdp.offer("127.0.0.1", 40000);
    String text = offer.encode(123);
    assertTrue(text.contains("m=audio 40000 RTP/AVP 0 8 101\r\n"), text);
    assertTrue(text.contains("a=rtpmap:101 telephone-event/8000"), text);
    assertEquals(offer, Sdp.parse(text));
  }

  @Test
  void answerTakesTheFirstOfferedG711Codec() {
    Sdp offer = new Sdp("127.0.0.1", 4000, List.of(18, 8, 0, 101));
    Sdp answer = offer.answer("127.0.0.1", 5000);
    assertEquals(List.of(8, 101), answer.payloadTypes());
    assertEquals(G711.ALAW, answer.codec());
  }

  @Test
  void mediaLevelConnectionOverridesSessionLevel() {
    String text = "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 7000 RTP/AVP 0\r\nc=IN IP4 127.0.0.2\r\n";
    assertEquals("127.0.0.2", Sdp.parse(text).address());
  }

  @Test
  void noCommonCodecNamesWhatWasOffered() {
    Sdp offer = Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 7000 RTP/AVP 9 18\r\n");
    TelephonyException e = assertThrows(TelephonyException.class, offer::codec);
    assertTrue(e.getMessage().contains("[9, 18]"), e.getMessage());
  }

  @Test
  void missingAudioLineIsReported() {
    TelephonyException e = assertThrows(TelephonyException.class, () -> Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=video 5 RTP/AVP 96\r\n"));
    assertTrue(e.getMessage().contains("m=audio"), e.getMessage());
  }
}
