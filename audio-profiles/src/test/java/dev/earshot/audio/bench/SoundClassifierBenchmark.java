package dev.earshot.audio.bench;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.SoundClassifier;
import dev.earshot.audio.VoiceActivity;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the speech/music/tone classifier costs a call, beside the energy VAD every call already runs on the agent's audio:
 * 60 s of agent speech at 8 kHz in 20 ms frames, as the call timeline feeds them. {@code vad}: the VAD alone;
 * {@code classify}: the VAD, then every frame into {@link SoundClassifier.Frames} (one FFT per voiced frame) and a 1.5 s
 * window judged every 0.5 s, as a long utterance is. x real time = 60,000 / (ms per op): how many calls' agent audio one
 * core keeps up with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SoundClassifierBenchmark {
  private float[][] frames;

  @Setup
  public void setUp() {
    Pcm speech = BenchAudio.speech(8000);
    float[] x = speech.samples();
    frames = new float[x.length / 160][160];
    for (int k = 0; k < frames.length; k++) System.arraycopy(x, k * 160, frames[k], 0, 160);
  }

  @Benchmark
  public int vad() {
    int voiced = 0;
    for (float[] f : frames) if (VoiceActivity.DEFAULT.isVoiced(f)) voiced++;
    return voiced;
  }

  @Benchmark
  public int classify() {
    SoundClassifier.Frames f = new SoundClassifier.Frames();
    int voiced = 0, speech = 0;
    for (int k = 0; k < frames.length; k++) {
      if (VoiceActivity.DEFAULT.isVoiced(frames[k])) voiced++;
      f.set(k, frames[k]);
      if (k >= 75 && k % 25 == 0 && SoundClassifier.kind(f.features(k - 75, k)) == SoundClassifier.Kind.SPEECH) speech++;
    }
    return voiced + speech;
  }
}
