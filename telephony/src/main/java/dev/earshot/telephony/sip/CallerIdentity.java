package dev.earshot.telephony.sip;

/**
 * Who the call says it is from: the user part and display name of the From header (RFC 3261 section 8.1.1.3).
 * The host part is always this agent's own address. {@link #ANONYMOUS} is RFC 3323's anonymous From.
 *
 * @param user the user part, e.g. a caller's number {@code +15551230000}, or null for the agent's own name
 * @param displayName the display name, e.g. {@code Dana Smith}, or null for none
 */
public record CallerIdentity(String user, String displayName) {
  /** {@code "Anonymous" <sip:anonymous@anonymous.invalid>} (RFC 3323 section 4.1.1.3). */
  public static final CallerIdentity ANONYMOUS = new CallerIdentity("anonymous", "Anonymous");

  public CallerIdentity {
    if (user != null && !user.matches("[A-Za-z0-9+\\-_.!~*'()&=$,;?/]+")) {
      throw new IllegalArgumentException("user: expected SIP user characters (a number like +15551230000), found '" + user + "'");
    }
    if (displayName != null && (displayName.isBlank() || displayName.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\'))) {
      throw new IllegalArgumentException("display name: expected printable text without quotes or backslashes, found '" + displayName + "'");
    }
  }

  boolean anonymous() {
    return this.equals(ANONYMOUS);
  }
}
