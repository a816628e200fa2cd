package dev.earshot.corpora;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import dev.earshot.audio.WavFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps every synthesized clip on disk under a content hash of its request, so a second run of a suite
 * synthesizes nothing. Writes are atomic; an unreadable cache entry is synthesized again.
 */
final class CachingSynthesizer implements Synthesizer {
  private final Synthesizer engine;
  private final Path dir;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  CachingSynthesizer(Synthesizer engine, Path dir) {
    this.engine = engine;
    this.dir = dir;
  }

  @Override
  public String engine() {
    return engine.engine();
  }

  @Override
  public String defaultVoice() {
    return engine.defaultVoice();
  }

  @Override
  public Pcm synthesize(SynthesisRequest request) {
    Path file = dir.resolve(request.cacheKey(engine.engine()) + ".wav");
    if (Files.isRegularFile(file)) {
      try {
        Pcm cached = Wav.read(file);
        hits.increment();
        return cached;
      } catch (WavFormatException | java.io.UncheckedIOException e) {
        // a damaged entry: fall through and replace it
      }
    }
    misses.increment();
    Pcm fresh = engine.synthesize(request);
    Wav.write(file, fresh);
    return Pcm.fromShorts(fresh.sampleRate(), fresh.toShorts()); // exactly what a later cache hit returns
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }
}
