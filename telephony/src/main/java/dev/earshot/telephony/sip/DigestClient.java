package dev.earshot.telephony.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Answers a 401 / 407 digest challenge (RFC 3261 section 22, RFC 7616, RFC 8760): the challenged request sent
 * again with a higher CSeq, a new branch and an Authorization (or Proxy-Authorization) per challenge Earshot has
 * credentials for. MD5, SHA-256 and their {@code -sess} variants; {@code qop=auth} when offered. Each answer
 * has a fresh cnonce from a {@link SecureRandom} (RFC 7616 3.4: unpredictable, never reused), and the nonce
 * count {@code nc} counts the requests sent with each server nonce, so a server can spot replays.
 */
final class DigestClient {
  private static final HexFormat HEX = HexFormat.of();
  private final SecureRandom random = new SecureRandom();
  /** Requests sent so far with each server nonce (for {@code nc}); a nonce the server drops goes stale here and is cleared past a bound. */
  private final Map<String, Integer> nonceCounts = new ConcurrentHashMap<>();
  private final HeaderFactory headers;
  private final Function<String, SipCredentials> credentials;

  /** @param credentials the account for a realm, or null for none */
  DigestClient(HeaderFactory headers, Function<String, SipCredentials> credentials) {
    this.headers = headers;
    this.credentials = credentials;
  }

  /** A new client transaction for {@code challenged}'s request, answered for {@code challenge}; the caller sends it. */
  ClientTransaction answer(Response challenge, ClientTransaction challenged, SipProvider provider) throws SipException {
    return provider.getNewClientTransaction(answered(challenge, challenged.getRequest()));
  }

  /** {@code challenged} again, with a higher CSeq, no branch and the credentials {@code challenge} asks for. */
  Request answered(Response challenge, Request challenged) throws SipException {
    boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
    Request retry = (Request) challenged.clone();
    ((ViaHeader) retry.getHeader(ViaHeader.NAME)).removeParameter("branch"); // the stack gives the new transaction its own
    retry.removeHeader(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
    CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
    try {
      cseq.setSeqNumber(cseq.getSeqNumber() + 1);
    } catch (InvalidArgumentException e) {
      throw new SipException("cannot raise the CSeq " + cseq.getSeqNumber(), e);
    }
    int answered = 0;
    ListIterator<?> it = challenge.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
    while (it.hasNext()) {
      WWWAuthenticateHeader c = (WWWAuthenticateHeader) it.next();
      if (!"digest".equalsIgnoreCase(c.getScheme())) continue;
      SipCredentials account = credentials.apply(c.getRealm());
      if (account == null) continue;
      retry.addHeader(authorization(retry, c, account, proxy));
      answered++;
    }
    if (answered == 0) throw new SipException("no digest challenge Earshot has credentials for");
    return retry;
  }

  private AuthorizationHeader authorization(Request request, WWWAuthenticateHeader c, SipCredentials account, boolean proxy) throws SipException {
    String algorithm = c.getAlgorithm() == null ? "MD5" : c.getAlgorithm();
    String hash = hashName(algorithm);
    boolean sess = algorithm.toLowerCase(Locale.ROOT).endsWith("-sess");
    String qop = offersAuth(c.getQop()) ? "auth" : null;
    if (c.getQop() != null && qop == null) throw new SipException("the challenge offers qop=\"" + c.getQop() + "\"; Earshot answers qop=auth only");
    String nonce = c.getNonce();
    String cnonce = HEX.formatHex(nextBytes());
    if (nonceCounts.size() > 10_000) nonceCounts.clear();
    int nc = nonceCounts.merge(nonce, 1, Integer::sum);
    String ncValue = String.format("%08x", nc);
    String uri = request.getRequestURI().toString();
    String response = response(hash, sess, account, c.getRealm(), nonce, ncValue, cnonce, qop, request.getMethod(), uri);
    try {
      AuthorizationHeader a = proxy ? headers.createProxyAuthorizationHeader("Digest") : headers.createAuthorizationHeader("Digest");
      a.setUsername(account.username());
      a.setRealm(c.getRealm());
      a.setNonce(nonce);
      a.setParameter("uri", uri);
      a.setResponse(response);
      if (c.getAlgorithm() != null) a.setAlgorithm(c.getAlgorithm());
      if (c.getOpaque() != null) a.setOpaque(c.getOpaque());
      if (qop != null) {
        a.setQop(qop);
        a.setCNonce(cnonce);
        a.setNonceCount(nc);
      }
      return a;
    } catch (java.text.ParseException e) {
      throw new SipException("cannot write the Authorization header: " + e.getMessage(), e);
    }
  }

  /** The {@code response} value of RFC 7616 section 3.4.1 (RFC 2617 3.2.2.1 for MD5 without qop). */
  static String response(String hash, boolean sess, SipCredentials account, String realm, String nonce, String nc, String cnonce, String qop,
      String method, String uri) {
    String ha1 = h(hash, account.username() + ":" + realm + ":" + account.password());
    if (sess) ha1 = h(hash, ha1 + ":" + nonce + ":" + cnonce);
    String ha2 = h(hash, method + ":" + uri);
    return qop == null ? h(hash, ha1 + ":" + nonce + ":" + ha2) : h(hash, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  private byte[] nextBytes() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return b;
  }

  /** Whether a challenge's {@code qop} list ({@code "auth,auth-int"}) includes {@code auth}. */
  static boolean offersAuth(String qopList) {
    if (qopList == null) return false;
    for (String q : qopList.split(",")) if (q.trim().equalsIgnoreCase("auth")) return true;
    return false;
  }

  /** The JDK digest for a digest {@code algorithm} (RFC 7616 / RFC 8760 names). */
  static String hashName(String algorithm) throws SipException {
    String a = algorithm.toUpperCase(Locale.ROOT).replace("-SESS", "");
    return switch (a) {
      case "MD5" -> "MD5";
      case "SHA-256" -> "SHA-256";
      case "SHA-512-256" -> "SHA-512/256";
      default -> throw new SipException("the challenge asks for digest algorithm " + algorithm + "; Earshot answers MD5, SHA-256 and SHA-512-256");
    };
  }

  static String h(String hash, String s) {
    try {
      return HEX.formatHex(MessageDigest.getInstance(hash).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(hash + " missing from the JDK", e);
    }
  }
}
