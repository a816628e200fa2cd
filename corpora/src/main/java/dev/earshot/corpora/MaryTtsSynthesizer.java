package dev.earshot.corpora;

import dev.earshot.audio.Pcm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import marytts.LocalMaryInterface;
import marytts.exceptions.MaryConfigurationException;
import marytts.exceptions.SynthesisException;

/**
 * MaryTTS in this process, with its one freely available English voice ({@code cmu-slt-hsmm}). Starting
 * MaryTTS takes about two seconds and one request already keeps more than a core busy, so there is one
 * instance per JVM ({@link #shared()}) and requests are serialised.
 */
final class MaryTtsSynthesizer implements Synthesizer {
  static final String VOICE = "cmu-slt-hsmm";
  private static volatile MaryTtsSynthesizer shared;

  private final LocalMaryInterface mary;

  private MaryTtsSynthesizer() {
    try {
      mary = new LocalMaryInterface();
    } catch (MaryConfigurationException e) {
      throw new SpeechException("MaryTTS did not start: " + e.getMessage(), e);
    }
    if (!mary.getAvailableVoices().contains(VOICE)) {
      throw new SpeechException("MaryTTS started without the " + VOICE + " voice; found " + mary.getAvailableVoices()
          + " (a repackaged jar must merge META-INF/services/marytts.config.MaryConfig)");
    }
  }

  static MaryTtsSynthesizer shared() {
    MaryTtsSynthesizer s = shared;
    if (s == null) {
      synchronized (MaryTtsSynthesizer.class) {
        if (shared == null) shared = new MaryTtsSynthesizer();
        s = shared;
      }
    }
    return s;
  }

  @Override
  public String engine() {
    return "marytts-5.2.1";
  }

  @Override
  public String defaultVoice() {
    return VOICE;
  }

  @Override
  public synchronized Pcm synthesize(SynthesisRequest request) {
    try {
      mary.setVoice(request.voice());
      mary.setAudioEffects(request.effects().isEmpty() ? null : request.effects());
      try (AudioInputStream audio = mary.generateAudio(request.text())) {
        return toPcm(audio);
      }
    } catch (SynthesisException | IllegalArgumentException e) {
      throw new SpeechException("MaryTTS could not say \"" + request.text() + "\" with voice " + request.voice() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SpeechException("reading MaryTTS audio failed: " + e.getMessage(), e);
    }
  }

  /** Reads the stream to its end: MaryTTS streams return early from readAllBytes. */
  static Pcm toPcm(AudioInputStream audio) throws IOException {
    AudioFormat f = audio.getFormat();
    if (f.getSampleSizeInBits() != 16 || f.getChannels() != 1 || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
      throw new SpeechException("MaryTTS produced " + f + "; expected 16-bit signed mono PCM");
    }
    byte[] bytes = readFully(audio);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    float[] samples = new float[bytes.length / 2];
    for (int i = 0; i < samples.length; i++) samples[i] = b.getShort(2 * i) / 32768f;
    return new Pcm(Math.round(f.getSampleRate()), samples);
  }

  private static byte[] readFully(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
    byte[] buf = new byte[1 << 14];
    for (int n; (n = in.read(buf)) != -1; ) out.write(buf, 0, n);
    return out.toByteArray();
  }
}
