package dev.earshot.harness.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.audio.Pcm;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.rtp.Playout;
import dev.earshot.telephony.rtp.SharedClip;
import dev.earshot.harness.WireLogs;
import dev.earshot.telephony.rtp.ReceiveStatistics;
import dev.earshot.telephony.rtp.TimingHistogram;
import dev.earshot.telephony.rtp.WireImpairment;
import dev.earshot.telephony.sip.SipCallFailed;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Places many concurrent calls, each playing the same caller audio (encoded once, the same payloads on every call) for a
 * fixed time, and measures what a telephony team asks of a load test: calls up, failures by cause, setup time,
 * packet loss, and Earshot's own send-time error against the 20 ms schedule, which tells whether the
 * harness kept up. No thread per call: calls are futures on the shared SIP and RTP threads.
 */
public final class LoadRun {
  /** Mixed into the run's seed for the calls' wire impairments. */
  private static final long WIRE_SEED = 0x6C6F61646E6574L;
  private static final ObjectMapper JSON = dev.earshot.audio.Json.MAPPER;

  private final LoadOptions options;
  /** The caller audio every call plays, looped to fill its duration: encoded once, shared by every call. */
  private final SharedClip clip;
  /** The part of the clip that ends a call, when its duration is not a whole number of clips. */
  private final SharedClip clipTail;
  /** A call's duration in 20 ms frames. */
  private final int frames;
  private final TimingHistogram sendTiming = new TimingHistogram();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicLong peakHeap = new AtomicLong();
  /** Calls placed, ended and failed so far, and the failures' causes: what each second's sample counts. */
  private final AtomicInteger placedSoFar = new AtomicInteger(), endedSoFar = new AtomicInteger(), failedSoFar = new AtomicInteger();
  private final Map<String, Integer> causesSoFar = new java.util.concurrent.ConcurrentHashMap<>();
  /** Response latencies of the turns of the calls graded since the last sample (µs); guarded by itself. */
  private final org.HdrHistogram.Histogram latencyWindow = Histograms.empty();
  /** Setup times of the calls answered since the last sample (µs); guarded by itself. */
  private final org.HdrHistogram.Histogram setupWindow = Histograms.empty();
  /**
   * The media of the calls answered and not yet summed into {@link #sendTiming}, and the receive counts of those that
   * were: guarded by {@link #sendTiming}, so that a sample sees each packet exactly once, whether its call has ended or not.
   */
  private final Map<Integer, dev.earshot.telephony.rtp.MediaStream> liveMedia = new java.util.HashMap<>();
  private long endedReceived, endedLost;

  private final long watchdogSlackMs;
  private final Dialer dialer;
  /** What each placed call does. */
  private final Body body;
  /** Set by {@link #stop}: no call is placed after it, every call in progress is hung up. */
  private final AtomicBoolean stopping = new AtomicBoolean();
  /** Answered calls not yet ended, by index: what {@link #stop} hangs up. */
  private final Map<Integer, Call> live = new java.util.concurrent.ConcurrentHashMap<>();
  /** Each planned call: whether it was placed (or given up unplaced), and its record, completed exactly once. */
  private final java.util.Queue<Slot> slots = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private record Slot(int index, AtomicBoolean taken, CompletableFuture<LoadCall> record) {
    /** Whether this call is the caller's to place (or to leave out): true once only. */
    boolean take() {
      return taken.compareAndSet(false, true);
    }
  }

  /** How a call is placed. A test may wrap it, to make a call fail as no SIP stack would. */
  interface Dialer {
    CompletableFuture<Call> dial(Telephony tel, int index);
  }

  /** @param audio 8 kHz caller audio, looped to fill each call */
  public LoadRun(LoadOptions options, Pcm audio) {
    this(options, audio, WATCHDOG_SLACK_MS, d -> d);
  }

  /**
   * @param watchdogSlackMs how long after ring timeout plus duration a call that has not ended is given up (a
   *     test may make it negative to give up a call that is still going)
   */
  LoadRun(LoadOptions options, Pcm audio, long watchdogSlackMs) {
    this(options, audio, watchdogSlackMs, d -> d);
  }

