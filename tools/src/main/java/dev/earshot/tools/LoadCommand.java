package dev.earshot.tools;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.SynthesisRequest;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.load.LoadGrades;
import dev.earshot.harness.load.LoadOptions;
import dev.earshot.harness.load.LoadResult;
import dev.earshot.harness.load.LoadRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "load", mixinStandardHelpOptions = true,
    description = {"Load-calls a SIP agent: many concurrent G.711 calls, each playing the same caller audio for a fixed time, then hanging up;",
        "or, given a SUITE, each playing a scenario of the suite (drawn by the scenarios' weight:) and judged as 'earshot run' judges it: every turn's latency, the call's audio health,",
        "and, for the --transcribe share of the calls, the agent's words (phrases, intents). Each graded call's result goes to calls/ID.json as it ends; failed calls keep their recording; report.html at the end.",
        "Reports calls up, failures by cause, setup time, packet loss, and Earshot's own send-time error against the 20 ms schedule (if that grows, the harness, not the agent, is overloaded).",
        "While it runs, prints a line a second: progress, calls placed and up, failures, calls/s, setup time, RTP loss, Earshot's own send-time p99 and CPU (--quiet: none; --jsonl: as JSON lines, for CI).",
        "Writes load-plan.json (before the first call), load-calls.jsonl (a line per call, as it ends), load-timeline.jsonl (a line a second) and load.json to the output directory; 'earshot report DIR' rebuilds load.json from the first three, after a crash too."})
