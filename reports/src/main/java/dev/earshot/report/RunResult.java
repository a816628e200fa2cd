package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured: the single model every report format is rendered from.
 *
 * @param suite the suite's name
 * @param agent the SIP URI that was called
 * @param seed the run seed
 * @param finished when the last call ended; null while the run goes (or when it never ended)
 * @param planned how many calls the suite planned; more than {@code calls} while the run goes, or when it was killed
 * @param calls in the suite's order (scenario by scenario, profile by profile)
 * @param load for a graded load run ({@code earshot load SUITE}), the run's time series and verdict; null for a run
 *
 * <p>The JSON also carries {@code schema_version} ({@link #SCHEMA_VERSION}), {@code intent_confusion} ({@link #intentConfusion()}), {@code pass_rates}
 * ({@link #passRates()}) and {@code turn_taking} ({@link #turnTaking()}), derived from the calls.
 */
@JsonIgnoreProperties(value = {"schema_version", "complete", "intent_confusion", "pass_rates", "turn_taking"}, allowGetters = true)
@JsonPropertyOrder({"schema_version", "complete", "planned", "suite", "agent", "seed", "started", "finished", "calls", "load", "pass_rates", "intent_confusion",
    "turn_taking"})
public record RunResult(String suite, String agent, long seed, Instant started, Instant finished, int planned, List<CallResult> calls, LoadSection load) {
  /**
   * The version of {@code report.json}'s shape, its first key. 2: failures are objects with a layer and a code
   * ({@link Failure}), and every failed turn has one. Reports of another version are refused when read back.
   */
  public static final int SCHEMA_VERSION = 2;

  @JsonProperty("schema_version")
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  public RunResult {
    calls = calls == null ? List.of() : List.copyOf(calls);
    if (planned < calls.size()) throw new IllegalArgumentException("planned: expected at least the " + calls.size() + " calls, found " + planned);
  }

  public RunResult(String suite, String agent, long seed, Instant started, Instant finished, int planned, List<CallResult> calls) {
    this(suite, agent, seed, started, finished, planned, calls, null);
  }

  /** A run every planned call of which is in {@code calls}. */
  public RunResult(String suite, String agent, long seed, Instant started, Instant finished, List<CallResult> calls) {
    this(suite, agent, seed, started, finished, calls == null ? 0 : calls.size(), calls);
  }

  /** Whether every planned call is in: false while a run goes, and for a run that was killed. */
  @JsonProperty("complete")
  public boolean complete() {
    return calls.size() == planned;
  }

  /** The intent layer per profile: expected → observed → turns (see {@link IntentConfusion}). */
  @JsonProperty("intent_confusion")
  public Map<String, Map<String, Map<String, Integer>>> intentConfusion() {
    return IntentConfusion.byProfile(this);
  }

  /** One cell's pass rate over its trials, with its 95% Wilson interval. */
  public record CellRate(String scenario, String profile, String persona, int passes, int trials, double low, double high) {}

  /** Pass rate per scenario x profile (x persona) cell over its trials (see {@link Comparison#passRates}). */
  @JsonProperty("pass_rates")
  public List<CellRate> passRates() {
    return Comparison.passRates(this, Comparison.OVERALL).entrySet().stream()
        .map(e -> new CellRate(e.getKey().scenario(), e.getKey().profile(), e.getKey().persona(), e.getValue().passes(), e.getValue().trials(),
            Math.round(e.getValue().low() * 1e4) / 1e4, Math.round(e.getValue().high() * 1e4) / 1e4))
        .toList();
  }

  /** How often the agent cut in on the caller, per profile (see {@link TurnTaking}). */
  @JsonProperty("turn_taking")
  public List<TurnTaking> turnTaking() {
    return TurnTaking.byProfile(this);
  }

  public long turnsPassed() {
    return calls.stream().flatMap(c -> c.turns().stream()).filter(TurnResult::passed).count();
  }

  public long turnCount() {
    return calls.stream().mapToLong(c -> c.turns().size()).sum();
  }

  public boolean passed() {
    return !calls.isEmpty() && calls.stream().allMatch(CallResult::passed);
  }
}