  /** {@code wrap} receives the real way of placing a call and returns the one the run uses. */
  LoadRun(LoadOptions options, Pcm audio, long watchdogSlackMs, java.util.function.UnaryOperator<Dialer> wrap) {
    if (audio.sampleRate() != 8000) throw new IllegalArgumentException("load audio must be 8000 Hz, found " + audio.sampleRate());
    if (audio.length() == 0) throw new IllegalArgumentException("load audio is empty: expected at least one sample to loop");
    this.options = options;
    this.planned = options.placed();
    this.frames = (int) Math.round(options.durationSeconds() * 50);
    this.clip = SharedClip.of(audio);
    this.clipTail = SharedClip.of(audio.slice(0, Math.min(audio.length(), frames % clip.frameCount() * 160)));
    this.watchdogSlackMs = watchdogSlackMs;
    this.dialer = wrap.apply(this::dial);
    this.body = new Hold();
  }

  /**
   * A run whose calls each do what {@code body} does (a graded load run: a scenario of the suite on every call), placed
   * as {@code options} say; {@code options}' duration is not used.
   */
  public LoadRun(LoadOptions options, Body body) {
    this.options = options;
    this.planned = options.placed();
    this.frames = 0;
    this.clip = null;
    this.clipTail = null;
    this.watchdogSlackMs = WATCHDOG_SLACK_MS;
    this.dialer = this::dial;
    this.body = body;
  }

  /**
   * Ends the run early, as Ctrl-C does: no further call is placed (those not yet placed are left out of the results),
   * every answered call is hung up (a BYE each) and recorded as stopped, a call still ringing is hung up when it is
   * answered or ends at its ring timeout; {@link #run} then returns the calls placed and writes {@code load.json}.
   * Safe from any thread, more than once.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) return;
    for (Slot slot : slots) if (slot.take()) slot.record().complete(NOT_PLACED);
    for (Call c : live.values()) hangUp(c);
  }

  /** The record of a call the run stopped before placing: left out of the results. */
  private static final LoadCall NOT_PLACED = new LoadCall(-1, null, false, "not placed: the run was stopped", null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);

  private static void hangUp(Call c) {
    try {
      c.hangup();
    } catch (RuntimeException e) {
      // already ending: its end is recorded as it comes
    }
  }

  /** Runs every call; {@code ended} hears each call as it ends (on a SIP or RTP thread: keep it short). */
  public LoadResult run(Consumer<LoadCall> ended) {
    return run(LoadListener.onCallEnded(ended));
  }