final class LoadCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin SipOptions sip;
  @picocli.CommandLine.Mixin NetworkOptions network;

  @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SUITE.yaml",
      description = "A suite to grade every call by (see examples/bank-demo.yaml); without it, every call plays --audio and is not graded.")
  Path suiteFile;

  @Option(names = "--transcribe", paramLabel = "all|N%|none",
      description = {"With a SUITE: which calls have the agent's speech transcribed (one recogniser thread, so the calls' pacing never waits for it) and their phrases and intents judged:",
          "all, none, or a share spread evenly over the plan, e.g. 10%% (default: 10%%). The others are timed and their audio checked, not read."})
  String transcribe;

  @Option(names = "-k", paramLabel = "PATTERN", split = ",",
      description = "With a SUITE: only the scenarios whose name matches (a part of the name, or a glob: *, ?), as for 'earshot run -k'.")
  java.util.List<String> scenarios;

  @Option(names = "--personas", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "With a SUITE: a directory of extra persona YAML files.")
  Path personasDir;

  @Option(names = "--cache", paramLabel = "DIR", converter = OptionTypes.OutputDir.class,
      description = "Where synthesized caller audio is kept between runs (default: $XDG_CACHE_HOME/earshot/tts or ~/.cache/earshot/tts).")
  Path cache;

  @Option(names = "--agent", required = true, paramLabel = "URI", converter = OptionTypes.SipUri.class, description = "The agent to call, e.g. sip:ivr@127.0.0.1:5060.")
  String agent;

  @Option(names = {"-n", "--calls"}, paramLabel = "N", defaultValue = "10", description = "Calls to place (default: ${DEFAULT-VALUE}).")
  int calls;

  @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "30",
      description = "How long each call holds before Earshot hangs up (default: ${DEFAULT-VALUE}); with a SUITE, the longest a call may run before it is given up as Earshot's failure (default: 300).")
  double duration;

  @Option(names = {"-r", "--rate"}, paramLabel = "CPS", defaultValue = "20", description = "New calls per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--concurrency", paramLabel = "CALLS",
      description = {"Keep this many calls up at once instead of placing them at a fixed rate: a new call whenever fewer are under way (at most --rate a second),",
          "until --for seconds or -n calls (default with this option: 5000) are placed."})
  Integer concurrency;

  @Option(names = "--ramp", paramLabel = "T:CALLS,...",
      description = {"Like --concurrency, with a target that changes over the run: linear between points (seconds into the run : calls at once), held after the last;",
          "two points at one time make a step. E.g. 0:0,120:500 (a linear ramp to 500 calls in 2 minutes), 0:100,60:100,60:200,120:200 (steps of 100 a minute).",
          "Calls are placed until the last point's time (or --for)."})
  String ramp;

  @Option(names = "--for", paramLabel = "SECONDS", description = "With --concurrency or --ramp: how long to place calls (each placed call then runs its --duration).")
  Double forSeconds;

  @Option(names = "--ring-timeout", paramLabel = "SECONDS", defaultValue = "10", description = "CANCEL a call not answered within this time (default: ${DEFAULT-VALUE}).")
  double ringTimeout;

  @Option(names = "--audio", paramLabel = "WAV", description = "Caller audio, looped (any rate; default: a synthesized sentence).")
  Path audio;

  @Option(names = "--profile", paramLabel = "NAME",
      description = {"Degrade the caller audio with this profile's stages (rendered once, shared by every call) and impair every call's RTP packets with its network: section, each call seeded apart (default: none).",
          "Per-packet logs go to wire/load-N.csv."})
  String profile;

  @Option(names = "--profiles", paramLabel = "DIR", converter = OptionTypes.InputDir.class, description = "A directory of extra profile YAML files (added to the built-in ones).")
  Path profilesDir;

  @Option(names = "--shard", paramLabel = "I/N",
      description = {"Place only part I of N of the call plan (1-based), to load from N machines: each places the calls k with k %% N = I - 1, at their places in the plan's schedule and with their seeds, so the N shards together place exactly the plan at the given rate.",
          "Give every shard the same options; 'earshot merge' then combines their output directories into one result with exact percentiles."})
  String shard;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds SIP tags, RTP SSRCs, the profile's noise and the wire impairment (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", converter = OptionTypes.OutputDir.class,  description = "Output directory (default: earshot-out/load-TIMESTAMP).")
  Path out;

  @Option(names = "--quiet", description = "No line a second and no line per failed call: only the result at the end.")
  boolean quiet;

  @Option(names = "--jsonl", description = {"Print JSON lines instead of text, for CI: {\"event\":\"second\",...} a second (the fields of load-timeline.jsonl),",
      "{\"event\":\"call\",...} per call as it ends (those of load-calls.jsonl), and {\"event\":\"result\",...} at the end (load.json)."})
  boolean jsonl;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    if (calls < 1 || calls > 5000) throw new BadInputException("--calls: expected 1..5000, found " + calls);
    if (duration <= 0 || duration > 3600) throw new BadInputException("--duration: expected 0 < SECONDS <= 3600, found " + duration);
    if (rate <= 0 || rate > 1000) throw new BadInputException("--rate: expected 0 < CPS <= 1000, found " + rate);
    if (ringTimeout <= 0) throw new BadInputException("--ring-timeout: expected a positive number of seconds, found " + ringTimeout);
    if (jsonl && quiet) throw new BadInputException("--jsonl, --quiet: choose one (--jsonl prints the run as JSON lines, --quiet prints only its result)");
    if (suiteFile == null && transcribe != null) throw new BadInputException("--transcribe: only with a SUITE (without one, calls are not graded)");
    if (suiteFile == null && personasDir != null) throw new BadInputException("--personas: only with a SUITE");
    if (suiteFile == null && scenarios != null) throw new BadInputException("-k: only with a SUITE");
    if (suiteFile != null && audio != null) throw new BadInputException("--audio: not with a SUITE (each call plays its scenario's caller audio)");
    if (suiteFile != null && profile != null) throw new BadInputException("--profile: not with a SUITE (each call plays its scenario under the suite's profiles)");
    if (suiteFile != null && !spec.commandLine().getParseResult().hasMatchedOption("--duration")) duration = 300;
    double share = suiteFile == null ? 0 : transcribeShare(transcribe);
    dev.earshot.harness.load.Ramp target = target();
    if (target != null && !spec.commandLine().getParseResult().hasMatchedOption("--calls")) calls = 5000; // bounded by the ramp's time, not a count
    int[] part = shard(shard, calls);
    var sipSettings = sip.settings();
    SipOptions.warnIfKeysInClear(sipSettings, agent);
    var addressing = network.addressing().withSharedRtp(network.sharedRtp(true)); // at scale, shared sockets by default
    if (suiteFile == null && (network.reportBind != null || network.reportUrl != null)) {
      throw new BadInputException("--report-bind, --report-url: only with a SUITE (a load run without one takes no agent reports)");
    }
    if (suiteFile != null) return graded(share, target, part, sipSettings, addressing);
    DegradationProfile degrade = null;
    if (profile != null) {
      Profiles all = profilesDir == null ? Profiles.builtIn() : Profiles.withDirectory(profilesDir);
      if (!all.contains(profile)) throw new BadInputException("--profile: " + all.unknown(profile));
      degrade = all.get(profile);
      degrade.requireAvailable();
    } else if (profilesDir != null) {
      throw new BadInputException("--profiles: only used with --profile NAME");
    }
    Pcm clip;
    if (audio != null) {
      clip = Wav.read(audio);
      if (clip.length() == 0) throw new BadInputException(audio + ": no samples; expected caller audio to loop (a WAV with at least one frame)");
    } else {
      var tts = Speech.synthesizer(Speech.defaultCacheDir());
      clip = tts.synthesize(new SynthesisRequest("Hello, I am calling about my account. Could you tell me my balance, please?",
          tts.defaultVoice(), null));
    }
    if (degrade != null) clip = degrade.apply(clip, seed);
    if (clip.sampleRate() != 8000) clip = Resampler.resample(clip, 8000);
    Path outDir = out != null ? out : CommonOptions.defaultOutDir("load");
    PrintWriter o = spec.commandLine().getOut();
    LoadOptions options = new LoadOptions(agent, calls, duration, rate, Math.round(ringTimeout * 1000), seed, outDir,
        degrade == null ? null : degrade.network(), sipSettings, addressing, part[0], part[1]);
    if (target != null) options = options.withRamp(target, forSeconds == null ? 0 : forSeconds);
    LoadView view = jsonl ? new LoadView.Json(o) : new LoadView.Text(o, quiet, System.console() != null);
    if (target == null) {
      view.started(String.format(java.util.Locale.ROOT, "Load: %d calls of %.0f s to %s, %.1f new calls/s", calls, duration, agent, rate));
    } else {
      view.started(String.format(java.util.Locale.ROOT, "Load: calls of %.0f s to %s, kept up at once as %s, at most %.1f new calls/s, %s", duration, agent,
          concurrency != null ? concurrency + " calls" : "the ramp " + target, rate,
          options.placeUntil() == Double.POSITIVE_INFINITY ? "until " + calls + " calls are placed" : String.format(java.util.Locale.ROOT, "for %.0f s (at most %d calls)", options.placeUntil(), calls)));
    }
    if (degrade != null) {
      view.started("Profile " + degrade.name() + (degrade.network() == null ? " (audio only: no network section)" : "; on the wire: " + degrade.network().describe()));
    }
    if (part[1] > 1) view.started(String.format("Shard %s: %d of the plan's %d calls", options.shardName(), options.placed(), calls));
    LoadRun run = new LoadRun(options, clip);
    return execute(view, run::run, run::stop, outDir);
  }

  /** A graded load run: every call plays a scenario of the suite and is judged. */
  private Integer graded(double share, dev.earshot.harness.load.Ramp target, int[] part, dev.earshot.telephony.sip.SipSettings sipSettings,
      dev.earshot.telephony.Addressing addressing) {
    if (profilesDir != null && !java.nio.file.Files.isDirectory(profilesDir)) throw new BadInputException("--profiles: " + profilesDir + ": not a directory");
    Profiles profiles = profilesDir == null ? Profiles.builtIn() : Profiles.withDirectory(profilesDir);
    dev.earshot.harness.Personas personas = personasDir == null ? dev.earshot.harness.Personas.builtIn() : dev.earshot.harness.Personas.withDirectory(personasDir);
    dev.earshot.harness.Suite suite = RunCommand.narrowed(dev.earshot.harness.SuiteLoader.load(suiteFile, profiles, personas), scenarios, null, null, profiles);
    Path outDir = out != null ? out : CommonOptions.defaultOutDir("load-" + suite.name());
    PrintWriter o = spec.commandLine().getOut();
    LoadOptions options = new LoadOptions(agent, calls, duration, rate, Math.round(ringTimeout * 1000), seed, outDir, null, sipSettings, addressing,
        part[0], part[1]);
    if (target != null) options = options.withRamp(target, forSeconds == null ? 0 : forSeconds);
    LoadView view = jsonl ? new LoadView.Json(o) : new LoadView.Text(o, quiet, System.console() != null);
    String placing = target == null ? String.format(java.util.Locale.ROOT, "%d calls, %.1f new calls/s", calls, rate)
        : String.format(java.util.Locale.ROOT, "kept up at once as %s, at most %.1f new calls/s", concurrency != null ? concurrency + " calls" : "the ramp " + target, rate);
    view.started(String.format(java.util.Locale.ROOT, "Load: suite %s (%d scenarios x %d profiles) to %s, %s; %s of the calls transcribed", suite.name(),
        suite.scenarios().size(), suite.profiles().size(), agent, placing, share == 1 ? "all" : share == 0 ? "none" : Math.round(share * 1000) / 10.0 + "%"));
    if (part[1] > 1) view.started(String.format("Shard %s: %d of the plan's %d calls", options.shardName(), options.placed(), calls));
    Harness harness = Harness.create(profiles, personas, Speech.synthesizer(cache != null ? cache : Speech.defaultCacheDir()),
        share > 0 ? Speech.transcriber() : null);
    RunOptions run = RunOptions.defaults(agent, outDir).withSip(sipSettings).withAddressing(addressing, network.reportBind(), network.reportUrl());
    Harness.LoadHandle handle = new Harness.LoadHandle();
    LoadOptions chosen = options;
    return execute(view, listener -> harness.load(suite, chosen, run, share, listener, handle), handle::stop, outDir);
  }

  /** {@code --transcribe} as a share of the calls, 0..1. */
  static double transcribeShare(String value) {
    if (value == null) return 0.1;
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("all")) return 1;
    if (v.equals("none")) return 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,3}(?:\\.[0-9]{1,3})?)%").matcher(v);
    if (m.matches()) {
      double p = Double.parseDouble(m.group(1));
      if (p <= 100) return p / 100;
    }
    throw new BadInputException("--transcribe: expected all, none or a share 0%..100% (e.g. 10%), found '" + value + "'");
  }

  /** Runs a load run with Ctrl-C wired to {@code stop}, printing as it goes and the result at the end. */
  private Integer execute(LoadView view, java.util.function.Function<dev.earshot.harness.load.LoadListener, LoadResult> runner, Runnable stop, Path outDir) {
    // Ctrl-C: no further call, a BYE to every call in progress, the results of those placed written and printed
    java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
    Thread onInterrupt = new Thread(() -> {
      view.stopping();
      stop.run();
      try {
        printed.await(Math.round(ringTimeout * 1000) + 15_000, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "earshot-load-stop");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    LoadResult r;
    try {
      r = runner.apply(view);
      view.result(r, outDir);
    } finally {
      printed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException e) {
        // the JVM is shutting down (Ctrl-C): the hook is what is running
      }
    }
    return r.succeeded() ? 0 : Earshot.EXIT_FAILED;
  }

  /** The calls to keep up at once ({@code --concurrency} or {@code --ramp}), or null to place them at a fixed rate. */
  private dev.earshot.harness.load.Ramp target() {
    if (concurrency != null && ramp != null) throw new BadInputException("--concurrency, --ramp: choose one (--concurrency N is --ramp 0:N)");
    if (forSeconds != null && concurrency == null && ramp == null) throw new BadInputException("--for: only with --concurrency or --ramp (without them, -n and --rate set the run's length)");
    if (forSeconds != null && (forSeconds <= 0 || forSeconds > 86_400)) throw new BadInputException("--for: expected 0 < SECONDS <= 86400, found " + forSeconds);
    if (concurrency != null) {
      if (concurrency < 1 || concurrency > 5000) throw new BadInputException("--concurrency: expected 1..5000 calls at once, found " + concurrency);
      return dev.earshot.harness.load.Ramp.constant(concurrency);
    }
    if (ramp == null) return null;
    try {
      return dev.earshot.harness.load.Ramp.parse(ramp);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--ramp: " + e.getMessage());
    }
  }

  /** {@code --shard I/N} as {I - 1, N}; {0, 1} without it. */
  static int[] shard(String value, int calls) {
    if (value == null) return new int[] {0, 1};
    int[] part;
    try {
      part = LoadOptions.parseShard(value);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--shard: " + e.getMessage());
    }
    if (part[1] > calls) throw new BadInputException("--shard: " + part[1] + " shards of " + calls + " calls; expected at most one shard a call");
    return part;
  }

  /** The result of a load run, or of merged shards, for people. */
  static void print(PrintWriter o, LoadResult r, Path outDir) {
    print(o, r, outDir, false);
  }

  /** As above; {@code rebuilt}: {@code r} was made again from the run's files ({@code earshot report DIR}). */
  static void print(PrintWriter o, LoadResult r, Path outDir, boolean rebuilt) {
    if (r.stopped() && rebuilt) o.printf("%nRebuilt from the files of a run that did not finish: %d calls had ended, of the %d planned%n", r.calls(), r.planned());
    else if (r.stopped()) o.printf("%nStopped by the user: %d of the %d planned calls were placed%n", r.calls(), r.planned());
    if (!"1/1".equals(r.shard())) o.printf("%nShard %s of the plan: %d calls%n", r.shard(), r.planned());
    o.printf("%nCalls up        %d of %d (peak %d at once)%n", r.up(), r.calls(), r.peakConcurrent());
    for (Map.Entry<String, Integer> e : r.failuresByCause().entrySet()) o.printf("  failed %4d  %s%n", e.getValue(), e.getKey());
    o.printf("Setup           p50 %.1f ms, p99 %.1f ms%n", r.setupP50Ms(), r.setupP99Ms());
    o.printf("RTP             %d sent, %d received, %d lost%n", r.packetsSent(), r.packetsReceived(), r.packetsLost());
    if (r.wireLost() + r.wireDuplicated() > 0) o.printf("On the wire     %d sent packets dropped, %d duplicated by the network section%n", r.wireLost(), r.wireDuplicated());
    if (r.rtpStrays() > 0) {
      o.printf("Strays          %d RTP/RTCP datagrams on the shared media sockets belonged to no call (from an address no call talks to,"
          + " or one address serving several calls with SSRCs none of them knows); --rtp-socket per-call gives each call its own socket%n", r.rtpStrays());
    }
    o.printf("Send-time error p50 %.2f ms, p99 %.2f ms, max %.2f ms (Earshot's own pacing; this machine's timer floor p99 %.2f ms beside it)%n",
        r.sendErrorP50Ms(), r.sendErrorP99Ms(), r.sendErrorMaxMs(), r.timerFloorP99Ms());
    o.printf("Process         %.0f%% of one core over %.1f s%s%n", r.cpuPercent(), r.wallSeconds(),
        r.heapPerCallKb() > 0 ? String.format(java.util.Locale.ROOT, "; heap %.0f KB per call", r.heapPerCallKb()) : ""); // 0: rebuilt from the files
    LoadGrades g = r.graded();
    if (g != null) {
      o.printf("%nGraded          %d of %d calls passed; %d of %d turns passed; %d calls transcribed%n", g.passed(), g.calls(), g.turnsPassed(), g.turns(), g.transcribed());
      for (Map.Entry<String, Integer> e : g.failedByLayer().entrySet()) o.printf("  failed %4d  in the %s layer%n", e.getValue(), e.getKey());
      if (g.timedTurns() > 0) o.printf("Latency         p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms over %d turns%n", g.latencyP50Ms(), g.latencyP95Ms(),
          g.latencyP99Ms(), g.latencyMaxMs(), g.timedTurns());
      for (Map.Entry<String, LoadGrades.Scenario> e : g.byScenario().entrySet()) {
        LoadGrades.Scenario sc = e.getValue();
        o.printf("  %-24s %d/%d passed, latency p50 %.0f p95 %.0f ms%n", e.getKey(), sc.passed(), sc.calls(), sc.latencyP50Ms(), sc.latencyP95Ms());
      }
      o.printf("Audio           %s%n", g.audioProblems().isEmpty() ? "no call lost its audio" : g.audioProblems().toString());
      o.printf("Results came    p95 %.1f s, at most %.1f s after their calls ended (transcripts waited for, turns judged)%n", g.resultLagP95Ms() / 1000, g.resultLagMaxMs() / 1000);
    }
    if (r.verdict() != null) o.printf("%n%s%n", r.verdict().describe(r.peakConcurrent()));
    o.printf("Results         %s%n", outDir.resolve("load.json"));
    if (g != null) o.printf("Report          %s%n", outDir.resolve("report.html"));
    o.flush();
  }
}
