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

  Prompts(Synthesizer tts) {
    this(tts, Map.of());
  }

  /** With a greeting by name for each known customer ({@code number -> name}), under {@link #greetingFor}. */
  Prompts(Synthesizer tts, Map<String, String> customers) {
    Map<String, String> texts = new HashMap<>(BankDomain.PROMPTS);
    texts.putAll(BankDomain.FORM_PROMPTS);
    customers.forEach((number, name) -> texts.put(greetingFor(number), BankDomain.greetingFor(name)));
    for (Map.Entry<String, String> e : texts.entrySet()) {
      Pcm speech = tts.synthesize(new SynthesisRequest(e.getValue(), tts.defaultVoice(), ""));
      audio.put(e.getKey(), Resampler.resample(speech, 8000));
    }
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
