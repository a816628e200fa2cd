package dev.earshot.telephony.sip;

/**
 * The answer to an OPTIONS request (a SIP health check).
 *
 * @param status the final response's status code (200 when the agent is up)
 * @param reason its reason phrase
 * @param roundTripMs from sending OPTIONS (its last challenge answered, if any) to the final response
 * @param server the {@code Server} or {@code User-Agent} header, or null
 * @param allow the methods the agent says it supports ({@code Allow}), or null
 * @param accept the bodies it accepts ({@code Accept}), or null
 * @param seenFrom where the agent saw the request come from: the {@code received} and {@code rport} it put in
 *     the response's Via (RFC 3581), as {@code host:port}; null when it added neither (it saw what Via said)
 */
public record Pong(int status, String reason, double roundTripMs, String server, String allow, String accept, String seenFrom) {
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
