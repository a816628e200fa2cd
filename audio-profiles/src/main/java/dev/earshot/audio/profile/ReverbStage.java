package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Fft;
import java.util.SplittableRandom;

/**
 * Room reverberation by convolution with a synthetic impulse response: the direct sound, then after
 * {@code preDelayMs} a diffuse tail of seeded Gaussian-like noise whose energy decays 60 dB in
 * {@code rt60S} seconds (exponential decay, as in a diffuse field), scaled so that the direct sound is
 * {@code drrDb} above the whole tail (direct-to-reverberant ratio: about +10 dB close to the microphone,
 * 0 dB or below for a distant talker). The clip keeps its length; the tail past its end is dropped.
 */
public record ReverbStage(double rt60S, double drrDb, double preDelayMs) implements Stage {
  public ReverbStage {
    Check.range("rt60_s", rt60S, 0.05, 5);
    Check.range("drr_db", drrDb, -30, 30);
    Check.range("pre_delay_ms", preDelayMs, 0, 200);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    return new Pcm(in.sampleRate(), Fft.convolve(in.samples(), impulseResponse(in.sampleRate(), random)));
  }

  /** The impulse response this stage convolves with, at {@code rate}: 1 at t = 0, then the tail. */
  public float[] impulseResponse(int rate, SplittableRandom random) {
    int start = Math.max(1, (int) Math.round(preDelayMs / 1000 * rate));
    int length = start + (int) Math.ceil(rt60S * rate);
    float[] tail = NoiseStage.white(length - start, random);
    double decay = Math.log(1000) / (rt60S * rate); // amplitude e^(-decay n): -60 dB at rt60
    double energy = 0;
    for (int i = 0; i < tail.length; i++) {
      tail[i] *= (float) Math.exp(-decay * i);
      energy += (double) tail[i] * tail[i];
    }
    float scale = (float) Math.sqrt(Math.pow(10, -drrDb / 10) / energy);
    float[] h = new float[length];
    h[0] = 1;
    for (int i = 0; i < tail.length; i++) h[start + i] = tail[i] * scale;
    return h;
  }
}
