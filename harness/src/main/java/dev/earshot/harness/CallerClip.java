package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.Wav;
import dev.earshot.audio.dsp.Biquad;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.SynthesisRequest;
import dev.earshot.corpora.Synthesizer;
import dev.earshot.telephony.rtp.MediaStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One caller sound ready for the wire: degraded, at 8 kHz, with the indexes of its first and last speech frames.
 *
 * <p>Speech frames are found on the spoken utterance (after the profile's speaker stages, such as tempo or
 * hesitations, which may move them), not on the degraded one, so added noise never moves where the caller
 * "started" or "stopped talking"; every later stage keeps timing, so the indexes hold for the degraded audio too.
 *
 * @param text the words said; empty for a non-speech sound
 * @param firstSpeechFrame index of the first 20 ms frame holding caller speech (or sound), or -1 for none
 * @param lastSpeechFrame index of the last one, or -1 for none
 * @param interruptAfterMs the caller does not wait for the agent to finish: it starts this many ms into the
 *     agent's current utterance (a persona's behaviour); -1: it waits
 * @param shared the audio as every call that plays it sends it: with G.711, encoded once for them all (a load run's
 *     hundreds of calls of one scenario share its frames)
 */
record CallerClip(String text, Pcm audio, int firstSpeechFrame, int lastSpeechFrame, long interruptAfterMs, dev.earshot.telephony.rtp.SharedClip shared) {
  CallerClip(String text, Pcm audio, int firstSpeechFrame, int lastSpeechFrame, long interruptAfterMs) {
    this(text, audio, firstSpeechFrame, lastSpeechFrame, interruptAfterMs, dev.earshot.telephony.rtp.SharedClip.of(audio));
  }

  /** Synthesizes {@code text} with the profile's voice (or the default one) and degrades it. */
  static CallerClip prepare(Synthesizer tts, String text, DegradationProfile profile, long seed) {
    return prepare(tts, text, profile, null, seed);
  }

  /**
   * {@code text} as {@code persona} says it (null: plainly), synthesized with the profile's voice, else the
   * persona's, else the default one; then the persona's speaker stages and the profile's chain. With a persona
   * its choices come from a stream split off {@code seed}; without one the clip is what it always was.
   */
  static CallerClip prepare(Synthesizer tts, String text, DegradationProfile profile, Persona persona, long seed) {
    dev.earshot.audio.profile.Voice v = profile.voice() != null ? profile.voice() : persona != null ? persona.voice() : null;
    String voice = v == null ? tts.defaultVoice() : Speech.voice(v.engine(), v.name());
    if (persona == null) return degrade(text, tts.synthesize(new SynthesisRequest(text, voice, "")), profile, seed, -1);
    SplittableRandom random = new SplittableRandom(seed ^ PERSONA_SEED);
    Persona.Utterance u = persona.say(text, random.split());
    Pcm speech = speaker(tts.synthesize(new SynthesisRequest(u.spoken(), voice, "")), persona, random);
    return degrade(u.reference(), speech, profile, seed, interruptAfter(persona));
  }

  private static final long PERSONA_SEED = 0x5DEECE66DL;

  /** A recorded utterance ({@code wav}, any rate, mono) saying {@code transcript}, degraded by the profile. */
  static CallerClip recorded(Path wav, String transcript, DegradationProfile profile, long seed) {
    return recorded(wav, transcript, profile, null, seed);
  }

  /** A recording through a persona's speaker stages (its words and voice are the recording's own) and the profile. */
  static CallerClip recorded(Path wav, String transcript, DegradationProfile profile, Persona persona, long seed) {
    Pcm speech = Wav.read(wav);
    if (persona != null) speech = speaker(speech, persona, new SplittableRandom(seed ^ PERSONA_SEED));
    return degrade(transcript, speech, profile, seed, interruptAfter(persona));
  }

  /** The persona's speaker stages, at 16 kHz (they cost less there; nothing above 8 kHz reaches a call). */
  private static Pcm speaker(Pcm speech, Persona persona, SplittableRandom random) {
    if (persona.speaker().isEmpty()) return speech;
    Pcm out = speech.sampleRate() > 16000 ? Resampler.resample(speech, 16000) : speech;
    for (dev.earshot.audio.profile.Stage s : persona.speaker()) out = s.apply(out, random.split());
    return out;
  }

  private static long interruptAfter(Persona persona) {
    return persona == null || persona.behaviour().interruptsAfterMs() == null ? -1 : persona.behaviour().interruptsAfterMs();
  }

  private static CallerClip degrade(String text, Pcm speech, DegradationProfile profile, long seed, long interruptAfterMs) {
    DegradationProfile.Rendered rendered = profile.render(speech, seed);
    Pcm spoken = Resampler.resample(rendered.spoken(), MediaStream.SAMPLE_RATE);
    int first = VoiceActivity.DEFAULT.firstVoicedFrame(spoken, MediaStream.FRAME_SAMPLES);
    int last = VoiceActivity.DEFAULT.lastVoicedFrame(spoken, MediaStream.FRAME_SAMPLES);
    Pcm degraded = Resampler.resample(rendered.degraded(), MediaStream.SAMPLE_RATE);
    return new CallerClip(text, degraded, first, last, interruptAfterMs);
  }

  /**
   * A non-speech sound, not degraded (it stands for something in the caller's room): {@code cough} is a burst
   * of noise band-limited to 300-3000 Hz with a 10 ms attack and an exponential decay; {@code noise} is steady
   * white noise. Either at {@code levelDbfs} RMS over its length, from the seed.
   */
  static CallerClip sound(Step.NoiseOnly spec, long seed) {
    int n = (int) (spec.ms() * MediaStream.SAMPLE_RATE / 1000);
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
    if (spec.sound().equals("cough")) {
      x = Biquad.filter(List.of(Biquad.highPass(MediaStream.SAMPLE_RATE, 300, 0.707), Biquad.lowPass(MediaStream.SAMPLE_RATE, 3000, 0.707)), x);
      int attack = MediaStream.SAMPLE_RATE / 100;
      for (int i = 0; i < n; i++) {
        double env = i < attack ? i / (double) attack : Math.exp(-3.0 * (i - attack) / Math.max(1, n - attack));
        x[i] *= (float) env;
      }
    }
    double energy = 0;
    for (float v : x) energy += v * (double) v;
    double rms = Math.sqrt(energy / n);
    double gain = Math.pow(10, spec.levelDbfs() / 20) / Math.max(1e-9, rms);
    for (int i = 0; i < n; i++) x[i] = (float) Math.max(-1, Math.min(1, x[i] * gain));
    int frames = (n + MediaStream.FRAME_SAMPLES - 1) / MediaStream.FRAME_SAMPLES;
    return new CallerClip("", new Pcm(MediaStream.SAMPLE_RATE, x), 0, frames - 1, -1);
  }
}
