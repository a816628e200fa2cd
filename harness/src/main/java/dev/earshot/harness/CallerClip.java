package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.SynthesisRequest;
import dev.earshot.corpora.Synthesizer;
import dev.earshot.telephony.rtp.MediaStream;

/**
 * One caller utterance ready for the wire: degraded, at 8 kHz, with the index of its last speech frame.
 *
 * <p>The last speech frame is found on the spoken utterance (after the profile's speaker stages, such as
 * tempo or hesitations, which may move it), not on the degraded one, so added noise never moves where the
 * caller "stopped talking"; every later stage keeps timing, so the index holds for the degraded audio too.
 *
 * @param lastSpeechFrame index of the last 20 ms frame holding caller speech, or -1 for none
 */
record CallerClip(String text, Pcm audio, int lastSpeechFrame) {

  static CallerClip prepare(Synthesizer tts, String text, DegradationProfile profile, long seed) {
    String voice = profile.voice() == null ? tts.defaultVoice() : Speech.voice(profile.voice().engine(), profile.voice().name());
    Pcm speech = tts.synthesize(new SynthesisRequest(text, voice, ""));
    DegradationProfile.Rendered rendered = profile.render(speech, seed);
    Pcm spoken = Resampler.resample(rendered.spoken(), MediaStream.SAMPLE_RATE);
    int last = VoiceActivity.DEFAULT.lastVoicedFrame(spoken, MediaStream.FRAME_SAMPLES);
    Pcm degraded = Resampler.resample(rendered.degraded(), MediaStream.SAMPLE_RATE);
    return new CallerClip(text, degraded, last);
  }
}
