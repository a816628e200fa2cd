package dev.earshot.audio.bench;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.SpeechLevel;
import dev.earshot.audio.Wav;
import dev.earshot.audio.profile.BandPassStage;
import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.G711Stage;
import dev.earshot.audio.profile.NoiseStage;
import dev.earshot.audio.profile.ResampleStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The same chain rendered by sox and by Earshot, side by side in one run, on the same 60 s utterance at
 * 48 kHz: white noise at 10 dB SNR (against the active speech level), 300-3400 Hz band-pass, resampling to
 * 8 kHz, and a G.711 mu-law round trip. Alternates the two, {@code rounds} times after warm-up, and prints the
 * median wall time of each and their ratio. Run by bench/sox-vs-earshot.sh (pinned to one core).
 *
 * <p>sox's time includes starting its two processes (the render and the mu-law decode), a few ms; Earshot's
 * is in-process, as it renders inside a run, with the JVM warm. Both read the same WAV and write a WAV.
 */
public final class SoxComparison {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path dir = Files.createTempDirectory("earshot-sox-bench");
    Pcm speech = BenchAudio.speech(48000);
    Path in = dir.resolve("in.wav");
    Wav.write(in, speech);
    double level = SpeechLevel.activeLevelDb(speech);
    double vol = Math.pow(10, (level - 10 + 4.771) / 20); // sox's whitenoise is uniform in [-1, 1]: -4.77 dBFS RMS
    DegradationProfile earshot = new DegradationProfile("sox-equivalent", "", List.of(
        new NoiseStage("white", 10), new BandPassStage(300, 3400), new ResampleStage(8000), new G711Stage("ulaw")));
    Path mid = dir.resolve("sox.ul.wav"), soxOut = dir.resolve("sox.wav"), esOut = dir.resolve("earshot.wav");
    List<String> render = List.of("sox", "-D", "-m", "-v", "1", in.toString(), "-v", String.format(Locale.ROOT, "%.6f", vol),
        "|sox -D -n -r 48000 -c 1 -b 16 -p synth " + BenchAudio.SECONDS + " whitenoise",
        "-r", "8000", "-e", "u-law", "-b", "8", mid.toString(), "sinc", "300-3400", "rate", "8000");
    List<String> decode = List.of("sox", "-D", mid.toString(), "-e", "signed", "-b", "16", soxOut.toString());

    for (int w = 0; w < 3; w++) {
      Wav.write(esOut, earshot.apply(Wav.read(in), w));
      run(render);
      run(decode);
    }
    double[] es = new double[rounds], sx = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t = System.nanoTime();
      Wav.write(esOut, earshot.apply(Wav.read(in), r));
      es[r] = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      run(render);
      run(decode);
      sx[r] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(es);
    Arrays.sort(sx);
    double esMed = es[rounds / 2], sxMed = sx[rounds / 2];
    Pcm a = Wav.read(esOut), b = Wav.read(soxOut);
    System.out.printf(Locale.ROOT, "input: %.0f s of speech at 48 kHz, active level %.1f dBFS; chain: white noise 10 dB SNR, 300-3400 Hz, 8 kHz, mu-law%n",
        speech.durationSeconds(), level);
    System.out.printf(Locale.ROOT, "sox 14.4:  median %7.1f ms (min %.1f, max %.1f) = %5.0fx real time; output %d samples, level %.1f dBFS%n",
        sxMed, sx[0], sx[rounds - 1], BenchAudio.SECONDS * 1000 / sxMed, b.length(), SpeechLevel.activeLevelDb(b));
    System.out.printf(Locale.ROOT, "Earshot:   median %7.1f ms (min %.1f, max %.1f) = %5.0fx real time; output %d samples, level %.1f dBFS%n",
        esMed, es[0], es[rounds - 1], BenchAudio.SECONDS * 1000 / esMed, a.length(), SpeechLevel.activeLevelDb(a));
    System.out.printf(Locale.ROOT, "ratio: Earshot is %.2fx %s than sox on this chain (%d rounds, alternating)%n",
        esMed < sxMed ? sxMed / esMed : esMed / sxMed, esMed < sxMed ? "faster" : "slower", rounds);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + ": " + new String(out));
  }
}
