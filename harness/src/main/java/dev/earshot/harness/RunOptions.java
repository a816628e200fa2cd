package dev.earshot.harness;

import dev.earshot.telephony.Addressing;
import dev.earshot.telephony.sip.SipSettings;
import java.nio.file.Path;

/**
 * How a run places its calls. Immutable; derive variants with the {@code with*} methods.
 *
 * @param agentUri the SIP URI to call, e.g. {@code sip:agent@127.0.0.1:5080}
 * @param outDir where {@code report.json}, {@code calls/} and {@code recordings/} go
 * @param concurrency calls in flight at once
 * @param answerTimeoutMs how long to wait for 200 OK after sending INVITE before failing the call
 * @param greetingTimeoutMs how long to wait for the agent's first words after answering
 * @param replyTimeoutMs how long to wait, after the caller's last speech frame, for the agent to start replying
 * @param endSilenceMs agent silence that ends a greeting or reply (must exceed pauses between its sentences)
 * @param maxSpeechMs longest single greeting or reply before the call is failed as a runaway prompt
 * @param sip credentials, outbound proxy and transport for reaching the agent
 * @param addressing where Earshot listens and what it advertises ({@link Addressing#AUTO}: the route to the agent)
 * @param reportBind where the side channel listens, or null for Earshot's SIP address
 * @param reportUrl the side-channel URL put in {@code X-Earshot-Report} (a proxy or NAT in front of it), or null
 *     for {@code http://ADVERTISED:PORT/v1/report}
 */
public record RunOptions(String agentUri, Path outDir, int concurrency, long answerTimeoutMs, long greetingTimeoutMs, long replyTimeoutMs,
    long endSilenceMs, long maxSpeechMs, SipSettings sip, Addressing addressing, String reportBind, String reportUrl) {

  public RunOptions {
    if (agentUri == null || !agentUri.matches("(?i)sips?:.+")) throw new IllegalArgumentException("agentUri: expected sip:user@host:port or sips:..., found " + agentUri);
    if (outDir == null) throw new NullPointerException("outDir == null");
    if (concurrency < 1) throw new IllegalArgumentException("concurrency: expected at least 1, found " + concurrency);
    if (sip == null) sip = SipSettings.DEFAULT;
    if (addressing == null) addressing = Addressing.AUTO;
  }

  public RunOptions(String agentUri, Path outDir, int concurrency, long answerTimeoutMs, long greetingTimeoutMs, long replyTimeoutMs,
      long endSilenceMs, long maxSpeechMs, SipSettings sip) {
    this(agentUri, outDir, concurrency, answerTimeoutMs, greetingTimeoutMs, replyTimeoutMs, endSilenceMs, maxSpeechMs, sip, null, null, null);
  }

  public static RunOptions defaults(String agentUri, Path outDir) {
    return new RunOptions(agentUri, outDir, 4, 10_000, 10_000, 10_000, 900, 30_000, SipSettings.DEFAULT);
  }

  /** Listens and advertises as {@code a} says; the side channel listens on {@code bind} and advertises {@code url} (nulls: follow SIP). */
  public RunOptions withAddressing(Addressing a, String bind, String url) {
    return new RunOptions(agentUri, outDir, concurrency, answerTimeoutMs, greetingTimeoutMs, replyTimeoutMs, endSilenceMs, maxSpeechMs, sip, a, bind, url);
  }


  public RunOptions withConcurrency(int n) {
    return new RunOptions(agentUri, outDir, n, answerTimeoutMs, greetingTimeoutMs, replyTimeoutMs, endSilenceMs, maxSpeechMs, sip, addressing, reportBind, reportUrl);
  }

  public RunOptions withSip(SipSettings settings) {
    return new RunOptions(agentUri, outDir, concurrency, answerTimeoutMs, greetingTimeoutMs, replyTimeoutMs, endSilenceMs, maxSpeechMs, settings, addressing, reportBind, reportUrl);
  }

  public RunOptions withOutDir(Path dir) {
    return new RunOptions(agentUri, dir, concurrency, answerTimeoutMs, greetingTimeoutMs, replyTimeoutMs, endSilenceMs, maxSpeechMs, sip, addressing, reportBind, reportUrl);
  }
}
