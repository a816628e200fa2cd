package dev.earshot.telephony.sip;

import dev.earshot.telephony.TelephonyException;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * JAIN-SIP's sockets, with TLS as {@link TlsSettings} say: the CA to trust (or the JDK's), this side's
 * certificate, and a check of the far end's name that JAIN-SIP itself does not make (RFC 5922 section 7: the
 * certificate must name the host the request was for: an IP address SAN for a literal, else a DNS SAN,
 * wildcards one label deep). Every refused certificate is remembered, per peer, as one sentence that says which
 * name or chain failed; the endpoint puts it in the call's cause. JAIN-SIP instantiates this class by name and
 * hands it the stack; settings are registered under the stack's name.
 */
public final class TlsLayer implements gov.nist.core.net.NetworkLayer {
  private static final Map<String, Config> BY_STACK = new ConcurrentHashMap<>();
  private volatile Config config;

  /** One stack's TLS: its context, the names expected per peer, and why a peer's certificate was refused. */
  static final class Config {
    final TlsSettings settings;
    final SSLContext context;
    final Map<String, String> expectedNames = new ConcurrentHashMap<>();
    final Map<String, String> refusals = new ConcurrentHashMap<>();
    final Map<String, String> accepted = new ConcurrentHashMap<>();
    /** Peers that asked for a client certificate while this side had none to give (TLS 1.3 tells the client no more). */
    final Map<String, Boolean> wantedOurCertificate = new ConcurrentHashMap<>();

    Config(TlsSettings settings) {
      this.settings = settings;
      try {
        this.context = SSLContext.getInstance("TLS");
        KeyManager[] own = keyManagers(settings);
        javax.net.ssl.X509KeyManager real = null;
        if (own != null) for (KeyManager k : own) if (k instanceof javax.net.ssl.X509KeyManager x) real = x;
        context.init(new KeyManager[] {new Telling(this, real)}, new TrustManager[] {new Checking(this, baseTrust(settings))}, null);
      } catch (GeneralSecurityException | IOException e) {
        throw new TelephonyException("TLS: cannot set up: " + e.getMessage(), e);
      }
    }
  }

  static Config register(String stackName, TlsSettings settings) {
    Config c = new Config(settings == null ? TlsSettings.DEFAULT : settings);
    BY_STACK.put(stackName, c);
    return c;
  }

  static void unregister(String stackName) {
    BY_STACK.remove(stackName);
  }

  /** How a peer is named in the maps: {@link dev.earshot.telephony.Addressing#hostPort}. */
  static String key(InetAddress address, int port) {
    return dev.earshot.telephony.Addressing.hostPort(new InetSocketAddress(address, port));
  }

