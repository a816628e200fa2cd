package dev.earshot.harness;

import java.time.Instant;

/**
 * Converts {@link System#nanoTime()} readings to microseconds since the epoch, through one anchor taken when
 * the class loads, so differences between converted readings are as exact as nanoTime's and absolute values
 * compare across processes on one machine (to within the wall clock's reading error).
 */
public final class EpochClock {
  private static final long ANCHOR_NANOS;
  private static final long ANCHOR_EPOCH_MICROS;

  static {
    Instant now = Instant.now();
    ANCHOR_NANOS = System.nanoTime();
    ANCHOR_EPOCH_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  private EpochClock() {}

  public static long epochMicros(long nanoTime) {
    return ANCHOR_EPOCH_MICROS + (nanoTime - ANCHOR_NANOS) / 1000;
  }
}
