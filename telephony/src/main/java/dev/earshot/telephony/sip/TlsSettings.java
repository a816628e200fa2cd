package dev.earshot.telephony.sip;

import java.nio.file.Path;

/**
 * SIP over TLS (RFC 3261 section 26.2, RFC 5922): whom to trust, and who this side is.
 *
 * @param ca PEM file of the CA certificate(s) to trust for the far end, or null for the JDK's trust store
 * @param insecure accept any certificate and any name (a self-signed test agent); every call says so
 * @param cert this side's certificate: a PEM chain (with {@code key}) or a PKCS#12 file (key inside; its
 *     password from {@code password}); the agent's server certificate, or Earshot's client certificate for
 *     mutual TLS; null for none
 * @param key PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) for a PEM {@code cert}, else null
 * @param password the PKCS#12 file's password, or null; never logged or reported
 * @param requireClientCert as a server, refuse a client without a certificate {@code ca} vouches for
 */
public record TlsSettings(Path ca, boolean insecure, Path cert, Path key, String password, boolean requireClientCert) {
  /** The JDK's trust store, no certificate of our own. */
  public static final TlsSettings DEFAULT = new TlsSettings(null, false, null, null, null, false);

  public TlsSettings {
    if (key != null && cert == null) throw new IllegalArgumentException("key: given without a certificate");
    if (requireClientCert && ca == null) throw new IllegalArgumentException("requireClientCert: needs the CA that issues client certificates");
  }

  @Override
  public String toString() { // the password stays out of logs and reports
    return "TlsSettings[ca=" + ca + ", insecure=" + insecure + ", cert=" + cert + ", key=" + key + ", password=" + (password == null ? "none" : "***")
        + ", requireClientCert=" + requireClientCert + "]";
  }
}
