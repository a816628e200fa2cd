package dev.earshot.corpora;

import java.nio.file.Path;

/**
 * The front door of the corpora module: the speech engines every other module uses. Each engine is loaded
 * once per JVM and shared (MaryTTS takes seconds to start, the Vosk model ~100 MiB).
 */
public final class Speech {
  private Speech() {}

  /**
   * MaryTTS (the default voice) and eSpeak NG (voices named {@code espeak-ng:NAME}, e.g.
   * {@code espeak-ng:en-gb-scotland}), caching every clip as a WAV under {@code cacheDir} by a hash of the
   * engine version and the request.
   */
  public static Synthesizer synthesizer(Path cacheDir) {
    return new VoiceRouter(new CachingSynthesizer(MaryTtsSynthesizer.shared(), cacheDir), new CachingSynthesizer(new EspeakSynthesizer(), cacheDir));
  }

  /** The same engines without a cache. */
  public static Synthesizer synthesizer() {
    return new VoiceRouter(MaryTtsSynthesizer.shared(), new EspeakSynthesizer());
  }

  /** The voice string for {@code engine} ({@code marytts} or {@code espeak-ng}) and its voice {@code name}. */
  public static String voice(String engine, String name) {
    return engine.equals("espeak-ng") ? VoiceRouter.ESPEAK_PREFIX + name : name;
  }

  /** Vosk with the small US English model. */
  public static Transcriber transcriber() {
    return VoskTranscriber.shared();
  }

  /** The default synthesis cache: {@code $XDG_CACHE_HOME/earshot/tts}, or {@code ~/.cache/earshot/tts}. */
  public static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("earshot").resolve("tts");
  }
}
