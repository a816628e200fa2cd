package dev.earshot.corpora;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Programs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * eSpeak NG (the Debian package {@code espeak-ng}), run as a program: a second, formant-synthesis voice with
 * many English accents ({@code en-gb-scotland}, {@code en-029}, {@code en-gb-x-rp}, {@code en-us} ...) and
 * foreign voices that read English with their own phonology ({@code fr}, {@code de}, {@code hi}, {@code es}).
 * Output is 22,050 Hz mono. Deterministic for a given espeak-ng version; thread-safe (one process per request).
 */
final class EspeakSynthesizer implements Synthesizer {
  static final String PROGRAM = "espeak-ng";
  private static final long TIMEOUT_S = 60;
  private volatile String version;
  private volatile java.util.Set<String> voices;

  @Override
  public String engine() {
    String v = version;
    if (v == null) {
      String out = new String(run(new String[] {PROGRAM, "--version"}, new byte[0], "--version"), StandardCharsets.UTF_8);
      version = v = "espeak-ng-" + out.replaceAll("(?s).*?(\\d+\\.\\d+(\\.\\d+)?).*", "$1");
    }
    return v;
  }

  @Override
  public String defaultVoice() {
    return "en-us";
  }

  @Override
  public Pcm synthesize(SynthesisRequest request) {
    requireVoice(request.voice());
    byte[] wav = run(new String[] {PROGRAM, "-v", request.voice(), "--stdout"}, request.text().getBytes(StandardCharsets.UTF_8), "voice " + request.voice());
    return parse(wav, request.voice());
  }

  /**
   * espeak-ng falls back to its default voice, silently, for a name it does not know: check the name (before
   * any {@code +variant}) against its list of languages, voice names and voice files first.
   */
  private void requireVoice(String voice) {
    java.util.Set<String> known = voices;
    if (known == null) {
      known = new java.util.HashSet<>();
      String list = new String(run(new String[] {PROGRAM, "--voices"}, new byte[0], "--voices"), StandardCharsets.UTF_8);
      for (String line : list.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || f[0].equals("Pty")) continue;
        known.add(f[1].toLowerCase());
        known.add(f[3].toLowerCase());
        known.add(f[4].substring(f[4].lastIndexOf('/') + 1).toLowerCase());
      }
      voices = known;
    }
    String base = voice.split("\\+", 2)[0].toLowerCase();
    if (!known.contains(base)) {
      throw new SpeechException("espeak-ng has no voice '" + voice + "'; expected a language or voice name from 'espeak-ng --voices', e.g. en-us, en-gb-scotland, en-029, fr");
    }
  }

  /** espeak-ng writes a streaming WAV header (sizes unknown): read the format, then everything after "data". */
  private static Pcm parse(byte[] wav, String voice) {
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 44 || b.getInt(0) != 0x46464952) throw new SpeechException("espeak-ng (voice " + voice + ") did not return a WAV");
    int rate = 0;
    int pos = 12;
    while (pos + 8 <= wav.length) {
      int id = b.getInt(pos), size = b.getInt(pos + 4);
      if (id == 0x20746d66) rate = b.getInt(pos + 12); // "fmt "
      if (id == 0x61746164) { // "data"
        int n = (wav.length - pos - 8) / 2;
        short[] s = new short[n];
        b.position(pos + 8);
        b.asShortBuffer().get(s);
        return Pcm.fromShorts(rate, s);
      }
      pos += 8 + size;
    }
    throw new SpeechException("espeak-ng (voice " + voice + ") returned a WAV without audio");
  }

  private static byte[] run(String[] command, byte[] stdin, String what) {
    Programs.Result r;
    try {
      r = Programs.run(java.util.List.of(command), stdin, TIMEOUT_S);
    } catch (IOException e) {
      throw new SpeechException("the espeak-ng voices need the espeak-ng program, which is not on PATH; install the Debian package espeak-ng");
    } catch (IllegalStateException e) {
      throw new SpeechException("espeak-ng (" + what + "): " + e.getMessage(), e);
    }
    if (r.exit() != 0 || r.stdout().length == 0) {
      throw new SpeechException("espeak-ng failed (" + what + "), exit " + r.exit() + (r.stderr().isEmpty() ? "" : ": " + r.stderr()));
    }
    return r.stdout();
  }
}
