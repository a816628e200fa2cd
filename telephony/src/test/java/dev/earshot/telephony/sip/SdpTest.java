package dev.earshot.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.rtp.WireCodec;
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
    assertEquals(new Sdp.Format(8, WireCodec.PCMA), answer.codec());
  }

  @Test
  void wideBandOfferNamesEachCodecAndRoundTrips() {
    Sdp offer = Sdp.offer("127.0.0.1", 40000, List.of(WireCodec.OPUS, WireCodec.G722, WireCodec.PCMU));
    String text = offer.encode(1);
    assertTrue(text.contains("m=audio 40000 RTP/AVP 111 9 0 101 102\r\n"), text);
    assertTrue(text.contains("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=rtpmap:102 telephone-event/48000\r\na=fmtp:102 0-16\r\n"), text);
    assertTrue(text.contains("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1"), text);
    assertTrue(text.contains("a=rtpmap:9 G722/8000\r\n"), text);
    assertEquals(offer, Sdp.parse(text));
    assertEquals(new Sdp.Format(111, WireCodec.OPUS), offer.codec());
  }

  @Test
  void keysGoOnTheClockOfTheAudioTheyAccompany() {
    // RFC 4733: events on the audio's clock. Opus (48000 Hz) with telephone-event/48000 on offer takes it ...
    Sdp both = Sdp.parse(Sdp.offer("127.0.0.1", 40000, List.of(WireCodec.OPUS, WireCodec.PCMU)).encode(1));
    assertEquals(new Sdp.Events(102, 48000), both.events());
    Sdp answer = both.answer("127.0.0.1", 5000);
    assertEquals(List.of(111, 102), answer.payloadTypes());
    assertTrue(answer.encode(2).contains("a=rtpmap:102 telephone-event/48000"), answer.encode(2));
    assertEquals(new Sdp.Events(102, 48000), Sdp.parse(answer.encode(2)).events());
    // ... a softphone offering Opus with telephone-event/8000 only gets that, as before
    Sdp narrow = Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 7000 RTP/AVP 96 101\r\na=rtpmap:96 opus/48000/2\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n");
    assertEquals(new Sdp.Events(101, 8000), narrow.events());
    // G.711 keeps the 8000 Hz one even when both are offered; no telephone-event at all: none
    Sdp g711 = Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 7000 RTP/AVP 0 101 102\r\na=rtpmap:101 telephone-event/8000\r\n"
        + "a=rtpmap:102 telephone-event/48000\r\n");
    assertEquals(new Sdp.Events(101, 8000), g711.events());
    assertEquals(List.of(0, 101), g711.answer("127.0.0.1", 5000).payloadTypes());
    assertEquals(Sdp.Events.NONE, new Sdp("127.0.0.1", 7000, List.of(0), -1).events());
  }

  @Test
  void dynamicPayloadTypesFollowTheOffersNumbering() {
    // a softphone's numbering: Opus as 96, and a codec Earshot lacks first
    Sdp offer = Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 7000 RTP/AVP 98 96 0 101\r\na=rtpmap:98 iLBC/8000\r\n"
        + "a=rtpmap:96 OPUS/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n");
    assertEquals(new Sdp.Format(96, WireCodec.OPUS), offer.codec());
    Sdp answer = offer.answer("127.0.0.1", 5000);
    assertEquals(List.of(96, 101), answer.payloadTypes());
    assertTrue(answer.encode(2).contains("a=rtpmap:96 opus/48000/2"), answer.encode(2));
    // an rtpmap naming something else under a static number wins over RFC 3551's table
    Sdp odd = Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 7000 RTP/AVP 0 8\r\na=rtpmap:0 G729/8000\r\n");
    assertEquals(new Sdp.Format(8, WireCodec.PCMA), odd.codec());
  }

  @Test
  void mediaLevelConnectionOverridesSessionLevel() {
    String text = "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 7000 RTP/AVP 0\r\nc=IN IP4 127.0.0.2\r\n";
    assertEquals("127.0.0.2", Sdp.parse(text).address());
  }

  @Test
  void noCommonCodecNamesWhatWasOffered() {
    Sdp offer = Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 7000 RTP/AVP 18 4\r\n");
    TelephonyException e = assertThrows(TelephonyException.class, offer::codec);
    assertTrue(e.getMessage().contains("[18, 4]"), e.getMessage());
  }

  @Test
  void missingAudioLineIsReported() {
    TelephonyException e = assertThrows(TelephonyException.class, () -> Sdp.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nm=video 5 RTP/AVP 96\r\n"));
    assertTrue(e.getMessage().contains("m=audio"), e.getMessage());
  }

  @Test
  void anIpv6AddressIsWrittenAndReadAsIp6() {
    String text = Sdp.offer("2001:db8::5", 40000).encode(7);
    assertTrue(text.contains("c=IN IP6 2001:db8::5\r\n") && text.contains(" IN IP6 2001:db8::5\r\n"), text);
    Sdp back = Sdp.parse(text);
    assertEquals(new java.net.InetSocketAddress("2001:db8::5", 40000), back.mediaAddress());
    assertTrue(Sdp.offer("10.0.0.1", 40000).encode(7).contains("c=IN IP4 10.0.0.1\r\n"));
  }
}