  /**
   * Runs every call, writing {@code load-calls.jsonl} (a line per call as it ends), {@code load-timeline.jsonl} (a
   * {@link LoadSample} a second) and, at the end, {@code load.json}; {@code listener} hears each as it is written.
   */
  public LoadResult run(LoadListener listener) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    peakHeap.set(heapBefore);
    long cpuBefore = processCpuNanos();
    long t0 = System.nanoTime();
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "earshot-load");
      t.setDaemon(true);
      return t;
    });
    clock.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
        500, 500, TimeUnit.MILLISECONDS);
    List<LoadCall> calls = new ArrayList<>();
    Sampler sampler = null;
    TimerFloor floor = new TimerFloor(); // the machine's own timer floor, measured beside the run
    try (floor; Telephony tel = Telephony.start(options.addressing().towards(options.sip().firstHopAddress(options.agentUri())), "earshot-load", options.seed(), options.sip());
        BufferedWriter log = Files.newBufferedWriter(Files.createDirectories(options.outDir()).resolve("load-calls.jsonl"));
        BufferedWriter timeline = Files.newBufferedWriter(options.outDir().resolve("load-timeline.jsonl"))) {
      LoadFiles.writePlan(options.outDir(), new LoadFiles.Plan(options.agentUri(), options.calls(), options.shardName(), options.seed(),
          options.ratePerSecond(), options.durationSeconds(), dev.earshot.harness.EpochClock.epochMicros(t0), body.suite(), body.suiteSeed()));
      sampler = new Sampler(t0, cpuBefore, timeline, listener, floor, tel);
      clock.scheduleAtFixedRate(sampler::tick, 1, 1, TimeUnit.SECONDS);
      List<CompletableFuture<LoadCall>> all = new ArrayList<>();
      List<Slot> inOrder = new ArrayList<>();
      for (int i = options.shard(); i < options.calls(); i += options.shards()) { // this shard's calls, at their places in the plan
        int index = i;
        CompletableFuture<LoadCall> started = new CompletableFuture<>();
        Slot slot = new Slot(index, new AtomicBoolean(), started);
        slots.add(slot);
        inOrder.add(slot);
        if (stopping.get() && slot.take()) started.complete(NOT_PLACED);
        if (options.ramp() == null) {
          long delayNanos = (long) (i * 1e9 / options.ratePerSecond());
          clock.schedule(() -> place(tel, index, slot), delayNanos, TimeUnit.NANOSECONDS);
        }
        all.add(started.thenApply(c -> {
          if (c == NOT_PLACED) return c;
          endedSoFar.incrementAndGet();
          if (!c.up()) {
            failedSoFar.incrementAndGet();
            causesSoFar.merge(c.failure(), 1, Integer::sum);
          }
          if (c.grade() != null) {
            synchronized (latencyWindow) {
              for (double ms : c.grade().latencyMs()) latencyWindow.recordValue(Math.max(0, Math.round(ms * 1000)));
            }
          }
          synchronized (log) {
            writeLine(log, c); // written per call as it ends: a run killed midway keeps what it measured
          }
          try {
            listener.callEnded(c);
          } catch (RuntimeException e) {
            // a listener's failure is not the call's: the call is recorded all the same
          }
          return c;
        }));
      }
      if (options.ramp() != null) new Follower(tel, inOrder, t0).start(clock);
      for (CompletableFuture<LoadCall> f : all) {
        LoadCall c = f.join();
        if (c != NOT_PLACED) calls.add(c);
      }
      clock.shutdownNow();
      sampler.last();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + options.outDir() + ": " + e.getMessage(), e);
    } finally {
      clock.shutdownNow();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpuBefore) / 1e9;
    // send-time errors and the timer floor as the seconds have them (every packet and wake-up in exactly one second)
    LoadResult result = summarise(calls, sampler.sendErrors, sampler.wakeUps, peak.get(), wall, 100 * cpu / wall,
        (peakHeap.get() - heapBefore) / 1024.0 / Math.max(1, calls.size()), stopping.get() ? options.placed() : planned, stopping.get(),
        options.shardName(), sampler.samples);
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(options.outDir().resolve("load.json").toFile(), result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  /** The calls of the plan this run will place: all of its part of the plan, or with a ramp those placed when it ended. */
  private volatile int planned;

  /**
   * With a ramp: every 20 ms, places this shard's next calls while fewer of its calls are under way (placed, not yet
   * ended) than its part of the ramp's target, at most the run's rate a second (a bucket of one second's calls), until
   * the ramp's time is over or its calls are all placed; those not placed then are left out of the plan.
   */
  private final class Follower implements Runnable {
    private final Telephony tel;
    private final List<Slot> slots;
    private final long t0;
    private int next;
    private double tokens = 1;
    private long lastNanos;
    private java.util.concurrent.ScheduledFuture<?> self;

    Follower(Telephony tel, List<Slot> slots, long t0) {
      this.tel = tel;
      this.slots = slots;
      this.t0 = t0;
      this.lastNanos = t0;
    }

    void start(ScheduledExecutorService clock) {
      self = clock.scheduleAtFixedRate(this, 0, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      double t = (now - t0) / 1e9;
      tokens = Math.min(Math.max(1, options.ratePerSecond()), tokens + options.ratePerSecond() * (now - lastNanos) / 1e9);
      lastNanos = now;
      if (t >= options.placeUntil() || stopping.get() || next >= slots.size()) {
        planned = placedSoFar.get();
        for (int i = next; i < slots.size(); i++) if (slots.get(i).take()) slots.get(i).record().complete(NOT_PLACED);
        self.cancel(false);
        return;
      }
      int target = options.ramp().at(t, options.shard(), options.shards());
      while (next < slots.size() && tokens >= 1 && placedSoFar.get() - endedSoFar.get() < target) {
        Slot slot = slots.get(next++);
        tokens -= 1;
        place(tel, slot.index(), slot);
      }
    }
  }

  /** Slack after ring timeout plus duration before a call that has not ended is given up as a harness failure. */
  private static final long WATCHDOG_SLACK_MS = 45_000;

  /**
   * Places call {@code index} and completes {@code record} with what became of it, whatever that is: a call that
   * throws before its future exists (on this side, before any packet: an RTP port range used up, a SIP stack
   * refusing; Earshot's limit, not the agent's) is recorded as the harness's failure, never left waiting.
   */
  private void place(Telephony tel, int index, Slot slot) {
    if (!slot.take()) return; // stopped before its time came
    placedSoFar.incrementAndGet();
    CompletableFuture<LoadCall> record = slot.record();
    try {
      call(tel, index).whenComplete((c, e) -> record.complete(c != null ? c : failed(index, "harness: the call's record was lost (" + e + ")")));
    } catch (RuntimeException | Error e) {
      record.complete(failed(index, "harness: could not place the call: " + reason(e)));
    }
  }

  /** A failure's own sentence when it has one for people (Earshot's), else what it is. */
  private static String reason(Throwable e) {
    return e instanceof dev.earshot.telephony.TelephonyException && e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static LoadCall failed(int index, String why) {
    return new LoadCall(index, null, false, why, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
  }

  private CompletableFuture<Call> dial(Telephony tel, int index) {
    WireImpairment wire = options.network() == null || options.network().isNone() ? null
        : new WireImpairment(options.network(), new SplittableRandom(options.seed() ^ WIRE_SEED).split().nextLong() + index);
    return tel.dial(options.agentUri(), Map.of("X-Earshot-Call", "load-" + index), options.ringTimeoutMs(), null, wire, null,
        dev.earshot.telephony.rtp.WireCodec.offered(options.network()));
  }

  /**
   * What a placed call does, from its INVITE to its record: {@link LoadRun}'s own plays the clip for the call's duration;
   * a graded load run's (the harness's) plays a scenario of the suite and judges it.
   */
  public interface Body {
    /**
     * Places call {@code index} over {@code tel} and completes with its record; tells {@code tracker} when the call is
     * answered and when it has ended, so that the run's seconds count it. May throw when the call cannot even be placed.
     */
    CompletableFuture<LoadCall> call(Telephony tel, int index, Tracker tracker);

    /** The longest a call may take, INVITE to record, before the run gives it up as the harness's failure. */
    long limitMs();

    /** A graded run's suite, by name, for its plan on disk; null when the calls play no suite. */
    default String suite() {
      return null;
    }

    /** A graded run's suite's seed; null when the calls play no suite. */
    default Long suiteSeed() {
      return null;
    }
  }

  /** One call's bookkeeping in the run: whether it is up (counted at once), and the last thing that happened to it. */
  public final class Tracker {
    private final int index;
    private final AtomicReference<String> stage = new AtomicReference<>("INVITE sent, no final answer");
    private final AtomicBoolean inFlight = new AtomicBoolean(); // counted in concurrent

    private Tracker(int index) {
      this.index = index;
    }

    /** What happened to the call last: what a call given up by the watchdog is recorded with. */
    public void stage(String what) {
      stage.set(what);
    }

    public String stage() {
      return stage.get();
    }

    /** The call was answered: it is up, its media counted in every second from now, and {@link #stop} hangs it up. */
    public void answered(Call call) {
      live.put(index, call);
      call.ended().thenRun(() -> live.remove(index));
      if (stopping.get()) hangUp(call); // answered after the run was stopped
      synchronized (setupWindow) {
        setupWindow.recordValue(Math.max(0, call.setupNanos() / 1000));
      }
      synchronized (sendTiming) {
        liveMedia.put(index, call.media());
      }
      inFlight.set(true);
      int now = concurrent.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
    }

    /**
     * The call has ended: no longer up; its media's figures, read once, so that its record and the seconds' counts agree
     * exactly.
     */
    public Ended ended(Call call) {
      down();
      var m = call.media();
      synchronized (sendTiming) {
        TimingHistogram t = m.sendTiming();
        long received = m.packetsReceived();
        ReceiveStatistics.Snapshot r = m.receiveStatistics();
        sendTiming.add(t);
        endedReceived += received;
        endedLost += r.lost();
        liveMedia.remove(index);
        return new Ended(t, received, r);
      }
    }

    /** Whether the run is being stopped (Ctrl-C): an early end is then the user's, not the agent's. */
    public boolean stopping() {
      return stopping.get();
    }

    private void down() {
      if (inFlight.getAndSet(false)) concurrent.decrementAndGet();
    }
  }

  /** An ended call's media, as the run counted it: its send timing, packets received and receive statistics. */
  public record Ended(TimingHistogram sendTiming, long received, ReceiveStatistics.Snapshot receive) {}

  private CompletableFuture<LoadCall> call(Telephony tel, int index) {
    Tracker tracker = new Tracker(index);
    long limitMs = body.limitMs() + watchdogSlackMs;
    return body.call(tel, index, tracker) // throws at once when the call cannot even be placed: place() records that
        // a call that never ends must not hold up the run: it is recorded with the last thing that happened to it
        .applyToEither(watchdog(limitMs), c -> c)
        .exceptionally(err -> {
          tracker.down(); // given up: no longer under way
          live.remove(index);
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          String why = cause instanceof SipCallFailed f ? f.end().cause()
              : cause instanceof java.util.concurrent.TimeoutException ? String.format(java.util.Locale.ROOT,
                  "harness: the call did not end within %.0f s (last: %s)", limitMs / 1000.0, tracker.stage())
              : String.valueOf(cause.getMessage());
          return failed(index, why);
        });
  }

  private CompletableFuture<LoadCall> watchdog(long ms) {
    return new CompletableFuture<LoadCall>().orTimeout(ms, TimeUnit.MILLISECONDS);
  }

  /** The plain load call: the clip played for the call's duration, then Earshot's BYE. */
  private final class Hold implements Body {
    @Override
    public long limitMs() {
      return options.ringTimeoutMs() + Math.round(options.durationSeconds() * 1000);
    }

    @Override
    public CompletableFuture<LoadCall> call(Telephony tel, int index, Tracker tracker) {
      return dialer.dial(tel, index).thenCompose(call -> hold(call, index, tracker));
    }

    private CompletableFuture<LoadCall> hold(Call call, int index, Tracker tracker) {
      tracker.stage("answered, audio queued");
      call.media().detectInBandDtmf(false); // a load call never asks which keys the agent sent
      call.ended().thenAccept(end -> tracker.stage(tracker.stage() + "; ended: " + end.cause()));
      tracker.answered(call);
      long answered = System.nanoTime();
      Playout last = null;
      for (int left = frames; left > 0; left -= clip.frameCount()) last = call.media().play(left >= clip.frameCount() ? clip : clipTail);
      Playout playout = last;
      // the audio's end, or the call's (the agent's BYE, or stop() hanging up), whichever comes first
      return CompletableFuture.anyOf(playout.done(), call.ended()).thenCompose(x -> {
        tracker.stage("audio played (" + playout.framesSent() + " frames), BYE sent" + (call.ended().isDone() ? " after the call had ended" : ""));
        boolean early = call.ended().isDone();
        if (!early) call.hangup();
        return call.ended().thenApply(end -> {
          Ended e = tracker.ended(call);
          double held = (System.nanoTime() - answered) / 1e9;
          String failure = early && stopping.get() && !end.byRemote() ? "stopped: the run was ended by the user after " + Math.round(held * 10) / 10.0 + " s"
              : early ? "ended early: " + end.cause() + " after " + Math.round(held * 10) / 10.0 + " s"
              : java.util.Objects.toString(call.mediaProblem(), null);
          var m = call.media();
          TimingHistogram t = e.sendTiming();
          ReceiveStatistics.Snapshot r = e.receive();
          return new LoadCall(index, call.callId(), failure == null, failure, call.setupNanos() / 1e6, held,
              m.packetsSent(), e.received(), r.lost(), r.duplicates(), r.reordered(), r.jitterMs(),
              t.quantileMicros(0.5) / 1000.0, t.quantileMicros(0.99) / 1000.0, t.maxMicros() / 1000.0,
              WireLogs.write(m.impairment(), options.outDir(), "wire/load-" + index + ".csv"), null);
        });
      });
    }
  }

  /**
   * Takes a {@link LoadSample} a second (on the run's clock) and the last when the run ends, each the difference from
   * the one before: writes it to {@code load-timeline.jsonl} and hands it to the listener.
   */
  private final class Sampler {
    /** Every sample taken, in order: what the run's verdict is read from. */
    final List<LoadSample> samples = new ArrayList<>();
    /**
     * The seconds' send-time errors and timer-floor wake-ups added up, as each second's line has them: the run's, so that
     * load.json and the one rebuilt from load-timeline.jsonl ({@link LoadFiles#rebuild}) agree exactly.
     */
    final org.HdrHistogram.Histogram sendErrors = Histograms.empty(), wakeUps = Histograms.empty();
    private TimingHistogram floorBefore = new TimingHistogram();
    private final long t0;
    private final BufferedWriter out;
    private final LoadListener listener;
    private final TimerFloor floor;
    private TimingHistogram sentBefore = new TimingHistogram();
    private long cpuBefore, receivedBefore, lostBefore, tBefore;
    private int placedBefore;
    private boolean ended;

    private final Telephony tel;

    Sampler(long t0, long cpuBefore, BufferedWriter out, LoadListener listener, TimerFloor floor, Telephony tel) {
      this.tel = tel;
      this.floor = floor;
      this.t0 = t0;
      this.tBefore = t0;
      this.cpuBefore = cpuBefore;
      this.out = out;
      this.listener = listener;
    }

    synchronized void tick() {
      if (!ended) take(false);
    }

    synchronized void last() {
      ended = true;
      take(true);
    }

    /** {@code window} as a histogram, added to {@code run}. */
    private org.HdrHistogram.Histogram added(org.HdrHistogram.Histogram run, TimingHistogram window) {
      org.HdrHistogram.Histogram h = Histograms.of(window);
      run.add(h);
      return h;
    }

    private void take(boolean last) {
      long now = System.nanoTime(), cpu = processCpuNanos();
      TimingHistogram sent;
      long received, lost;
      synchronized (sendTiming) {
        sent = sendTiming.copy();
        received = endedReceived;
        lost = endedLost;
        for (var m : liveMedia.values()) {
          sent.add(m.sendTiming());
          received += m.packetsReceived();
          lost += m.receiveStatistics().lost();
        }
      }
      org.HdrHistogram.Histogram setups;
      synchronized (setupWindow) {
        setups = setupWindow.copy();
        setupWindow.reset();
      }
      org.HdrHistogram.Histogram latencies;
      synchronized (latencyWindow) {
        latencies = latencyWindow.copy();
        latencyWindow.reset();
      }
      TimingHistogram window = sent.since(sentBefore);
      TimingHistogram woke = floor.snapshot(), floorWindow = woke.since(floorBefore);
      int placed = placedSoFar.get();
      double seconds = Math.max(1e-3, (now - tBefore) / 1e9);
      double at = (now - t0) / 1e9;
      Integer target = options.ramp() == null ? null : options.ramp().at(Math.min(at, options.placeUntil()), options.shard(), options.shards());
      LoadSample s = new LoadSample(round(at), planned, placed, target, concurrent.get(), endedSoFar.get(), failedSoFar.get(),
          new TreeMap<>(causesSoFar), round((placed - placedBefore) / seconds),
          setups.getTotalCount() == 0 ? null : Histograms.ms(setups, 50), setups.getTotalCount() == 0 ? null : Histograms.ms(setups, 95),
          Math.max(0, received - receivedBefore), Math.max(0, lost - lostBefore),
          window.count() == 0 ? null : round(window.quantileMicros(0.99) / 1000.0),
          floorWindow.count() == 0 ? null : round(floorWindow.quantileMicros(0.99) / 1000.0), round(100 * (cpu - cpuBefore) / 1e9 / seconds),
          latencies.getTotalCount() == 0 ? null : Histograms.ms(latencies, 50), latencies.getTotalCount() == 0 ? null : Histograms.ms(latencies, 95), last,
          peak.get(), stopping.get(), window.count() == 0 ? null : Histograms.encode(added(sendErrors, window)),
          floorWindow.count() == 0 ? null : Histograms.encode(added(wakeUps, floorWindow)), tel.rtpStrays());
      samples.add(s);
      floorBefore = woke;
      sentBefore = sent;
      receivedBefore = received;
      lostBefore = lost;
      cpuBefore = cpu;
      tBefore = now;
      placedBefore = placed;
      writeLine(out, s);
      try {
        listener.second(s);
      } catch (RuntimeException e) {
        // a listener's failure is not the run's
      }
    }
  }

  /** {@code value} as one JSON line, flushed. */
  private static void writeLine(BufferedWriter out, Object value) {
    try {
      out.write(JSON.writeValueAsString(value));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The run's result from its calls' records, its send-time errors ({@code send}) and its timer floor's wake-ups
   * ({@code woke}): what {@link #run} writes to {@code load.json}, and what {@link LoadFiles#rebuild} makes again from the
   * files.
   */
  static LoadResult summarise(List<LoadCall> calls, org.HdrHistogram.Histogram send, org.HdrHistogram.Histogram woke, int peak, double wall,
      double cpuPercent, double heapPerCallKb, int planned, boolean stopped, String shard, List<LoadSample> seconds) {
    Map<String, Integer> causes = new TreeMap<>();
    org.HdrHistogram.Histogram setups = Histograms.empty();
    long sent = 0, received = 0, lost = 0, wireLost = 0, wireDuplicated = 0;
    int up = 0;
    for (LoadCall c : calls) {
      if (c.up()) up++;
      else causes.merge(c.failure(), 1, Integer::sum);
      if (c.setupMs() != null) setups.recordValue(Math.max(0, Math.round(c.setupMs() * 1000)));
      sent += c.packetsSent();
      received += c.packetsReceived();
      lost += c.lost();
      if (c.wire() != null) {
        wireLost += c.wire().lost() + c.wire().queueFull();
        wireDuplicated += c.wire().duplicated();
      }
    }
    LoadGrades grades = LoadGrades.of(calls);
    double sendP99 = Histograms.ms(send, 99), floorP99 = Histograms.ms(woke, 99);
    return new LoadResult(calls.size(), up, causes, peak, Histograms.ms(setups, 50), Histograms.ms(setups, 99), sent,
        received, lost, Histograms.ms(send, 50), sendP99, Histograms.maxMs(send), round(wall), round(cpuPercent),
        round(heapPerCallKb), wireLost, wireDuplicated, seconds.isEmpty() ? 0 : seconds.get(seconds.size() - 1).rtpStrays(), planned, stopped, shard,
        floorP99, LoadVerdict.of(seconds, sendP99, floorP99).withPools(causes, grades),
        new Histograms(Histograms.encode(setups), Histograms.encode(send), Histograms.encode(woke)), grades);
  }

  static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

}
