package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.telephony.rtp.MediaStream;

/**
 * Which 20 ms frames of the agent's side of a call hold voice, as its recording has them (16-bit samples, so that
 * the call judged live and judged again from {@code recordings/ID.wav} agree frame for frame), for the frames
 * received: beyond them the recording is padding, and silence there is not the agent being silent.
 */
final class AgentVoicing {
  private static final int FRAME = MediaStream.FRAME_SAMPLES;
  private final boolean[] voiced;

  private AgentVoicing(boolean[] voiced) {
    this.voiced = voiced;
  }

  /** From the agent's audio on the call's time base, of which the first {@code receivedMs} were received. */
  static AgentVoicing of(Pcm agent, double receivedMs, VoiceActivity vad) {
    float[] x = agent.samples();
    int frames = (int) Math.min(x.length / FRAME, Math.round(receivedMs * agent.sampleRate() / 1000.0) / FRAME);
    boolean[] v = new boolean[Math.max(0, frames)];
    float[] q = new float[FRAME];
    for (int f = 0; f < v.length; f++) {
      for (int i = 0; i < FRAME; i++) q[i] = Pcm.toShort(x[f * FRAME + i]) / 32768f; // as the WAV holds it
      v[f] = vad.isVoiced(q);
    }
    return new AgentVoicing(v);
  }

  /** Whether frame {@code slot} holds voice (false for one not received). */
  boolean voiced(long slot) {
    return slot >= 0 && slot < voiced.length && voiced[(int) slot];
  }

  /** The last frame received, or -1. */
  long lastSlot() {
    return voiced.length - 1;
  }
}
