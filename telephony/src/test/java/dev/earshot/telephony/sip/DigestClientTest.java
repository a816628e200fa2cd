package dev.earshot.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** The digest answers themselves, without a network: the RFCs' worked examples, and fresh cnonces with counted nonces. */
class DigestClientTest {
  private static final SipCredentials ALICE = new SipCredentials("alice", "s3cret-pass", null);

  @Test
  void theResponsesOfTheRfcsWorkedExamples() {
    // RFC 2617 section 3.5
    assertEquals("6629fae49393a05397450978507c4ef1", DigestClient.response("MD5", false, new SipCredentials("Mufasa", "Circle Of Life", null),
        "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", "GET", "/dir/index.html"));
    // RFC 7616 section 3.9.1, MD5 and SHA-256
    SipCredentials mufasa = new SipCredentials("Mufasa", "Circle of Life", null);
    String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    assertEquals("8ca523f5e9506fed4657c9700eebdbec",
        DigestClient.response("MD5", false, mufasa, "http-auth@example.org", nonce, "00000001", cnonce, "auth", "GET", "/dir/index.html"));
    assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        DigestClient.response("SHA-256", false, mufasa, "http-auth@example.org", nonce, "00000001", cnonce, "auth", "GET", "/dir/index.html"));
  }

  private static final String INVITE = "INVITE sip:agent@127.0.0.1:5080 SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-first\r\n"
      + "From: <sip:earshot@127.0.0.1>;tag=1\r\nTo: <sip:agent@127.0.0.1:5080>\r\nCall-ID: c1@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
      + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

  private static Response challenge(MessageFactory f, Request invite, int status, String nonce) throws Exception {
    Response r = f.createResponse(status, invite);
    String header = status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
    r.addHeader(SipFactory.getInstance().createHeaderFactory()
        .createHeader(header, "Digest realm=\"earshot.test\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth,auth-int\", opaque=\"o1\""));
    return r;
  }

  @Test
  void everyAnswerHasAFreshUnpredictableCnonceAndCountsItsNonce() throws Exception {
    MessageFactory f = SipFactory.getInstance().createMessageFactory();
    DigestClient client = new DigestClient(SipFactory.getInstance().createHeaderFactory(), realm -> ALICE);
    Request invite = f.createRequest(INVITE);
    AuthorizationHeader a1 = (AuthorizationHeader) client.answered(challenge(f, invite, 401, "n1"), invite).getHeader(AuthorizationHeader.NAME);
    AuthorizationHeader a2 = (AuthorizationHeader) client.answered(challenge(f, invite, 401, "n1"), invite).getHeader(AuthorizationHeader.NAME);
    AuthorizationHeader b1 = (AuthorizationHeader) new DigestClient(SipFactory.getInstance().createHeaderFactory(), realm -> ALICE)
        .answered(challenge(f, invite, 401, "n1"), invite).getHeader(AuthorizationHeader.NAME);
    assertNotEquals(a1.getCNonce(), a2.getCNonce(), "two challenges, two cnonces");
    assertNotEquals(a1.getCNonce(), b1.getCNonce(), "and across clients (processes)");
    assertTrue(a1.getCNonce().matches("[0-9a-f]{32}"), a1.getCNonce());
    assertEquals(1, a1.getNonceCount());
    assertEquals(2, a2.getNonceCount(), "the second request with the same nonce");
    assertEquals("auth", a1.getQop());
    assertEquals("o1", a1.getOpaque());
    assertEquals(DigestClient.response("MD5", false, ALICE, "earshot.test", "n1", "00000001", a1.getCNonce(), "auth", "INVITE", "sip:agent@127.0.0.1:5080"),
        a1.getResponse(), "the response is computed with the cnonce it carries");
  }

  @Test
  void theRetryHasAHigherCseqNoOldBranchAndProxyAuthorizationFor407() throws Exception {
    MessageFactory f = SipFactory.getInstance().createMessageFactory();
    DigestClient client = new DigestClient(SipFactory.getInstance().createHeaderFactory(), realm -> ALICE);
    Request invite = f.createRequest(INVITE);
    Request retry = client.answered(challenge(f, invite, 407, "n2"), invite);
    assertEquals(2, ((CSeqHeader) retry.getHeader(CSeqHeader.NAME)).getSeqNumber());
    assertTrue(!retry.toString().contains("z9hG4bK-first"), retry.toString());
    assertTrue(retry.getHeader("Proxy-Authorization") != null && retry.getHeader("Authorization") == null, retry.toString());
    assertEquals(1, ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber(), "the challenged request is left as it was");
  }

  @Test
  void withoutCredentialsOrWithAnUnknownAlgorithmTheAnswerIsRefusedSayingWhy() throws Exception {
    MessageFactory f = SipFactory.getInstance().createMessageFactory();
    Request invite = f.createRequest(INVITE);
    assertThrows(SipException.class, () -> new DigestClient(SipFactory.getInstance().createHeaderFactory(), realm -> null)
        .answered(challenge(f, invite, 401, "n3"), invite));
    SipException e = assertThrows(SipException.class, () -> DigestClient.hashName("SHA-1"));
    assertTrue(e.getMessage().contains("SHA-1"), e.getMessage());
  }
}
