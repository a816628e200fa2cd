package dev.earshot.telephony.rtp;

/**
 * Observes one media stream, frame by frame.
 *
 * <p>Threading: both methods are called on the stream's event loop, which all calls share. They must be fast
 * (no I/O, no recognition, no locks held for long) and must never throw; hand heavy work to another executor.
 * For one stream, calls are never concurrent and {@code onSent} calls come in send order.
 */
public interface MediaListener {
  MediaListener NONE = new MediaListener() {};

  /**
   * A frame was received and decoded.
   *
   * @param frame 8 kHz samples in [-1, 1], one packet's worth (160 for 20 ms)
   * @param arrivalNanos {@link System#nanoTime()} when the datagram was read
   * @param rtpTimestamp the packet's RTP timestamp
   */
  default void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {}

  /**
   * A frame was sent.
   *
   * @param frame the samples exactly as the far end will decode them (after the codec)
   * @param sentNanos {@link System#nanoTime()} right after the datagram was handed to the socket
   * @param playout the playout this frame belongs to, or null for idle silence
   * @param index the frame's index within its playout (0-based), or the idle frame count
   */
  default void onSent(float[] frame, long sentNanos, Playout playout, int index) {}

  /** A key press was heard from the far end (RFC 4733 event or in-band tone). */
  default void onDtmf(MediaStream.DtmfHeard key) {}
}
