package dev.earshot.telephony.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Signals;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.rtp.MediaListener;
import dev.earshot.telephony.rtp.Playout;
import dev.earshot.telephony.sip.SipEnd;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Earshot calls SIPp's own built-in UAS scenario, with SIPp echoing the RTP it receives. */
class SippUasIT {
  @TempDir Path dir;

  @BeforeAll
  static void sipp() {
    Sipp.require();
  }

  @Test
  void sippAnswersAndEchoesOurSpeechBitForBit() throws Exception {
    try (Sipp sipp = Sipp.start("uas", dir, "-rtp_echo", "-m", "1");
        Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 7)) {
      Thread.sleep(300); // let SIPp bind its ports
      Call call = tel.dial(sipp.uri("echo"), Map.of("X-Earshot-Call", "sipp-echo")).get(5, TimeUnit.SECONDS);
      List<float[]> sent = new CopyOnWriteArrayList<>(), received = new CopyOnWriteArrayList<>();
      call.media().setListener(new MediaListener() {
        @Override
        public void onSent(float[] frame, long sentNanos, Playout playout, int index) {
          if (playout != null) sent.add(frame);
        }

        @Override
        public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
          received.add(frame);
        }
      });
      Pcm speech = Resampler.resample(Signals.speech(), 8000).slice(0, 8000 * 2);
      call.media().play(speech).done().get(5, TimeUnit.SECONDS);
      Thread.sleep(300);
      call.hangup();
      assertEquals(SipEnd.localBye(), call.ended().get(2, TimeUnit.SECONDS));
      assertEquals(0, sipp.await(15), "SIPp exit code (0 = its call succeeded):\n" + sipp.output());

      assertEquals(100, sent.size(), "2 s of speech = 100 frames");
      int first = indexOf(received, sent.get(0));
      assertTrue(first >= 0, "the first speech frame never came back");
      for (int i = 0; i < sent.size(); i++) {
        assertArrayEquals(sent.get(i), received.get(first + i), 0f, "echoed frame " + i);
      }
      var stats = call.media().receiveStatistics();
      assertEquals(0, stats.lost(), "loopback echo loses nothing");
      assertEquals(0, stats.duplicates());
      assertEquals(0, call.media().strangers(), "echo comes back from the SDP's media port");
      assertEquals(null, call.mediaProblem());
    }
  }

  private static int indexOf(List<float[]> frames, float[] frame) {
    for (int i = 0; i < frames.size(); i++) if (java.util.Arrays.equals(frames.get(i), frame)) return i;
    return -1;
  }
}
