package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The side channel over SIP: the reference agent reports each turn in an INFO, or in a MESSAGE, within the
 * call instead of over HTTP, and Earshot scores the ASR layer and reads the intent and stage times from it
 * just the same. One call of two turns to each agent, both at once. And an agent that reports nothing but
 * transfers the caller: the intent is read from its REFER target.
 */
class SipSideChannelIT {
  private static final String SUITE = """
      name: sip-side-channel
      seed: 3
      trials: 1
      profiles: [clean]
      intents:
        check_balance: ["current balance"]
        report_lost_card: ["blocked your card", "on its way"]
      scenarios:
        - name: two-turns
          turns:
            - say: I would like to check my account balance.
              expect: {intent: check_balance}
            - say: I think I lost my credit card yesterday.
              expect: {intent: report_lost_card}
      """;

  private static RunResult run(String via, Path out) {
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.parse(SUITE.getBytes(StandardCharsets.UTF_8), "sip-side-channel.yaml", profiles);
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    AgentConfig config = AgentConfig.defaults().withPort(0).withReportVia(via);
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      RunResult r = harness.run(suite, RunOptions.defaults(agent.uri(), out.resolve(via)), RunListener.NONE);
      assertEquals(0, agent.sideChannelFailures(), via + ": reports the agent could not send");
      return r;
    }
  }

  @Test
  void reportsInInfoAndMessageReachTheAsrAndIntentLayers() throws Exception {
    Path out = Files.createTempDirectory(Path.of("target"), "sip-side-");
    CompletableFuture<RunResult> info = CompletableFuture.supplyAsync(() -> run("info", out));
    CompletableFuture<RunResult> message = CompletableFuture.supplyAsync(() -> run("message", out));
    for (RunResult r : new RunResult[] {info.join(), message.join()}) {
      CallResult c = r.calls().get(0);
      assertTrue(c.passed(), c.toString());
      for (TurnResult t : c.turns()) {
        assertNotNull(t.agent(), "turn " + t.index() + " has the agent's report: " + c.id());
        assertEquals(t.expectedIntent(), t.agent().intent());
        assertTrue(t.agent().asrWer() != null && t.agent().asrWer() <= 0.25, "ASR WER " + t.agent().asrWer() + ": " + t.agent().heard());
        assertTrue(t.agent().asrFinalUs() != null && t.agent().ttsFirstAudioUs() != null, "stage times");
      }
    }
    // the reports are in the call's capture, as SIP
    byte[] pcap = Files.readAllBytes(out.resolve("info/captures/two-turns--clean.pcap"));
    assertTrue(new String(pcap, StandardCharsets.ISO_8859_1).contains("INFO sip:"), "INFO requests in the pcap");
  }

  @Test
  void withNoReportTheIntentIsReadFromTheTransferTarget() throws Exception {
    String yaml = """
        name: transfer-intent
        seed: 4
        trials: 1
        profiles: [clean]
        intents:
          speak_to_agent: ["connect you to a representative"]
          report_fraud: ["fraud desk"]
        scenarios:
          - name: transfer
            steps:
              - say: I want to speak to a real person.
              - expect: {intent: report_fraud, transfer: fraud-desk}
        """;
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "transfer-intent.yaml", profiles);
    Harness harness = Harness.create(profiles, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    AgentConfig config = AgentConfig.defaults().withPort(0).withReportVia("none").withTransferTo("sip:fraud-desk@127.0.0.1");
    RunResult r;
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber(), t -> {})) {
      r = harness.run(suite, RunOptions.defaults(agent.uri(), Files.createTempDirectory(Path.of("target"), "transfer-")), RunListener.NONE);
    }
    CallResult c = r.calls().get(0);
    TurnResult t = c.turns().get(0);
    assertEquals(null, t.agent(), "the agent reported nothing");
    assertTrue(t.heard().contains("representative"), "it said it would connect to a representative: " + t.heard());
    assertEquals("report_fraud", t.observedIntent(), "read from the REFER target, not the words");
    assertEquals("sip:fraud-desk@127.0.0.1", c.transferredTo());
    assertTrue(c.sipEvents().stream().anyMatch(e -> e.kind().equals("REFER")), c.sipEvents().toString());
    assertTrue(c.passed(), c.toString());
  }
}
