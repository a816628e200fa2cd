package dev.earshot.telephony.rtp;

import dev.earshot.audio.profile.LossProcess;
import dev.earshot.audio.profile.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the path does to each RTP packet one stream sends: a profile's {@link Network} section made into
 * per-packet decisions. Decisions are taken on the packets' nominal schedule (packet n leaves at n × 20 ms),
 * not on the clock, so the same seed gives the same fate to every packet on any machine and under any load;
 * only the moment a delayed packet really leaves depends on the event loop.
 *
 * <p>Order on the path: loss, then the bottleneck queue (a packet that would wait longer than the buffer
 * holds is dropped), then delay with jitter, then duplication (the copy gets its own jitter). Loss, jitter
 * and duplication each draw from their own stream split off the seed, and draw the same amount for every
 * packet whatever happens to it, so changing one setting leaves the others' choices alone.
 *
 * <p>Decisions are taken on the stream's event loop; the log and counts may be read from any thread.
 */
public final class WireImpairment {
  /** IPv4 and UDP headers, counted against the bandwidth cap with the RTP packet. */
  public static final int IP_UDP_BYTES = 28;

  /** What was done to one packet; delays are from its nominal send time, in milliseconds. */
  public record Fate(long index, int sequence, double nominalMs, Action action, double delayMs, double duplicateDelayMs) {
    public boolean duplicated() {
      return !Double.isNaN(duplicateDelayMs);
    }
  }

  public enum Action {
    SENT, LOST, QUEUE_FULL;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Totals over the packets seen so far. */
  public record Counts(long packets, long lost, long queueFull, long duplicated, double meanDelayMs, double maxDelayMs) {}

  private final Network spec;
  private final LossProcess loss;
  private final SplittableRandom jitter;
  private final SplittableRandom duplicate;
  private final double packetMs;
  private double linkFreeMs = Double.NEGATIVE_INFINITY;
  private final List<Fate> log = new ArrayList<>();
  private long lost, queueFull, duplicated, delivered;
  private double delaySum, delayMax;

  public WireImpairment(Network spec, long seed) {
    this(spec, seed, MediaStream.FRAME_MS);
  }

  WireImpairment(Network spec, long seed, double packetMs) {
    this.spec = spec;
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom lossRandom = root.split();
    this.loss = spec.loss() == null ? null : spec.loss().process(lossRandom);
    this.jitter = root.split();
    this.duplicate = root.split();
    this.packetMs = packetMs;
  }

  public Network spec() {
    return spec;
  }

  /** Decides the fate of packet {@code index} of the stream (0 for the first), {@code rtpBytes} long. */
  public synchronized Fate next(long index, int sequence, int rtpBytes) {
    double nominal = index * packetMs;
    boolean isLost = loss != null && loss.next();
    double j1 = jitter.nextDouble(), j2 = jitter.nextDouble();
    boolean copy = duplicate.nextDouble() * 100 < spec.duplicatePercent();
    Fate fate;
    if (isLost) {
      lost++;
      fate = new Fate(index, sequence, nominal, Action.LOST, Double.NaN, Double.NaN);
    } else {
      double queued = 0;
      boolean full = false;
      if (spec.bandwidthKbps() != null) {
        double start = Math.max(nominal, linkFreeMs);
        if (start - nominal > spec.queueMs()) {
          full = true;
        } else {
          linkFreeMs = start + (rtpBytes + IP_UDP_BYTES) * 8 / spec.bandwidthKbps(); // kbit/s = bits per ms
          queued = linkFreeMs - nominal;
        }
      }
      if (full) {
        queueFull++;
        fate = new Fate(index, sequence, nominal, Action.QUEUE_FULL, Double.NaN, Double.NaN);
      } else {
        double delay = pathDelay(queued, j1);
        double dup = copy ? pathDelay(queued, j2) : Double.NaN;
        if (copy) duplicated++;
        delivered++;
        delaySum += delay;
        delayMax = Math.max(delayMax, delay);
        fate = new Fate(index, sequence, nominal, Action.SENT, delay, dup);
      }
    }
    log.add(fate);
    return fate;
  }

  private double pathDelay(double queued, double u) {
    return Math.max(0, queued + spec.delayMs() + (2 * u - 1) * spec.jitterMs());
  }

  public synchronized Counts counts() {
    return new Counts(log.size(), lost, queueFull, duplicated, delivered == 0 ? 0 : delaySum / delivered, delayMax);
  }

  /** Every packet's fate so far, in sending order. */
  public synchronized List<Fate> log() {
    return List.copyOf(log);
  }

  /**
   * Writes the log as CSV, one packet per line: {@code index,sequence,nominal_ms,action,delay_ms,duplicate_delay_ms}
   * (delays empty when the packet was not sent, the duplicate's when there was none).
   */
  public synchronized void writeCsv(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write("index,sequence,nominal_ms,action,delay_ms,duplicate_delay_ms\n");
        for (Fate f : log) {
          w.write(String.format(Locale.ROOT, "%d,%d,%.0f,%s,%s,%s%n", f.index(), f.sequence(), f.nominalMs(), f.action().label(),
              ms(f.delayMs()), ms(f.duplicateDelayMs())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }
}
