package dev.earshot.tools.agent;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.corpora.SynthesisRequest;
import dev.earshot.corpora.Synthesizer;
import java.util.HashMap;
import java.util.Map;

/** Every prompt of the domain, synthesized once at start-up at 8 kHz, so no reply waits for speech synthesis. */
final class Prompts {
  private final Map<String, Pcm> audio = new HashMap<>();

  private final long holdMs;
  private Pcm holdMusic;

  Prompts(Synthesizer tts) {
    this(tts, Map.of(), 0, 0);
  }

  /**
   * With a greeting by name for each known customer ({@code number -> name}), under {@link #greetingFor}; every reply but
   * the greetings with {@code pauseMs} of silence added at its longest pause between words; {@code holdMs} of hold music.
   */
  Prompts(Synthesizer tts, Map<String, String> customers, long pauseMs, long holdMs) {
    this.holdMs = holdMs;
    Map<String, String> texts = new HashMap<>(BankDomain.PROMPTS);
    texts.putAll(BankDomain.FORM_PROMPTS);
    customers.forEach((number, name) -> texts.put(greetingFor(number), BankDomain.greetingFor(name)));
    for (Map.Entry<String, String> e : texts.entrySet()) {
      Pcm speech = tts.synthesize(new SynthesisRequest(e.getValue(), tts.defaultVoice(), ""));
      Pcm prompt = Resampler.resample(speech, 8000);
      audio.put(e.getKey(), pauseMs > 0 && !e.getKey().startsWith(BankDomain.GREETING) ? withPause(prompt, pauseMs) : prompt);
    }
    if (holdMs > 0) holdMusic = dev.earshot.audio.HoldMusic.render(1, holdMs / 1000.0, 8000);
  }

  /** Hold music, {@code holdMs} long; null when the agent has none. */
  Pcm holdMusic() {
    return holdMusic;
  }

  /** {@code p} with {@code ms} of silence added in the middle of its longest stretch of unvoiced frames between words. */
  static Pcm withPause(Pcm p, long ms) {
    float[] x = p.samples();
    int frame = p.sampleRate() / 50, n = x.length / frame;
    int first = dev.earshot.audio.VoiceActivity.DEFAULT.firstVoicedFrame(p, frame), last = dev.earshot.audio.VoiceActivity.DEFAULT.lastVoicedFrame(p, frame);
    int bestStart = -1, bestLength = 0;
    for (int k = Math.max(0, first); k <= last && k < n; ) {
      if (dev.earshot.audio.VoiceActivity.DEFAULT.isVoiced(x, k * frame, (k + 1) * frame)) {
        k++;
        continue;
      }
      int run = k;
      while (run <= last && !dev.earshot.audio.VoiceActivity.DEFAULT.isVoiced(x, run * frame, (run + 1) * frame)) run++;
      if (run - k > bestLength) {
        bestLength = run - k;
        bestStart = k;
      }
      k = run;
    }
    if (bestStart < 0) return p; // one word: nowhere to pause
    int at = (bestStart + bestLength / 2) * frame, add = (int) (ms * p.sampleRate() / 1000);
    float[] y = new float[x.length + add];
    System.arraycopy(x, 0, y, 0, at);
    System.arraycopy(x, at, y, at + add, x.length - at);
    return new Pcm(p.sampleRate(), y);
  }

  /** The prompt key of a known customer's greeting. */
  static String greetingFor(String number) {
    return BankDomain.GREETING + ":" + number;
  }

  Pcm get(String intent) {
    Pcm p = audio.get(intent);
    return p != null ? p : audio.get(BankDomain.UNKNOWN);
  }
}
