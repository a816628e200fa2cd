package dev.earshot.audio.profile;

import dev.earshot.audio.Pcm;
import java.util.SplittableRandom;

/**
 * Packet loss upstream of the call (a lossy mobile or Wi-Fi leg), applied to the signal in packets of
 * {@code packetMs}, with the gap filled the way a receiver would.
 *
 * @param model {@code bernoulli} (each packet lost independently) or {@code gilbert-elliott} (two states:
 *     in the bad one every packet is lost, in the good one none; bursts of loss with a geometric length whose
 *     mean is {@code meanBurst})
 * @param lossPercent the long-run fraction of packets lost, 0..50 %
 * @param meanBurst mean number of packets per loss burst (gilbert-elliott only), >= 1
 * @param packetMs packet length, 10..60 ms (default 20)
 * @param concealment {@code silence} (zeros), {@code repeat} (the previous packet again) or {@code fade} (the
 *     previous packet again, 6 dB quieter for every packet lost in a row, ramped within the packet)
 */
public record LossStage(String model, double lossPercent, Double meanBurst, int packetMs, String concealment) implements Stage {
  public LossStage {
    model = LossProcess.check(model, lossPercent, meanBurst, 50);
    if (packetMs == 0) packetMs = 20;
    Check.range("packet_ms", packetMs, 10, 60);
    concealment = Check.oneOf("concealment", concealment, "silence", java.util.List.of("silence", "repeat", "fade"));
  }

  /** Which of {@code packets} packets are lost, drawn from {@code random}. */
  public boolean[] pattern(int packets, SplittableRandom random) {
    boolean[] lost = new boolean[packets];
    LossProcess process = new LossProcess(lossPercent, model.equals("gilbert-elliott") ? meanBurst : null, random);
    for (int i = 0; i < packets; i++) lost[i] = process.next();
    return lost;
  }

  @Override
  public Pcm apply(Pcm in, SplittableRandom random) {
    float[] x = in.samples(), y = x.clone();
    int size = Math.max(1, (int) Math.round(packetMs / 1000.0 * in.sampleRate()));
    int packets = (x.length + size - 1) / size;
    boolean[] lost = pattern(packets, random);
    int run = 0, good = -1; // packets lost in a row; start of the last packet received
    for (int k = 0; k < packets; k++) {
      int from = k * size, to = Math.min(x.length, from + size);
      if (!lost[k]) {
        run = 0;
        good = from;
        continue;
      }
      run++;
      double first = concealment.equals("fade") ? Math.pow(0.5, run - 1) : 1, last = concealment.equals("fade") ? first / 2 : 1;
      for (int i = from; i < to; i++) {
        int src = good + (i - from);
        boolean silent = concealment.equals("silence") || good < 0 || src >= x.length;
        y[i] = silent ? 0f : (float) (x[src] * (first + (last - first) * (i - from) / size));
      }
    }
    return new Pcm(in.sampleRate(), y);
  }
}
