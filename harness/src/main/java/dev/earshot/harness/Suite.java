package dev.earshot.harness;

import dev.earshot.audio.profile.InvalidField;
import java.util.List;
import java.util.Map;

/**
 * A test suite: scenarios, each run under every listed audio profile.
 *
 * @param name the suite's name, shown in reports
 * @param seed the run seed every call's seed is derived from (default 0)
 * @param trials how many times each scenario runs under each profile, each time with its own seed (default 3)
 * @param profiles names of degradation profiles (built-in or from {@code --profiles})
 * @param personas names of personas (built-in or from {@code --personas}) every scenario is crossed with;
 *     empty: one plain caller, and no persona in call ids
 * @param intents for each intent the agent can choose, phrases that identify it in the agent's spoken reply
 * @param budgets limits every call must stay within (a scenario may replace each)
 * @param scenarios what callers say and what they expect
 * @param greeting whether the agent greets first: {@code expected} (default: a call without a greeting fails),
 *     {@code optional} (waited for, up to {@link #OPTIONAL_GREETING_MS}), {@code none} (the caller speaks first)
 * @param caller who every call is from (a scenario's or persona's wins), or null for Earshot's own identity
 * @param headers SIP headers added to every INVITE, e.g. {@code User-to-User} (a scenario's win, name by name)
 * @param dtmfMode how {@code dtmf} steps send their keys: {@code auto} (default: RFC 4733 when the agent's SDP offers
 *     telephone-event, else in-band), {@code rfc4733}, {@code inband}, or {@code info} (SIP INFO, application/dtmf-relay)
 * @param agentSilenceMs agent silence that ends an agent utterance (default 900; a scenario's, or an {@code expect}
 *     step's, wins): longer for an IVR that pauses between menu options or an agent that goes quiet during a tool call
 * @param maxUtteranceS the longest agent utterance before the turn fails as {@code reply_too_long} (default 30; a scenario's wins)
 */
