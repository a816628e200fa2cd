package dev.earshot.audio.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.earshot.audio.Pcm;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * One step of a degradation chain: settings (a record, read from a profile's YAML by its {@code type}) plus
 * the transform they define.
 *
 * <p>Contract: {@link #apply} returns a new clip and never modifies its input; every random choice is drawn
 * from the {@code random} it is given, so the same input, settings and random stream give the same samples
 * bit for bit. Implementations are immutable and safe to share between threads.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = GainStage.class, name = "gain"),
  @JsonSubTypes.Type(value = ClipStage.class, name = "clip"),
  @JsonSubTypes.Type(value = CompressStage.class, name = "compress"),
  @JsonSubTypes.Type(value = DcOffsetStage.class, name = "dc-offset"),
  @JsonSubTypes.Type(value = ResampleStage.class, name = "resample"),
  @JsonSubTypes.Type(value = BandPassStage.class, name = "bandpass"),
  @JsonSubTypes.Type(value = ResponseStage.class, name = "response"),
  @JsonSubTypes.Type(value = EchoStage.class, name = "echo"),
  @JsonSubTypes.Type(value = ReverbStage.class, name = "reverb"),
  @JsonSubTypes.Type(value = NoiseStage.class, name = "noise"),
  @JsonSubTypes.Type(value = NoiseFileStage.class, name = "noise-file"),
  @JsonSubTypes.Type(value = BabbleStage.class, name = "babble"),
  @JsonSubTypes.Type(value = PitchStage.class, name = "pitch"),
  @JsonSubTypes.Type(value = TempoStage.class, name = "tempo"),
  @JsonSubTypes.Type(value = FormantStage.class, name = "formant"),
  @JsonSubTypes.Type(value = HesitationStage.class, name = "hesitation"),
  @JsonSubTypes.Type(value = StutterStage.class, name = "stutter"),
  @JsonSubTypes.Type(value = G711Stage.class, name = "g711"),
  @JsonSubTypes.Type(value = CodecStage.class, name = "codec"),
  @JsonSubTypes.Type(value = LossStage.class, name = "loss"),
})
public sealed interface Stage
    permits GainStage, ClipStage, CompressStage, DcOffsetStage, ResampleStage, BandPassStage, ResponseStage, EchoStage,
        ReverbStage, NoiseStage, NoiseFileStage, BabbleStage, PitchStage, TempoStage, FormantStage, HesitationStage,
        StutterStage, G711Stage, CodecStage, LossStage {
  Pcm apply(Pcm in, SplittableRandom random);

  /** This stage with any relative file path made relative to {@code base}, the directory of its profile file. */
  default Stage resolve(Path base) {
    return this;
  }

  /** Fails with a one-line message saying what to install when this machine cannot run the stage. */
  default void requireAvailable() {}
}
