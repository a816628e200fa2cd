package dev.earshot.corpora;

import dev.earshot.audio.Pcm;

/**
 * One synthesizer for every engine: a request's voice {@code espeak-ng:NAME} goes to eSpeak NG, any other
 * voice to MaryTTS. MaryTTS is the default engine (its voice is the default voice).
 */
final class VoiceRouter implements Synthesizer {
  static final String ESPEAK_PREFIX = "espeak-ng:";
  private final Synthesizer mary;
  private final Synthesizer espeak;

  VoiceRouter(Synthesizer mary, Synthesizer espeak) {
    this.mary = mary;
    this.espeak = espeak;
  }

  @Override
  public String engine() {
    return mary.engine();
  }

  @Override
  public String defaultVoice() {
    return mary.defaultVoice();
  }

  @Override
  public Pcm synthesize(SynthesisRequest request) {
    if (!request.voice().startsWith(ESPEAK_PREFIX)) return mary.synthesize(request);
    return espeak.synthesize(new SynthesisRequest(request.text(), request.voice().substring(ESPEAK_PREFIX.length()), request.effects()));
  }
}
