package dev.earshot.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The SRTP key log, like TLS's SSLKEYLOGFILE: one line per call, written only when the user asks for it
 * ({@code --srtp-key-log FILE}), so that the call's capture can be decrypted afterwards (libsrtp's
 * {@code rtp_decoder}, or {@code earshot}'s own tests). The file is created readable by its owner only; the keys
 * appear nowhere else (SDP in captures is redacted, reports name only the suite).
 *
 * <pre>
 * # earshot SRTP key log: TIME CALL-ID LOCAL-RTP SUITE SEND-KEY RECEIVE-KEY (inline: base64 of master key and salt, RFC 4568)
 * 2026-12-01T22:50:01.123Z 3b1f…@127.0.0.1 127.0.0.1:40012 AES_CM_128_HMAC_SHA1_80 inline:… inline:…
 * </pre>
 * SEND-KEY protects the packets leaving LOCAL-RTP; RECEIVE-KEY the ones arriving there.
 */
final class SrtpKeyLog {
  static final String HEADER = "# earshot SRTP key log: TIME CALL-ID LOCAL-RTP SUITE SEND-KEY RECEIVE-KEY"
      + " (inline: base64 of master key and salt, RFC 4568)\n";
  private final Path file;

  SrtpKeyLog(Path file) {
    this.file = file;
  }

  synchronized void write(String callId, InetSocketAddress local, Sdes.Keys keys) {
    String line = Instant.now() + " " + callId + " " + Addressing.hostPort(local) + " " + keys.send().suite() + " inline:" + keys.send().inline()
        + " inline:" + keys.receive().inline() + "\n";
    try {
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(file);
        }
        Files.writeString(file, HEADER, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("SRTP key log " + file + ": " + e.getMessage(), e);
    }
  }
}
