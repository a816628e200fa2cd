package dev.earshot.telephony.dtmf;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4733 telephone-event payloads: building them to send, and turning received ones into key presses.
 *
 * <p>A payload is 4 bytes: event code, E (end) bit + R + 6-bit volume (-dBm0), and a 16-bit duration in
 * timestamp units since the event began. All packets of one event share its RTP timestamp; the end packet is
 * sent three times. A receiver therefore reports an event once per timestamp, when its first end packet
 * arrives, or when a packet of a newer event shows the old one's end was lost.
 *
 * <p>The receive side is not thread-safe: fed from one stream's event loop.
 */
public final class TelephoneEvents {
  /** Volume written in sent events: -10 dBm0, a typical DTMF level. */
  public static final int VOLUME = 10;

  private long currentTimestamp = -1;
  private int currentEvent;
  private int currentDuration;
  private long currentArrival;
  private boolean currentReported;
  private final List<Received> received = new ArrayList<>();

  /** A key press received as RFC 4733 events. */
  public record Received(char key, int durationSamples, long rtpTimestamp, long firstArrivalNanos, boolean endSeen) {}

  /** Builds the payload of one event packet. */
  public static byte[] payload(int event, boolean end, int durationSamples) {
    int d = Math.min(durationSamples, 0xFFFF);
    return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | VOLUME), (byte) (d >> 8), (byte) d};
  }

  /**
   * One received event packet; key presses it completes go to {@code sink}. Payloads that are too short or
   * carry events outside the DTMF range (e.g. fax tones) are ignored.
   */
  public void onPacket(long rtpTimestamp, byte[] payload, long arrivalNanos, java.util.function.Consumer<Received> sink) {
    if (payload.length < 4) return;
    int event = payload[0] & 0xFF;
    if (event > 15) return;
    boolean end = (payload[1] & 0x80) != 0;
    int duration = ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
    if (rtpTimestamp != currentTimestamp) {
      if (currentTimestamp >= 0 && !currentReported) sink.accept(report(false)); // its end packets were all lost
      currentTimestamp = rtpTimestamp;
      currentEvent = event;
      currentDuration = duration;
      currentArrival = arrivalNanos;
      currentReported = false;
    } else {
      currentDuration = Math.max(currentDuration, duration);
    }
    if (end && !currentReported) sink.accept(report(true));
  }

  /** Reports an event still open (its end never came), e.g. when the call ends; null if none. */
  public Received flush() {
    return currentTimestamp >= 0 && !currentReported ? report(false) : null;
  }

  private Received report(boolean endSeen) {
    currentReported = true;
    Received r = new Received(Dtmf.key(currentEvent), currentDuration, currentTimestamp, currentArrival, endSeen);
    received.add(r);
    return r;
  }

  /** Every key press received so far, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }
}
