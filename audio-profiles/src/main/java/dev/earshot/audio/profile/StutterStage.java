package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stutter: the first {@code onsetMs} of a word repeated {@code repeats} times, each followed by
 * {@code gapMs} of silence, before the word is said whole ("b- b- block my card"). The word is the first of
 * the utterance, or, with {@code anywhere}, one drawn from the seed. Repeats fade in and out over 5 ms so
 * they do not click.
 */
public record StutterStage(int repeats, double onsetMs, double gapMs, boolean anywhere) implements Stage {
  public StutterStage {
    Check.range("repeats", repeats, 1, 10);
    if (onsetMs == 0) onsetMs = 120;
    Check.range("onset_ms", onsetMs, 20, 1000);
    Check.range("gap_ms", gapMs, 0, 2000);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] x = in.samples();
    int rate = in.sampleRate();
    List<int[]> runs = Segments.voiced(x, rate);
    if (runs.isEmpty()) return in;
    int[] word = runs.get(anywhere ? random.nextInt(runs.size()) : 0);
    int at = word[0];
    int onset = Math.min((int) Math.round(onsetMs / 1000 * rate), word[1] - at);
    int gap = (int) Math.round(gapMs / 1000 * rate);
    int fade = Math.min(onset / 2, rate / 200);
    float[] piece = java.util.Arrays.copyOfRange(x, at, at + onset);
    for (int i = 0; i < fade; i++) {
      float g = (float) i / fade;
      piece[i] *= g;
      piece[piece.length - 1 - i] *= g;
    }
    float[] y = new float[x.length + repeats * (onset + gap)];
    System.arraycopy(x, 0, y, 0, at);
    int to = at;
    for (int r = 0; r < repeats; r++) {
      System.arraycopy(piece, 0, y, to, onset);
      to += onset + gap;
    }
    System.arraycopy(x, at, y, to, x.length - at);
    return new Pcm(rate, y);
  }
}
