package dev.earshot.tools.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.profile.Profiles;
import dev.earshot.corpora.Speech;
import dev.earshot.harness.Harness;
import dev.earshot.harness.RunListener;
import dev.earshot.harness.RunOptions;
import dev.earshot.harness.Suite;
import dev.earshot.harness.SuiteLoader;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.RunResult;
import dev.earshot.telephony.interop.Sipp;
import dev.earshot.telephony.sip.SipCredentials;
import dev.earshot.telephony.sip.SipSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call issue 16 reported: an agent behind a digest challenge answers and never speaks (no RTP at all).
 * The greeting's 10 s wait outlives the stack's end of the challenge's own dialog (same Call-ID, about 8 s
 * after the 401), which once ended the call as "dialog terminated by the stack" with no BYE, leaving the
 * dialog up at the far end. The call must fail as "no audio" and end with Earshot's BYE, which SIPp's
 * scenario waits for.
 */
class SilentAgentIT {
  @TempDir Path dir;

  @Test
  void anAnsweredCallWhoseAgentNeverSpeaksEndsWithEarshotsBye() throws Exception {
    Sipp.require();
    Suite suite = SuiteLoader.parse("""
        name: silent
        trials: 1
        profiles: [clean]
        scenarios:
          - name: hello
            turns:
              - say: Hello?
                expect: {phrases: ["how can i help"]}
        """.getBytes(StandardCharsets.UTF_8), "silent.yaml", Profiles.builtIn());
    Harness harness = Harness.create(Profiles.builtIn(), Speech.synthesizer(Path.of("target/tts-cache")), Speech.transcriber());
    try (Sipp sipp = Sipp.start("auth-digest.xml", dir, "-m", "1")) { // no -rtp_echo: the agent sends nothing
      Thread.sleep(300);
      SipSettings sip = new SipSettings(List.of(new SipCredentials("alice", "s3cret-pass", "earshot.test")), null, "udp");
      RunResult run = harness.run(suite, RunOptions.defaults(sipp.uri("silent"), dir.resolve("run")).withSip(sip), RunListener.NONE);
      CallResult call = run.calls().get(0);
      assertEquals(CallResult.FAILED, call.status(), "the call failed: " + call.failure());
      assertEquals(new Failure(Layer.TELEPHONY, Failure.Codes.NO_AUDIO, null, null, "no audio: no RTP from the far end in 10.0 s"), call.failure());
      assertEquals("local BYE", call.endedBy(), "Earshot ended the call with its BYE");
      assertEquals(0, sipp.await(15), "SIPp, the far end, received the BYE:\n" + sipp.output());
    }
  }
}
