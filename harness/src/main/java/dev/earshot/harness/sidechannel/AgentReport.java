package dev.earshot.harness.sidechannel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What an agent says about one of its turns, on the side channel (see {@link SideChannel}); JSON field names
 * are the snake_case of these. Only {@code call} is required.
 *
 * @param call the call's {@code X-Earshot-Call} id (or its SIP Call-ID)
 * @param turn which caller utterance this answers, counting from 1; absent: the next one
 * @param heard the agent's own transcript of what the caller said (its ASR final)
 * @param intent the intent the agent chose
 * @param said the text the agent meant to say in reply
 * @param asrFinalUs, responseStartUs, ttsFirstAudioUs the agent's stage times, microseconds since the Unix epoch
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentReport(String call, Integer turn, String heard, String intent, String said, Long asrFinalUs,
    Long responseStartUs, Long ttsFirstAudioUs) {}
