package dev.earshot.tools;

import dev.earshot.telephony.sip.SipCredentials;
import dev.earshot.telephony.sip.SipSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * How commands that place calls reach the agent: digest credentials (environment or a secrets file, never
 * printed), an outbound proxy, the default transport.
 */
final class SipOptions {
  static final String ENV_USERNAME = "EARSHOT_SIP_USERNAME";
  static final String ENV_PASSWORD = "EARSHOT_SIP_PASSWORD";
  static final String ENV_REALM = "EARSHOT_SIP_REALM";

  @Option(names = "--secrets", paramLabel = "FILE",
      description = {"SIP digest credentials for agents or proxies that answer 401/407: lines 'username = ...' and 'password = ...', each account optionally under a [realm] heading; # starts a comment.",
          "Also read: the environment variables " + ENV_USERNAME + ", " + ENV_PASSWORD + " and optionally " + ENV_REALM + ". Passwords are never printed or written to reports."})
  Path secrets;

  @Option(names = "--outbound-proxy", paramLabel = "HOST:PORT[/tcp|/tls]", description = "Send every SIP request through this proxy (default: straight to the agent); over TLS its certificate must name HOST.")
  String outboundProxy;

  @Option(names = "--transport", paramLabel = "udp|tcp|tls", defaultValue = "udp",
      description = "SIP transport for agent URIs without ;transport= (default: ${DEFAULT-VALUE}; sips: URIs always take TLS).")
  String transport;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "PEM file of the CA certificate(s) to trust for SIP over TLS (default: the JDK's trust store). The agent's certificate must also name the host of the URI called.")
  Path ca;

  @Option(names = "--insecure", description = "SIP over TLS: accept any certificate for any name (a self-signed test agent); every call records that nothing was checked.")
  boolean insecure;

  @Option(names = "--client-cert", paramLabel = "FILE",
      description = "Earshot's certificate for mutual TLS: a PEM chain (with --client-key) or a PKCS#12 file (password from " + "EARSHOT_TLS_PASSWORD" + ").")
  Path clientCert;

  @Option(names = "--client-key", paramLabel = "FILE", description = "The PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----) of --client-cert.")
  Path clientKey;

  static final String ENV_TLS_PASSWORD = "EARSHOT_TLS_PASSWORD";

  @Option(names = "--register", paramLabel = "URI", converter = OptionTypes.SipUri.class,
      description = "Register with this registrar (e.g. sip:pbx.example.com) before the first call, with the --secrets or environment credentials; refreshed at half the granted time, removed at the end.")
  String register;

  @Option(names = "--register-expires", paramLabel = "SECONDS", defaultValue = "600", description = "The registration lifetime to ask for (default: ${DEFAULT-VALUE}).")
  int registerExpires = 600;

  @Option(names = "--dns", paramLabel = "HOST[:PORT]",
      description = "The DNS server that resolves agent names (RFC 3263: NAPTR, SRV, then A/AAAA; failover to the next target on a timeout or 503) (default: the system's).")
  String dns;

  @Option(names = "--srtp", paramLabel = "off|optional|required", defaultValue = "off",
      description = {"SRTP for the calls' media, keyed by SDES (a=crypto, AES_CM_128_HMAC_SHA1_80 and _32) (default: ${DEFAULT-VALUE}).",
          "optional: offer RTP/AVP with keys and take SRTP when the agent answers with one; required: offer RTP/SAVP and fail a call answered without it. A profile's network: {srtp: ...} overrides this. Use SIP over TLS with it: SDES keys travel in the SDP."})
  String srtp = "off";

  @Option(names = "--srtp-key-log", paramLabel = "FILE", converter = OptionTypes.OutputFile.class,
      description = "Append every SRTP call's keys to FILE (created owner-only: call-id, local RTP address, suite, send and receive keys) so its capture can be decrypted afterwards. Keys are written nowhere else.")
  Path srtpKeyLog;

  @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "0",
      description = {"RFC 5626 keep-alives: a CRLF ping every SECONDS (more than 10) on each call's TCP or TLS connection, for NATs and proxies that drop idle connections (default: none).",
          "A far end that answers no pong within 10 s has its connection closed, and the call's sip_events say so. UDP gets none."})
  int keepAlive;

  SipSettings settings() {
    return settings(System.getenv());
  }

  SipSettings settings(Map<String, String> env) {
    List<SipCredentials> accounts = new ArrayList<>();
    if (secrets != null) accounts.addAll(readSecrets(secrets));
    accounts.addAll(fromEnvironment(env));
    try {
      if (dns != null && !dns.strip().matches("(\\[[0-9A-Fa-f:.]+]|[0-9A-Za-z.-]+)(:\\d{1,5})?|[0-9A-Fa-f:]+")) {
        throw new BadInputException("--dns: expected HOST or HOST:PORT of a DNS server like 192.0.2.53:53, found '" + dns + "'");
      }
      if (register != null && (registerExpires < 10 || registerExpires > 86400)) throw new BadInputException("--register-expires: expected 10..86400 seconds, found " + registerExpires);
      return new SipSettings(accounts, outboundProxy, transport, dns == null ? null : dns.strip(), tls(env), 0, register, registerExpires)
          .withSrtp(srtpMode(), srtpKeyLog()).withKeepAlive(keepAlive());
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--" + e.getMessage().replace("outbound proxy:", "outbound-proxy:"));
    }
  }

  /**
   * SDES keys ride in the SDP: over plain SIP anyone who sees the signalling can decrypt the media. Says so on
   * stderr when SRTP is asked for and the signalling to {@code agent} is not TLS.
   */
  static void warnIfKeysInClear(SipSettings s, String agent) {
    if (s.srtp() == dev.earshot.telephony.SrtpMode.OFF) return;
    String uri = agent == null ? "" : agent.toLowerCase(java.util.Locale.ROOT);
    if (uri.startsWith("sips:") || uri.contains(";transport=tls") || s.transport().equals("tls") && !uri.contains(";transport=")) return;
    System.err.println("earshot: warning: --srtp " + s.srtp() + " over SIP without TLS: the SRTP keys (SDES a=crypto) travel in clear text"
        + " and anyone who sees the signalling can decrypt the media; use --transport tls or a sips: URI");
  }

  int keepAlive() {
    if (keepAlive != 0 && (keepAlive < 15 || keepAlive > 3600)) {
      throw new BadInputException("--keepalive: expected 15..3600 seconds (longer than the 10 s a pong may take), or 0 for none, found " + keepAlive);
    }
    return keepAlive;
  }

  dev.earshot.telephony.SrtpMode srtpMode() {
    try {
      return dev.earshot.telephony.SrtpMode.parse(srtp);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--srtp: " + e.getMessage());
    }
  }

  /** --srtp-key-log, checked now: its folder must exist and it must not be a folder itself. */
  Path srtpKeyLog() {
    if (srtpKeyLog == null) return null;
    Path dir = srtpKeyLog.toAbsolutePath().getParent();
    if (Files.isDirectory(srtpKeyLog)) throw new BadInputException("--srtp-key-log: " + srtpKeyLog + " is a directory; expected a file to append keys to");
    if (dir != null && !Files.isDirectory(dir)) throw new BadInputException("--srtp-key-log: " + dir + ": no such directory");
    if (Files.exists(srtpKeyLog) && !Files.isWritable(srtpKeyLog)) throw new BadInputException("--srtp-key-log: " + srtpKeyLog + ": not writable");
    return srtpKeyLog;
  }

  /** The TLS options, each file checked now: a missing or unreadable one is a one-line error naming its option. */
  dev.earshot.telephony.sip.TlsSettings tls(Map<String, String> env) {
    for (Object[] f : new Object[][] {{"--ca", ca}, {"--client-cert", clientCert}, {"--client-key", clientKey}}) {
      Path p = (Path) f[1];
      if (p != null && !Files.isReadable(p)) throw new BadInputException(f[0] + ": " + p + ": no such file (or not readable); expected a PEM" + (f[0].equals("--client-cert") ? " or PKCS#12" : "") + " file");
    }
    if (clientKey != null && clientCert == null) throw new BadInputException("--client-key: given without --client-cert");
    if (insecure && ca != null) throw new BadInputException("--insecure: checks nothing, so --ca " + ca + " would be ignored; give one or the other");
    try {
      return new dev.earshot.telephony.sip.TlsSettings(ca, insecure, clientCert, clientKey, env.get(ENV_TLS_PASSWORD), false);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--client-cert: " + e.getMessage());
    }
  }

  static List<SipCredentials> fromEnvironment(Map<String, String> env) {
    String user = env.get(ENV_USERNAME), password = env.get(ENV_PASSWORD);
    if (user == null && password == null) return List.of();
    if (user == null || user.isBlank() || password == null) {
      throw new BadInputException("environment: " + ENV_USERNAME + " and " + ENV_PASSWORD + " must be set together (found only "
          + (user == null || user.isBlank() ? ENV_PASSWORD : ENV_USERNAME) + ")");
    }
    String realm = env.get(ENV_REALM);
    return List.of(new SipCredentials(user, password, realm == null || realm.isBlank() ? null : realm));
  }

  /** Reads a secrets file; a malformed line is a one-line error naming the file and line (never echoing a value). */
  static List<SipCredentials> readSecrets(Path file) {
    byte[] bytes = dev.earshot.audio.UserFiles.read(file, "a secrets file with username and password lines", (m, e) -> new BadInputException(m));
    List<SipCredentials> out = parseSecrets(bytes, file.toString());
    warnIfReadableByOthers(file);
    return out;
  }

  /**
   * The accounts of a secrets file's bytes ({@code source} names it in errors): {@code [realm]} headings and
   * {@code username = ...} / {@code password = ...} lines. Errors name the line, never a value.
   */
  static List<SipCredentials> parseSecrets(byte[] bytes, String source) {
    String text;
    try {
      text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new BadInputException(source + ": not UTF-8 text; expected a secrets file with username and password lines");
    }
    List<String> lines = text.lines().toList();
    List<SipCredentials> out = new ArrayList<>();
    String realm = null, user = null, password = null;
    int accountLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = source + ":" + (i + 1) + ": ";
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("[")) {
        if (!line.endsWith("]") || line.length() < 3) throw new BadInputException(where + "expected a realm heading like [sip.example.com]");
        if (accountLine > 0) out.add(account(source, accountLine, realm, user, password));
        realm = line.substring(1, line.length() - 1).strip();
        user = password = null;
        accountLine = i + 1;
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (!key.equals("username") && !key.equals("password")) {
        throw new BadInputException(where + "expected 'username = ...' or 'password = ...'" + (eq < 0 ? "" : ", found key '" + key + "'"));
      }
      String value = line.substring(eq + 1).strip();
      if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '"' || c == '\\')) { // it goes into a quoted header parameter
        throw new BadInputException(where + "the " + key + " holds a control character, a quote or a backslash; expected printable text");
      }
      if (accountLine == 0) accountLine = i + 1;
      if (key.equals("username")) user = value;
      else password = value;
    }
    if (accountLine > 0) out.add(account(source, accountLine, realm, user, password));
    if (out.isEmpty()) throw new BadInputException(source + ": no account; expected 'username = ...' and 'password = ...' lines");
    return out;
  }

  private static SipCredentials account(String source, int line, String realm, String user, String password) {
    String where = source + ":" + line + ": ";
    if (user == null || user.isEmpty()) throw new BadInputException(where + "this account has no 'username = ...' line");
    if (password == null) throw new BadInputException(where + "this account has no 'password = ...' line");
    return new SipCredentials(user, password, realm);
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        System.err.println("earshot: warning: " + file + " is readable by other users; chmod 600 it");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }
}
