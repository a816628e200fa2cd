package dev.earshot.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a call or a turn failed, as a value: the pipeline {@link Layer} it is charged to (decided where the
 * failure was detected, never read back from the message), a stable machine code, the figure and limit where
 * there is one, and the sentence for people. Writers show the message and group by layer and code; nothing
 * parses the message.
 *
 * @param layer the layer charged
 * @param code stable across releases, lower-case with underscores; the codes are {@link Codes}'
 * @param figure what was measured (a SIP status, a number of turns, seconds, a word error rate), or null
 * @param limit the limit it broke, or null
 * @param message one line for people, e.g. {@code budget max_turns: the agent spoke 7 times (limit 6)}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Failure(Layer layer, String code, Double figure, Double limit, String message) {
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");

  public Failure {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(message, "message");
    if (code == null || !CODE.matcher(code).matches()) throw new IllegalArgumentException("code: expected lower_case_with_underscores, found " + code);
  }

  public static Failure of(Layer layer, String code, String message) {
    return new Failure(layer, code, null, null, message);
  }

  public static Failure of(Layer layer, String code, double figure, double limit, String message) {
    return new Failure(layer, code, figure, limit, message);
  }

  /** The same failure, its message preceded by {@code prefix} (a step that was not played because of it). */
  public Failure prefixed(String prefix) {
    return new Failure(layer, code, figure, limit, prefix + message);
  }

  /** A budget's end of the call ({@code budget_*} codes). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isBudget() {
    return code.startsWith(Codes.BUDGET);
  }

  @Override
  public String toString() {
    return "[" + layer + "] " + message;
  }

  /** Every code Earshot writes, by layer. New codes may come; a code's meaning never changes. */
  public static final class Codes {
    private Codes() {}

    // telephony
    /** The agent answered the INVITE with a final non-2xx status: {@code figure} is the status. */
    public static final String SIP_STATUS = "sip_status";
    /** No answer within the ring timeout. */
    public static final String NO_ANSWER = "no_answer";
    /** The call could not be set up: no response at all, a transport or TLS error. */
    public static final String CALL_SETUP = "call_setup";
    /** No RTP from the far end, or none that could be used (every SRTP packet failed authentication). */
    public static final String NO_AUDIO = "no_audio";
    /** Audio only one way: the far end's RTP from another address, or its RTCP shows ours not arriving. */
    public static final String ONE_WAY_AUDIO = "one_way_audio";
    /** RTP arrived but carried only digital silence. */
    public static final String SILENT_AUDIO = "silent_audio";
    /** The far end's RTP, steady until then, stopped mid-call. */
    public static final String MEDIA_STOPPED = "media_stopped";
    /** The agent's audio arrived clipped: samples held at full scale in at least 1% of its frames (and 0.5 s). */
    public static final String CLIPPED_AUDIO = "clipped_audio";
    /** The call ended before or during a step (the far end's BYE, a dialog ended), so it could not be judged. */
    public static final String CALL_ENDED = "call_ended";
    /** Earshot itself failed while running the call (a bug of Earshot's: the message says what). */
    public static final String HARNESS_ERROR = "harness_error";
    // latency
    /** The agent gave no greeting within the greeting timeout. */
    public static final String NO_GREETING = "no_greeting";
    /** The agent said nothing within the step's timeout: {@code limit} is the timeout in seconds. */
    public static final String NO_REPLY = "no_reply";
    /**
     * The agent began its reply before the caller's last word (it cut in during the caller's utterance or a pause in it), on
     * a step with {@code no_interruption}: {@code figure} how long before the caller's last word, ms.
     */
    public static final String CUT_IN = "cut_in";
    /** The reply came, later than the step's {@code max_latency_ms}: {@code figure} the latency, {@code limit} the bound, in ms. */
    public static final String SLOW_REPLY = "slow_reply";
    // intent, asr, response
    /** The agent chose another intent than expected. */
    public static final String WRONG_INTENT = "wrong_intent";
    /** The agent chose the wrong intent having misheard: {@code figure} is its word error rate, {@code limit} the threshold. */
    public static final String MISHEARD = "misheard";
    /** The agent did not transfer (REFER) the caller, or not where expected. */
    public static final String NO_TRANSFER = "no_transfer";
    /** An expected phrase, keyword, exact text or pattern was missing from the reply. */
    public static final String MISSING_PHRASE = "missing_phrase";
    /** The reply said a phrase the step forbids ({@code not_phrases}). */
    public static final String FORBIDDEN_PHRASE = "forbidden_phrase";
    /** The reply went on longer than an utterance may: {@code limit} in seconds. */
    public static final String REPLY_TOO_LONG = "reply_too_long";
    // flow
    /** The prefix of a budget's code: {@code budget_max_turns}, {@code budget_max_duration_s}, ... */
    public static final String BUDGET = "budget_";
    /** The agent did not hang up when the step expected it to. */
    public static final String NO_HANGUP = "no_hangup";
    /** A call that ran to its end with some {@code expect} step unmet by any agent speech; charged to that step's layer. */
    public static final String UNANSWERED_TURNS = "unanswered_turns";
    /** An {@code expect} with {@code on:} cases whose reply met none of them (and its {@code else} is {@code fail}). */
    public static final String NO_CASE_MATCHED = "no_case_matched";
    /** An {@code expect} run more often than its {@code max_visits} (a case's {@code again} looping). */
    public static final String REVISIT_LIMIT = "revisit_limit";
    /** In an {@code answers} step, the agent said something no answer matches and that is not the goal. */
    public static final String UNANSWERED_QUESTION = "unanswered_question";
    /** An {@code answers} step heard its {@code max_turns} agent utterances without the goal. */
    public static final String GOAL_NOT_REACHED = "goal_not_reached";
    /** An {@code expect}'s {@code tool}/{@code tools} call is not among those the agent reported for the turn. */
    public static final String MISSING_TOOL = "missing_tool";
    /** An {@code expect} checks tool calls but the agent sent no side-channel report for the turn. */
    public static final String NO_TOOL_REPORT = "no_tool_report";
    /** An {@code expect}'s {@code dtmf}: the agent sent no key within the timeout. */
    public static final String NO_DTMF = "no_dtmf";
    /** An {@code expect}'s {@code dtmf}: the agent sent other keys. */
    public static final String WRONG_DTMF = "wrong_dtmf";
    /** The agent spoke during an {@code expect}'s {@code silence_ms}. */
    public static final String NOT_SILENT = "not_silent";
    /** An {@code expect: {hold: true}}: the agent spoke again with no music or tone and less silence than {@code min_hold_s}. */
    public static final String NO_HOLD = "no_hold";
    /** An {@code expect: {hold: true}}: the agent had not spoken again after {@code max_hold_s}. */
    public static final String HOLD_TOO_LONG = "hold_too_long";
    // barge_in
    /** A {@code barge_in} or {@code noise_only} step failed. */
    public static final String BARGE_IN = "barge_in";
  }
}
