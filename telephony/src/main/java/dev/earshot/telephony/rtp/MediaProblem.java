package dev.earshot.telephony.rtp;

import java.util.Objects;

/**
 * What is wrong with a call's media, as this side can tell: its kind, for code to act on, and one line for
 * people ({@link #toString()}).
 */
public record MediaProblem(Kind kind, String message) {
  public enum Kind {
    /** No RTP from the far end, or none usable (every SRTP packet failed authentication). */
    NO_AUDIO,
    /** Audio one way only: the far end's RTP from an address not latched to, or its RTCP shows ours not arriving. */
    ONE_WAY,
    /** The far end's RTP carried nothing but digital silence. */
    SILENT,
    /** The far end's RTP, steady until then, stopped mid-call while this side went on sending. */
    STOPPED,
    /** The far end's audio was clipped: samples held at full scale in at least 1% of its frames (and 0.5 s). */
    CLIPPED
  }

  public MediaProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
