package dev.earshot.tools.agent;

/**
 * What the reference agent did for one caller utterance (or, as turn 0, its greeting), with its own
 * timestamps in microseconds since the epoch. These are the ground truth Earshot's measurements are checked
 * against.
 *
 * @param call the caller's {@code X-Earshot-Call} header, or the SIP Call-ID when absent
 * @param turn 0 for the greeting, then 1, 2, ... per caller utterance
 * @param heard the agent's own transcript of the caller (Vosk), empty for the greeting, null when it is scripted (it recognises nothing)
 * @param intent the intent it chose ({@code greeting} for turn 0)
 * @param prompt the prompt it played: the intent's own, unless a fault (e.g. {@code --repeat-prompt}) chose another
 * @param speechStartUs first voiced caller frame received (0 for the greeting)
 * @param speechEndUs last voiced caller frame received (0 for the greeting)
 * @param endpointUs when it decided the caller had finished (end-of-speech silence seen)
 * @param recognizedUs when its transcript was final
 * @param replyQueuedUs when the reply was handed to the media stream (after {@code --think-ms})
 * @param firstVoicedSentUs when the first voiced frame of the reply was sent; 0 if none was
 * @param interrupted true when the caller barged in and the agent stopped this reply
 * @param identity on the greeting (turn 0) only: who the INVITE said was calling, header by header as received
 *     ({@code From}, and {@code P-Asserted-Identity}, {@code Privacy}, {@code User-to-User} when present); null on other turns
 */
public record AgentTurn(String call, int turn, String heard, String intent, String prompt, long speechStartUs, long speechEndUs,
    long endpointUs, long recognizedUs, long replyQueuedUs, long firstVoicedSentUs, boolean interrupted,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    java.util.Map<String, String> identity) {}
