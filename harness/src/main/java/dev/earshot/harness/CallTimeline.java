package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.SoundClassifier;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.report.CallEvent;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.MediaStream;
import dev.earshot.telephony.rtp.Playout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything heard and said on one call, on one time base: media start is the first frame Earshot sent,
 * and slot {@code k} is the 20 ms frame that starts {@code 20 k} ms later. Caller frames are placed by the
 * beat they were sent on, agent frames by their RTP timestamp from the quickest packet so far: the slot a
 * packet arrived in, less the frames its timestamp puts it after the agent's first. Anchoring on the first
 * packet alone would shift all of the agent's audio, and every reaction time judged on it, later by however
 * late that one packet was read (measured here: up to 100 ms, with both cores busy as calls start).
 *
 * <p>It also cuts the agent's side into speech segments: a segment opens on a voiced frame and closes once
 * {@code endSilenceMs} pass without one (or the call ends). Each segment is also judged for what it is: speech, or
 * music or a tone (hold music, a beep, ringback), by {@link SoundClassifier} over 1.5 s windows of it, 0.5 s apart: its
 * first window decides ({@link Segment#kind}; a segment shorter than a window is judged whole when it ends, a tone from
 * 0.2 s and music from 1 s of sound, else speech); a later change cuts it in two where the change began: speech to music
 * after two windows in a row, music to speech after one. Only speech is a reply.
 *
 * <p>Threading: the {@link MediaListener} methods run on the call's event loop; the rest is called from
 * elsewhere; all state is guarded by this object's lock.
 */
final class CallTimeline implements MediaListener {
  private static final int FRAME = MediaStream.FRAME_SAMPLES;
  private static final long FRAME_NANOS = MediaStream.FRAME_MS * 1_000_000L;
  /** A packet quicker than any before by more than 1 s is a jump in the agent's timestamps, not a late anchor. */
  private static final int MAX_CATCH_UP_FRAMES = 50;
  /** The sound classifier's window and the step between two looks, in frames: 1.5 s and 0.5 s. */
  private static final int WINDOW = 75, HOP = 25;

  private final VoiceActivity vad;
  private final SoundClassifier.Frames sound = new SoundClassifier.Frames();
  /** Agent silence that ends a segment: the call's, or an {@code expect} step's own while it waits ({@link #endSilenceMs}). */
  private long endSilenceNanos;
  private float[] caller = new float[MediaStream.SAMPLE_RATE * 30];
  private float[] agent = new float[MediaStream.SAMPLE_RATE * 30];
  private int callerFrames;
  private int agentEndSample;
  private long startNanos;
  private long firstTimestamp;
  private double quickest = Double.MAX_VALUE; // least (arrival slot, exact) − (frames after the first packet) seen
  private long anchorSlot; // where the agent's first frame belongs: quickest, rounded
  private final List<Segment> segments = new ArrayList<>();
  private Segment open;
  private CompletableFuture<Segment> waiter;
  private long waiterNotBefore;
  private boolean ended;
  private long lastVoiceNanos;
  private java.util.function.Consumer<Segment> onClosed = s -> {};

  private final CallLog log;

  CallTimeline(VoiceActivity vad, long endSilenceMs, CallLog log) {
    this.vad = vad;
    this.log = log;
    this.endSilenceNanos = endSilenceMs * 1_000_000L;
  }

  /**
   * From now on, a segment ends after {@code ms} of agent silence (an {@code expect} step's {@code agent_silence_ms}, and
   * the call's again after it); the segment open now included.
   */
  synchronized void endSilenceMs(long ms) {
    endSilenceNanos = ms * 1_000_000L;
  }

  synchronized long endSilenceMs() {
    return endSilenceNanos / 1_000_000L;
  }

  /** One stretch of agent speech. Slots are 20 ms frames from media start. */
  static final class Segment {
    /** 0-based, in the order the segments began. */
    final int index;
    final long startNanos;
    long startSlot;
    /** The last voice of either side before this segment began, or 0 when there was none. */
    final long voiceBeforeNanos;
    long lastVoicedNanos;
    long lastVoicedSlot;
    final CompletableFuture<Segment> ended = new CompletableFuture<>();
    /** Earshot's transcript of the segment, once it has ended and been transcribed. */
    final CompletableFuture<String> transcript = new CompletableFuture<>();
    /** What it is: {@code SPEECH}, {@code MUSIC} or {@code TONE}; known 1.5 s into it, or when it ends. */
    final CompletableFuture<SoundClassifier.Kind> kind = new CompletableFuture<>();
    /** The slot at which the classifier looks next, and how many windows in a row disagreed with {@link #kind}. */
    long nextLook;
    int disagree;

    Segment(int index, long startNanos, long startSlot, long voiceBeforeNanos) {
      this.index = index;
      this.startNanos = startNanos;
      this.startSlot = startSlot;
      this.voiceBeforeNanos = voiceBeforeNanos;
      this.lastVoicedNanos = startNanos;
      this.lastVoicedSlot = startSlot;
      this.nextLook = startSlot + WINDOW - 1;
    }

    /** Whether it is known to be music or a tone, not speech. */
    boolean isSound() {
      SoundClassifier.Kind k = kind.getNow(SoundClassifier.Kind.SPEECH);
      return k == SoundClassifier.Kind.MUSIC || k == SoundClassifier.Kind.TONE;
    }
  }

  @Override
  public synchronized void onSent(float[] frame, long sentNanos, Playout playout, int index) {
    if (startNanos == 0) {
      startNanos = sentNanos;
      log.add(new CallEvent.MediaStart(log.t(sentNanos)));
    }
    caller = ensure(caller, (callerFrames + 1) * FRAME);
    System.arraycopy(frame, 0, caller, callerFrames * FRAME, Math.min(FRAME, frame.length));
    callerFrames++;
    if (playout != null && vad.isVoiced(frame)) lastVoiceNanos = sentNanos;
    if (open != null && sentNanos - open.lastVoicedNanos >= endSilenceNanos) closeOpen();
  }

  @Override
  public synchronized void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
    if (startNanos == 0) return; // cannot place it before our own first frame defines time zero
    boolean first = quickest == Double.MAX_VALUE;
    if (first) firstTimestamp = rtpTimestamp;
    long frames = (int) ((rtpTimestamp - firstTimestamp) & 0xFFFFFFFFL) / FRAME; // negative: sent before the first
    double transit = (arrivalNanos - startNanos) / (double) FRAME_NANOS - frames;
    if (first) {
      quickest = transit;
      anchorSlot = Math.max(0, Math.round(transit));
    } else if (transit < quickest && quickest - transit <= MAX_CATCH_UP_FRAMES) { // more: a jump in the timestamps
      quickest = transit;
      long slot0 = Math.max(0, Math.round(transit));
      if (slot0 < anchorSlot) shiftAgentEarlier(anchorSlot - slot0);
    }
    long slot = anchorSlot + frames;
    int at = (int) (slot * FRAME);
    if (at < 0 || slot > Integer.MAX_VALUE / FRAME - FRAME) return;
    agent = ensure(agent, at + frame.length);
    System.arraycopy(frame, 0, agent, at, frame.length);
    agentEndSample = Math.max(agentEndSample, at + frame.length);
    if (frame.length == FRAME) sound.set((int) slot, frame);
    if (!vad.isVoiced(frame)) return;
    if (open == null) open(arrivalNanos, slot, lastVoiceNanos);
    open.lastVoicedNanos = arrivalNanos;
    open.lastVoicedSlot = slot;
    lastVoiceNanos = Math.max(lastVoiceNanos, arrivalNanos);
    if (slot >= open.nextLook) look(open, slot, arrivalNanos);
  }

  private Segment open(long startNanos, long slot, long voiceBefore) {
    open = new Segment(segments.size(), startNanos, slot, voiceBefore);
    segments.add(open);
    log.add(new CallEvent.AgentSpeechStart(log.t(startNanos), open.index));
    offer(open);
    return open;
  }

  /** The classifier's look at the 1.5 s of {@code s} up to {@code slot}: its kind decided, or the segment cut where it changed. */
  private void look(Segment s, long slot, long arrivalNanos) {
    s.nextLook = slot + HOP;
    SoundClassifier.Kind k = SoundClassifier.kind(sound.features((int) (slot + 1 - WINDOW), (int) slot + 1));
    boolean speech = k != SoundClassifier.Kind.MUSIC && k != SoundClassifier.Kind.TONE;
    if (!s.kind.isDone()) {
      decide(s, speech ? SoundClassifier.Kind.SPEECH : k);
      return;
    }
    if (k == SoundClassifier.Kind.NOISE || k == SoundClassifier.Kind.SILENCE || speech != s.isSound()) {
      s.disagree = 0; // the same as before (music and a tone alike are not speech), or no opinion
      return;
    }
    if (!s.isSound() && ++s.disagree < 2) return; // speech turns to music or a tone only on two windows in a row
    long at = Math.max(changedAt(s.isSound(), slot), s.startSlot + 1);
    long atNanos = arrivalNanos - (slot - at) * FRAME_NANOS;
    s.lastVoicedSlot = at - 1;
    s.lastVoicedNanos = atNanos - FRAME_NANOS;
    closeOpen();
    Segment next = open(atNanos, at, atNanos - FRAME_NANOS);
    next.lastVoicedNanos = arrivalNanos;
    next.lastVoicedSlot = slot;
    next.nextLook = slot + HOP;
    decide(next, speech ? SoundClassifier.Kind.SPEECH : k);
  }

  /**
   * Where the sound changed, judged at {@code slot}: music (or a tone) plays on without a break, speech has pauses. From
   * music to speech, the first voiced frame after the music's first break in the last two windows; from speech to music,
   * the start of the unbroken run of sound that ends at {@code slot}, when it is at least 1 s long. Without such a break:
   * music read in two windows began about where the later one does; speech read in one window after music, in its middle.
   */
  private long changedAt(boolean fromSound, long slot) {
    long from = Math.max(0, slot + 1 - WINDOW - HOP);
    if (fromSound) {
      for (long k = from; k <= slot; k++) {
        if (sound.active((int) k)) continue;
        while (k <= slot && !sound.active((int) k)) k++;
        return k <= slot ? k : slot + 1 - WINDOW / 2 - 12;
      }
      return slot + 1 - WINDOW / 2 - 12;
    }
    long k = slot;
    while (k >= from && sound.active((int) k)) k--;
    return k >= from && slot - k >= 50 ? k + 1 : slot + 1 - WINDOW;
  }

  private void decide(Segment s, SoundClassifier.Kind k) {
    if (k != SoundClassifier.Kind.SPEECH) log.add(new CallEvent.AgentSound(log.now(), s.index, k.name().toLowerCase(java.util.Locale.ROOT)));
    s.kind.complete(k);
  }

  /** A segment that ended before its first look: judged whole, a tone from 0.2 s of sound, music from 1 s, else speech. */
  private void decideWhole(Segment s) {
    SoundClassifier.Features f = sound.features((int) s.startSlot, (int) s.lastVoicedSlot + 1);
    SoundClassifier.Kind k = SoundClassifier.kind(f);
    boolean sound = k == SoundClassifier.Kind.TONE && f.activeFrames() >= 10 || k == SoundClassifier.Kind.MUSIC && f.activeFrames() >= 50;
    decide(s, sound ? k : SoundClassifier.Kind.SPEECH);
  }

  /** A quicker packet showed the agent's audio so far {@code slots} too late: move it, and its segments, back. */
  private void shiftAgentEarlier(long slots) {
    int n = (int) (slots * FRAME); // nothing lies before the old anchor, so nothing is lost
    if (agentEndSample > n) System.arraycopy(agent, n, agent, 0, agentEndSample - n);
    Arrays.fill(agent, Math.max(0, agentEndSample - n), agentEndSample, 0f);
    agentEndSample = Math.max(0, agentEndSample - n);
    for (Segment s : segments) {
      s.startSlot -= slots;
      s.lastVoicedSlot -= slots;
      s.nextLook -= slots;
    }
    sound.shift((int) slots);
    anchorSlot -= slots;
  }

  /** Called (under this timeline's lock, on the media event loop) with each segment as it ends. */
  synchronized void onSegmentClosed(java.util.function.Consumer<Segment> action) {
    onClosed = action;
  }

  /** The agent segment in progress, or null when the agent is silent. */
  synchronized Segment openSegment() {
    return open;
  }

  /** Agent speech segments so far, in order. */
  synchronized List<Segment> segments() {
    return List.copyOf(segments);
  }

  /** How many of the agent's segments so far are (or may yet be) speech: music and tones not counted. */
  synchronized int speechSegments() {
    return (int) segments.stream().filter(s -> !s.isSound()).count();
  }

  /** The last time either side had voice: a caller speech frame sent or an agent speech frame received. */
  synchronized long lastVoiceNanos() {
    return lastVoiceNanos;
  }

  /** How much of the agent's audio, from media start, was received: the rest of {@link #agentAudio()} is padding. */
  synchronized double agentReceivedMs() {
    return agentEndSample * 1000.0 / MediaStream.SAMPLE_RATE;
  }

  /** The first agent segment starting at or after {@code notBeforeNanos}; fails if the call ends first. */
  synchronized CompletableFuture<Segment> nextSegment(long notBeforeNanos) {
    for (Segment s : segments) if (s.startNanos >= notBeforeNanos) return CompletableFuture.completedFuture(s);
    if (ended) return CompletableFuture.failedFuture(new CallEndedException());
    waiter = new CompletableFuture<>();
    waiterNotBefore = notBeforeNanos;
    return waiter;
  }

  private void offer(Segment s) {
    if (waiter != null && s.startNanos >= waiterNotBefore) {
      CompletableFuture<Segment> w = waiter;
      waiter = null;
      w.complete(s);
    }
  }

  private void closeOpen() {
    Segment s = open;
    open = null;
    if (!s.kind.isDone()) decideWhole(s);
    log.add(new CallEvent.AgentSpeechEnd(log.t(s.lastVoicedNanos + FRAME_NANOS), s.index));
    s.ended.complete(s);
    onClosed.accept(s);
  }

  /** The call is over: an open segment ends at its last voiced frame, a pending wait fails. */
  synchronized void callEnded() {
    ended = true;
    if (open != null) closeOpen();
    if (waiter != null) waiter.completeExceptionally(new CallEndedException());
    waiter = null;
  }

  synchronized long startNanos() {
    return startNanos;
  }

  /** Seconds from media start to {@code nanos}. */
  synchronized double secondsFromStart(long nanos) {
    return (nanos - startNanos) / 1e9;
  }

  synchronized Pcm callerAudio() {
    return new Pcm(MediaStream.SAMPLE_RATE, Arrays.copyOf(caller, callerFrames * FRAME));
  }

  synchronized Pcm agentAudio() {
    return new Pcm(MediaStream.SAMPLE_RATE, Arrays.copyOf(agent, Math.max(agentEndSample, callerFrames * FRAME)));
  }

  /** The agent's audio of {@code s}, with {@code padMs} of context on both sides. */
  synchronized Pcm agentAudio(Segment s, int padMs) {
    int pad = padMs * MediaStream.SAMPLE_RATE / 1000;
    int from = (int) Math.max(0, s.startSlot * FRAME - pad);
    int to = (int) Math.min(agentEndSample, (s.lastVoicedSlot + 1) * FRAME + pad);
    return new Pcm(MediaStream.SAMPLE_RATE, Arrays.copyOfRange(agent, from, Math.max(from, to)));
  }

  private static float[] ensure(float[] a, int size) {
    return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
  }

  /** A wait for agent speech that could not be met because the call had ended. */
  static final class CallEndedException extends RuntimeException {
    CallEndedException() {
      super("the call ended", null, false, false);
    }
  }
}