  @Override
  public void setSipStack(SipStackImpl stack) {
    this.config = BY_STACK.get(stack.getStackName());
    if (config == null) config = new Config(TlsSettings.DEFAULT);
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
    SSLServerSocket s = (SSLServerSocket) config.context.getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
    if (config.settings.requireClientCert()) s.setNeedClientAuth(true);
    return s;
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    return createSSLSocket(address, port, null);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
    SSLSocket s = (SSLSocket) config.context.getSocketFactory().createSocket();
    String expected = config.expectedNames.get(key(address, port));
    if (expected != null && !isLiteral(expected)) { // SNI: a server with several names picks the right certificate
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(expected)));
      s.setSSLParameters(p);
    }
    if (myAddress != null) s.bind(new InetSocketAddress(myAddress, 0));
    s.connect(new InetSocketAddress(address, port), 8000);
    return s;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
    return new ServerSocket(port, backlog, bindAddress);
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return new Socket(address, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
    return myAddress == null ? new Socket(address, port) : new Socket(address, port, myAddress, 0);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
    return myAddress == null ? new Socket(address, port) : new Socket(address, port, myAddress, myPort);
  }

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return new DatagramSocket();
  }

  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
    return bindAddress == null ? new DatagramSocket(port) : new DatagramSocket(port, bindAddress);
  }

  private static boolean isLiteral(String host) {
    return host.matches("[0-9.]+") || host.indexOf(':') >= 0;
  }

  private static X509TrustManager baseTrust(TlsSettings s) throws GeneralSecurityException, IOException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (s.ca() == null) {
      f.init((KeyStore) null); // the JDK's cacerts
    } else {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : readCertificates(s.ca())) ks.setCertificateEntry("ca-" + i++, c);
      if (i == 0) throw new TelephonyException(s.ca() + ": no certificate; expected PEM (-----BEGIN CERTIFICATE-----)");
      f.init(ks);
    }
    for (TrustManager t : f.getTrustManagers()) if (t instanceof X509TrustManager x) return x;
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static Collection<? extends Certificate> readCertificates(java.nio.file.Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new TelephonyException(file + ": no such file; expected PEM certificates");
    } catch (CertificateException e) {
      throw new TelephonyException(file + ": not a certificate file: " + e.getMessage() + "; expected PEM (-----BEGIN CERTIFICATE-----)", e);
    }
  }

  private static KeyManager[] keyManagers(TlsSettings s) throws GeneralSecurityException, IOException {
    if (s.cert() == null) return null;
    KeyStore ks = KeyStore.getInstance("PKCS12");
    char[] pw = s.password() == null ? new char[0] : s.password().toCharArray();
    String name = s.cert().getFileName().toString().toLowerCase(Locale.ROOT);
    if (s.key() == null && (name.endsWith(".p12") || name.endsWith(".pfx"))) {
      try (InputStream in = Files.newInputStream(s.cert())) {
        ks.load(in, pw);
      } catch (IOException e) {
        throw new TelephonyException(s.cert() + ": cannot open the PKCS#12 file (" + e.getMessage() + "); is the password right?", e);
      }
    } else {
      if (s.key() == null) throw new TelephonyException(s.cert() + ": a PEM certificate needs its private key file too");
      List<Certificate> chain = new ArrayList<>(readCertificates(s.cert()));
      ks.load(null, null);
      ks.setKeyEntry("self", readKey(s.key()), pw, chain.toArray(Certificate[]::new));
    }
    KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    f.init(ks, pw);
    return f.getKeyManagers();
  }

  private static PrivateKey readKey(java.nio.file.Path file) throws IOException, GeneralSecurityException {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new TelephonyException(file + ": no such file; expected a PEM private key");
    }
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new TelephonyException(file + ": expected a PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY");
    }
    String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(b64);
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (java.security.spec.InvalidKeySpecException e) {
        // try the next algorithm
      }
    }
    throw new TelephonyException(file + ": not an RSA, EC or Ed25519 PKCS#8 key");
  }

  /** This side's certificate, if any; and a note of every peer that asked for one when there was none. */
  private static final class Telling extends javax.net.ssl.X509ExtendedKeyManager {
    private final Config config;
    private final javax.net.ssl.X509KeyManager real;

    Telling(Config config, javax.net.ssl.X509KeyManager real) {
      this.config = config;
      this.real = real;
    }

    private String client(String alias, InetAddress peer, int port) {
      if (alias == null && peer != null) config.wantedOurCertificate.put(key(peer, port), true);
      return alias;
    }

    @Override
    public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
      return client(real == null ? null : real.chooseClientAlias(keyType, issuers, socket), socket == null ? null : socket.getInetAddress(),
          socket == null ? 0 : socket.getPort());
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, SSLEngine engine) {
      return real instanceof javax.net.ssl.X509ExtendedKeyManager x ? x.chooseEngineClientAlias(keyType, issuers, engine) : null;
    }

    @Override
    public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
      return real == null ? null : real.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, SSLEngine engine) {
      return real instanceof javax.net.ssl.X509ExtendedKeyManager x ? x.chooseEngineServerAlias(keyType, issuers, engine) : null;
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return real == null ? null : real.getClientAliases(keyType, issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return real == null ? null : real.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return real == null ? null : real.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return real == null ? null : real.getPrivateKey(alias);
    }
  }

  /** The far end's chain against the trusted CAs, then its name against the host the request was for. */
  private static final class Checking extends X509ExtendedTrustManager {
    private final Config config;
    private final X509TrustManager base;

    Checking(Config config, X509TrustManager base) {
      this.config = config;
      this.base = base;
    }

    private void server(X509Certificate[] chain, String authType, String peer) throws CertificateException {
      X509Certificate leaf = chain[0];
      String who = "the certificate of " + peer + " (" + leaf.getSubjectX500Principal().getName() + ", issued by "
          + leaf.getIssuerX500Principal().getName() + ")";
      if (config.settings.insecure()) {
        config.accepted.put(peer, who + ", not checked (--insecure)");
        return;
      }
      try {
        base.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        String why = e.getMessage() != null && e.getMessage().contains("PKIX path building failed") ? "no chain to a trusted CA"
            : e.getMessage() != null && e.getMessage().contains("validity") ? "it is expired or not yet valid" : String.valueOf(e.getMessage());
        config.refusals.put(peer, "TLS: " + who + " is not trusted: " + why + (config.settings.ca() == null
            ? "; pass --ca FILE with the CA that issued it (or --insecure for a test agent)" : " (--ca " + config.settings.ca() + ")"));
        throw e;
      }
      String expected = config.expectedNames.getOrDefault(peer, peer.substring(0, peer.lastIndexOf(':')).replaceAll("^\\[|]$", ""));
      List<String> names = names(leaf);
      if (!matches(expected, names)) {
        config.refusals.put(peer, "TLS: " + who + " is for " + (names.isEmpty() ? "no name" : String.join(", ", names)) + ", not " + expected);
        throw new CertificateException("certificate is not for " + expected);
      }
      config.accepted.put(peer, who + ", valid for " + expected);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      server(chain, authType, key(socket.getInetAddress(), socket.getPort()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      server(chain, authType, engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      server(chain, authType, "?:0");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      base.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      base.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      base.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return base.getAcceptedIssuers();
    }
  }

  /** The certificate's subjectAltName entries (DNS names and IP addresses), else its CN. */
  static List<String> names(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          if (type == 2 || type == 7) out.add(String.valueOf(san.get(1))); // dNSName, iPAddress
        }
      }
    } catch (CertificateException e) {
      // unreadable extension: no names
    }
    if (out.isEmpty()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|,)CN=([^,]+)").matcher(c.getSubjectX500Principal().getName());
      if (m.find()) out.add(m.group(1));
    }
    return out;
  }

  /** RFC 6125 matching, as RFC 5922 asks: exact (case-insensitive) or a wildcard standing for one left-most label. */
  static boolean matches(String expected, List<String> names) {
    String e = expected.toLowerCase(Locale.ROOT);
    for (String n : names) {
      String name = n.toLowerCase(Locale.ROOT);
      if (isLiteral(e)) {
        if (!isLiteral(name)) continue; // never look a name up to compare it
        try {
          if (InetAddress.getByName(name.replaceAll("^\\[|]$", "")).equals(InetAddress.getByName(e))) return true;
        } catch (java.net.UnknownHostException ignored) {
          // a DNS name cannot match an address
        }
        continue;
      }
      if (name.equals(e)) return true;
      if (name.startsWith("*.") && e.indexOf('.') > 0 && e.substring(e.indexOf('.')).equals(name.substring(1))) return true;
    }
    return false;
  }
}
