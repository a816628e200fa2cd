package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.VoiceActivity;
import dev.earshot.report.CallEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Drives the timeline with frames and times made up in memory, the way the media event loop would. */
class CallTimelineTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 5_000 * MS;
  private static final float[] SILENCE = new float[160];
  private static final float[] VOICE = new float[160];

  static {
    for (int i = 0; i < 160; i++) VOICE[i] = (float) (0.2 * Math.sin(2 * Math.PI * 300 * i / 8000.0));
  }

  private final CallLog log = new CallLog("c1", T0, CallEventListener.NONE);
  private final CallTimeline timeline = new CallTimeline(VoiceActivity.DEFAULT, 200, log);

  /** The agent's voice frame by frame, as the judges see it (from the audio the recording holds). */
  private AgentVoicing voicing() {
    return AgentVoicing.of(timeline.agentAudio(), timeline.agentReceivedMs(), VoiceActivity.DEFAULT);
  }
  private long rtpTs = 1_000;

  /** Advances one 20 ms beat: we send a silent frame, the agent's frame arrives 1 ms later. */
  private void beat(int k, float[] agentFrame) {
    timeline.onSent(SILENCE, T0 + k * 20 * MS, null, k);
    timeline.onReceived(agentFrame, T0 + k * 20 * MS + MS, rtpTs);
    rtpTs += 160;
  }

  @Test
  void aSegmentOpensOnVoiceAndClosesAfterTheEndSilence() throws Exception {
    CompletableFuture<CallTimeline.Segment> next = timeline.nextSegment(0);
    for (int k = 0; k < 5; k++) beat(k, SILENCE);
    assertFalse(next.isDone());
    for (int k = 5; k < 15; k++) beat(k, VOICE);
    CallTimeline.Segment s = next.get();
    assertEquals(5, s.startSlot);
    assertEquals(T0 + 5 * 20 * MS + MS, s.startNanos);
    assertFalse(s.ended.isDone());
    for (int k = 15; k < 30; k++) beat(k, SILENCE);
    assertTrue(s.ended.isDone(), "200 ms of silence ends it");
    assertEquals(14, s.lastVoicedSlot);
    assertEquals(0.281, timeline.secondsFromStart(s.lastVoicedNanos), 1e-9); // beat 14 arrives at 280 ms + 1 ms
    // the same, as events on the call's clock (ms from T0): media start, the segment's first voiced frame, the end of its last
    assertEquals(java.util.List.of(new CallEvent.MediaStart(0), new CallEvent.AgentSpeechStart(101, 0), new CallEvent.AgentSpeechEnd(301, 0)),
        log.events());
  }

  /** An IVR menu with a 400 ms pause between its options: one utterance with agent_silence_ms 600, two with 300. */
  @Test
  void theEndSilenceCanChangeForOneStepAndBack() throws Exception {
    timeline.endSilenceMs(600);
    assertEquals(600, timeline.endSilenceMs());
    CompletableFuture<CallTimeline.Segment> first = timeline.nextSegment(0);
    int k = 0;
    for (; k < 10; k++) beat(k, VOICE);
    for (; k < 30; k++) beat(k, SILENCE); // 400 ms pause
    assertFalse(first.get().ended.isDone(), "400 ms is no end at 600");
    for (; k < 40; k++) beat(k, VOICE);
    for (; k < 80; k++) beat(k, SILENCE);
    assertTrue(first.get().ended.isDone());
    assertEquals(1, timeline.segments().size(), "the menu with its pause is one utterance");
    timeline.endSilenceMs(300);
    for (; k < 90; k++) beat(k, VOICE);
    for (; k < 110; k++) beat(k, SILENCE); // the same 400 ms pause
    for (; k < 120; k++) beat(k, VOICE);
    for (; k < 150; k++) beat(k, SILENCE);
    assertEquals(3, timeline.segments().size(), "at 300 ms the pause ends the first option");
  }

  @Test
  void agentAudioIsPlacedByRtpTimestampOnTheCallersTimeBase() {
    for (int k = 0; k < 3; k++) timeline.onSent(SILENCE, T0 + k * 20 * MS, null, k);
    // the agent's first packet arrives in slot 2; its next one carries a timestamp two frames later (one was lost)
    timeline.onReceived(VOICE, T0 + 40 * MS + 3 * MS, 9_000);
    timeline.onReceived(VOICE, T0 + 80 * MS + 3 * MS, 9_320);
    float[] agent = timeline.agentAudio().samples();
    assertEquals(VOICE[5], agent[2 * 160 + 5]);
    assertEquals(0f, agent[3 * 160 + 5], "the lost frame stays silent");
    assertEquals(VOICE[5], agent[4 * 160 + 5]);
    assertEquals(3 * 160, timeline.callerAudio().length());
  }

  @Test
  void aLateFirstPacketDoesNotShiftTheAgentsAudioOnceAQuickerOneArrives() {
    for (int k = 0; k < 20; k++) timeline.onSent(SILENCE, T0 + k * 20 * MS, null, k);
    // the agent's first frame belongs in slot 2 but is read 80 ms late (slot 6); the rest arrive 1 ms after their beat
    timeline.onReceived(VOICE, T0 + 40 * MS + 80 * MS, 9_000);
    CallTimeline.Segment s = timeline.nextSegment(0).join();
    assertEquals(6, s.startSlot, "all it can know so far");
    for (int k = 1; k < 10; k++) timeline.onReceived(k < 5 ? VOICE : SILENCE, T0 + (2 + k) * 20 * MS + MS, 9_000 + 160 * k);
    assertEquals(2, s.startSlot);
    assertEquals(6, s.lastVoicedSlot);
    AgentVoicing v = voicing();
    assertTrue(v.voiced(2) && v.voiced(6) && !v.voiced(7) && !v.voiced(1));
    assertEquals(11, v.lastSlot());
    assertEquals(T0 + 120 * MS, s.startNanos, "arrival times stay as read");
  }

  @Test
  void aJumpInTheAgentsTimestampsIsNotTakenForAQuickerPacket() {
    for (int k = 0; k < 3; k++) beat(k, VOICE);
    rtpTs += 160 * 100; // two seconds of timestamps skipped in one packet
    beat(3, VOICE);
    AgentVoicing v = voicing();
    assertTrue(v.voiced(0) && v.voiced(2));
    assertTrue(v.voiced(103), "placed by its timestamp, the rest left where they were");
  }

  @Test
  void endingTheCallClosesTheOpenSegmentAndFailsAPendingWait() {
    timeline.nextSegment(0);
    for (int k = 0; k < 5; k++) beat(k, VOICE);
    CallTimeline.Segment open = timeline.nextSegment(0).join();
    CompletableFuture<CallTimeline.Segment> later = timeline.nextSegment(T0 + 1_000 * MS);
    timeline.callEnded();
    assertTrue(open.ended.isDone());
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, later::get);
    assertInstanceOf(CallTimeline.CallEndedException.class, e.getCause());
  }

  @Test
  void aSegmentThatStartedEarlierIsNotMistakenForALaterReply() {
    for (int k = 0; k < 5; k++) beat(k, VOICE);
    CompletableFuture<CallTimeline.Segment> reply = timeline.nextSegment(T0 + 200 * MS);
    for (int k = 5; k < 25; k++) beat(k, SILENCE);
    assertFalse(reply.isDone());
    beat(25, VOICE);
    assertEquals(25, reply.join().startSlot);
  }
}
