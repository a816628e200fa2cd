package dev.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VoiceActivityTest {
  @Test
  void findsTheFirstAndLastVoicedFramesOfAClip() {
    float[] x = new float[8000]; // 1 s at 8 kHz = 50 frames of 160
    float[] tone = Signals.sine(8000, 300, 0.1, 0.4); // -23 dBFS
    System.arraycopy(tone, 0, x, 160 * 10, tone.length); // frames 10..29
    Pcm pcm = new Pcm(8000, x);
    assertEquals(10, VoiceActivity.DEFAULT.firstVoicedFrame(pcm, 160));
    assertEquals(29, VoiceActivity.DEFAULT.lastVoicedFrame(pcm, 160));
  }

  @Test
  void quietNoiseBelowTheThresholdIsNotVoice() {
    Pcm quiet = new Pcm(8000, Signals.sine(8000, 300, 0.005, 0.5)); // -49 dBFS
    assertEquals(-1, VoiceActivity.DEFAULT.firstVoicedFrame(quiet, 160));
  }
}
