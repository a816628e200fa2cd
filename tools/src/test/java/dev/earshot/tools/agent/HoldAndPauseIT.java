package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.Personas;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.RunResult;
import dev.earshot.report.TurnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's turns as real agents take them, on real calls to the reference agent: hold music ({@code --hold-ms}) is never
 * a reply, with or without {@code expect: {hold: true}}, and the hold step measures it; a reply with a pause in the middle
 * ({@code --pause-ms}) is two utterances at the default agent silence and one with {@code agent_silence_ms} above the pause.
 */
class HoldAndPauseIT {
  private static final long HOLD_MS = 4000;
  @TempDir Path dir;

  @Test
  void holdMusicIsNotAReply() throws Exception {
    Files.writeString(dir.resolve("hold.yaml"), """
        name: hold
        trials: 1
        profiles: [clean]
        scenarios:
          - name: holds
            steps:
              - say: I would like to speak to a person.
              - expect: {phrases: [please hold]}
              - expect: {hold: true}
              - expect: {phrases: [thank you for holding]}
          - name: music-passed-over
            steps:
              - say: I would like to speak to a person.
              - expect: {phrases: [please hold]}
              - expect: {phrases: [thank you for holding]}
          - name: too-long
            steps:
              - say: I would like to speak to a person.
              - expect: {phrases: [please hold]}
              - expect: {hold: true, max_hold_s: 2}
          - name: not-held
            steps:
              - expect: {hold: true}
        """);
    // the scripted agent answers the first caller utterance with "please hold ...", then plays 4 s of hold music
    RunResult run = run("hold.yaml", AgentConfig.defaults().withPort(0).withScript(List.of("speak_to_agent")).withHoldMs(HOLD_MS));
    Map<String, CallResult> by = run.calls().stream().collect(Collectors.toMap(CallResult::scenario, c -> c));

    CallResult holds = by.get("holds");
    assertTrue(holds.passed(), holds.failure() + " " + holds.turns());
    TurnResult.Hold hold = holds.turns().get(1).hold();
    System.out.println("hold: " + hold + "; then heard '" + holds.turns().get(2).heard() + "'");
    assertEquals("music", hold.sound());
    // the music is 4 s; where it ends is judged over a 1.5 s window, so allow for that
    assertTrue(hold.seconds() > 3.0 && hold.seconds() < 5.5, "on hold " + hold.seconds() + " s for " + HOLD_MS + " ms of music");
    assertNull(holds.turns().get(2).latencyMs(), "what the agent says after a hold answers no caller words");

    CallResult passedOver = by.get("music-passed-over");
    assertTrue(passedOver.passed(), "the music was not taken for the reply: " + passedOver.turns());

    TurnResult tooLong = by.get("too-long").turns().get(1);
    assertEquals(Failure.Codes.HOLD_TOO_LONG, tooLong.failure().code(), String.valueOf(tooLong));
    assertEquals(Layer.LATENCY, tooLong.failure().layer());
    assertEquals("music", tooLong.hold().sound());

    TurnResult notHeld = by.get("not-held").turns().get(0);
    assertEquals(Failure.Codes.NO_HOLD, notHeld.failure().code(), "the greeting is speech, not a hold: " + notHeld);
    assertEquals(Layer.FLOW, notHeld.failure().layer());
  }

  @Test
  void aPauseMidReplyIsOneUtteranceOnlyWithALongerAgentSilence() throws Exception {
    Files.writeString(dir.resolve("pause.yaml"), """
        name: pause
        trials: 1
        profiles: [clean]
        scenarios:
          - name: whole
            steps:
              - say: What is my balance?
              - expect: {phrases: [one thousand two hundred dollars, anything else], agent_silence_ms: 2500}
          - name: cut
            steps:
              - say: What is my balance?
              - expect: {phrases: [one thousand two hundred dollars, anything else]}
              - expect: {}
        """);
    RunResult run = run("pause.yaml", AgentConfig.defaults().withPort(0).withScript(List.of("check_balance")).withPauseMs(1500));
    Map<String, CallResult> by = run.calls().stream().collect(Collectors.toMap(CallResult::scenario, c -> c));
    CallResult whole = by.get("whole");
    assertTrue(whole.passed(), "agent_silence_ms 2500 holds the 1.5 s pause in one reply: " + whole.turns());
    List<TurnResult> cut = by.get("cut").turns();
    System.out.println("cut: '" + cut.get(0).heard() + "' then '" + cut.get(1).heard() + "'");
    assertEquals(Failure.Codes.MISSING_PHRASE, cut.get(0).failure().code(), "at 900 ms the pause ends the reply: " + cut.get(0));
    String both = cut.get(0).heard() + " " + cut.get(1).heard();
    assertTrue(both.contains("anything else") && both.contains("dollars"), "the rest of the reply is the next utterance: " + both);
  }

  private RunResult run(String file, AgentConfig config) throws Exception {
    Profiles profiles = Profiles.builtIn();
    Suite suite = SuiteLoader.load(dir.resolve(file), profiles, Personas.builtIn());
    Harness harness = Harness.create(profiles, Personas.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    try (ReferenceAgent agent = ReferenceAgent.start(config, Speech.synthesizer(Path.of("target/tts-cache")), null, t -> {})) {
      return harness.run(suite, RunOptions.defaults(agent.uri(), dir.resolve(file + ".out")).withConcurrency(4), RunListener.NONE);
    }
  }
}
