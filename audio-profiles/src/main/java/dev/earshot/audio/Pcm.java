package dev.earshot.audio;

import java.util.Arrays;

/**
 * Mono linear PCM audio: samples in [-1, 1] at a sample rate.
 *
 * <p>Treat the sample array as immutable: every processing step in Earshot returns a new {@code Pcm}
 * and never writes into the array of one it was given. The array is not copied on the way in or out so
 * that long utterances do not cost a copy per stage.
 */
public record Pcm(int sampleRate, float[] samples) {

  public Pcm {
    if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate <= 0: " + sampleRate);
    if (samples == null) throw new NullPointerException("samples == null");
  }

  public static Pcm silence(int sampleRate, double seconds) {
    return new Pcm(sampleRate, new float[(int) Math.round(seconds * sampleRate)]);
  }

  public int length() {
    return samples.length;
  }

  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  /** 16-bit signed samples, rounded and clipped the way a WAV writer or codec would see them. */
  public short[] toShorts() {
    short[] out = new short[samples.length];
    for (int i = 0; i < out.length; i++) out[i] = toShort(samples[i]);
    return out;
  }

  public static short toShort(float sample) {
    float scaled = sample * 32768f;
    if (scaled >= 32767f) return Short.MAX_VALUE;
    if (scaled <= -32768f) return Short.MIN_VALUE;
    return (short) Math.round(scaled);
  }

  public static Pcm fromShorts(int sampleRate, short[] pcm) {
    float[] out = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768f;
    return new Pcm(sampleRate, out);
  }

  /** Samples {@code [from, to)} as a new clip; bounds are clamped to the clip. */
  public Pcm slice(int from, int to) {
    int a = Math.max(0, Math.min(from, samples.length));
    int b = Math.max(a, Math.min(to, samples.length));
    return new Pcm(sampleRate, Arrays.copyOfRange(samples, a, b));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pcm p && p.sampleRate == sampleRate && Arrays.equals(p.samples, samples);
  }

  @Override
  public int hashCode() {
    return 31 * sampleRate + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return "Pcm[" + sampleRate + " Hz, " + samples.length + " samples]";
  }
}
