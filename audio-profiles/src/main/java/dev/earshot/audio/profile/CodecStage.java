package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.codec.Codec;
import dev.earshot.audio.dsp.Resampler;
import java.util.SplittableRandom;

/**
 * A real encode-decode round trip through a lossy speech codec (run by ffmpeg; see {@link Codec}). The clip
 * is first resampled to the codec's rate if needed, and leaves at that rate, as a network leg would carry it.
 * Chain several codec stages for a tandem (e.g. {@code amr-nb} at 5150 then {@code g711}: mobile to PSTN).
 *
 * @param codec {@code gsm}, {@code amr-nb}, {@code amr-wb}, {@code opus} or {@code g722}
 * @param bitrate bit/s; the codec's default when omitted (AMR-NB 12200, AMR-WB 12650, Opus 24000)
 */
public record CodecStage(String codec, Integer bitrate) implements Stage {
  public CodecStage {
    Codec c = Codec.byId(codec);
    if (c == null) throw new InvalidField("codec", "expected one of " + Codec.ids() + " (g711 is its own stage type), found " + codec);
    if (bitrate == null) bitrate = c.defaultBitrate();
    String problem = c.checkBitrate(bitrate);
    if (problem != null) throw new InvalidField("bitrate", "" + problem);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    Codec c = Codec.byId(codec);
    Pcm at = Resampler.resample(in, c.sampleRate());
    return Pcm.fromShorts(c.sampleRate(), c.roundTrip(at.toShorts(), bitrate));
  }

  @Override
  public void requireAvailable() {
    Codec.byId(codec).requireAvailable();
  }
}
