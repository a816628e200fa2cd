package dev.earshot.audio.bench;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.Profiles;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Every built-in profile's chain on 60 s of speech at 48 kHz (what MaryTTS produces) and at 16 kHz (what
 * recorded corpora usually are), one thread. x real time = 60,000 / (ms per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProfileBenchmark {
  @Param({
    "clean", "noisy-phone", "pstn-g711", "hd-voice-g722", "office-speakerphone", "car-handsfree-highway", "street-traffic",
    "cafe-babble", "subway-platform", "mobile-amr-weak-signal", "voip-opus-lossy", "international-gsm-tandem", "echo-hybrid",
    "shouting-clipped", "quiet-distant-speaker", "fast-talker", "hesitant-speaker", "speaker-deep-voice", "speaker-high-voice",
  })
  public String profile;

  @Param({"48000", "16000"})
  public int inputRate;

  private DegradationProfile chosen;
  private Pcm input;
  private long seed;

  @Setup
  public void setUp() {
    chosen = Profiles.builtIn().get(profile);
    input = BenchAudio.speech(inputRate);
  }

  @Benchmark
  public Pcm render() {
    return chosen.apply(input, seed++);
  }
}
