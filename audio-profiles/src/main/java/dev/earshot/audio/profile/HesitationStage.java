package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Hesitations: {@code count} pauses of about {@code pauseMs} (each between 0.75x and 1.25x, drawn from the
 * seed) inserted inside the utterance, at pauses it already has where there are enough, otherwise at points
 * inside the speech drawn from the seed, always at a zero crossing. The clip grows by the pauses' length;
 * an agent that ends its turn on the first pause is what this catches.
 */
public record HesitationStage(int count, double pauseMs) implements Stage {
  public HesitationStage {
    Check.range("count", count, 1, 20);
    Check.range("pause_ms", pauseMs, 50, 5000);
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] x = in.samples();
    int rate = in.sampleRate();
    List<int[]> runs = Segments.voiced(x, rate);
    if (runs.isEmpty()) return in;
    int first = runs.get(0)[0], last = runs.get(runs.size() - 1)[1];
    List<Integer> gaps = new ArrayList<>();
    for (int i = 1; i < runs.size(); i++) gaps.add((runs.get(i - 1)[1] + runs.get(i)[0]) / 2);
    TreeSet<Integer> points = new TreeSet<>();
    while (points.size() < count && !gaps.isEmpty()) points.add(gaps.remove(random.nextInt(gaps.size())));
    int reach = rate / 100;
    for (int tries = 0; points.size() < count && last - first > 2 && tries < 1000; tries++) {
      points.add(Segments.zeroCrossing(x, first + 1 + random.nextInt(last - first - 1), reach));
    }
    float[] y = new float[x.length + (int) Math.ceil(count * 1.25 * pauseMs / 1000 * rate)];
    int from = 0, to = 0;
    for (int at : points) {
      System.arraycopy(x, from, y, to, at - from);
      to += at - from;
      to += (int) Math.round(pauseMs * (0.75 + 0.5 * random.nextDouble()) / 1000 * rate);
      from = at;
    }
    System.arraycopy(x, from, y, to, x.length - from);
    to += x.length - from;
    return new Pcm(rate, java.util.Arrays.copyOf(y, to));
  }
}
