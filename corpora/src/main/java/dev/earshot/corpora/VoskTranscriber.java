package dev.earshot.corpora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.earshot.audio.Pcm;
import dev.earshot.audio.dsp.Resampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk with the small US English model, loaded once per JVM. The model is 16 kHz and Vosk never upsamples,
 * so telephone audio is converted to 16 kHz here first. Each {@link Recognition} owns one native recognizer
 * for one utterance only: a recognizer's memory grows with what it is fed and is not given back.
 */
final class VoskTranscriber implements Transcriber {
  static final int MODEL_RATE = 16000;
  private static final JsonMapper JSON = dev.earshot.audio.Json.MAPPER;
  private static volatile VoskTranscriber shared;

  private final Model model;

  private VoskTranscriber(Path modelDir) {
    requireNoDither(modelDir);
    LibVosk.setLogLevel(LogLevel.WARNINGS);
    try {
      this.model = new Model(modelDir.toString());
    } catch (IOException e) {
      throw new SpeechException("cannot load the Vosk model from " + modelDir + ": " + e.getMessage(), e);
    }
  }

  static VoskTranscriber shared() {
    VoskTranscriber s = shared;
    if (s == null) {
      synchronized (VoskTranscriber.class) {
        if (shared == null) shared = new VoskTranscriber(locateModel());
        s = shared;
      }
    }
    return s;
  }

  /**
   * The model directory: system property {@code earshot.vosk.model}, else environment variable
   * {@code EARSHOT_VOSK_MODEL}, else {@code vosk-model} beside the running jar (where the build unpacks it).
   */
  static Path locateModel() {
    List<Path> tried = new ArrayList<>();
    String prop = System.getProperty("earshot.vosk.model");
    if (prop != null) tried.add(Path.of(prop));
    String env = System.getenv("EARSHOT_VOSK_MODEL");
    if (env != null) tried.add(Path.of(env));
    try {
      Path code = Path.of(VoskTranscriber.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      tried.add(code.resolveSibling("vosk-model"));
    } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
      // no code source: only the explicit settings apply
    }
    for (Path p : tried) if (Files.isRegularFile(p.resolve("am/final.mdl"))) return p;
    throw new SpeechException("no Vosk model found; looked in " + tried
        + " (build with 'mvn package', which unpacks com.alphacephei:vosk-model-en, or set EARSHOT_VOSK_MODEL)");
  }

  /**
   * Kaldi adds random dither to the features unless told not to, drawing from one process-wide generator:
   * transcripts of the same audio then change whenever recognizers run at the same time (measured here: 3 in
   * 12 differed). Earshot's figures must be reproducible, so the model must switch dither off.
   */
  static void requireNoDither(Path modelDir) {
    Path conf = modelDir.resolve("conf/mfcc.conf");
    try {
      if (Files.readAllLines(conf).stream().noneMatch(l -> l.trim().matches("--dither=0(\\.0*)?"))) {
        throw new SpeechException(conf + ": expected a line '--dither=0.0' (without it Vosk's transcripts vary between "
            + "concurrent runs); add it, or use the model the build unpacks");
      }
    } catch (IOException e) {
      throw new SpeechException(conf + ": cannot read the model's feature settings: " + e.getMessage(), e);
    }
  }

  @Override
  public String transcribe(Pcm audio) {
    try (Recognition r = open(audio.sampleRate())) {
      float[] x = audio.samples();
      int chunk = audio.sampleRate() / 5;
      for (int i = 0; i < x.length; i += chunk) r.accept(java.util.Arrays.copyOfRange(x, i, Math.min(x.length, i + chunk)));
      return r.finish();
    }
  }

  @Override
  public Recognition open(int sampleRate) {
    try {
      return new VoskRecognition(new Recognizer(model, MODEL_RATE), sampleRate);
    } catch (IOException e) {
      throw new SpeechException("cannot create a Vosk recognizer: " + e.getMessage(), e);
    }
  }

  private static final class VoskRecognition implements Recognition {
    private final Recognizer recognizer;
    private final Resampler.Stream upsample;
    private final StringBuilder text = new StringBuilder();
    private volatile boolean closed;

    VoskRecognition(Recognizer recognizer, int sampleRate) {
      this.recognizer = recognizer;
      this.upsample = sampleRate == MODEL_RATE ? null : Resampler.of(sampleRate, MODEL_RATE).stream();
    }

    @Override
    public void accept(float[] samples) {
      requireOpen();
      feed(upsample == null ? samples : upsample.push(samples));
    }

    /** The native recognizer is freed on close: using it after that would crash the JVM, so refuse. */
    private void requireOpen() {
      if (closed) throw new IllegalStateException("recognition already closed");
    }

    private void feed(float[] x) {
      if (x.length == 0) return;
      short[] pcm = new short[x.length];
      for (int i = 0; i < x.length; i++) pcm[i] = Pcm.toShort(x[i]);
      if (recognizer.acceptWaveForm(pcm, pcm.length)) append(recognizer.getResult());
    }

    @Override
    public String finish() {
      requireOpen();
      if (upsample != null) feed(upsample.flush());
      append(recognizer.getFinalResult());
      return text.toString();
    }

    private void append(String json) {
      try {
        JsonNode node = JSON.readTree(json);
        String t = node.path("text").asText("").trim();
        if (!t.isEmpty()) {
          if (text.length() > 0) text.append(' ');
          text.append(t);
        }
      } catch (IOException e) {
        throw new SpeechException("Vosk returned unreadable JSON: " + json, e);
      }
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        recognizer.close();
      }
    }
  }
}
