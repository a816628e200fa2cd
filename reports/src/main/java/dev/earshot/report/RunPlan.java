package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * {@code run.json}: what a run set out to do, written before its first call, so that its report can be rebuilt
 * from {@code calls/ID.json} whatever happened to the run ({@link Reports#rebuild}).
 *
 * @param calls the planned calls' ids, in the suite's order
 * @param seeds each planned call's seed, in the same order: a resumed run must give its calls the same
 */
@JsonIgnoreProperties(value = "schema_version", allowGetters = true)
@JsonPropertyOrder({"schema_version"})
public record RunPlan(String suite, String agent, long seed, Instant started, List<String> calls, List<Long> seeds) {
  public RunPlan {
    calls = calls == null ? List.of() : List.copyOf(calls);
    seeds = seeds == null ? List.of() : List.copyOf(seeds);
    if (seeds.size() != calls.size()) throw new IllegalArgumentException("seeds: expected one per call (" + calls.size() + "), found " + seeds.size());
  }

  @JsonProperty("schema_version")
  public int schemaVersion() {
    return RunResult.SCHEMA_VERSION;
  }
}
