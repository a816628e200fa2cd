package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One thing that happened on a call, at {@link #t()} milliseconds from when Earshot began it (the INVITE, or the
 * wait for an inbound call); {@code media_start}, Earshot's first frame, is time zero of the call's recording. A call's events, in time order, are its timeline: judges compute
 * the call's results from them (and from the recording, for frame-level audio), the HTML report draws them, and
 * {@code earshot rescore} judges them again. They are written to {@code calls/ID.events.jsonl}, one JSON object a
 * line, its {@code type} one of the names below.
 *
 * <p>Pairs: {@code caller_speech_start}/{@code _end} (first and last speech frame of a caller utterance),
 * {@code agent_speech_start}/{@code _end} (a segment of agent speech: first voiced frame, end of the last),
 * {@code step_start}/{@code _end} (a step of the script, its failure when it failed), {@code dtmf_start}/{@code _end}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CallEvent.Dial.class, name = "dial"),
    @JsonSubTypes.Type(value = CallEvent.Answered.class, name = "answered"),
    @JsonSubTypes.Type(value = CallEvent.MediaStart.class, name = "media_start"),
    @JsonSubTypes.Type(value = CallEvent.StepStart.class, name = "step_start"),
    @JsonSubTypes.Type(value = CallEvent.StepEnd.class, name = "step_end"),
    @JsonSubTypes.Type(value = CallEvent.CallerSpeechStart.class, name = "caller_speech_start"),
    @JsonSubTypes.Type(value = CallEvent.CallerSpeechEnd.class, name = "caller_speech_end"),
    @JsonSubTypes.Type(value = CallEvent.AgentSpeechStart.class, name = "agent_speech_start"),
    @JsonSubTypes.Type(value = CallEvent.AgentSpeechEnd.class, name = "agent_speech_end"),
    @JsonSubTypes.Type(value = CallEvent.AgentSound.class, name = "agent_sound"),
    @JsonSubTypes.Type(value = CallEvent.Hold.class, name = "hold"),
    @JsonSubTypes.Type(value = CallEvent.Transcript.class, name = "transcript"),
    @JsonSubTypes.Type(value = CallEvent.TranscriptionSkipped.class, name = "transcription_skipped"),
    @JsonSubTypes.Type(value = CallEvent.Greeting.class, name = "greeting"),
    @JsonSubTypes.Type(value = CallEvent.Reply.class, name = "reply"),
    @JsonSubTypes.Type(value = CallEvent.Branch.class, name = "branch"),
    @JsonSubTypes.Type(value = CallEvent.AnswerChosen.class, name = "answer"),
    @JsonSubTypes.Type(value = CallEvent.TransferTaken.class, name = "transfer_taken"),
    @JsonSubTypes.Type(value = CallEvent.AgentHungUp.class, name = "agent_hung_up"),
    @JsonSubTypes.Type(value = CallEvent.SideReport.class, name = "side_report"),
    @JsonSubTypes.Type(value = CallEvent.DtmfStart.class, name = "dtmf_start"),
    @JsonSubTypes.Type(value = CallEvent.DtmfEnd.class, name = "dtmf_end"),
    @JsonSubTypes.Type(value = CallEvent.DtmfHeard.class, name = "dtmf_heard"),
    @JsonSubTypes.Type(value = CallEvent.Refer.class, name = "refer"),
    @JsonSubTypes.Type(value = CallEvent.Sip.class, name = "sip"),
    @JsonSubTypes.Type(value = CallEvent.BudgetSpent.class, name = "budget_spent"),
    @JsonSubTypes.Type(value = CallEvent.ConversationFailed.class, name = "conversation_failed"),
    @JsonSubTypes.Type(value = CallEvent.MediaTrouble.class, name = "media_problem"),
    @JsonSubTypes.Type(value = CallEvent.Hangup.class, name = "hangup"),
    @JsonSubTypes.Type(value = CallEvent.Recorded.class, name = "recorded"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface CallEvent {
  /** Milliseconds from when Earshot began the call (3 decimals); media start is an event of its own. */
  double t();

  /** Earshot began the INVITE to {@code target}, or began waiting for the agent's call ({@code inbound}). */
  record Dial(double t, String target, boolean inbound) implements CallEvent {}

  /** The call was answered, {@code setupMs} after the INVITE. */
  record Answered(double t, double setupMs) implements CallEvent {}

  /** Earshot's first media frame: time zero. */
  record MediaStart(double t) implements CallEvent {}

  /** Step {@code step} (0-based) of the script, of {@code kind} ({@code say}, {@code expect}, ...), began. */
  record StepStart(double t, int step, String kind) implements CallEvent {}

  /** Step {@code step} ended; {@code failure} when what it waited for did not happen (no reply, the call ended). */
  record StepEnd(double t, int step, Failure failure) implements CallEvent {}

  /**
   * The caller's utterance number {@code utterance} (1-based, counting {@code say} and {@code barge_in}; 0 for a
   * {@code noise_only} sound) of step {@code step} reached its first speech frame.
   */
  record CallerSpeechStart(double t, int step, int utterance, String kind, String text) implements CallEvent {}

  /** The last speech frame of step {@code step}'s utterance was sent ({@code stopped}: the call ended during it). */
  record CallerSpeechEnd(double t, int step, int utterance, boolean stopped) implements CallEvent {}

  /** Agent speech segment {@code segment} (0-based, in order) began: its first voiced frame arrived. */
  record AgentSpeechStart(double t, int segment) implements CallEvent {}

  /** Agent segment {@code segment} ended: {@code t} is the end of its last voiced frame. */
  record AgentSpeechEnd(double t, int segment) implements CallEvent {}

  /**
   * Agent segment {@code segment} is not speech but {@code sound} ({@code music} or {@code tone}: hold music, a beep,
   * ringback), as Earshot's sound classifier heard it over its first 1.5 s (or the whole of a shorter one): no reply takes
   * it, and it is not transcribed. A segment that changes between speech and such a sound is cut where it changes.
   */
  record AgentSound(double t, int segment, String sound) implements CallEvent {}

  /**
   * Expect step {@code step} ({@code hold: true}) heard the caller put on hold from {@code from} to {@code to} (ms, as
   * {@code t}): {@code sound} is what the agent played ({@code music}, {@code tone}, {@code music+tone}) or {@code silence};
   * {@code to} is when the agent spoke again, or null when it did not.
   */
  record Hold(double t, int step, double from, Double to, String sound) implements CallEvent {}

  /** Earshot's transcript of agent segment {@code segment}. */
  record Transcript(double t, int segment, String text) implements CallEvent {}

  /**
   * Earshot will not transcribe this call's agent speech ({@code why}: a load run transcribing a share of its calls):
   * its replies' timing is judged, their words, phrases and intents are not.
   */
  record TranscriptionSkipped(double t, String why) implements CallEvent {}

  /** Agent segment {@code segment} was taken as the greeting. */
  record Greeting(double t, int segment) implements CallEvent {}

  /** Agent segment {@code segment} was taken as the reply that {@code expect} step {@code step} judges. */
  record Reply(double t, int step, int segment) implements CallEvent {}

  /**
   * Expect step {@code step}, which has {@code on:} cases, took branch {@code taken}: the 0-based case whose check the
   * reply met, or -1 for its {@code else} ({@code action} {@code fail}, {@code continue} or {@code steps}); {@code check}
   * names the case's check; {@code keys}: when a case checks {@code dtmf}, the keys the agent had sent during the step
   * when the case was chosen, else null.
   */
  record Branch(double t, int step, int taken, String action, String check, String keys) implements CallEvent {}

  /**
   * Round {@code round} (from 1) of answers step {@code step}: the agent's utterance {@code segment} met the goal
   * ({@code goal} true), or the question of answer {@code answer} (0-based; the caller says it next), or no answer's
   * ({@code answer} -1: an unanswered question).
   */
  record AnswerChosen(double t, int step, int round, int segment, int answer, boolean goal) implements CallEvent {}

  /** The agent's transfer to {@code target} went to {@code expect} step {@code step}. */
  record TransferTaken(double t, int step, String target) implements CallEvent {}

  /** Whether the agent hung up by the end of {@code expect} step {@code step}, which waited for it to. */
  record AgentHungUp(double t, int step, boolean hungUp) implements CallEvent {}

  /**
   * The agent's side-channel report about caller utterance {@code utterance}: what its recogniser heard, the
   * intent it chose, what it said, its own clock's marks (epoch µs), and the tool calls it made for it.
   */
  record SideReport(double t, int utterance, String heard, String intent, String said, Long asrFinalUs, Long responseStartUs,
      Long ttsFirstAudioUs, java.util.List<TurnResult.ToolCall> tools) implements CallEvent {
    public SideReport {
      tools = tools == null ? java.util.List.of() : java.util.List.copyOf(tools);
    }

    public SideReport(double t, int utterance, String heard, String intent, String said, Long asrFinalUs, Long responseStartUs, Long ttsFirstAudioUs) {
      this(t, utterance, heard, intent, said, asrFinalUs, responseStartUs, ttsFirstAudioUs, null);
    }
  }

  /** The caller began pressing {@code keys} ({@code mode}: rfc4733, inband, info or auto). */
  record DtmfStart(double t, int step, String keys, String mode) implements CallEvent {}

  record DtmfEnd(double t, int step) implements CallEvent {}

  /** A key the agent sent ({@code inBand}: detected in its audio, else an RFC 4733 event). */
  record DtmfHeard(double t, String key, boolean inBand) implements CallEvent {}

  /** The agent asked to transfer the call (REFER) to {@code target}. */
  record Refer(double t, String target) implements CallEvent {}

  /** A mid-call SIP event (re-INVITE, UPDATE, INFO, a session refresh) and what it carried. */
  record Sip(double t, String kind, String detail) implements CallEvent {}

  /** A budget was spent and Earshot ended the call. */
  record BudgetSpent(double t, Failure failure) implements CallEvent {}

  /** The conversation as a whole failed (no greeting, Earshot's own error). */
  record ConversationFailed(double t, Failure failure) implements CallEvent {}

  /**
   * What the media of the call did wrong, found when it ended: {@code kind} no_audio, one_way, silent or stopped;
   * {@code midCall} when the agent's media stopped arriving during the call (reported only if turns failed).
   */
  record MediaTrouble(double t, String kind, String message, boolean midCall) implements CallEvent {}

  /** The call ended: {@code byRemote} when the agent hung up, and how ({@code cause}). */
  record Hangup(double t, boolean byRemote, String cause) implements CallEvent {}

  /**
   * What the call's recording holds: {@code callerMs} of the caller (left) and {@code agentMs} of the agent's audio as
   * received (right; beyond it the channel is padded with silence, which is not the agent being silent).
   */
  record Recorded(double t, double callerMs, double agentMs) implements CallEvent {}
}
