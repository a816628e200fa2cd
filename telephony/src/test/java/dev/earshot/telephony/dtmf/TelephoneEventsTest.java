package dev.earshot.telephony.dtmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelephoneEventsTest {
  @Test
  void payloadLayoutFollowsRfc4733() {
    assertArrayEquals(new byte[] {11, (byte) 0x8A, 0x03, 0x20}, TelephoneEvents.payload(Dtmf.event('#'), true, 800));
    assertArrayEquals(new byte[] {1, 0x0A, 0x00, (byte) 0xA0}, TelephoneEvents.payload(1, false, 160));
  }

  @Test
  void anEventIsReportedOnceThoughItsEndComesThreeTimes() {
    TelephoneEvents ev = new TelephoneEvents();
    List<TelephoneEvents.Received> out = new ArrayList<>();
    for (int d = 160; d <= 800; d += 160) ev.onPacket(1000, TelephoneEvents.payload(7, false, d), d, out::add);
    assertTrue(out.isEmpty(), "reported before its end");
    for (int i = 0; i < 3; i++) ev.onPacket(1000, TelephoneEvents.payload(7, true, 800), 900 + i, out::add);
    assertEquals(1, out.size());
    assertEquals('7', out.get(0).key());
    assertEquals(800, out.get(0).durationSamples());
    assertTrue(out.get(0).endSeen());
  }

  @Test
  void anEventWhoseEndWasLostIsReportedWhenTheNextBegins() {
    TelephoneEvents ev = new TelephoneEvents();
    List<TelephoneEvents.Received> out = new ArrayList<>();
    ev.onPacket(1000, TelephoneEvents.payload(3, false, 160), 1, out::add);
    ev.onPacket(1000, TelephoneEvents.payload(3, false, 320), 2, out::add);
    ev.onPacket(2000, TelephoneEvents.payload(12, false, 160), 3, out::add);
    assertEquals(1, out.size());
    assertEquals('3', out.get(0).key());
    assertFalse(out.get(0).endSeen());
    ev.onPacket(2000, TelephoneEvents.payload(12, true, 480), 4, out::add);
    assertEquals("3A", "" + out.get(0).key() + out.get(1).key());
    assertEquals(null, ev.flush());
  }

  @Test
  void nonDtmfEventsAndShortPayloadsAreIgnored() {
    TelephoneEvents ev = new TelephoneEvents();
    List<TelephoneEvents.Received> out = new ArrayList<>();
    ev.onPacket(5, new byte[] {32, (byte) 0x8A, 0, 100}, 1, out::add); // fax CED tone
    ev.onPacket(6, new byte[] {1, 2}, 2, out::add);
    assertTrue(out.isEmpty());
  }
}
