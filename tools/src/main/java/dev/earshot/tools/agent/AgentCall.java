package dev.earshot.tools.agent;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.corpora.Transcriber;
import dev.earshot.harness.EpochClock;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.Playout;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The reference agent's side of one call: greet, listen (voice activity + streaming Vosk, end of utterance
 * after {@code endpointMs} of silence, whether silent packets or none at all), classify, wait {@code thinkMs}, reply; stop talking when the caller
 * barges in; hang up after saying goodbye.
 *
 * <p>Media callbacks run on the shared event loop and only count frames and hand audio on; recognition runs
 * on {@code asr} (one call's work in order), the think delay on {@code timer}.
 */
final class AgentCall implements MediaListener {
  private static final int ONSET_FRAMES = 2;
  private static final int PREROLL_FRAMES = 15;
  /** Packets missing for this long mean the caller stopped sending, not that the network is late. */
  private static final long NO_PACKETS_NANOS = 100_000_000L;

  private final String id;
  private final Call call;
  private final AgentConfig config;
  private final Transcriber transcriber;
  private final Executor asr;
  private final ScheduledExecutorService timer;
  private final Prompts prompts;
  private final Consumer<AgentTurn> log;
  private final VoiceActivity vad = VoiceActivity.DEFAULT;

  // event-loop state
  private final ArrayDeque<float[]> preroll = new ArrayDeque<>();
  private int voicedRun;
  private int silentFrames;
  private boolean inUtterance;
  private long speechStartNanos;
  private long lastVoicedNanos;
  private long lastHeardNanos; // last packet from the caller
  private int voicedInUtterance; // voiced frames since the utterance began
  private boolean unconfirmed; // the utterance began over our prompt and is not yet long enough to stop it
  private volatile Hearing hearing; // the utterance being recognised; also read by the call-ended cleanup
  private int turns;
  private volatile String lastPrompt; // set in start, then on the call's asr executor

  // reply state: written on the event loop or timer, read on the event loop
  private volatile Reply speaking;
  private final java.util.Map<String, String> identity;
  /** The greeting prompt: the plain one, or a known customer's by name. */
  private final String greeting;
  /** Form-filling mode's state for this call, or null; used on the call's asr executor only. */
  private final Form form;

  /** One prompt being played, with the ground-truth times for its log line. */
  private final class Reply {
    final int turn;
    final String heard;
    final String intent;
    final String prompt;
    final long speechStart, speechEnd, endpoint, recognized, queued;
    final Playout playout;
    volatile long firstVoicedSent;

    Reply(int turn, String heard, String intent, String prompt, long speechStart, long speechEnd, long endpoint, long recognized) {
      this.turn = turn;
      this.heard = heard;
      this.intent = intent;
      this.prompt = prompt;
      this.speechStart = speechStart;
      this.speechEnd = speechEnd;
      this.endpoint = endpoint;
      this.recognized = recognized;
      this.queued = System.nanoTime();
      this.playout = call.media().play(prompts.get(prompt));
      playout.done().thenAccept(p -> finished());
    }

    private void finished() {
      log.accept(new AgentTurn(id, turn, heard, intent, prompt, us(speechStart), us(speechEnd), us(endpoint), us(recognized),
          us(queued), us(firstVoicedSent), playout.stopped(), turn == 0 ? identity : null));
      if (speaking == this) speaking = null;
      if (turn == 0 && config.sendDtmf() != null && !call.ended().isDone()) call.sendDtmf(config.sendDtmf(), config.sendDtmfMode()); // as an IVR signals by tones
      if (BankDomain.GOODBYE.equals(prompt) && !playout.stopped()) timer.schedule(call::hangup, 300, TimeUnit.MILLISECONDS);
      if (BankDomain.SPEAK_TO_AGENT.equals(prompt) && !playout.stopped() && config.transferTo() != null) call.transfer(config.transferTo());
      else if (BankDomain.SPEAK_TO_AGENT.equals(prompt) && !playout.stopped() && prompts.holdMusic() != null && !call.ended().isDone()) hold(turn);
    }
  }

  /**
   * On hold ({@code --hold-ms}): the music, then "thank you for holding" as the reply's second part (its log line has the
   * same turn and says back_from_hold). A caller who speaks over the music stops it, as a barge-in.
   */
  private void hold(int turn) {
    Playout music = call.media().play(prompts.holdMusic());
    music.done().thenAccept(p -> {
      if (!p.stopped() && !call.ended().isDone()) {
        speaking = new Reply(turn, "", BankDomain.BACK_FROM_HOLD, BankDomain.BACK_FROM_HOLD, 0, 0, 0, 0);
      }
    });
  }

  AgentCall(String id, Call call, AgentConfig config, Transcriber transcriber, Executor asr, ScheduledExecutorService timer,
      Prompts prompts, Consumer<AgentTurn> log, java.util.Map<String, String> identity, String greeting) {
    this.identity = identity;
    this.greeting = greeting;
    this.form = config.form() ? new Form(config.seed(), id) : null;
    this.id = id;
    this.call = call;
    this.config = config;
    this.transcriber = transcriber;
    this.asr = new SerialExecutor(asr);
    this.timer = timer;
    this.prompts = prompts;
    this.log = log;
  }

  void start() {
    lastPrompt = BankDomain.GREETING;
    call.media().setListener(this);
    call.ended().whenComplete((end, err) -> asr.execute(() -> { // after every task already queued for this call
      Hearing open = hearing;
      if (open != null) open.close();
    }));
    Runnable greet = () -> {
      if (!call.ended().isDone()) speaking = new Reply(0, "", BankDomain.GREETING, greeting, 0, 0, 0, 0);
    };
    if (!config.greets()) return; // waits for the caller to speak first, as many voice-AI agents do
    if (config.deadAirMs() > 0) timer.schedule(greet, config.deadAirMs(), TimeUnit.MILLISECONDS); // injected fault: dead air
    else greet.run();
  }

  @Override
  public void onSent(float[] frame, long sentNanos, Playout playout, int index) {
    Reply r = speaking;
    if (r != null && playout == r.playout && r.firstVoicedSent == 0 && vad.isVoiced(frame)) r.firstVoicedSent = sentNanos;
    // a caller that stops sending packets when it stops talking (DTX, or a stream that simply ends, as SIPp's
    // rtp_stream does) sends no silent frames to count: its silence is measured on our own 20 ms beat instead
    if (inUtterance && sentNanos - lastHeardNanos > NO_PACKETS_NANOS && sentNanos - lastVoicedNanos >= config.endpointMs() * 1_000_000L) {
      utteranceEnded(sentNanos);
    }
  }

  @Override
  public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
    lastHeardNanos = arrivalNanos;
    boolean voiced = vad.isVoiced(frame);
    if (!inUtterance) {
      preroll.add(frame);
      if (preroll.size() > PREROLL_FRAMES) preroll.poll();
      voicedRun = voiced ? voicedRun + 1 : 0;
      if (voicedRun >= ONSET_FRAMES) utteranceStarted(arrivalNanos);
      return;
    }
    Hearing h = hearing;
    if (!config.scripted()) asr.execute(() -> h.accept(frame)); // scripted: nothing to recognise
    if (voiced) {
      silentFrames = 0;
      lastVoicedNanos = arrivalNanos;
      voicedInUtterance++;
    }
    if (unconfirmed) {
      if (speaking == null) unconfirmed = false; // our prompt ended meanwhile: an ordinary utterance
      else if (voicedInUtterance * 20L >= config.bargeInMinMs()) {
        unconfirmed = false;
        stopSpeaking();
      }
    }
    if (!voiced && ++silentFrames * 20L >= config.endpointMs()) {
      utteranceEnded(arrivalNanos);
    }
  }

  private void utteranceStarted(long now) {
    inUtterance = true;
    silentFrames = 0;
    speechStartNanos = now - (ONSET_FRAMES - 1) * 20_000_000L;
    lastVoicedNanos = now;
    voicedInUtterance = ONSET_FRAMES;
    unconfirmed = false;
    if (speaking != null && !config.ignoreBargeIn()) { // barge-in: the caller talks over us, so we stop
      if (ONSET_FRAMES * 20L >= config.bargeInMinMs()) stopSpeaking();
      else unconfirmed = true; // once there is enough of it (barge-in confirmation)
    }
    Hearing h = new Hearing();
    hearing = h;
    float[][] audio = preroll.toArray(new float[0][]);
    preroll.clear();
    asr.execute(() -> h.open(audio));
  }

  private void stopSpeaking() {
    Reply r = speaking;
    if (r != null) r.playout.stop();
    call.media().stopPlayback();
  }

  private void utteranceEnded(long endpoint) {
    inUtterance = false;
    voicedRun = 0;
    if (unconfirmed) { // a sound too short to stop our prompt (a cough, a click): not something to answer
      unconfirmed = false;
      Hearing dropped = hearing;
      hearing = null;
      asr.execute(dropped::close);
      return;
    }
    int turn = ++turns;
    Hearing h = hearing;
    hearing = null;
    long start = speechStartNanos, end = lastVoicedNanos;
    asr.execute(() -> {
      String recognizedText = h.finish();
      if (recognizedText == null) return; // the call ended first: nobody to reply to
      long recognized = System.nanoTime();
      // injected faults: a corrupted transcript (ASR layer), a swapped intent (intent layer)
      String heard = config.scripted() ? null : Mishear.corrupt(recognizedText, config.mishearRate(), config.seed() * 31 + id.hashCode() * 1_000_003L + turn);
      String classified = config.scripted() ? config.script().get((turn - 1) % config.script().size()) : BankDomain.classify(heard);
      String asked = form == null ? null : form.next(heard, classified);
      if (asked != null) classified = asked;
      String intent = config.intentSwap().getOrDefault(classified, classified);
      String prompt = config.repeatPrompt() ? lastPrompt : intent; // injected fault: stuck on the previous prompt
      lastPrompt = prompt;
      Runnable reply = () -> speaking = new Reply(turn, heard, intent, prompt, start, end, endpoint, recognized);
      if (config.thinkMs() > 0) timer.schedule(reply, config.thinkMs(), TimeUnit.MILLISECONDS);
      else reply.run();
    });
  }

  /**
   * One utterance's recognition. Opening a Vosk recognizer takes ~60 ms here, far too long for the event loop
   * (it would hold every call's frames on that loop, and delay a barge-in by as much), so it is opened, fed
   * and closed only on the call's serial {@code asr} executor, in the order the event loop queued the work.
   */
  private final class Hearing {
    private Transcriber.Recognition rec;
    private boolean closed;

    void open(float[][] preroll) {
      if (closed || call.ended().isDone()) { // the call ended before its turn came: nothing to hear
        closed = true;
        return;
      }
      if (config.scripted()) return; // no recogniser: the script says what to answer
      rec = transcriber.open(8000);
      for (float[] f : preroll) rec.accept(f);
    }

    void accept(float[] frame) {
      if (!closed && rec != null) rec.accept(frame);
    }

    /** What was heard ("" when scripted), or null when the call ended first; the recognizer is freed either way. */
    String finish() {
      try {
        return closed ? null : rec == null ? "" : rec.finish();
      } finally {
        close();
      }
    }

    void close() {
      closed = true;
      if (rec != null) rec.close();
    }
  }

  private static long us(long nanos) {
    return nanos == 0 ? 0 : EpochClock.epochMicros(nanos);
  }
}
