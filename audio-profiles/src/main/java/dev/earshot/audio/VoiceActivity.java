package dev.earshot.audio;

/**
 * Frame-energy voice activity: a frame is voiced when its RMS level is at or above a threshold in dBFS.
 *
 * <p>Earshot and its reference agent decide "the first voiced frame of a reply" with the same instance of
 * this rule on the same decoded samples, so that latency measured on either side of a call refers to the
 * same frame.
 */
public record VoiceActivity(double thresholdDbfs) {
  /** -40 dBFS: well above G.711 idle noise, well below conversational speech (about -20 to -26 dBFS). */
  public static final VoiceActivity DEFAULT = new VoiceActivity(-40);

  public boolean isVoiced(float[] frame, int from, int to) {
    if (to <= from) return false;
    double e = 0;
    for (int i = from; i < to; i++) e += (double) frame[i] * frame[i];
    double db = 10 * Math.log10(e / (to - from) + 1e-20);
    return db >= thresholdDbfs;
  }

  public boolean isVoiced(float[] frame) {
    return isVoiced(frame, 0, frame.length);
  }

  /** Index of the first voiced frame of {@code frameSamples} samples, or -1. */
  public int firstVoicedFrame(Pcm pcm, int frameSamples) {
    float[] x = pcm.samples();
    for (int f = 0; (f + 1) * frameSamples <= x.length; f++) {
      if (isVoiced(x, f * frameSamples, (f + 1) * frameSamples)) return f;
    }
    return -1;
  }

  /** Index of the last voiced frame of {@code frameSamples} samples, or -1. */
  public int lastVoicedFrame(Pcm pcm, int frameSamples) {
    float[] x = pcm.samples();
    for (int f = x.length / frameSamples - 1; f >= 0; f--) {
      if (isVoiced(x, f * frameSamples, (f + 1) * frameSamples)) return f;
    }
    return -1;
  }
}
