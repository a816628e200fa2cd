package dev.earshot.harness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Earshot's word and character error counts against NIST sclite (Debian {@code sctk}), a scorer nobody here
 * wrote, on 1,500 seeded reference/hypothesis pairs: every pair's correct, substitution, deletion and
 * insertion counts must be equal, words and characters alike. The pairs are the kinds of damage recognisers do
 * (substituted, dropped, inserted and repeated words, shifted phrases, empty hypotheses), which also makes
 * alignments with equal cost common, so the tie-breaking is tested too.
 */
class ScliteAgreementIT {
  private static final String SCLITE = "/usr/lib/sctk/bin/sclite";
  private static final Pattern SCORES = Pattern.compile("id: \\((\\S+)\\)\\s+Scores: \\(#C #S #D #I\\) (\\d+) (\\d+) (\\d+) (\\d+)");
  private static final String[] SENTENCES = {
    "I would like to check my account balance", "I need to transfer money to my savings account",
    "No that is all goodbye", "I think I lost my credit card yesterday", "How much money is in my account",
    "Can I speak to a real person please", "My debit card was stolen", "I want to transfer money to my sister",
    "Please transfer money to my savings account", "What is my current balance",
    "Your current balance is one thousand two hundred dollars anything else",
    "I have blocked the card and a new one is on its way", "Please hold while I connect you to a representative",
    "Thank you for calling the bank goodbye", "Sorry I did not understand that please tell me what you need",
    "the the the cat sat on the mat", "a a b b a a b b", "to be or not to be that is the question",
    "my account number is zero four one one two", "I was charged twice for the same order on the twenty first",
  };
  @TempDir Path dir;

  @BeforeAll
  static void needSclite() {
    ExternalTools.require(SCLITE, "-h", "sctk", true);
  }

  static List<String[]> pairs(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> pool = new ArrayList<>();
    for (String s : SENTENCES) pool.addAll(TextNormalizer.words(s));
    List<String[]> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      List<String> ref = TextNormalizer.words(SENTENCES[r.nextInt(SENTENCES.length)]);
      if (r.nextInt(4) == 0) ref = new ArrayList<>(ref) {{ addAll(TextNormalizer.words(SENTENCES[r.nextInt(SENTENCES.length)])); }};
      List<String> hyp = new ArrayList<>();
      double p = r.nextDouble() * 0.5; // damage per word
      int kind = r.nextInt(10);
      if (kind == 0) {
        // empty hypothesis
      } else if (kind == 1) {
        int cut = r.nextInt(ref.size()); // a shifted phrase: the tail first
        hyp.addAll(ref.subList(cut, ref.size()));
        hyp.addAll(ref.subList(0, cut));
      } else {
        for (String w : ref) {
          double x = r.nextDouble();
          if (x < p / 3) hyp.add(pool.get(r.nextInt(pool.size()))); // substitution (or by chance the same word)
          else if (x < 2 * p / 3) continue; // deletion
          else if (x < p) {
            hyp.add(w);
            hyp.add(r.nextBoolean() ? w : pool.get(r.nextInt(pool.size()))); // repetition or insertion
          } else hyp.add(w);
        }
      }
      out.add(new String[] {String.join(" ", ref), String.join(" ", hyp)});
    }
    return out;
  }

  @Test
  void wordAndCharacterCountsEqualSclitesOnEveryPair() throws Exception {
    List<String[]> pairs = pairs(1500, 4475);
    Map<String, int[]> words = sclite(pairs, false), chars = sclite(pairs, true);
    assertEquals(pairs.size(), words.size(), "sclite scored every pair");
    assertEquals(pairs.size(), chars.size(), "sclite scored every pair (characters)");
    ErrorCounts total = ErrorCounts.NONE;
    int ties = 0;
    for (int k = 0; k < pairs.size(); k++) {
      String[] p = pairs.get(k);
      ErrorCounts w = ErrorCounts.words(p[0], p[1]), c = ErrorCounts.characters(p[0], p[1]);
      assertCounts(words.get(id(k)), w, "words of pair " + k + ": REF '" + p[0] + "' HYP '" + p[1] + "'");
      assertCounts(chars.get(id(k)), c, "characters of pair " + k + ": REF '" + p[0] + "' HYP '" + p[1] + "'");
      total = total.plus(w);
      if (w.errors() != levenshtein(TextNormalizer.words(p[0]), TextNormalizer.words(p[1]))) ties++;
    }
    System.out.printf("%d pairs: corpus WER %.4f (%d errors in %d words); %d pairs where sclite's weighted alignment counts more errors than the plain edit distance%n",
        pairs.size(), total.rate(), total.errors(), total.reference(), ties);
    assertTrue(total.errors() > 1000, "the pairs carry plenty of errors");
  }

  private static void assertCounts(int[] sclite, ErrorCounts ours, String what) {
    assertTrue(sclite != null, what + ": not in sclite's output");
    assertEquals(List.of(sclite[0], sclite[1], sclite[2], sclite[3]),
        List.of(ours.correct(), ours.substitutions(), ours.deletions(), ours.insertions()), what + " (C S D I)");
  }

  private static String id(int k) {
    return String.format("pairs-%05d", k);
  }

  /** sclite's per-utterance counts (its {@code pra} report), by utterance id. */
  private Map<String, int[]> sclite(List<String[]> pairs, boolean characters) throws IOException, InterruptedException {
    StringBuilder ref = new StringBuilder(), hyp = new StringBuilder();
    for (int k = 0; k < pairs.size(); k++) {
      ref.append(pairs.get(k)[0]).append(" (").append(id(k)).append(")\n");
      hyp.append(pairs.get(k)[1]).append(" (").append(id(k)).append(")\n");
    }
    Path r = dir.resolve("ref.trn"), h = dir.resolve("hyp.trn");
    Files.writeString(r, ref);
    Files.writeString(h, hyp);
    List<String> cmd = new ArrayList<>(List.of(SCLITE, "-r", r.toString(), "trn", "-h", h.toString(), "trn", "-i", "spu_id"));
    if (characters) cmd.add("-c");
    cmd.addAll(List.of("-o", "pra", "stdout"));
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "sclite finished");
    Map<String, int[]> scores = new HashMap<>();
    Matcher m = SCORES.matcher(out);
    while (m.find()) {
      scores.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))});
    }
    return scores;
  }

  private static int levenshtein(List<String> a, List<String> b) {
    int[][] d = new int[a.size() + 1][b.size() + 1];
    for (int i = 0; i <= a.size(); i++) d[i][0] = i;
    for (int j = 0; j <= b.size(); j++) d[0][j] = j;
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        d[i][j] = Math.min(d[i - 1][j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1), Math.min(d[i - 1][j], d[i][j - 1]) + 1);
      }
    }
    return d[a.size()][b.size()];
  }
}
