package dev.earshot.audio.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.earshot.audio.Pcm;
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
  @JsonSubTypes.Type(value = ResampleStage.class, name = "resample"),
  @JsonSubTypes.Type(value = BandPassStage.class, name = "bandpass"),
  @JsonSubTypes.Type(value = NoiseStage.class, name = "noise"),
  @JsonSubTypes.Type(value = G711Stage.class, name = "g711"),
  @JsonSubTypes.Type(value = GainStage.class, name = "gain"),
})
public sealed interface Stage permits ResampleStage, BandPassStage, NoiseStage, G711Stage, GainStage {
  Pcm apply(Pcm in, SplittableRandom random);
}
