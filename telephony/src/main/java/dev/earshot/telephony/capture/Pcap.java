package dev.earshot.telephony.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One call's packet capture in the classic pcap format (link type RAW: each record an IPv4 or IPv6 packet),
 * which Wireshark and tshark open and decode: the SIP messages and RTP packets of the call as Earshot sent and
 * received them, each wrapped in the IP and UDP headers it travelled with, stamped with the wall clock.
 * SIP sent over TCP is recorded as one UDP datagram per message (one record per SIP message, the way a
 * UDP trace would show it). IPv4 records leave the UDP checksum out (allowed); IPv6 ones carry it (required).
 *
 * <p>Thread-safe: SIP and RTP threads write to it; records are appended whole.
 */
public final class Pcap implements AutoCloseable {
  private static final int LINKTYPE_RAW = 101;
  private static final int SNAPLEN = 65535;

  private final Path file;
  private final OutputStream out;
  private int ipId;
  private boolean closed;
  private long records;

  private Pcap(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** Creates (or replaces) {@code file} and writes the pcap file header. */
  public static Pcap create(Path file) {
    try {
      if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
      Pcap p = new Pcap(file, new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
      ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN).putInt(LINKTYPE_RAW);
      p.out.write(h.array());
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Appends one UDP datagram from {@code src} to {@code dst} carrying {@code payload[off, off+len)}. */
  public synchronized void udp(InetSocketAddress src, InetSocketAddress dst, byte[] payload, int off, int len) {
    if (closed || src == null || dst == null || src.getAddress() == null || dst.getAddress() == null) return;
    boolean v4 = src.getAddress() instanceof Inet4Address;
    if (v4 != dst.getAddress() instanceof Inet4Address) return; // one family per datagram: a mapped address would be a bug upstream
    if (!v4) {
      udp6(src, dst, payload, off, len);
      return;
    }
    if (len > SNAPLEN - 28) return;
    int total = 20 + 8 + len;
    ByteBuffer rec = record(total);
    int ip = rec.position();
    rec.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) (ipId++)).putShort((short) 0x4000)
        .put((byte) 64).put((byte) 17).putShort((short) 0).put(src.getAddress().getAddress()).put(dst.getAddress().getAddress());
    rec.putShort(ip + 10, checksum(rec.array(), ip, 20));
    rec.putShort((short) src.getPort()).putShort((short) dst.getPort()).putShort((short) (8 + len)).putShort((short) 0); // UDP checksum 0: none (IPv4)
    rec.put(payload, off, len);
    append(rec.array());
  }

  /** A record of {@code total} bytes of packet, its pcap header written (now, captured and original length), big-endian from here. */
  private static ByteBuffer record(int total) {
    long micros = currentMicros();
    ByteBuffer rec = ByteBuffer.allocate(16 + total);
    rec.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(total).putInt(total);
    return rec.order(ByteOrder.BIG_ENDIAN);
  }

  private void append(byte[] record) {
    try {
      out.write(record);
      records++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * An IPv6 record (LINKTYPE_RAW carries both families, told apart by the version nibble): the 40-byte header, then
   * UDP with its checksum over the RFC 8200 pseudo-header, which IPv6 makes mandatory.
   */
  private void udp6(InetSocketAddress src, InetSocketAddress dst, byte[] payload, int off, int len) {
    if (len > SNAPLEN - 48) return;
    int total = 40 + 8 + len;
    ByteBuffer rec = record(total);
    byte[] from = src.getAddress().getAddress(), to = dst.getAddress().getAddress();
    rec.putInt(0x60000000).putShort((short) (8 + len)).put((byte) 17).put((byte) 64).put(from).put(to);
    int udp = rec.position();
    rec.putShort((short) src.getPort()).putShort((short) dst.getPort()).putShort((short) (8 + len)).putShort((short) 0);
    rec.put(payload, off, len);
    long sum = 0;
    for (int i = 0; i < 16; i += 2) sum += ((from[i] & 0xFF) << 8 | (from[i + 1] & 0xFF)) + ((to[i] & 0xFF) << 8 | (to[i + 1] & 0xFF));
    sum += 8 + len + 17;
    byte[] a = rec.array();
    for (int i = udp; i < udp + 8 + len; i += 2) sum += ((a[i] & 0xFF) << 8) | (i + 1 < udp + 8 + len ? a[i + 1] & 0xFF : 0);
    while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
    short checksum = (short) ~sum;
    rec.putShort(udp + 6, checksum == 0 ? (short) 0xFFFF : checksum); // RFC 768: a computed 0 is sent as all ones
    append(a);
  }

  public void udp(InetSocketAddress src, InetSocketAddress dst, byte[] payload) {
    udp(src, dst, payload, 0, payload.length);
  }

  /** Records written so far. */
  public synchronized long records() {
    return records;
  }

  private static long currentMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  private static short checksum(byte[] b, int off, int len) {
    long sum = 0;
    for (int i = off; i < off + len; i += 2) sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
    return (short) ~sum;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
