package dev.earshot.telephony.dtmf;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds DTMF keys in audio (in-band), with the Goertzel algorithm on blocks of 205 samples at 8 kHz (about
 * 25.6 ms, the classic size whose bins fall close to all eight tone frequencies).
 *
 * <p>A block holds a key when its strongest row and strongest column tone together carry most of the block's
 * energy, each stands {@value #PEAK_DB} dB above the other tones of its group, and the twist (column level
 * minus row level) is within +{@value #TWIST_DB} / -{@value #REVERSE_TWIST_DB} dB. A key is reported once it
 * holds for two blocks in a row (about 50 ms, above Q.24's 40 ms minimum), and again only after a block
 * without it. Speech rarely passes: its energy is spread over many more frequencies.
 *
 * <p>Feed it any chunk size; not thread-safe.
 */
public final class DtmfDetector {
  static final double PEAK_DB = 8;
  static final double TWIST_DB = 8;
  static final double REVERSE_TWIST_DB = 8;
  private static final int BLOCK = 205;
  private static final double MIN_POWER = 1e-5; // mean square of a block; about -50 dBFS

  private final int sampleRate;
  private final double[] coeffRows = new double[4];
  private final double[] coeffCols = new double[4];
  private final float[] block = new float[BLOCK];
  private int filled;
  private long blocksDone;
  private char candidate;
  private int candidateBlocks;
  private boolean reported;
  private final List<Detection> detections = new ArrayList<>();

  /** A key heard: which, and where it started (in samples from the first sample fed). */
  public record Detection(char key, long startSample) {}

  public DtmfDetector(int sampleRate) {
    if (sampleRate != 8000) throw new IllegalArgumentException("DTMF detection runs at 8000 Hz, found " + sampleRate);
    this.sampleRate = sampleRate;
    for (int i = 0; i < 4; i++) {
      coeffRows[i] = coefficient(Dtmf.ROWS[i]);
      coeffCols[i] = coefficient(Dtmf.COLUMNS[i]);
    }
  }

  private double coefficient(double f) {
    int k = (int) Math.round(BLOCK * f / sampleRate);
    return 2 * Math.cos(2 * Math.PI * k / BLOCK);
  }

  /** Feeds samples in [-1, 1]; returns keys whose detection completed within them. */
  public List<Detection> feed(float[] samples) {
    List<Detection> found = new ArrayList<>(0);
    for (float s : samples) {
      block[filled++] = s;
      if (filled == BLOCK) {
        char key = analyse();
        filled = 0;
        blocksDone++;
        if (key != 0 && key == candidate) {
          candidateBlocks++;
        } else {
          candidate = key;
          candidateBlocks = key == 0 ? 0 : 1;
          reported = false;
        }
        if (candidate != 0 && candidateBlocks >= 2 && !reported) {
          reported = true;
          Detection d = new Detection(candidate, (blocksDone - candidateBlocks) * BLOCK);
          found.add(d);
          detections.add(d);
        }
      }
    }
    return found;
  }

  /** Every key found so far, in order. */
  public List<Detection> detections() {
    return List.copyOf(detections);
  }

  /** The keys found so far as a string, e.g. {@code "1234#"}. */
  public String keys() {
    StringBuilder sb = new StringBuilder();
    for (Detection d : detections) sb.append(d.key());
    return sb.toString();
  }

  private char analyse() {
    double energy = 0;
    for (float s : block) energy += s * s;
    if (energy / BLOCK < MIN_POWER) return 0;
    double[] rows = new double[4], cols = new double[4];
    for (int i = 0; i < 4; i++) {
      rows[i] = goertzel(coeffRows[i]);
      cols[i] = goertzel(coeffCols[i]);
    }
    int r = argmax(rows), c = argmax(cols);
    double peak = Math.pow(10, PEAK_DB / 10);
    for (int i = 0; i < 4; i++) {
      if (i != r && rows[i] * peak > rows[r]) return 0;
      if (i != c && cols[i] * peak > cols[c]) return 0;
    }
    double twist = 10 * Math.log10(cols[c] / rows[r]);
    if (twist > TWIST_DB || twist < -REVERSE_TWIST_DB) return 0;
    // Goertzel power of a sinusoid of amplitude A over N samples is (A N / 2)^2; its energy is A^2 N / 2.
    double toneEnergy = (rows[r] + cols[c]) * 2 / BLOCK;
    if (toneEnergy < 0.6 * energy) return 0;
    return Dtmf.keyAt(r, c);
  }

  private double goertzel(double coeff) {
    double s1 = 0, s2 = 0;
    for (float x : block) {
      double s0 = x + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return s1 * s1 + s2 * s2 - coeff * s1 * s2;
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
  }
}
