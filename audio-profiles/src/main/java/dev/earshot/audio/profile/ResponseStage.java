package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Biquad;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The frequency response of the caller's device, as a short chain of filters. These are typical shapes, not
 * measurements of one product:
 * <ul>
 *   <li>{@code handset}: a phone held to the ear; 24 dB/octave roll-off below 200 Hz, +5 dB presence peak at
 *       2.5 kHz, roll-off above 3.8 kHz (the shape of the ITU-T P.48 IRS send curve).
 *   <li>{@code speakerphone}: a small loudspeaker-microphone unit at arm's length; nothing below 500 Hz
 *       (24 dB/octave), a -4 dB box dip at 1 kHz, a +6 dB resonance at 2.8 kHz, roll-off above 4 kHz.
 *   <li>{@code headset}: a boom microphone near the mouth; gentle roll-off below 100 Hz, +3 dB proximity
 *       boost below 200 Hz, +2 dB at 4 kHz, roll-off above 7 kHz.
 * </ul>
 * Low-pass sections at or above the clip's Nyquist frequency are left out.
 */
public record ResponseStage(String device) implements Stage {
  static final List<String> DEVICES = List.of("handset", "speakerphone", "headset");

  public ResponseStage {
    Check.oneOf("device", device, null, DEVICES);
  }

  /** The filters for {@code rate}, first to last. */
  public List<Biquad> filters(int rate) {
    List<Biquad> f = new ArrayList<>();
    switch (device) {
      case "handset" -> {
        for (double q : Biquad.BUTTERWORTH4_Q) f.add(Biquad.highPass(rate, 200, q));
        f.add(Biquad.peaking(rate, 2500, 1.0, 5));
        if (3800 < rate / 2.0) for (double q : Biquad.BUTTERWORTH4_Q) f.add(Biquad.lowPass(rate, 3800, q));
      }
      case "speakerphone" -> {
        for (double q : Biquad.BUTTERWORTH4_Q) f.add(Biquad.highPass(rate, 500, q));
        f.add(Biquad.peaking(rate, 1000, 1.0, -4));
        f.add(Biquad.peaking(rate, 2800, 1.5, 6));
        if (4000 < rate / 2.0) for (double q : Biquad.BUTTERWORTH4_Q) f.add(Biquad.lowPass(rate, 4000, q));
      }
      default -> {
        f.add(Biquad.highPass(rate, 100, Math.sqrt(0.5)));
        f.add(Biquad.lowShelf(rate, 200, 3));
        f.add(Biquad.peaking(rate, 4000 < rate / 2.0 ? 4000 : rate * 0.4, 1.0, 2));
        if (7000 < rate / 2.0) f.add(Biquad.lowPass(rate, 7000, Math.sqrt(0.5)));
      }
    }
    return f;
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    return new Pcm(in.sampleRate(), Biquad.filter(filters(in.sampleRate()), in.samples()));
  }
}
