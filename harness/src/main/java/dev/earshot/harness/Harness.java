package dev.earshot.harness;

import dev.earshot.harness.load.LoadCall;
import dev.earshot.harness.load.LoadListener;
import dev.earshot.harness.load.LoadOptions;
import dev.earshot.harness.load.LoadResult;
import dev.earshot.harness.load.LoadRun;
import dev.earshot.harness.sidechannel.SideChannel;

import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.Network;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Synthesizer;
import dev.earshot.corpora.Transcriber;
import dev.earshot.report.CallResult;
import dev.earshot.report.ReportFormatException;
import dev.earshot.report.Reports;
import dev.earshot.report.RunPlan;
import dev.earshot.report.RunResult;
import dev.earshot.telephony.Addressing;
import dev.earshot.telephony.Telephony;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The front door of the harness: runs a suite against a SIP agent and returns everything it measured.
 *
 * <p>A run renders every caller utterance first (synthesis is cached on disk, degradation is seeded), then
 * places the calls, at most {@link RunOptions#concurrency()} at once, over one SIP user agent and one shared
 * RTP engine. Each call's result is written to {@code calls/ID.json} as soon as it ends; {@code report.json}
 * is written at the end.
 */
public final class Harness {
  private final Profiles profiles;
  private final Personas personas;
  private final Synthesizer tts;
  private final Transcriber asr;

  private Harness(Profiles profiles, Personas personas, Synthesizer tts, Transcriber asr) {
    this.profiles = profiles;
    this.personas = personas;
    this.tts = tts;
    this.asr = asr;
  }

  public static Harness create(Profiles profiles, Synthesizer tts, Transcriber asr) {
    return new Harness(profiles, Personas.builtIn(), tts, asr);
  }

  public static Harness create(Profiles profiles, Personas personas, Synthesizer tts, Transcriber asr) {
    return new Harness(profiles, personas, tts, asr);
  }

  public RunResult run(Suite suite, RunOptions options, RunListener listener) {
    return run(suite, options, listener, false);
  }

  /**
   * Continues the run in {@code options.outDir()} that was stopped (killed, a crash): the calls that ended there
   * ({@code calls/ID.json}) are kept, every other planned call is placed, each with the seed the whole run
   * would have given it; the result holds every planned call once. The suite must plan the calls
   * {@code run.json} planned (same suite, seed, profiles, trials), else a {@link ReportFormatException}.
   */
  public RunResult resume(Suite suite, RunOptions options, RunListener listener) {
    return run(suite, options, listener, true);
  }

  private RunResult run(Suite suite, RunOptions options, RunListener listener, boolean resume) {
    Instant started = Instant.now();
    List<CallPlan> plans = plan(suite);
    CallResult[] results = new CallResult[plans.size()];
    List<String> ids = plans.stream().map(CallPlan::id).toList();
    List<Long> seeds = plans.stream().map(CallPlan::seed).toList();
    if (resume) {
      RunPlan before = Reports.readPlan(options.outDir());
      if (!before.suite().equals(suite.name()) || before.seed() != suite.seed() || !before.calls().equals(ids) || !before.seeds().equals(seeds)) {
        throw new ReportFormatException(options.outDir().resolve(Reports.RUN_JSON) + ": the run there planned " + before.calls().size()
            + " calls of suite " + before.suite() + " (seed " + before.seed() + "); expected the same plan as this suite's " + ids.size()
            + " calls of " + suite.name() + " (seed " + suite.seed() + "): resume with the suite, profiles and trials it began with", null);
      }
      started = before.started();
      for (int i = 0; i < plans.size(); i++) results[i] = Reports.readCall(options.outDir(), ids.get(i)); // ended there: kept, not run again
      listener.resumed((int) java.util.Arrays.stream(results).filter(java.util.Objects::nonNull).count(), plans.size());
    } else {
      Reports.writeStart(new RunPlan(suite.name(), options.agentUri(), suite.seed(), started, ids, seeds), options.outDir());
    }
    Progress progress = new Progress(suite, options, started, results);
    AsrPool asrPool = new AsrPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    // one thread checks every call's budgets (a few microseconds per call every 100 ms)
    ScheduledExecutorService guards = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "earshot-budgets");
      t.setDaemon(true);
      return t;
    });
    Addressing addressing = options.addressing().towards(options.sip().firstHopAddress(options.agentUri()));
    try (Telephony telephony = Telephony.start(addressing, "earshot", suite.seed(), options.sip());
        SideChannel side = sideChannel(options, addressing)) {
      probeNat(telephony, options, addressing);
      InboundCalls inbound = new InboundCalls();
      // calls the agent places (inbound scenarios); without any, an INVITE to Earshot is refused as before (480)
      if (suite.scenarios().stream().anyMatch(Suite.Scenario::inbound)) telephony.onIncomingCall(inbound::arrived);
      CallRunner runner = new CallRunner(telephony, options, asr, asrPool, new IntentJudge(suite.intents()), side, guards, inbound, listener.callEvents());
      AtomicInteger next = new AtomicInteger();
      List<CompletableFuture<Void>> lanes = new ArrayList<>();
      for (int lane = 0; lane < Math.min(options.concurrency(), plans.size()); lane++) {
        lanes.add(lane(runner, plans, results, next, options, listener, progress));
      }
      CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
    } finally {
      asrPool.shutdownNow();
      guards.shutdownNow();
    }
    RunResult run = new RunResult(suite.name(), options.agentUri(), suite.seed(), started, Instant.now(), List.of(results));
    Reports.writeAll(run, options.outDir());
    return run;
  }

  /**
   * A graded load run ({@code earshot load SUITE}): {@code load}'s calls placed as it says (rate, ramp, shard), each
   * playing a scenario of {@code suite} drawn by the scenarios' {@code weight} (seeded by the call's index, so shards and
   * re-runs draw the same), judged as in {@link #run}. Every caller utterance is rendered once per scenario, profile and
   * persona and its G.711 frames encoded once for every call that plays it. Each call's result goes to
   * {@code calls/ID.json} as it ends (and its line to {@code load-calls.jsonl}); a call that failed keeps its recording,
   * one that passed does not, and no packets are captured. {@code transcribeShare} (0..1) of the calls, spread evenly
   * over the plan, have their agent speech transcribed on a bounded pool and their phrases and intents judged; the others
   * are timed only. At the end, {@code load.json} and the run's reports ({@code report.json}, HTML, JUnit XML) of every
   * graded call. {@code run} gives the conversation's timeouts and the side channel; its agent and output directory are
   * {@code load}'s.
   */
  public LoadResult load(Suite suite, LoadOptions load, RunOptions run, double transcribeShare, LoadListener listener) {
    return load(suite, load, run, transcribeShare, listener, new LoadHandle());
  }

  /**
   * A load run's reports made again from what it left on disk ({@link dev.earshot.harness.load.LoadFiles#rebuild}):
   * {@code load.json}, and for a graded run ({@code earshot load SUITE}) {@code report.json}, {@code summary.md},
   * {@code junit.xml} and {@code report.html} with its load section, from the calls' {@code calls/ID.json}. For a run that
   * was killed, the calls that had ended. A missing or malformed file is a {@link ReportFormatException}.
   */
  public static LoadResult rebuildLoad(java.nio.file.Path dir) {
    dev.earshot.harness.load.LoadFiles.Rebuilt files = dev.earshot.harness.load.LoadFiles.rebuild(dir);
    LoadResult result = files.result();
    dev.earshot.harness.load.LoadFiles.Plan plan = files.plan();
    if (plan.suite() == null) return result;
    List<CallResult> calls = new ArrayList<>();
    for (LoadCall c : files.calls()) {
      if (c.grade() == null) continue;
      CallResult r = Reports.readCall(dir, c.grade().id());
      if (r == null) throw new ReportFormatException(Reports.callFile(dir, c.grade().id()) + ": missing (load-calls.jsonl has call " + c.index() + ")", null);
      calls.add(r);
    }
    calls.sort(java.util.Comparator.comparing(CallResult::id));
    dev.earshot.report.LoadSection section = LoadSections.of(result, files.seconds(), calls, plan.startEpochUs());
    Instant started = Instant.ofEpochSecond(0, plan.startEpochUs() * 1000);
    Reports.writeAll(new RunResult(plan.suite(), plan.agent(), plan.suiteSeed() == null ? 0 : plan.suiteSeed(), started,
        result.stopped() ? null : started.plusMillis(Math.round(result.wallSeconds() * 1000)), Math.max(calls.size(), result.planned()), calls, section), dir);
    return result;
  }

  /** A graded load run's off switch, to be given to {@link #load} and stopped from any thread (Ctrl-C). */
  public static final class LoadHandle {
    private LoadRun run;
    private boolean stopped;

    /** Ends the run as {@link LoadRun#stop} does; before it has started, it will place no call. */
    public synchronized void stop() {
      stopped = true;
      if (run != null) run.stop();
    }

    private synchronized void started(LoadRun r) {
      run = r;
      if (stopped) r.stop();
    }
  }

  /** As {@link #load(Suite, LoadOptions, RunOptions, double, LoadListener)}, stopped by {@code handle}. */
  public LoadResult load(Suite suite, LoadOptions load, RunOptions run, double transcribeShare, LoadListener listener, LoadHandle handle) {
    if (!(transcribeShare >= 0 && transcribeShare <= 1)) throw new IllegalArgumentException("transcribe: expected a share 0..1, found " + transcribeShare);
    RunOptions options = run.withOutDir(load.outDir()).withSip(load.sip());
    Instant started = Instant.now();
    LoadMix mix = new LoadMix(plan(suite), load.seed());
    AsrPool asrPool = new AsrPool(1); // one recogniser thread: the calls' pacing must never wait for ASR
    ScheduledExecutorService guards = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "earshot-budgets");
      t.setDaemon(true);
      return t;
    });
    Addressing addressing = load.addressing().towards(load.sip().firstHopAddress(load.agentUri()));
    List<CallResult> graded = java.util.Collections.synchronizedList(new ArrayList<>());
    IntentJudge intents = new IntentJudge(suite.intents());
    LoadResult result;
    dev.earshot.report.LoadSection section;
    try (SideChannel side = sideChannel(options, addressing)) {
      LoadRun.Body body = new LoadRun.Body() {
        private CallRunner runner;

        private synchronized CallRunner runner(Telephony tel) {
          if (runner == null) runner = new CallRunner(tel, options, asr, asrPool, intents, side, guards, new InboundCalls(), CallEventListener.NONE);
          return runner;
        }

        @Override
        public long limitMs() {
          return load.ringTimeoutMs() + Math.round(load.durationSeconds() * 1000);
        }

        @Override
        public String suite() {
          return suite.name();
        }

        @Override
        public Long suiteSeed() {
          return suite.seed();
        }

        @Override
        public CompletableFuture<LoadCall> call(Telephony tel, int index, LoadRun.Tracker tracker) {
          CallPlan plan = mix.call(index);
          java.util.concurrent.atomic.AtomicReference<dev.earshot.telephony.Call> answered = new java.util.concurrent.atomic.AtomicReference<>();
          java.util.concurrent.atomic.AtomicLong endedNanos = new java.util.concurrent.atomic.AtomicLong();
          CallRunner.LoadCall how = new CallRunner.LoadCall(LoadMix.transcribed(index, transcribeShare), false, false, call -> {
            answered.set(call);
            call.ended().thenRun(() -> endedNanos.set(System.nanoTime()));
            tracker.stage("answered, playing " + plan.scenario().name());
            tracker.answered(call);
          });
          return runner(tel).run(plan, how).thenCompose(r -> {
            dev.earshot.telephony.Call call = answered.get();
            long ended = endedNanos.get();
            Double lagMs = call == null || ended == 0 ? null : Math.round((System.nanoTime() - ended) / 1e4) / 100.0;
            // Earshot's BYE went when the script ended: the call's media are counted once it is over
            return call == null ? CompletableFuture.completedFuture(loadCall(index, r, null, tracker, how.transcribe(), lagMs))
                : call.ended().handle((end, e) -> loadCall(index, r, tracker.ended(call), tracker, how.transcribe(), lagMs));
          });
        }

        private LoadCall loadCall(int index, CallResult r, LoadRun.Ended media, LoadRun.Tracker tracker, boolean transcribed, Double lagMs) {
          Reports.writeCall(r, options.outDir()); // on disk as it ends, as in a run
          graded.add(r);
          return LoadMix.loadCall(index, r, media, tracker.stopping(), transcribed, lagMs);
        }
      };
      LoadRun loadRun = new LoadRun(load, body);
      handle.started(loadRun);
      result = loadRun.run(listener);
      // each turn placed in its second from when the run's clock began, as load-plan.json has it: a report rebuilt from
      // the files (rebuildLoad) places them alike
      section = LoadSections.of(result, dev.earshot.harness.load.LoadFiles.readTimeline(load.outDir()), new ArrayList<>(graded),
          dev.earshot.harness.load.LoadFiles.readPlan(load.outDir()).startEpochUs());
    } finally {
      asrPool.shutdownNow();
      guards.shutdownNow();
    }
    List<CallResult> calls = new ArrayList<>(graded);
    calls.sort(java.util.Comparator.comparing(CallResult::id));
    Reports.writeAll(new RunResult(suite.name(), load.agentUri(), suite.seed(), started, Instant.now(), calls.size(), calls, section), load.outDir());
    return result;
  }

  /**
   * Off loopback and with no public address given, one OPTIONS before the first call: its answer's
   * {@code received}/{@code rport} show whether a NAT stands between Earshot and the agent, and if so every call's
   * Contact carries the NAT's address, so the agent's BYE and re-INVITEs come back through it. Any answer does
   * (405 too); none within 1.5 s leaves everything as it was.
   */
  private static void probeNat(Telephony telephony, RunOptions options, Addressing addressing) {
    if (addressing.advertised() != null || isLoopback(addressing.listenHost())) return;
    try {
      telephony.ping(options.agentUri(), 1500).get();
    } catch (java.util.concurrent.ExecutionException e) {
      // no answer: calls go out with the local address, as without the probe
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * The side channel where the agent can reach it: on {@code --report-bind}, else on Earshot's SIP address (so on
   * loopback for an agent on loopback); it advertises {@code --report-url}, else its own address (Earshot's
   * public one when it listens on SIP's address or on every address).
   */
  static SideChannel sideChannel(RunOptions options, Addressing addressing) {
    String bind = options.reportBind() != null ? options.reportBind() : addressing.listenHost();
    boolean followsSip = bind.equals(addressing.listenHost()) || bind.equals("0.0.0.0") || bind.equals("::");
    try {
      return SideChannel.start(bind, 0, followsSip ? addressing.advertisedHost() : bind, options.reportUrl());
    } catch (RuntimeException e) { // Netty throws the bind failure unchecked
      throw new dev.earshot.telephony.TelephonyException("cannot listen for agent reports on " + bind + ": " + e.getMessage(), e);
    }
  }

  /** One lane runs calls one after another, taking the next unplaced call each time. */
  private CompletableFuture<Void> lane(CallRunner runner, List<CallPlan> plans, CallResult[] results, AtomicInteger next,
      RunOptions options, RunListener listener, Progress progress) {
    int n = next.getAndIncrement();
    while (n < plans.size() && kept(results, n)) n = next.getAndIncrement(); // a resumed run's calls that ended before
    if (n >= plans.size()) return CompletableFuture.completedFuture(null);
    int i = n;
    listener.callStarted(plans.get(i).id());
    return runner.run(plans.get(i)).thenCompose(result -> {
      Reports.writeCall(result, options.outDir()); // on disk first: a report can be rebuilt from it whatever happens next
      synchronized (results) {
        results[i] = result;
      }
      progress.callEnded();
      listener.callFinished(result);
      return lane(runner, plans, results, next, options, listener, progress);
    });
  }

  private static boolean kept(CallResult[] results, int i) {
    synchronized (results) {
      return results[i] != null;
    }
  }

  /**
   * Keeps {@code report.json}, {@code summary.md} and {@code junit.xml} of a run that goes on up to date: rewritten when a call ends,
   * at most every {@link #EVERY_MS} (a whole report per call would cost a large run more than its calls), with
   * {@code complete: false} and the calls done so far.
   */
  private static final class Progress {
    static final long EVERY_MS = 5000;
    private final Suite suite;
    private final RunOptions options;
    private final Instant started;
    private final CallResult[] results;
    private long lastNanos = System.nanoTime();

    Progress(Suite suite, RunOptions options, Instant started, CallResult[] results) {
      this.suite = suite;
      this.options = options;
      this.started = started;
      this.results = results;
    }

    void callEnded() {
      RunResult partial;
      synchronized (this) {
        long now = System.nanoTime();
        if (now - lastNanos < EVERY_MS * 1_000_000L) return;
        lastNanos = now;
        synchronized (results) {
          partial = new RunResult(suite.name(), options.agentUri(), suite.seed(), started, null, results.length,
              java.util.Arrays.stream(results).filter(java.util.Objects::nonNull).toList());
        }
        if (partial.complete()) return; // the run writes the final one itself
        Reports.writeAll(partial, options.outDir());
      }
    }
  }

  /** Scenario by scenario, profile by profile, persona by persona, trial by trial, with every caller sound rendered. */
  List<CallPlan> plan(Suite suite) {
    List<CallPlan> plans = new ArrayList<>();
    for (String profileName : suite.profiles()) profiles.get(profileName).requireAvailable(); // before any work
    List<String> callers = suite.personas().isEmpty() ? java.util.Collections.singletonList(null) : suite.personas();
    for (Suite.Scenario scenario : suite.scenarios()) {
      for (String profileName : suite.profiles()) {
        DegradationProfile profile = profiles.get(profileName);
        for (String persona : callers) {
          for (int trial = 1; trial <= suite.trials(); trial++) {
            long seed = callSeed(suite.seed(), scenario.name(), persona == null ? profileName : profileName + "/" + persona, trial);
            SplittableRandom stepSeeds = new SplittableRandom(seed);
            List<CallerClip> clips = new ArrayList<>();
            for (Step step : Program.of(scenario).steps()) clips.add(clip(step, profile, persona, stepSeeds.nextLong()));
            String id = scenario.name() + "--" + profileName + (persona == null ? "" : "--" + persona) + (suite.trials() > 1 ? "--t" + trial : "");
            Caller caller = scenario.caller() != null ? scenario.caller()
                : persona != null && personas.get(persona).caller() != null ? personas.get(persona).caller() : suite.caller();
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(suite.headers());
            headers.putAll(scenario.headers());
            if (caller != null) headers.putAll(caller.headers());
            plans.add(new CallPlan(id, scenario, profileName, trial, seed, clips, networkFor(scenario, profile),
                scenario.budgets().or(suite.budgets()).or(Budgets.DEFAULTS), persona,
                scenario.greeting() != null ? scenario.greeting() : suite.greeting(), caller, headers,
                scenario.dtmfMode() != null ? scenario.dtmfMode() : suite.dtmfMode(),
                scenario.agentSilenceMs() != null ? scenario.agentSilenceMs() : suite.agentSilenceMs(),
                scenario.maxUtteranceS() != null ? scenario.maxUtteranceS() : suite.maxUtteranceS()));
          }
        }
      }
    }
    return plans;
  }

  /**
   * The audio of a step that makes a sound, rendered under its profile (the step's own, else the call's) and
   * said by its persona (the step's own, else the call's, else a plain caller); null for steps that make none.
   */
  private CallerClip clip(Step step, DegradationProfile callProfile, String callPersona, long seed) {
    if (step.noiseOnly() != null) return CallerClip.sound(step.noiseOnly(), seed);
    Step.Say say = step.spoken();
    if (say == null) return null;
    DegradationProfile profile = say.profile() == null ? callProfile : profiles.get(say.profile());
    String personaName = say.persona() != null ? say.persona() : callPersona;
    Persona persona = personaName == null ? null : personas.get(personaName);
    return say.wav() != null ? CallerClip.recorded(java.nio.file.Path.of(say.wav()), say.transcript(), profile, persona, seed)
        : CallerClip.prepare(tts, say.text(), profile, persona, seed);
  }

  /** What the path does to a call's packets: the scenario's {@code network:} if it has one, else the profile's; null for none. */
  static Network networkFor(Suite.Scenario scenario, DegradationProfile profile) {
    return scenario.network() != null ? scenario.network() : profile.network();
  }

  /** A call's seed depends only on the run seed, the scenario and the profile: reordering a suite changes nothing. */
  static long callSeed(long runSeed, String scenario, String profile) {
    return new SplittableRandom(runSeed ^ (0x9E3779B97F4A7C15L * (scenario + "/" + profile).hashCode())).nextLong();
  }

  /** Trial 1 keeps the seed a one-trial run gives; each later trial has its own, from the first. */
  static long callSeed(long runSeed, String scenario, String profile, int trial) {
    long first = callSeed(runSeed, scenario, profile);
    return trial == 1 ? first : new SplittableRandom(first ^ (0xD1B54A32D192ED03L * trial)).nextLong();
  }
}
