package dev.earshot.telephony.rtp;

import dev.earshot.audio.Pcm;
import java.util.concurrent.CompletableFuture;

/**
 * One clip queued on a media stream. Its frames go out on the stream's 20 ms beat; {@link #done()} completes
 * when the last frame has been sent or when the playout was stopped.
 */
public final class Playout {
  private final Pcm audio;
  private final int frames;
  private final long[] sentNanos;
  private final CompletableFuture<Playout> done = new CompletableFuture<>();
  private volatile boolean stopped;
  private volatile int framesSent;

  /** The clip this playout plays, when it is shared with other streams (its frames encoded once); else null. */
  private final SharedClip shared;

  Playout(Pcm audio, int frameSamples) {
    this(audio, frameSamples, null);
  }

  Playout(Pcm audio, int frameSamples, SharedClip shared) {
    this.shared = shared;
    this.audio = audio;
    this.frames = (audio.length() + frameSamples - 1) / frameSamples;
    this.sentNanos = new long[frames];
  }

  public Pcm audio() {
    return audio;
  }

  /** The shared clip's frames in the codec last asked for, looked up once per codec rather than once per packet. */
  private WireCodec framesFor;
  private byte[][] sharedFrames;

  /** Frame {@code i} of the shared clip as {@code codec}'s payload, or null (no shared clip, or a codec with state). On the stream's loop. */
  byte[] sharedFrame(WireCodec codec, int i) {
    if (shared == null) return null;
    if (codec != framesFor) {
      sharedFrames = shared.frames(codec);
      framesFor = codec;
    }
    return sharedFrames == null ? null : sharedFrames[i];
  }

  public int frameCount() {
    return frames;
  }

  /** Frames sent so far. */
  public int framesSent() {
    return framesSent;
  }

  /** When frame {@code i} was sent ({@link System#nanoTime()}), or 0 if it was not (yet). */
  public long sentNanos(int i) {
    return i >= 0 && i < framesSent ? sentNanos[i] : 0;
  }

  /** True when the playout ended early through {@link #stop()} or a stream stop. */
  public boolean stopped() {
    return stopped;
  }

  public CompletableFuture<Playout> done() {
    return done;
  }

  /** Stops this playout at the next frame boundary; idle silence follows. */
  public void stop() {
    stopped = true;
  }

  void recordSent(int i, long nanos) {
    sentNanos[i] = nanos;
    framesSent = i + 1;
    if (i == frames - 1) done.complete(this);
  }

  void finishStopped() {
    stopped = true;
    done.complete(this);
  }

  @Override
  public String toString() {
    return "Playout[" + framesSent + "/" + frames + " frames" + (stopped ? ", stopped" : "") + "]";
  }
}
