package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One corpus of six utterances, called in to the reference agent under noisy-phone at 30, 20, 10, 5 and 0 dB
 * SNR (every noise stage of the profile set to that SNR; five calls at once): the agent's own ASR word error
 * rate, from what it reports on the side channel, must not improve as the noise rises, and must be far worse
 * at 0 dB than at 30 dB.
 */
class SnrSweepIT {
  private static final double[] SNRS = {30, 20, 10, 5, 0};

  private static final String SUITE = """
      name: snr-sweep
      seed: 5
      trials: 1
      profiles: [%s]
      scenarios:
        - name: corpus
          turns:
            - say: I would like to check my account balance.
            - say: Please transfer money to my savings account.
            - say: I think I lost my credit card yesterday.
            - say: How much money is in my account?
            - say: I want to speak to a real person.
            - say: My debit card was stolen this morning.
      """;

  @Test
  void theAgentsWordErrorRateDoesNotImproveAsNoiseRises() throws Exception {
    Profiles builtIn = Profiles.builtIn();
    List<DegradationProfile> points = new ArrayList<>();
    for (double snr : SNRS) points.add(builtIn.get("noisy-phone").withSnr(snr));
    Profiles profiles = builtIn.with(points);
    String yaml = String.format(SUITE, String.join(", ", points.stream().map(DegradationProfile::name).toList()));
    Suite suite = SuiteLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "snr-sweep.yaml", profiles);
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    Path out = Files.createTempDirectory(Path.of("target"), "snr-sweep-");
    RunResult r;
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0), Speech.synthesizer(Path.of("target/tts-cache")),
        Speech.transcriber(), t -> {})) {
      r = harness.run(suite, RunOptions.defaults(agent.uri(), out).withConcurrency(SNRS.length), RunListener.NONE);
    }
    double[] wer = new double[SNRS.length];
    StringBuilder table = new StringBuilder();
    for (int i = 0; i < SNRS.length; i++) {
      CallResult c = r.calls().get(i);
      assertEquals(points.get(i).name(), c.profile());
      long words = 0, errors = 0, reported = 0;
      for (TurnResult t : c.turns()) {
        if (t.agent() == null || t.agent().asrWer() == null) continue;
        reported++;
        words += t.agent().asrWords();
        errors += t.agent().asrSubstitutions() + t.agent().asrDeletions() + t.agent().asrInsertions();
      }
      assertTrue(reported >= 5, c.profile() + ": the agent reported " + reported + " of 6 turns: " + c.failure());
      wer[i] = (double) errors / words;
      table.append(String.format(java.util.Locale.ROOT, "SNR %4.0f dB: agent ASR WER %5.1f%% (%d turns)%n", SNRS[i], 100 * wer[i], reported));
    }
    System.out.print(table);
    // tolerance: one word of the corpus's ~45 either way between two neighbouring points
    for (int i = 1; i < SNRS.length; i++) assertTrue(wer[i] >= wer[i - 1] - 0.025, "WER improved as noise rose:\n" + table);
    assertTrue(wer[SNRS.length - 1] >= wer[0] + 0.3, "0 dB must hurt far more than 30 dB:\n" + table);
  }
}
