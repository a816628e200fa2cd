package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.codec.G711;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.SynthesisRequest;
import dev.earshot.corpora.Synthesizer;
import dev.earshot.telephony.interop.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp as the caller: its own SIP and RTP stacks call the reference agent, hear the greeting, and stream a
 * recorded question (raw µ-law, SIPp's rtp_stream); the agent must understand it and answer the right intent.
 */
class SippCallsAgentIT {
  private static final Synthesizer TTS = Speech.synthesizer(Path.of("target/tts-cache"));
  @TempDir Path dir;

  @Test
  void sippsCallIsAnsweredUnderstoodAndHungUpCleanly() throws Exception {
    Sipp.require();
    Pcm question = Resampler.resample(TTS.synthesize(new SynthesisRequest("I would like to check my account balance.", TTS.defaultVoice(), "")), 8000);
    byte[] ulaw = new byte[question.length()];
    float[] x = question.samples();
    for (int i = 0; i < x.length; i++) ulaw[i] = G711.ULAW.encode(Pcm.toShort(x[i]));
    Files.write(dir.resolve("speech.ulaw"), ulaw);
    try (ReferenceAgent agent = ReferenceAgent.start(AgentConfig.defaults().withPort(0), TTS, Speech.transcriber(), t -> {})) {
      String target = "127.0.0.1:" + agent.uri().replaceAll(".*:(\\d+)$", "$1");
      try (Sipp sipp = Sipp.start("uac-speech.xml", dir, target, "-s", "agent", "-m", "1")) {
        assertEquals(0, sipp.await(40), "SIPp's call completed: INVITE, 200, ACK, its RTP, BYE, 200\n" + sipp.output());
      }
      List<AgentTurn> turns = agent.turns("sipp-uac");
      AgentTurn reply = turns.stream().filter(t -> t.turn() == 1).findFirst()
          .orElseThrow(() -> new AssertionError("the agent heard no utterance from SIPp: " + turns));
      assertEquals("check_balance", reply.intent(), "heard: " + reply.heard());
      assertTrue(reply.heard().contains("balance"), reply.heard());
      assertTrue(reply.firstVoicedSentUs() > 0, "the agent answered: " + reply);
    }
  }
}
