package dev.earshot.corpora;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Real recordings instead of TTS: a directory of {@code NAME.wav} files, each with a {@code NAME.txt} holding
 * its words. A request is answered with the recording whose words match its text (case, punctuation and
 * spacing ignored), so a suite can be replayed with a real speaker's voice and accent. The voice name is the
 * directory.
 */
final class RecordedVoice implements Synthesizer {
  private final ConcurrentHashMap<Path, Map<String, Path>> indexes = new ConcurrentHashMap<>();

  @Override
  public String engine() {
    return "recorded";
  }

  @Override
  public String defaultVoice() {
    return ".";
  }

  @Override
  public Pcm synthesize(SynthesisRequest request) {
    Path dir = Path.of(request.voice());
    Map<String, Path> index = indexes.computeIfAbsent(dir.toAbsolutePath().normalize(), RecordedVoice::index);
    Path wav = index.get(normalise(request.text()));
    if (wav == null) {
      throw new SpeechException(dir + ": no recording says '" + request.text() + "' (" + index.size()
          + " recordings; each NAME.wav needs a NAME.txt with its words)");
    }
    return Wav.read(wav);
  }

  static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }

  private static Map<String, Path> index(Path dir) {
    if (!Files.isDirectory(dir)) throw new SpeechException(dir + ": expected a directory of recordings (NAME.wav + NAME.txt)");
    Map<String, Path> index = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path txt : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        Path wav = txt.resolveSibling(txt.getFileName().toString().replaceFirst("\\.txt$", ".wav"));
        if (Files.isRegularFile(wav)) index.putIfAbsent(normalise(Files.readString(txt)), wav);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    return index;
  }
}
