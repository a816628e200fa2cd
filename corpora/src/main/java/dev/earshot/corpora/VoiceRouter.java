package dev.earshot.corpora;

import dev.earshot.audio.Pcm;

/**
 * One synthesizer for every engine: a request's voice {@code espeak-ng:NAME} goes to eSpeak NG,
 * {@code recorded:DIR} to the recordings in DIR, any other voice to MaryTTS. MaryTTS is the default engine
 * (its voice is the default voice).
 */
final class VoiceRouter implements Synthesizer {
  static final String ESPEAK_PREFIX = "espeak-ng:";
  static final String RECORDED_PREFIX = "recorded:";
  private final Synthesizer recorded = new RecordedVoice();
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
    if (request.voice().startsWith(RECORDED_PREFIX)) return recorded.synthesize(withVoice(request, RECORDED_PREFIX));
    if (request.voice().startsWith(ESPEAK_PREFIX)) return espeak.synthesize(withVoice(request, ESPEAK_PREFIX));
    return mary.synthesize(request);
  }

  private static SynthesisRequest withVoice(SynthesisRequest request, String prefix) {
    return new SynthesisRequest(request.text(), request.voice().substring(prefix.length()), request.effects());
  }
}
