package dev.earshot.harness.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.audio.ExternalTools;
import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import dev.earshot.audio.codec.G711;
import dev.earshot.audio.dsp.Resampler;
import dev.earshot.corpora.Speech;
import dev.earshot.corpora.SynthesisRequest;
import dev.earshot.corpora.Synthesizer;
import dev.earshot.harness.WordErrorRate;
import dev.earshot.telephony.Call;
import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.interop.Sipp;
import dev.earshot.telephony.rtp.MediaListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import dev.earshot.telephony.rtp.WireCodec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * baresip (Debian {@code baresip-core}), an independent SIP user agent, as the agent: it auto-answers and plays
 * a WAV prompt through its own RTP stack (module {@code aufile}); Earshot records what arrives and Vosk's
 * transcript of it must match the prompt's: the same words Vosk hears in the prompt itself at telephone quality.
 * Once per codec Earshot has (baresip's own G.711, G.722 and Opus modules at the other end), Earshot offering
 * only that one.
 */
class BaresipIT {
  private static final String PROMPT = "Thank you for calling the test line. Your account balance is five hundred dollars.";
  private static final Synthesizer TTS = Speech.synthesizer(Path.of("target/tts-cache"));
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(WireCodec.class)
  void baresipAnswersAndItsPromptArrivesIntelligibly(WireCodec codec) throws Exception {
    callBaresip(codec, null, false);
  }

  /**
   * SRTP against an implementation nobody here wrote: baresip's {@code srtp} module with
   * {@code mediaenc=srtp-mand} (RTP/SAVP, SDES). Its packets must authenticate and decrypt here (the prompt is
   * understood), ours there (its RTCP reports our packets arriving, so Earshot names no one-way audio).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"srtp", "srtp-mand"})
  void baresipWithSrtp(String mediaenc) throws Exception {
    Call call = callBaresip(WireCodec.PCMU, mediaenc, false);
    assertHeardThroughSrtp(call, mediaenc);
  }

  /**
   * (d) with baresip as the agent: SIP over TLS to baresip's TLS listener (its certificate from a test CA, checked
   * against the URI's host) and SRTP required, so the SDES keys travel only inside TLS.
   */
  @org.junit.jupiter.api.Test
  void baresipOverTlsWithSrtpRequired() throws Exception {
    Call call = callBaresip(WireCodec.PCMU, "srtp-mand", true);
    assertTrue(call.events().stream().anyMatch(e -> e.kind().equals("TLS") && e.detail().contains("valid for 127.0.0.1")), call.events().toString());
    assertHeardThroughSrtp(call, "srtp-mand over TLS");
  }

  private void assertHeardThroughSrtp(Call call, String mediaenc) throws Exception {
    assertEquals("AES_CM_128_HMAC_SHA1_80", call.srtpSuite(), "SRTP agreed with baresip (" + mediaenc + ")");
    var srtp = call.media().srtpStatistics();
    assertEquals(0, srtp.authFailures(), "every packet of baresip's authenticated");
    assertEquals(0, srtp.replays());
    // what baresip decrypted of ours and played into its file: the tone, at its level
    Thread.sleep(500);
    Path dump;
    try (var files = Files.list(dir)) {
      dump = files.filter(f -> f.getFileName().toString().matches("dump-.*-dec\\.wav")).findFirst()
          .orElseThrow(() -> new AssertionError("baresip's sndfile wrote no dump-*-dec.wav in " + dir));
    }
    Pcm heard = Wav.read(dump);
    float peak = 0;
    int loud = 0;
    for (float x : heard.samples()) {
      peak = Math.max(peak, Math.abs(x));
      if (Math.abs(x) > 0.3f) loud++;
    }
    System.out.printf("baresip %s heard %.2f s of Earshot, peak %.2f, %d loud samples; SRTP %s%n", mediaenc, heard.durationSeconds(), peak, loud,
        call.media().srtpStatistics());
    assertTrue(peak > 0.4f && peak < 0.6f, "baresip heard Earshot's tone through SRTP: peak " + peak);
    assertTrue(loud > 2000, "loud samples " + loud);
  }

  private Call callBaresip(WireCodec codec, String mediaenc, boolean tls) throws Exception {
    ExternalTools.require("baresip", "-h", "baresip-core", true);
    Pcm prompt = Resampler.resample(TTS.synthesize(new SynthesisRequest(PROMPT, TTS.defaultVoice(), "")), 8000);
    // baresip's aufile plays a file only in the codec's own format: 8 kHz G.711, 16 kHz G.722, 48 kHz stereo Opus
    int rate = switch (codec) {
      case G722 -> 16000;
      case OPUS -> 48000;
      default -> 8000;
    };
    Pcm source = Resampler.resample(TTS.synthesize(new SynthesisRequest(PROMPT, TTS.defaultVoice(), "")), rate);
    if (codec == WireCodec.OPUS) Wav.writeStereo(dir.resolve("prompt.wav"), source, source);
    else Wav.write(dir.resolve("prompt.wav"), source);
    int port = Sipp.freeUdpPort();
    Files.writeString(dir.resolve("config"), String.join("\n",
        "poll_method poll",
        "sip_listen 127.0.0.1:" + port, // TLS, when it has a certificate, listens on the next port
        tls ? "sip_certificate " + baresipCertificate() : "",
        "audio_source aufile," + dir.resolve("prompt.wav"),
        "audio_player aufile," + dir.resolve("baresip-heard.wav"),
        "audio_alert aufile," + dir.resolve("prompt.wav"),
        "audio_channels 1",
        "module_path /usr/lib/baresip/modules",
        "module g711.so",
        "module g722.so",
        "module opus.so",
        "module aufile.so",
        mediaenc == null ? "" : "module srtp.so",
        // baresip 1.0's aufile cannot play into a file; its sndfile filter dumps what it decoded to snd_path/dump-*-dec.wav
        mediaenc == null ? "" : "module sndfile.so",
        mediaenc == null ? "" : "snd_path " + dir,
        "module_app account.so",
        "module_app menu.so", ""));
    Files.writeString(dir.resolve("accounts"), "<sip:agent@127.0.0.1:" + port + ">;regint=0;answermode=auto"
        + (mediaenc == null ? "" : ";mediaenc=" + mediaenc) + "\n");
    // -n 127.0.0.1: otherwise baresip puts the machine's first interface address in its SDP while sending from
    // loopback, which Earshot (rightly) reports as one-way audio
    Process baresip = new ProcessBuilder("baresip", "-f", dir.toString(), "-n", "127.0.0.1", "-t", "60").redirectErrorStream(true)
        .redirectOutput(dir.resolve("baresip.out").toFile()).start();
    dev.earshot.telephony.sip.SipSettings settings = !tls ? dev.earshot.telephony.sip.SipSettings.DEFAULT
        : dev.earshot.telephony.sip.SipSettings.DEFAULT.withTls(new dev.earshot.telephony.sip.TlsSettings(dir.resolve("ca.pem"), false, null, null, null, false), 0);
    try (Telephony tel = Telephony.start("127.0.0.1", 0, "earshot", 3, settings)) {
      // srtp-mand answers only RTP/SAVP: Earshot requires SRTP; best-effort "srtp" takes an RTP/AVP offer with keys
      if (mediaenc != null) tel.useSrtp(mediaenc.equals("srtp-mand") ? dev.earshot.telephony.SrtpMode.REQUIRED : dev.earshot.telephony.SrtpMode.OPTIONAL);
      awaitReady(dir.resolve("baresip.out"));
      List<float[]> heard = new CopyOnWriteArrayList<>();
      MediaListener recorder = new MediaListener() {
        @Override
        public void onReceived(float[] frame, long arrivalNanos, long rtpTimestamp) {
          heard.add(frame);
        }
      };
      String uri = tls ? "sips:agent@127.0.0.1:" + (port + 1) : "sip:agent@127.0.0.1:" + port;
      Call call = tel.dial(uri, Map.of("X-Earshot-Call", "baresip"), 5000, recorder, null, null, List.of(codec))
          .get(10, TimeUnit.SECONDS);
      assertEquals(codec, call.codec(), "negotiated");
      if (mediaenc != null) { // a tone for baresip to hear through its SRTP
        float[] tone = new float[8000];
        for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 400 * i / 8000));
        call.media().play(new Pcm(8000, tone));
      }
      Thread.sleep(Math.round(prompt.durationSeconds() * 1000) + 1500);
      call.hangup();
      call.ended().get(5, TimeUnit.SECONDS);
      assertEquals(null, call.mediaProblem(), "audio both ways");
      Pcm received = concat(heard);
      Wav.write(dir.resolve("earshot-heard.wav"), received);
      Wav.write(Path.of("target", "baresip-" + codec.id() + "-heard.wav"), received);
      String transcript = Speech.transcriber().transcribe(received);
      // the recogniser's own errors on this prompt at telephone quality, without any call: the same clip through
      // G.711 here. The call must add nothing to them; and against the text both stay within Vosk's 8 kHz range.
      String direct = Speech.transcriber().transcribe(new Pcm(prompt.sampleRate(), G711.ULAW.roundTrip(prompt.samples())));
      double wer = WordErrorRate.of(PROMPT, transcript), own = WordErrorRate.of(PROMPT, direct);
      System.out.printf("baresip %s: WER %.3f through the call ('%s'), %.3f for the prompt itself%n", codec.id(), wer, transcript, own);
      assertTrue(wer <= own + 0.1, "WER " + wer + " through baresip ('" + transcript + "'), " + own + " for the prompt itself ('" + direct + "')");
      assertTrue(wer <= 0.3, "WER " + wer + " against the prompt's text, heard as: " + transcript);
      return call;
    } finally {
      baresip.destroy();
      if (!baresip.waitFor(5, TimeUnit.SECONDS)) baresip.destroyForcibly();
      Files.copy(dir.resolve("baresip.out"), Path.of("target", "baresip-" + codec.id() + (mediaenc == null ? "" : "-" + mediaenc) + ".out"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A test CA's certificate for 127.0.0.1, as baresip (libre) wants it: one PEM file with the chain and the key. */
  private Path baresipCertificate() throws Exception {
    dev.earshot.telephony.netns.TestCerts certs = dev.earshot.telephony.netns.TestCerts.ca(dir);
    certs.issue("baresip", "agent.test", "ip:127.0.0.1");
    Path both = dir.resolve("baresip-cert-and-key.pem");
    Files.writeString(both, Files.readString(dir.resolve("baresip.pem")) + Files.readString(dir.resolve("baresip.key")));
    return both;
  }

  private static void awaitReady(Path log) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains("baresip is ready")) return;
      Thread.sleep(50);
    }
    throw new AssertionError("baresip did not start:\n" + (Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : ""));
  }

  private static Pcm concat(List<float[]> frames) {
    int n = frames.stream().mapToInt(f -> f.length).sum();
    float[] all = new float[n];
    int at = 0;
    for (float[] f : frames) {
      System.arraycopy(f, 0, all, at, f.length);
      at += f.length;
    }
    return new Pcm(8000, all);
  }
}
