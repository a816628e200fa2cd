package dev.earshot.audio.profile;

import dev.earshot.audio.Wav;
import dev.earshot.audio.dsp.Resampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Recorded audio used as noise: WAV files read once per sample rate and shared, then looped from a seeded start. */
final class NoiseBeds {
  private static final ConcurrentHashMap<String, float[]> CACHE = new ConcurrentHashMap<>();

  private NoiseBeds() {}

  /** {@code file} (mono or stereo, any rate) at {@code rate}, read once. */
  static float[] load(Path file, int rate) {
    String key = file.toAbsolutePath().normalize() + "@" + rate;
    return CACHE.computeIfAbsent(key, k -> {
      if (!Files.isRegularFile(file)) throw new ProfileException(file + ": noise file not found (paths are relative to the profile's own file)");
      float[] x = Resampler.resample(Wav.read(file), rate).samples();
      if (x.length == 0) throw new ProfileException(file + ": expected some audio, found an empty WAV");
      return x;
    });
  }

  /** Every {@code *.wav} in {@code dir}, sorted by name so that seeds pick the same files everywhere. */
  static List<Path> wavFiles(Path dir) {
    if (!Files.isDirectory(dir)) throw new ProfileException(dir + ": expected a directory of talker WAV files");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> wavs = files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".wav")).sorted().toList();
      if (wavs.isEmpty()) throw new ProfileException(dir + ": expected at least one .wav file, found none");
      return wavs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code length} samples of {@code bed}, looped, starting at a seeded offset. */
  static float[] loop(float[] bed, int length, SplittableRandom random) {
    float[] out = new float[length];
    int pos = random.nextInt(bed.length);
    for (int i = 0; i < length; i++) {
      out[i] = bed[pos];
      if (++pos == bed.length) pos = 0;
    }
    return out;
  }

  static Path resolve(Path base, String file) {
    Path p = Path.of(file);
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }
}
