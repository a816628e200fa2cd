package dev.earshot.harness;

import dev.earshot.audio.profile.InvalidField;

/**
 * Who the caller is, as the agent's SIP sees it: IVRs and contact-centre agents route and personalise by it.
 * Set on a suite, a scenario or a persona (a known customer, an anonymous caller); the scenario's wins, then
 * the persona's, then the suite's.
 *
 * @param number the caller's number, the user part of From (e.g. {@code +15551230000})
 * @param name the display name of From (e.g. {@code Dana Smith})
 * @param anonymous true: an anonymous From ({@code "Anonymous" <sip:anonymous@anonymous.invalid>}) and
 *     {@code Privacy: id} (RFC 3323); with a {@code number}, the network still asserts it in
 *     {@code P-Asserted-Identity}, as a carrier does for a withheld number
 * @param asserted true: also send {@code P-Asserted-Identity: "name" <tel:number>} (RFC 3325), as a trunk that
 *     vouches for the number does
 */
public record Caller(String number, String name, Boolean anonymous, Boolean asserted) {
  public Caller {
    if (number != null && !number.contains("{{") && !number.matches("\\+?[0-9]{1,20}")) { // {{..}}: a parameters: placeholder
      throw new InvalidField("number", "expected digits with an optional leading + (like +15551230000), found '" + number + "'");
    }
    if (name != null && !name.contains("{{") && (name.isBlank() || name.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\'))) {
      throw new InvalidField("name", "expected printable text without quotes or backslashes, found '" + name + "'");
    }
    anonymous = Boolean.TRUE.equals(anonymous);
    asserted = Boolean.TRUE.equals(asserted);
    if (asserted && number == null) throw new InvalidField("asserted", "expected a number to assert");
    if (number == null && name == null && !anonymous) throw new IllegalArgumentException("expected a number, a name or anonymous: true");
  }

  /** This caller with {@code f} applied to its number and name ({@code parameters:} placeholders), checked again. */
  Caller withText(java.util.function.UnaryOperator<String> f) {
    return new Caller(number == null ? null : f.apply(number), name == null ? null : f.apply(name), anonymous, asserted);
  }

  /** The From identity: anonymous, or this number and name. */
  dev.earshot.telephony.sip.CallerIdentity identity() {
    return anonymous ? dev.earshot.telephony.sip.CallerIdentity.ANONYMOUS : new dev.earshot.telephony.sip.CallerIdentity(number, name);
  }

  /** The identity headers this caller adds to the INVITE: P-Asserted-Identity and Privacy, as set. */
  java.util.Map<String, String> headers() {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
    if (number != null && (asserted || anonymous)) h.put("P-Asserted-Identity", (name == null ? "" : "\"" + name + "\" ") + "<tel:" + number + ">");
    if (anonymous) h.put("Privacy", "id");
    return h;
  }
}
