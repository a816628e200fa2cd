package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One call: a scenario under one audio profile.
 *
 * @param id unique within the run, {@code scenario--profile}, with {@code --tN} for trial N when a suite runs more than one;
 *     also sent to the agent as {@code X-Earshot-Call}
 * @param seed the seed every random choice of this call was derived from
 * @param status {@code completed} when every turn was played and answered or judged, {@code failed} otherwise
 * @param failure the precise cause when {@code failed} (SIP status, timeout, media, a budget, no greeting), with its
 *     layer and code, else null
 * @param sipCallId the SIP Call-ID, for correlation with the agent's logs
 * @param setupMs INVITE sent to 200 OK received, null when the call was not answered
 * @param greeting Earshot's transcript of the agent's greeting, null when there was none
 * @param timeToGreetingMs media start to the first agent speech frame, null when there was no greeting
 * @param mediaStartEpochUs when Earshot sent the call's first RTP frame, microseconds since the epoch: add a
 *     turn's {@code *_s} offsets to it to compare with an agent's own clock on the same machine
 * @param durationS media start to the end of the call
 * @param endedBy who ended the call and how, e.g. {@code local BYE}
 * @param recording the stereo WAV (caller left, agent right), relative to the report's directory
 * @param capture the call's SIP and RTP as a pcap file (Wireshark, tshark), relative to the report's directory
 * @param rtp packet counts of the call's media stream
 * @param wire what the profile's {@code network:} section did to the packets Earshot sent, or null when the
 *     path was perfect
 * @param transferredTo where the agent transferred the caller (the Refer-To of its REFER), or null
 * @param sipEvents what the agent did within the call besides talking: re-INVITEs (hold, resume, codec or
 *     address changes) and REFERs, each with its time from media start
 * @param turns one per {@code expect} step: what the agent said and how it was judged
 * @param trial which run of this scenario under this profile (1..the suite's {@code trials})
 * @param bargeIns one per {@code barge_in} or {@code noise_only} step
 * @param persona the caller's persona, or null when the suite crosses none
 * @param path the addresses the call used and what the network did to them (NAT, latching), or null when not placed
 * @param refusedReports side-channel reports of the agent about this call that Earshot refused (a field of the
 *     wrong type, a second report for a turn, a body that is not JSON), with the reason; they moved no figure
 * @param branches the path the script took, in order: each {@code on:} case (or {@code else}) an {@code expect} took and
 *     each round of an {@code answers} step (the question answered, an unanswered one, the goal); empty for a fixed script
 *
 * <p>The JSON also carries {@code failed_layers} ({@link #failedLayers()}), derived from the rest.
 */
@JsonIgnoreProperties(value = "failed_layers", allowGetters = true)
public record CallResult(
    String id,
    String scenario,
    String profile,
    long seed,
    String status,
    Failure failure,
    String sipCallId,
    Double setupMs,
    String greeting,
    Double timeToGreetingMs,
    Long mediaStartEpochUs,
    double durationS,
    String endedBy,
    String recording,
    String capture,
    RtpStats rtp,
    WireStats wire,
    String transferredTo,
    List<SipEvent> sipEvents,
    List<TurnResult> turns,
    int trial,
    List<BargeInResult> bargeIns,
    String persona,
    PathStats path,
    List<RefusedReport> refusedReports,
    List<Branch> branches) {

  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";
  /** The failure of a call that ran to its end with some {@code expect} step unmet by any agent speech. */
  public static final String UNANSWERED_TURNS = "not every turn was answered";

  public CallResult {
    if (id == null) throw new NullPointerException("id == null");
    if (!COMPLETED.equals(status) && !FAILED.equals(status)) {
      throw new IllegalArgumentException("status: expected completed or failed, found " + status);
    }
    turns = turns == null ? List.of() : List.copyOf(turns);
    sipEvents = sipEvents == null ? List.of() : List.copyOf(sipEvents);
    bargeIns = bargeIns == null ? List.of() : List.copyOf(bargeIns);
    refusedReports = refusedReports == null ? List.of() : List.copyOf(refusedReports);
    branches = branches == null ? List.of() : List.copyOf(branches);
    if (trial < 1) throw new IllegalArgumentException("trial: expected at least 1, found " + trial);
  }

  /**
   * A side-channel report the agent sent about this call and Earshot refused: when it arrived (microseconds
   * since the epoch), the status it was answered (400, 409, 415), why, and its body (the first 2000 characters).
   */
  public record RefusedReport(long receivedEpochUs, int status, String reason, String body) {}

  /**
   * Where the call's signalling and media went. {@code local}: the address Earshot listened on (the route to
   * the agent unless {@code --bind}); {@code localMedia}: its RTP socket, {@code host:port}; {@code advertised}: what its Via, Contact and SDP said (differs behind a
   * static NAT with {@code --public-address}); {@code seenFrom}: where the agent (or first proxy) saw the INVITE
   * come from, by the {@code received}/{@code rport} of its response (RFC 3581), null when it added neither; a
   * value other than {@code advertised} means a NAT in between. {@code mediaAdvertised}: the agent's RTP address
   * from its SDP; {@code mediaObserved}: where its RTP was taken from in the end; {@code latched}: true when
   * they differ because Earshot latched to the observed source (symmetric RTP: the agent advertised an address its
   * media did not come from, typically its private address behind NAT). {@code mediaProbed}: when the agent's
   * SDP named a private address other than its signalling host's, Earshot also sent its first packets to the
   * signalling host at the SDP's port, until media arrived ({@code probePackets} of them); null otherwise.
   */
  public record PathStats(String local, String advertised, String localMedia, String seenFrom, String mediaAdvertised, String mediaObserved,
      boolean latched, String mediaProbed, long probePackets) {}

  /**
   * One choice the script made on what the agent said. {@code step}: the step's number (from 1, branches' steps numbered
   * after the scenario's own); {@code kind}: {@code on} (an expect's cases) or {@code answers}; {@code taken}: for
   * {@code on}, {@code case N} (from 1) or {@code else: fail|continue|steps}; for {@code answers}, {@code answer N},
   * {@code goal} or {@code unanswered}; {@code check}: what matched (the case's or answer's checks), null for none;
   * {@code heard}: Earshot's transcript of the agent's utterance it chose on; {@code keys}: when a case checks
   * {@code dtmf}, the keys the agent had sent during the step (RFC 4733 or in-band, as Earshot heard them), else null;
   * {@code atS}: when, from media start.
   */
  public record Branch(int step, String kind, String taken, String check, String heard, String keys, Double atS) {}

  /** A mid-call SIP request from the agent: {@code kind} re-INVITE or REFER, {@code detail} what it changed or where it transferred to. */
  public record SipEvent(Double atS, String kind, String detail) {}

  /**
   * RTP counts for the call. {@code received} is audio packets from the agent; the RFC 3550 receive statistics
   * cover every packet of the agent's stream: {@code lost} = expected - distinct received, {@code duplicates},
   * {@code reordered} (arrived after a later one), {@code jitterMs} (interarrival jitter).
   * {@code comfortNoise} counts RFC 3389 packets; {@code dtmfReceived} the keys the agent sent (RFC 4733 or
   * in-band). The {@code sendError*} figures are Earshot's self-check: how far its own packets left from
   * their slots on the 20 ms schedule (median, 99th percentile, worst), in milliseconds. RTCP (RFC 3550):
   * reports sent and received, and from the agent's latest report about Earshot's stream its
   * {@code farEndLost} (cumulative) and {@code farEndJitterMs}, and the round trip {@code rttMs} from its
   * LSR/DLSR; null when the agent sends no RTCP about us. {@code codec}: the negotiated codec's encoding name
   * (PCMU, PCMA, G722, opus) as the call ended. {@code srtp}: the call's SRTP figures, null for plain RTP.
   * {@code clippedFrames}: the agent's audio frames with samples held at full scale (three in a row at G.711's top code).
   */
  public record RtpStats(long sent, long received, long ignoredFromStrangers, long expected, long lost, long duplicates,
      long reordered, double jitterMs, long comfortNoise, String dtmfReceived, double sendErrorP50Ms,
      double sendErrorP99Ms, double sendErrorMaxMs, long rtcpSent, long rtcpReceived, Long farEndLost,
      Double farEndJitterMs, Double rttMs, String codec, SrtpStats srtp, long clippedFrames) {
    public RtpStats(long sent, long received, long ignoredFromStrangers) {
      this(sent, received, ignoredFromStrangers, 0, 0, 0, 0, 0, 0, "", 0, 0, 0, 0, 0, null, null, null, null, null, 0);
    }
  }

  /**
   * SRTP (RFC 3711, keyed by SDES): the {@code suite} the call agreed, and the agent's packets dropped unheard
   * because they failed authentication ({@code authFailures}: a wrong key, tampering, a stranger's packets) or
   * were replays ({@code replays}: seen before or too old, a duplicate on the path included), and the same for
   * SRTCP. Keys are never in a report; {@code --srtp-key-log} writes them to a file of their own.
   */
  public record SrtpStats(String suite, long authFailures, long replays, long rtcpAuthFailures, long rtcpReplays) {}

  /**
   * Wire impairment of the packets sent to the agent: how many were decided, lost on the path, dropped by a
   * full bottleneck queue, sent twice; the mean and largest delay added (milliseconds); and {@code log}, the
   * per-packet CSV (relative to the report's directory) saying what was done to each.
   */
  public record WireStats(long packets, long lost, long queueFull, long duplicated, double meanDelayMs, double maxDelayMs, String log) {}

  /** The layers of the pipeline this call failed in, in pipeline order (see {@link Layers}); empty when it passed. */
  @JsonProperty("failed_layers")
  public List<String> failedLayers() {
    return Layers.ofCall(this);
  }

  public boolean passed() {
    return COMPLETED.equals(status) && turns.stream().allMatch(TurnResult::passed) && bargeIns.stream().allMatch(BargeInResult::passed);
  }

  /** A builder with every field empty: lists empty, numbers 0, the rest null. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this value's fields, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.scenario = scenario;
    b.profile = profile;
    b.seed = seed;
    b.status = status;
    b.failure = failure;
    b.sipCallId = sipCallId;
    b.setupMs = setupMs;
    b.greeting = greeting;
    b.timeToGreetingMs = timeToGreetingMs;
    b.mediaStartEpochUs = mediaStartEpochUs;
    b.durationS = durationS;
    b.endedBy = endedBy;
    b.recording = recording;
    b.capture = capture;
    b.rtp = rtp;
    b.wire = wire;
    b.transferredTo = transferredTo;
    b.sipEvents = sipEvents;
    b.turns = turns;
    b.trial = trial;
    b.bargeIns = bargeIns;
    b.persona = persona;
    b.path = path;
    b.refusedReports = refusedReports;
    b.branches = branches;
    return b;
  }

  /** Builds a {@link CallResult} field by field, instead of 25 positional arguments. */
  public static final class Builder {
    private String id;
    private String scenario;
    private String profile;
    private long seed;
    private String status;
    private Failure failure;
    private String sipCallId;
    private Double setupMs;
    private String greeting;
    private Double timeToGreetingMs;
    private Long mediaStartEpochUs;
    private double durationS;
    private String endedBy;
    private String recording;
    private String capture;
    private RtpStats rtp;
    private WireStats wire;
    private String transferredTo;
    private List<SipEvent> sipEvents;
    private List<TurnResult> turns;
    private int trial = 1;
    private List<BargeInResult> bargeIns;
    private String persona;
    private PathStats path;
    private List<RefusedReport> refusedReports;
    private List<Branch> branches;

    public Builder branches(List<Branch> branches) {
      this.branches = branches;
      return this;
    }

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder scenario(String scenario) {
      this.scenario = scenario;
      return this;
    }

    public Builder profile(String profile) {
      this.profile = profile;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder status(String status) {
      this.status = status;
      return this;
    }

    public Builder failure(Failure failure) {
      this.failure = failure;
      return this;
    }

    public Builder sipCallId(String sipCallId) {
      this.sipCallId = sipCallId;
      return this;
    }

    public Builder setupMs(Double setupMs) {
      this.setupMs = setupMs;
      return this;
    }

    public Builder greeting(String greeting) {
      this.greeting = greeting;
      return this;
    }

    public Builder timeToGreetingMs(Double timeToGreetingMs) {
      this.timeToGreetingMs = timeToGreetingMs;
      return this;
    }

    public Builder mediaStartEpochUs(Long mediaStartEpochUs) {
      this.mediaStartEpochUs = mediaStartEpochUs;
      return this;
    }

    public Builder durationS(double durationS) {
      this.durationS = durationS;
      return this;
    }

    public Builder endedBy(String endedBy) {
      this.endedBy = endedBy;
      return this;
    }

    public Builder recording(String recording) {
      this.recording = recording;
      return this;
    }

    public Builder capture(String capture) {
      this.capture = capture;
      return this;
    }

    public Builder rtp(RtpStats rtp) {
      this.rtp = rtp;
      return this;
    }

    public Builder wire(WireStats wire) {
      this.wire = wire;
      return this;
    }

    public Builder transferredTo(String transferredTo) {
      this.transferredTo = transferredTo;
      return this;
    }

    public Builder sipEvents(List<SipEvent> sipEvents) {
      this.sipEvents = sipEvents;
      return this;
    }

    public Builder turns(List<TurnResult> turns) {
      this.turns = turns;
      return this;
    }

    public Builder trial(int trial) {
      this.trial = trial;
      return this;
    }

    public Builder bargeIns(List<BargeInResult> bargeIns) {
      this.bargeIns = bargeIns;
      return this;
    }

    public Builder persona(String persona) {
      this.persona = persona;
      return this;
    }

    public Builder path(PathStats path) {
      this.path = path;
      return this;
    }

    public Builder refusedReports(List<RefusedReport> refusedReports) {
      this.refusedReports = refusedReports;
      return this;
    }

    /** The call; {@code status} when not set: {@code failed} with a failure, else {@code completed}. */
    public CallResult build() {
      String status = this.status != null ? this.status : failure != null ? FAILED : COMPLETED;
      return new CallResult(id, scenario, profile, seed, status, failure, sipCallId, setupMs, greeting, timeToGreetingMs, mediaStartEpochUs, durationS, endedBy, recording, capture, rtp, wire, transferredTo, sipEvents, turns, trial, bargeIns, persona, path, refusedReports, branches);
    }
  }
}
