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
    for (Map.Entry<String, String> e : BankDomain.PROMPTS.entrySet()) {
      Pcm speech = tts.synthesize(new SynthesisRequest(e.getValue(), tts.defaultVoice(), ""));
      audio.put(e.getKey(), Resampler.resample(speech, 8000));
    }
  }

  Pcm get(String intent) {
    Pcm p = audio.get(intent);
    return p != null ? p : audio.get(BankDomain.UNKNOWN);
  }
}
