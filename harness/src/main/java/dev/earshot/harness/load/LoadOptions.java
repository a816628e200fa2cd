package dev.earshot.harness.load;

import dev.earshot.audio.profile.Network;
import dev.earshot.telephony.Addressing;
import dev.earshot.telephony.sip.SipSettings;
import java.nio.file.Path;

/**
 * A load run: {@code calls} calls to {@code agentUri}, started {@code ratePerSecond} a second, each holding
 * {@code durationSeconds} of audio and then hanging up.
 *
 * @param outDir where {@code load-calls.jsonl} (a line per call, as it ends) and {@code load.json} go
 * @param network what the path does to every call's packets (each call seeded apart; its per-packet log in
 *     {@code wire/load-N.csv}), or null for a perfect path
 * @param sip credentials, outbound proxy and transport for reaching the agent
 * @param addressing where Earshot listens and what it advertises (null: {@link Addressing#AUTO}, the route to the agent)
 * @param shard which calls of the plan this run places: call {@code k} (0-based) when {@code k % shards == shard};
 *     each keeps its place in the plan's schedule, its index and its seed, so {@code shards} machines together place
 *     exactly the calls one would, at the given rate
 * @param shards how many runs share the plan (1: this one places every call)
 * @param ramp null: the calls are placed {@code ratePerSecond} a second, each at its time in the plan; else the calls
 *     kept up at once over the run's time (a new call whenever fewer are up, at most {@code ratePerSecond} a second),
 *     each shard keeping its part, until {@code forSeconds}, the ramp's last point, or {@code calls} placed
 * @param forSeconds with a ramp, how long to place calls (0: until the ramp's last point, or {@code calls} placed
 *     when the ramp is a constant target)
 */
public record LoadOptions(String agentUri, int calls, double durationSeconds, double ratePerSecond,
    long ringTimeoutMs, long seed, Path outDir, Network network, SipSettings sip, Addressing addressing, int shard, int shards,
    Ramp ramp, double forSeconds) {
  public LoadOptions {
    if (shards < 1 || shard < 0 || shard >= shards) throw new IllegalArgumentException("shard: expected 0 <= shard < shards, found " + shard + " of " + shards);
    if (shards > calls) throw new IllegalArgumentException("shards: expected at most one a call (" + calls + "), found " + shards);
    if (calls < 1 || calls > 5000) throw new IllegalArgumentException("calls: expected 1..5000, found " + calls);
    if (durationSeconds <= 0 || durationSeconds > 3600) throw new IllegalArgumentException("duration: expected 0..3600 s, found " + durationSeconds);
    if (ratePerSecond <= 0 || ratePerSecond > 1000) throw new IllegalArgumentException("rate: expected 0..1000 calls/s, found " + ratePerSecond);
    if (network != null && network.isNone()) network = null;
    if (sip == null) sip = SipSettings.DEFAULT;
    if (addressing == null) addressing = Addressing.AUTO;
    if (forSeconds < 0 || (forSeconds > 0 && ramp == null)) throw new IllegalArgumentException("for: expected a positive number of seconds with a ramp, found " + forSeconds);
  }

  public LoadOptions(String agentUri, int calls, double durationSeconds, double ratePerSecond, long ringTimeoutMs, long seed, Path outDir,
      Network network, SipSettings sip, Addressing addressing, int shard, int shards) {
    this(agentUri, calls, durationSeconds, ratePerSecond, ringTimeoutMs, seed, outDir, network, sip, addressing, shard, shards, null, 0);
  }

  /** These options with the calls kept up at once following {@code ramp}, placed for {@code forSeconds} (0: see {@link #ramp}). */
  public LoadOptions withRamp(Ramp ramp, double forSeconds) {
    return new LoadOptions(agentUri, calls, durationSeconds, ratePerSecond, ringTimeoutMs, seed, outDir, network, sip, addressing, shard, shards, ramp, forSeconds);
  }

  /** With a ramp, seconds into the run after which no call is placed (infinite: until the calls are all placed). */
  public double placeUntil() {
    if (ramp == null) return Double.POSITIVE_INFINITY;
    if (forSeconds > 0) return forSeconds;
    return ramp.end() > 0 ? ramp.end() : Double.POSITIVE_INFINITY;
  }

  public LoadOptions(String agentUri, int calls, double durationSeconds, double ratePerSecond, long ringTimeoutMs, long seed, Path outDir,
      Network network, SipSettings sip, Addressing addressing) {
    this(agentUri, calls, durationSeconds, ratePerSecond, ringTimeoutMs, seed, outDir, network, sip, addressing, 0, 1);
  }

  public LoadOptions(String agentUri, int calls, double durationSeconds, double ratePerSecond, long ringTimeoutMs, long seed, Path outDir,
      Network network, SipSettings sip) {
    this(agentUri, calls, durationSeconds, ratePerSecond, ringTimeoutMs, seed, outDir, network, sip, null);
  }

  /** The calls of the plan this run places, by their index in the plan. */
  public int placed() {
    return (calls - shard + shards - 1) / shards;
  }

  /**
   * A part of the plan as people write it ({@code I/N}, 1-based, as {@link #shardName} gives it) as {@code {shard, shards}}
   * (the shard 0-based); anything else is an {@link IllegalArgumentException} saying what was expected.
   */
  public static int[] parseShard(String value) {
    java.util.regex.Matcher m = value == null ? null : java.util.regex.Pattern.compile("([0-9]{1,9})/([0-9]{1,9})").matcher(value.strip());
    if (m == null || !m.matches()) throw new IllegalArgumentException("expected I/N, e.g. 1/4, found '" + value + "'");
    int i = Integer.parseInt(m.group(1)), n = Integer.parseInt(m.group(2));
    if (n < 1 || i < 1 || i > n) throw new IllegalArgumentException("expected 1 <= I <= N, found " + value);
    return new int[] {i - 1, n};
  }

  /** This run's part of the plan as people write it: {@code i/n}, 1-based. */
  public String shardName() {
    return (shard + 1) + "/" + shards;
  }


  public LoadOptions(String agentUri, int calls, double durationSeconds, double ratePerSecond, long ringTimeoutMs, long seed, Path outDir) {
    this(agentUri, calls, durationSeconds, ratePerSecond, ringTimeoutMs, seed, outDir, null, null, null, 0, 1);
  }
}
