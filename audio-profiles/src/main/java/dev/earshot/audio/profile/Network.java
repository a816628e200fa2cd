package dev.earshot.audio.profile;

/**
 * A profile's {@code network:} section: what the IP path does to the RTP packets Earshot sends the agent,
 * applied on the wire (not to the audio), so the agent's own jitter buffer and concealment are exercised.
 * Applied in this order: loss, the bandwidth cap's queue, delay with jitter, duplication. Every decision is
 * drawn from the call's seed on the packets' 20 ms schedule, so the same seed does the same to every packet.
 *
 * @param loss packet loss on the path, or null for none
 * @param delayMs one-way delay added to every packet, 0..2000 ms
 * @param jitterMs each packet's delay varies uniformly by up to this much either way (netem's meaning), so
 *     packets overtake each other when it exceeds half the packet interval; 0..1000 ms
 * @param duplicatePercent share of packets sent twice (the copy with its own delay), 0..50 %
 * @param bandwidthKbps a bottleneck link in kbit/s (counting IP, UDP and RTP headers), or null for none;
 *     G.711 at 20 ms needs 80 kbit/s
 * @param queueMs the bottleneck's buffer: a packet that would wait longer is dropped (default 200 ms)
 * @param codecs the codecs the call offers, in preference order, from {@link #WIRE_CODECS}; null for the
 *     default (PCMU, PCMA). Only these are offered, so an agent that supports none of them fails the call
 *     with 488, which is the point of asking for them
 * @param srtp {@code off}, {@code optional} or {@code required}: SRTP for calls under this profile (SDES keys,
 *     RFC 4568), overriding the run's {@code --srtp}; null to follow it
 */
public record Network(Loss loss, double delayMs, double jitterMs, double duplicatePercent, Double bandwidthKbps, Double queueMs,
    java.util.List<String> codecs, String srtp) {
  /** Values {@code srtp:} may take. */
  public static final java.util.List<String> SRTP_MODES = java.util.List.of("off", "optional", "required");

  /** Without an SRTP setting of its own. */
  public Network(Loss loss, double delayMs, double jitterMs, double duplicatePercent, Double bandwidthKbps, Double queueMs,
      java.util.List<String> codecs) {
    this(loss, delayMs, jitterMs, duplicatePercent, bandwidthKbps, queueMs, codecs, null);
  }

  /** Codec names a {@code codecs:} list may hold: G.711 µ-law and A-law, G.722 (wideband), Opus. */
  public static final java.util.List<String> WIRE_CODECS = java.util.List.of("pcmu", "pcma", "g722", "opus");

  public Network {
    if (srtp != null) {
      String mode = srtp.trim().toLowerCase(java.util.Locale.ROOT);
      if (!SRTP_MODES.contains(mode)) throw new InvalidField("srtp", "expected one of " + SRTP_MODES + ", found '" + srtp + "'");
      srtp = mode;
    }
    if (codecs != null) {
      if (codecs.isEmpty()) throw new InvalidField("codecs", "expected at least one of " + WIRE_CODECS);
      java.util.List<String> names = new java.util.ArrayList<>();
      for (String c : codecs) {
        String n = c == null ? "" : c.trim().toLowerCase(java.util.Locale.ROOT);
        if (!WIRE_CODECS.contains(n)) throw new InvalidField("codecs", "expected names from " + WIRE_CODECS + ", found '" + c + "'");
        if (names.contains(n)) throw new InvalidField("codecs", "'" + n + "' listed twice");
        names.add(n);
      }
      codecs = java.util.List.copyOf(names);
    }
    Check.range("delay_ms", delayMs, 0, 2000);
    Check.range("jitter_ms", jitterMs, 0, 1000);
    Check.range("duplicate_percent", duplicatePercent, 0, 50);
    if (bandwidthKbps != null) Check.range("bandwidth_kbps", bandwidthKbps, 8, 100_000);
    if (queueMs != null && bandwidthKbps == null) {
      throw new InvalidField("queue_ms", "only with bandwidth_kbps (the queue is the bottleneck's buffer)");
    }
    queueMs = bandwidthKbps == null ? null : queueMs == null ? 200.0 : queueMs;
    if (queueMs != null) Check.range("queue_ms", queueMs, 0, 10_000);
  }

  /**
   * @param model {@code bernoulli} (independent losses) or {@code gilbert-elliott} (bursts)
   * @param lossPercent long-run share of packets lost, 0..100 % (100: a black hole, the path of one-way audio)
   * @param meanBurst mean packets per burst, gilbert-elliott only
   */
  public record Loss(String model, double lossPercent, Double meanBurst) {
    public Loss {
      model = LossProcess.check(model, lossPercent, meanBurst, 100);
    }

    public LossProcess process(java.util.SplittableRandom random) {
      return new LossProcess(lossPercent, model.equals("gilbert-elliott") ? meanBurst : null, random);
    }
  }

  /** The section in one line, e.g. {@code loss gilbert-elliott 3% (mean burst 3), delay 80 ms ±40 ms, duplicate 1%}. */
  public String describe() {
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (loss != null) {
      parts.add("loss " + loss.model() + " " + n(loss.lossPercent()) + "%" + (loss.meanBurst() == null ? "" : " (mean burst " + n(loss.meanBurst()) + ")"));
    }
    if (bandwidthKbps != null) parts.add("bandwidth " + n(bandwidthKbps) + " kbit/s (queue " + n(queueMs) + " ms)");
    if (delayMs > 0 || jitterMs > 0) parts.add("delay " + n(delayMs) + " ms" + (jitterMs > 0 ? " \u00b1" + n(jitterMs) + " ms" : ""));
    if (duplicatePercent > 0) parts.add("duplicate " + n(duplicatePercent) + "%");
    if (codecs != null) parts.add("offers " + String.join(", ", codecs));
    if (srtp != null) parts.add("SRTP " + srtp);
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static String n(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** Whether this section impairs the packets at all (the codecs it offers are not an impairment). */
  public boolean isNone() {
    return (loss == null || loss.lossPercent() == 0) && delayMs == 0 && jitterMs == 0 && duplicatePercent == 0 && bandwidthKbps == null;
  }
}
