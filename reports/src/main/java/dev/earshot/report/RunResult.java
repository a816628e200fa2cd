package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured: the single model every report format is rendered from.
 *
 * @param suite the suite's name
 * @param agent the SIP URI that was called
 * @param seed the run seed
 * @param calls in the suite's order (scenario by scenario, profile by profile)
 *
 * <p>The JSON also carries {@code intent_confusion} ({@link #intentConfusion()}), derived from the calls.
 */
@JsonIgnoreProperties(value = "intent_confusion", allowGetters = true)
public record RunResult(String suite, String agent, long seed, Instant started, Instant finished, List<CallResult> calls) {
  public RunResult {
    calls = calls == null ? List.of() : List.copyOf(calls);
  }

  /** The intent layer per profile: expected → observed → turns (see {@link IntentConfusion}). */
  @JsonProperty("intent_confusion")
  public Map<String, Map<String, Map<String, Integer>>> intentConfusion() {
    return IntentConfusion.byProfile(this);
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
