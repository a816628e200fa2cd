package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.VoiceActivity;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.SynthesisRequest;
import dev.earshot.corpora.Synthesizer;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.Playout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real caller talks over the agent's greeting; the agent must stop (or, when told to, must not). */
class BargeInIT {
  private static final Synthesizer TTS = Speech.synthesizer(Path.of("target/tts-cache"));

  /** What one call saw: the caller's first voiced frame sent, and every voiced agent frame received. */
  private record Observed(long callerOnsetNanos, List<Long> agentVoiced, AgentTurn greeting) {
    /**
     * Voiced agent frames received between {@code fromMs} and {@code toMs} after the caller's first voiced
     * frame. The interruption lasts longer than 1.5 s and the agent waits 600 ms of silence before replying,
     * so nothing in the first 1.5 s can be a reply to it.
     */
    long agentVoiceBetween(long fromMs, long toMs) {
      return agentVoiced.stream().filter(t -> t > callerOnsetNanos + fromMs * 1_000_000L && t <= callerOnsetNanos + toMs * 1_000_000L).count();
    }
  }

  private Observed talkOverGreeting(boolean ignoreBargeIn) throws Exception {
    Pcm interruption = Resampler.resample(TTS.synthesize(new SynthesisRequest("Sorry, I lost my card.", TTS.defaultVoice(), "")), 8000);
    AgentConfig config = new AgentConfig("127.0.0.1", 0, 0, 600, ignoreBargeIn, 5);
    try (ReferenceAgent agent = ReferenceAgent.start(config, TTS, Speech.transcriber(), t -> {});
         Telephony caller = Telephony.start("127.0.0.1", 0, "caller", 6)) {
      List<Long> agentVoiced = new CopyOnWriteArrayList<>();
      CompletableFuture<Long> greetingStarted = new CompletableFuture<>();
      long[] onset = new long[1];
      Call call = caller.dial(agent.uri(), Map.of("X-Earshot-Call", "barge-" + ignoreBargeIn)).get(5, TimeUnit.SECONDS);
      call.media().setListener(new MediaListener() {
        @Override
        public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
          if (VoiceActivity.DEFAULT.isVoiced(frame)) {
            agentVoiced.add(arrivalNanos);
            greetingStarted.complete(arrivalNanos);
          }
        }

        @Override
        public void onSent(float[] frame, long sentNanos, Playout playout, int index) {
          if (playout != null && onset[0] == 0 && VoiceActivity.DEFAULT.isVoiced(frame)) onset[0] = sentNanos;
        }
      });
      greetingStarted.get(5, TimeUnit.SECONDS);
      Thread.sleep(700); // well into "Welcome to Earshot Bank..."
      call.media().play(interruption).done().get(10, TimeUnit.SECONDS);
      Thread.sleep(2500); // time for the rest of a greeting that was not stopped, and the reply
      call.hangup();
      AgentTurn greeting = agent.turns("barge-" + ignoreBargeIn).get(0);
      assertEquals(0, greeting.turn());
      return new Observed(onset[0], agentVoiced, greeting);
    }
  }

  @Test
  void theAgentStopsItsPromptWhenTheCallerTalksOverIt() throws Exception {
    Observed o = talkOverGreeting(false);
    assertTrue(o.greeting().interrupted(), "greeting logged as interrupted");
    // two voiced frames to detect the onset, one to stop at the next frame boundary, plus transit: < 150 ms
    assertTrue(o.agentVoiceBetween(-1000, 0) > 10, "the agent was talking when the caller started");
    assertEquals(0, o.agentVoiceBetween(150, 1500), "agent frames still voiced 150 ms after the caller started");
  }

  @Test
  void withIgnoreBargeInTheAgentTalksOn() throws Exception {
    Observed o = talkOverGreeting(true);
    assertFalse(o.greeting().interrupted());
    long talkedOver = o.agentVoiceBetween(150, 1500);
    assertTrue(talkedOver >= 10, "agent talked over the caller for only " + talkedOver + " voiced frames of 20 ms");
  }
}