public record Suite(String name, long seed, Integer trials, List<String> profiles, List<String> personas, Map<String, List<String>> intents,
    Budgets budgets, List<Scenario> scenarios, String greeting, Caller caller, Map<String, String> headers, String dtmfMode,
    Long agentSilenceMs, Double maxUtteranceS) {
  /** The values of {@code dtmf_mode}. */
  public static final List<String> DTMF_MODES = List.of("auto", "rfc4733", "inband", "info");
  /** How long an {@code optional} greeting is waited for before the caller speaks. */
  public static final long OPTIONAL_GREETING_MS = 3000;
  /** The values of {@code greeting}. */
  public static final List<String> GREETINGS = List.of("expected", "optional", "none");
  /**
   * Headers the dialog owns, which a suite may not set: the user agent writes them, and a second copy would
   * make the request malformed or misroute it.
   */
  static final java.util.Set<String> RESERVED_HEADERS = java.util.Set.of("via", "from", "to", "call-id", "cseq", "contact", "max-forwards",
      "content-type", "content-length", "route", "record-route", "x-earshot-call", "x-earshot-report", "v", "f", "t", "i", "m", "c", "l");
  /** Runs of each call when the suite does not say. */
  public static final int DEFAULT_TRIALS = 3;

  public Suite {
    trials = trials == null ? DEFAULT_TRIALS : trials;
    if (trials < 1 || trials > 1000) throw new InvalidField("trials", "expected 1..1000, found " + trials);
    budgets = budgets == null ? Budgets.NONE : budgets;
    if (name == null || name.isBlank()) throw new InvalidField("name", "expected the suite's name");
    if (profiles == null || profiles.isEmpty()) throw new InvalidField("profiles", "expected at least one profile name");
    if (scenarios == null || scenarios.isEmpty()) throw new InvalidField("scenarios", "expected at least one scenario");
    profiles = List.copyOf(profiles);
    personas = personas == null ? List.of() : List.copyOf(personas);
    if (new java.util.HashSet<>(personas).size() != personas.size()) throw new InvalidField("personas", "expected each persona once, found " + personas);
    intents = intents == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(intents)); // keeps listing order
    scenarios = List.copyOf(scenarios);
    greeting = checkGreeting(greeting);
    headers = checkHeaders(headers);
    dtmfMode = checkDtmfMode(dtmfMode);
    checkTurnTaking(agentSilenceMs, maxUtteranceS);
  }

  public Suite(String name, long seed, Integer trials, List<String> profiles, List<String> personas, Map<String, List<String>> intents,
      Budgets budgets, List<Scenario> scenarios) {
    this(name, seed, trials, profiles, personas, intents, budgets, scenarios, null, null, null, null, null, null);
  }

  public Suite(String name, long seed, Integer trials, List<String> profiles, List<String> personas, Map<String, List<String>> intents,
      Budgets budgets, List<Scenario> scenarios, String greeting, Caller caller, Map<String, String> headers, String dtmfMode) {
    this(name, seed, trials, profiles, personas, intents, budgets, scenarios, greeting, caller, headers, dtmfMode, null, null);
  }

  /** Agent silence that ends an agent utterance when neither the suite nor a scenario or step says (ms). */
  public static final long DEFAULT_AGENT_SILENCE_MS = 900;
  /** The longest agent utterance when neither the suite nor a scenario says (s). */
  public static final double DEFAULT_MAX_UTTERANCE_S = 30;

  static void checkTurnTaking(Long agentSilenceMs, Double maxUtteranceS) {
    if (agentSilenceMs != null && (agentSilenceMs < 100 || agentSilenceMs > 30_000)) {
      throw new InvalidField("agent_silence_ms", "expected 100..30000 ms of agent silence that ends its utterance, found " + agentSilenceMs);
    }
    if (maxUtteranceS != null && !(maxUtteranceS >= 1 && maxUtteranceS <= 600)) {
      throw new InvalidField("max_utterance_s", "expected 1..600 s, the longest agent utterance, found " + maxUtteranceS);
    }
  }

  /**
   * This suite narrowed for a quicker run, as {@code earshot run -k, --profile, --trials} ask: only the scenarios whose
   * name matches one of {@code patterns} (a glob with {@code *} and {@code ?}, else a part of the name; null or empty:
   * all), only {@code profiles} (null or empty: the suite's; each must be known to {@code known}), and {@code trials}
   * runs of each (null: the suite's). Anything that selects nothing, or an unknown profile, is an
   * {@link IllegalArgumentException} saying what there was to choose from.
   */
  public Suite narrowed(List<String> patterns, List<String> profiles, Integer trials, dev.earshot.audio.profile.Profiles known) {
    List<Scenario> kept = scenarios;
    if (patterns != null && !patterns.isEmpty()) {
      List<java.util.regex.Pattern> globs = patterns.stream().map(Suite::glob).toList();
      kept = scenarios.stream().filter(sc -> globs.stream().anyMatch(g -> g.matcher(sc.name()).matches())).toList();
      if (kept.isEmpty()) {
        throw new Narrowing(Narrowing.Choice.SCENARIOS, "no scenario matches " + String.join(",", patterns) + "; expected a part of one of "
            + scenarios.stream().map(Scenario::name).toList() + " (or a glob: *, ?)");
      }
    }
    List<String> under = this.profiles;
    if (profiles != null && !profiles.isEmpty()) {
      for (String p : profiles) {
        if (!known.contains(p)) throw new Narrowing(Narrowing.Choice.PROFILES, known.unknown(p));
      }
      under = List.copyOf(new java.util.LinkedHashSet<>(profiles));
    }
    if (trials != null && (trials < 1 || trials > 1000)) throw new Narrowing(Narrowing.Choice.TRIALS, "expected 1..1000 trials, found " + trials);
    return new Suite(name, seed, trials != null ? trials : this.trials, under, personas, intents, budgets, kept, greeting, caller, headers, dtmfMode,
        agentSilenceMs, maxUtteranceS);
  }

  /** Why {@link #narrowed} refused: which of its choices ({@code choice}) selected nothing or was out of range. */
  public static final class Narrowing extends IllegalArgumentException {
    /** The choice of {@link #narrowed} at fault. */
    public enum Choice { SCENARIOS, PROFILES, TRIALS }

    private final Choice choice;

    Narrowing(Choice choice, String message) {
      super(message);
      this.choice = choice;
    }

    public Choice choice() {
      return choice;
    }
  }

  /** A pattern as {@code -k} reads it: a glob when it has {@code *} or {@code ?}, else any name containing it. */
  private static java.util.regex.Pattern glob(String pattern) {
    String p = pattern.strip();
    if (p.isEmpty()) throw new Narrowing(Narrowing.Choice.SCENARIOS, "expected a scenario name, a part of one or a glob, found an empty pattern");
    if (p.indexOf('*') < 0 && p.indexOf('?') < 0) p = "*" + p + "*";
    StringBuilder re = new StringBuilder();
    for (char c : p.toCharArray()) re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
    return java.util.regex.Pattern.compile(re.toString());
  }

  static String checkDtmfMode(String m) {
    return oneOf("dtmf_mode", m, DTMF_MODES);
  }

  static String checkGreeting(String g) {
    return oneOf("greeting", g, GREETINGS);
  }

  /** {@code value} when it is null or one of {@code allowed}; else the one-line error naming {@code field}. */
  private static String oneOf(String field, String value, List<String> allowed) {
    if (value != null && !allowed.contains(value)) throw new InvalidField(field, "expected one of " + allowed + ", found '" + value + "'");
    return value;
  }

  static Map<String, String> checkHeaders(Map<String, String> headers) {
    if (headers == null) return Map.of();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String n = h.getKey();
      if (n == null || !n.matches("[A-Za-z0-9!%'*+._~-]+")) throw new InvalidField("headers", "expected a header name (letters, digits, '-'), found '" + n + "'");
      if (RESERVED_HEADERS.contains(n.toLowerCase(java.util.Locale.ROOT))) {
        throw new InvalidField("headers." + n, "Earshot writes this header itself; expected another (caller: sets From)");
      }
      String v = h.getValue();
      if (v == null || v.isBlank() || v.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw new InvalidField("headers." + n, "expected a one-line value, found '" + v + "'");
      }
    }
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
  }

  /**
   * @param name identifies the scenario in reports and call ids ({@code [a-z0-9_-]+})
   * @param turns the short form of a script: each turn is a {@code say} followed by an {@code expect}
   * @param steps the script (see {@link Step}); give either {@code turns} or {@code steps}
   * @param network what the path does to the packets of this scenario's calls, in place of the profile's
   *     {@code network:} section (same settings); absent: the profile's
   * @param budgets limits for this scenario's calls, each in place of the suite's
   * @param greeting in place of the suite's {@code greeting}
   * @param caller in place of the persona's and the suite's {@code caller}
   * @param headers added to the suite's {@code headers}, replacing those of the same name
   * @param dtmfMode in place of the suite's {@code dtmf_mode}
   * @param weight in a load run ({@code earshot load SUITE}), how often a call plays this scenario against the others
   *     (default 1; 0 leaves it out of the load mix)
   * @param agentSilenceMs, maxUtteranceS in place of the suite's
   * @param parameters a data table (inline rows, or {@code csv:} a file beside the suite): the scenario becomes one
   *     scenario per row, named {@code NAME-ID} (the row's {@code id} column, else its number from 1), each with its own
   *     call ids and seeds, with {@code {{column}}} in its words, checks and caller identity replaced by the row's value
   */
  public record Scenario(String name, String description, List<Turn> turns, List<Step> steps, dev.earshot.audio.profile.Network network,
      Budgets budgets, String greeting, Caller caller, Map<String, String> headers, String dtmfMode, String call, Double waitS, Double weight,
      Long agentSilenceMs, Double maxUtteranceS, Parameters parameters) {
    public Scenario(String name, String description, List<Turn> turns, List<Step> steps, dev.earshot.audio.profile.Network network,
        Budgets budgets, String greeting, Caller caller, Map<String, String> headers, String dtmfMode, String call, Double waitS, Double weight,
        Long agentSilenceMs, Double maxUtteranceS) {
      this(name, description, turns, steps, network, budgets, greeting, caller, headers, dtmfMode, call, waitS, weight, agentSilenceMs, maxUtteranceS, null);
    }

    public Scenario(String name, String description, List<Turn> turns, List<Step> steps, dev.earshot.audio.profile.Network network,
        Budgets budgets, String greeting, Caller caller, Map<String, String> headers, String dtmfMode, String call, Double waitS, Double weight) {
      this(name, description, turns, steps, network, budgets, greeting, caller, headers, dtmfMode, call, waitS, weight, null, null);
    }

    /** Who places the call: Earshot ({@code outbound}, the default) or the agent ({@code inbound}: Earshot waits and answers). */
    public static final List<String> CALLS = List.of("outbound", "inbound");

    public Scenario {
      checkTurnTaking(agentSilenceMs, maxUtteranceS);
      weight = weight == null ? 1.0 : weight;
      if (!(weight >= 0 && weight <= 1e6)) throw new InvalidField("weight", "expected a number 0..1000000 (how often a load call plays this scenario; default 1), found " + weight);
      call = call == null ? "outbound" : oneOf("call", call, CALLS);
      if (waitS != null && !call.equals("inbound")) throw new InvalidField("wait_s", "only with call: inbound (how long Earshot waits for the agent's call)");
      if (waitS != null && !(waitS >= 1 && waitS <= 600)) throw new InvalidField("wait_s", "expected 1..600 seconds, found " + waitS);
      if (call.equals("inbound") && waitS == null) waitS = 60.0;
      if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
        throw new InvalidField("name", "expected lower-case letters, digits, '-' or '_', found '" + name + "'");
      }
      if (turns != null && steps != null) throw new IllegalArgumentException("expected turns or steps, not both");
      if ((turns == null || turns.isEmpty()) && (steps == null || steps.isEmpty())) {
        throw new InvalidField("steps", "expected at least one step (or turns)");
      }
      description = description == null ? "" : description;
      turns = turns == null ? List.of() : List.copyOf(turns);
      if (steps == null) {
        List<Step> fromTurns = new java.util.ArrayList<>();
        for (Turn t : turns) {
          fromTurns.add(t.step());
          fromTurns.add(Step.expect(t.expect()));
        }
        steps = fromTurns;
      }
      steps = List.copyOf(steps);
      budgets = budgets == null ? Budgets.NONE : budgets;
      greeting = checkGreeting(greeting);
      headers = checkHeaders(headers);
      dtmfMode = checkDtmfMode(dtmfMode);
    }

    public Scenario(String name, String description, List<Turn> turns, dev.earshot.audio.profile.Network network) {
      this(name, description, turns, null, network, null, null, null, null, null, null, null, null);
    }

    public Scenario(String name, String description, List<Turn> turns, List<Step> steps, dev.earshot.audio.profile.Network network,
        Budgets budgets, String greeting, Caller caller, Map<String, String> headers, String dtmfMode) {
      this(name, description, turns, steps, network, budgets, greeting, caller, headers, dtmfMode, null, null, null);
    }

    /** Whether the agent places this scenario's call and Earshot answers it. */
    public boolean inbound() {
      return call.equals("inbound");
    }

    /** Every step the script may take, numbered: its own, then those of its branches ({@code on:} cases, {@code else}, answers). */
    public List<Step> allSteps() {
      return Program.of(this).steps();
    }

    /** The {@code expect} steps, in order: one result each in the report. */
    public List<Step.Expect> expects() {
      return steps.stream().filter(s -> s.expect() != null).map(Step::expect).toList();
    }
  }

  /**
   * A scenario's data table: {@code rows} given inline, or read from {@code csv} (a file found from the suite's folder,
   * its first line the column names).
   */
  public record Parameters(List<Map<String, Object>> rows, String csv) {
    public Parameters {
      if ((rows == null) == (csv == null)) throw new InvalidField("parameters", "expected a list of rows or {csv: FILE}");
      if (rows != null && rows.isEmpty()) throw new InvalidField("parameters", "expected at least one row");
      rows = rows == null ? null : List.copyOf(rows);
    }

    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
    static Parameters inline(List<Map<String, Object>> rows) {
      return new Parameters(rows, null);
    }

    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.PROPERTIES)
    static Parameters file(@com.fasterxml.jackson.annotation.JsonProperty("csv") String csv) {
      if (csv == null || csv.isBlank()) throw new InvalidField("csv", "expected a CSV file's path, from the suite's folder");
      return new Parameters(null, csv);
    }
  }

  /**
   * @param say what the caller says (synthesized); or {@code wav}, a recording (found from the suite's folder) of the
   *     words in {@code transcript}
   * @param expect what the agent's reply must show, or null to only listen
   */
  public record Turn(String say, Step.Expect expect, String wav, String transcript) {
    public Turn {
      if (wav != null && say != null) throw new InvalidField("wav", "expected say (words to synthesize) or wav (a recording), not both");
      if (wav == null && (say == null || say.isBlank())) throw new InvalidField("say", "expected the words the caller says (or wav: a recording, with its transcript)");
      if (wav != null && (transcript == null || transcript.isBlank())) throw new InvalidField("transcript", "expected the words spoken in " + wav);
      if (wav == null && transcript != null) throw new InvalidField("transcript", "only with wav (the words of the recording)");
      expect = expect == null ? Step.Expect.of(null, List.of()) : expect;
    }

    public Turn(String say, Step.Expect expect) {
      this(say, expect, null, null);
    }

    /** The caller's step of this turn. */
    Step step() {
      return wav == null ? Step.say(say) : new Step(new Step.Say(null, wav, transcript, null, null), null, null, null, null, null, null);
    }
  }
}
