package dev.earshot.telephony.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and certificates it signs, made with the JDK's own keytool (EC P-256, valid 2 days), in a folder of
 * the test's: {@code ca.pem}, and per server {@code NAME.p12} (key and chain, password {@link #PASSWORD}),
 * {@code NAME.pem} (chain) and {@code NAME.key} (PKCS#8).
 */
public final class TestCerts {
  public static final String PASSWORD = "changeit";
  private final Path dir;

  private TestCerts(Path dir) {
    this.dir = dir;
  }

  /** A new CA, {@code CN=Earshot Test CA}, in {@code dir}. */
  public static TestCerts ca(Path dir) throws IOException, InterruptedException {
    TestCerts t = new TestCerts(dir);
    t.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Earshot Test CA", "-ext", "bc:c",
        "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12");
    t.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    return t;
  }

  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** A certificate for {@code cn} with subjectAltNames {@code sans} (e.g. {@code ip:127.0.0.1,dns:agent.bank.test}); returns its .p12. */
  public Path issue(String name, String cn, String sans) throws IOException, InterruptedException {
    String store = name + ".p12";
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn, "-validity", "2",
        "-keystore", store, "-storetype", "PKCS12");
    keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
    keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile", name + ".crt", "-rfc", "-ext", "SAN=" + sans,
        "-validity", "2");
    keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", store, "-noprompt");
    keytool("-importcert", "-alias", name, "-file", name + ".crt", "-keystore", store, "-noprompt");
    // the same identity as PEM: the chain, and the key in PKCS#8
    try (var in = Files.newInputStream(dir.resolve(store))) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD.toCharArray());
      PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
      Files.writeString(dir.resolve(name + ".key"), "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
      StringBuilder chain = new StringBuilder();
      for (var c : ks.getCertificateChain(name)) {
        chain.append("-----BEGIN CERTIFICATE-----\n").append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded())).append("\n-----END CERTIFICATE-----\n");
      }
      Files.writeString(dir.resolve(name + ".pem"), chain);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
    return dir.resolve(store);
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool " + String.join(" ", args) + ": " + out);
  }
}
