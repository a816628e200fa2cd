package dev.earshot.telephony.sip;

/**
 * An account for SIP digest authentication (RFC 3261 section 22, RFC 2617): used when the agent or a proxy
 * answers 401 / 407. The password is never printed: {@link #toString()} leaves it out, and the stack's
 * message logging stays off.
 *
 * @param realm the realm these credentials are for, or null for any realm
 */
public record SipCredentials(String username, String password, String realm) {
  public SipCredentials {
    if (username == null || username.isBlank()) throw new IllegalArgumentException("username: expected a SIP user name");
    if (password == null) throw new IllegalArgumentException("password: expected a password");
  }

  /** Whether these credentials answer a challenge from {@code challengeRealm}. */
  public boolean matches(String challengeRealm) {
    return realm == null || realm.equals(challengeRealm);
  }

  @Override
  public String toString() {
    return "SipCredentials[username=" + username + ", realm=" + (realm == null ? "any" : realm) + ", password=(hidden)]";
  }
}
