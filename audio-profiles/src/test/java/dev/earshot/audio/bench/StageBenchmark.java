package dev.earshot.audio.bench;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.profile.BabbleStage;
import dev.earshot.audio.profile.BandPassStage;
import dev.earshot.audio.profile.ClipStage;
import dev.earshot.audio.profile.CodecStage;
import dev.earshot.audio.profile.CompressStage;
import dev.earshot.audio.profile.EchoStage;
import dev.earshot.audio.profile.FormantStage;
import dev.earshot.audio.profile.G711Stage;
import dev.earshot.audio.profile.HesitationStage;
import dev.earshot.audio.profile.LossStage;
import dev.earshot.audio.profile.NoiseStage;
import dev.earshot.audio.profile.Passby;
import dev.earshot.audio.profile.PitchStage;
import dev.earshot.audio.profile.ResampleStage;
import dev.earshot.audio.profile.ResponseStage;
import dev.earshot.audio.profile.ReverbStage;
import dev.earshot.audio.profile.Stage;
import dev.earshot.audio.profile.StutterStage;
import dev.earshot.audio.profile.TempoStage;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Every stage on 60 s of speech, one thread. The name says the stage and the rate it runs at: telephone
 * stages at 8 kHz, the rest at 16 kHz (the resampler also from 48 kHz, MaryTTS's rate). Times per 60 s
 * clip: x real time = 60,000 / (ms per op); bench/jmh-audio.sh prints that column.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StageBenchmark {
  static final Map<String, Object[]> STAGES = Map.ofEntries(
      Map.entry("resample-48k-8k", new Object[] {48000, new ResampleStage(8000)}),
      Map.entry("resample-16k-8k", new Object[] {16000, new ResampleStage(8000)}),
      Map.entry("bandpass-8k", new Object[] {8000, new BandPassStage(300, 3400)}),
      Map.entry("response-handset-16k", new Object[] {16000, new ResponseStage("handset")}),
      Map.entry("noise-white-8k", new Object[] {8000, new NoiseStage("white", 10)}),
      Map.entry("noise-pink-8k", new Object[] {8000, new NoiseStage("pink", 10)}),
      Map.entry("noise-brown-passby-8k", new Object[] {8000, new NoiseStage("brown", 10, new Passby(10, 4))}),
      Map.entry("babble-8-talkers-8k", new Object[] {8000, new BabbleStage(8, 8, null, null)}),
      Map.entry("gain-clip-8k", new Object[] {8000, new ClipStage(-6, "soft")}),
      Map.entry("compress-8k", new Object[] {8000, new CompressStage(-30, 4, 5, 200, 18)}),
      Map.entry("echo-8k", new Object[] {8000, new EchoStage(180, -15, 2)}),
      Map.entry("reverb-0.6s-16k", new Object[] {16000, new ReverbStage(0.6, 0, 5)}),
      Map.entry("pitch-plus3-16k", new Object[] {16000, new PitchStage(3)}),
      Map.entry("tempo-1.3-16k", new Object[] {16000, new TempoStage(1.3)}),
      Map.entry("formant-1.15-16k", new Object[] {16000, new FormantStage(1.15)}),
      Map.entry("hesitation-16k", new Object[] {16000, new HesitationStage(3, 700)}),
      Map.entry("stutter-16k", new Object[] {16000, new StutterStage(2, 150, 120, false)}),
      Map.entry("loss-gilbert-fade-8k", new Object[] {8000, new LossStage("gilbert-elliott", 8, 3.0, 20, "fade")}),
      Map.entry("g711-ulaw-8k", new Object[] {8000, new G711Stage("ulaw")}),
      Map.entry("codec-gsm-8k", new Object[] {8000, new CodecStage("gsm", null)}),
      Map.entry("codec-amr-nb-4750-8k", new Object[] {8000, new CodecStage("amr-nb", 4750)}),
      Map.entry("codec-opus-16k", new Object[] {16000, new CodecStage("opus", 16000)}),
      Map.entry("codec-g722-16k", new Object[] {16000, new CodecStage("g722", null)}));

  @Param({
    "resample-48k-8k", "resample-16k-8k", "bandpass-8k", "response-handset-16k", "noise-white-8k", "noise-pink-8k",
    "noise-brown-passby-8k", "babble-8-talkers-8k", "gain-clip-8k", "compress-8k", "echo-8k", "reverb-0.6s-16k",
    "pitch-plus3-16k", "tempo-1.3-16k", "formant-1.15-16k", "hesitation-16k", "stutter-16k", "loss-gilbert-fade-8k",
    "g711-ulaw-8k", "codec-gsm-8k", "codec-amr-nb-4750-8k", "codec-opus-16k", "codec-g722-16k",
  })
  public String stage;

  private Stage chosen;
  private Pcm input;
  private long seed;

  @Setup
  public void setUp() {
    Object[] s = STAGES.get(stage);
    input = BenchAudio.speech((Integer) s[0]);
    chosen = (Stage) s[1];
  }

  @Benchmark
  public Pcm apply() {
    return chosen.apply(input, new SplittableRandom(seed++));
  }
}
