package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.codec.G711;
import java.util.SplittableRandom;

/** A G.711 encode-decode round trip ({@code law}: {@code ulaw} or {@code alaw}); the clip must be at 8000 Hz. */
public record G711Stage(String law) implements Stage {
  public G711Stage {
    law = Check.oneOf("law", law, "ulaw", java.util.List.of("ulaw", "alaw"));
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    if (in.sampleRate() != 8000) {
      throw new IllegalArgumentException("g711 needs 8000 Hz audio, found " + in.sampleRate() + " Hz: put a resample stage before it");
    }
    G711 codec = law.equals("ulaw") ? G711.ULAW : G711.ALAW;
    return new Pcm(8000, codec.roundTrip(in.samples()));
  }
}
