package dev.earshot.corpora;

import java.nio.file.Path;

/**
 * The front door of the corpora module: the speech engines every other module uses. Each engine is loaded
 * once per JVM and shared (MaryTTS takes seconds to start, the Vosk model ~100 MiB).
 */
public final class Speech {
  private Speech() {}

  /**
   * MaryTTS (the default voice), eSpeak NG (voices named {@code espeak-ng:NAME}, e.g.
   * {@code espeak-ng:en-gb-scotland}) and recordings ({@code recorded:DIR}, not cached), caching every clip as a WAV under {@code cacheDir} by a hash of the
   * engine version and the request.
   */
  public static Synthesizer synthesizer(Path cacheDir) {
    return new VoiceRouter(new CachingSynthesizer(MaryTtsSynthesizer.shared(), cacheDir), new CachingSynthesizer(new EspeakSynthesizer(), cacheDir));
  }

  /** The same engines without a cache. */
  public static Synthesizer synthesizer() {
    return new VoiceRouter(MaryTtsSynthesizer.shared(), new EspeakSynthesizer());
  }

  /**
   * The voice string for {@code engine} and its voice {@code name}: {@code marytts} (a MaryTTS voice),
   * {@code espeak-ng} (an eSpeak NG voice) or {@code recorded} (a directory of NAME.wav + NAME.txt recordings).
   */
  public static String voice(String engine, String name) {
    return switch (engine) {
      case "espeak-ng" -> VoiceRouter.ESPEAK_PREFIX + name;
      case "recorded" -> VoiceRouter.RECORDED_PREFIX + name;
      default -> name;
    };
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
