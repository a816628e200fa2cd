package dev.earshot.telephony.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapTest {
  @TempDir Path dir;

  @Test
  void recordsAreIpv4UdpWithAValidHeaderChecksum() throws Exception {
    Path f = dir.resolve("c.pcap");
    try (Pcap p = Pcap.create(f)) {
      p.udp(new InetSocketAddress("127.0.0.1", 5060), new InetSocketAddress("127.0.0.2", 5070), "hello".getBytes());
      p.udp(new InetSocketAddress("127.0.0.1", 5060), new InetSocketAddress("::1", 5070), "mixed".getBytes()); // no such datagram
      assertEquals(1, p.records());
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0xA1B2C3D4, b.getInt(0));
    assertEquals(101, b.getInt(20), "link type RAW (IPv4 records)");
    assertEquals(24 + 16 + 20 + 8 + 5, b.capacity());
    assertEquals(33, b.getInt(24 + 8), "captured length: IPv4 + UDP + payload");
    b.order(ByteOrder.BIG_ENDIAN);
    int ip = 24 + 16;
    long sum = 0;
    for (int i = ip; i < ip + 20; i += 2) sum += b.getShort(i) & 0xFFFF;
    while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
    assertEquals(0xFFFF, sum, "IPv4 header checksum verifies");
    assertEquals(5060, b.getShort(ip + 20) & 0xFFFF);
    assertEquals(5070, b.getShort(ip + 22) & 0xFFFF);
    assertEquals(13, b.getShort(ip + 24), "UDP length");
  }

  /** IPv6 calls are captured too, and tshark (an independent reader) finds the UDP checksum right. */
  @Test
  void ipv6RecordsCarryAValidUdpChecksum() throws Exception {
    Path f = dir.resolve("v6.pcap");
    try (Pcap p = Pcap.create(f)) {
      p.udp(new InetSocketAddress("::1", 5060), new InetSocketAddress("2001:db8::5", 5070), "OPTIONS sip:x SIP/2.0\r\n\r\n".getBytes());
      p.udp(new InetSocketAddress("::1", 40000), new InetSocketAddress("::1", 40002), new byte[] {(byte) 0x80, 0, 1, 2, 3}); // odd length
      assertEquals(2, p.records());
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.BIG_ENDIAN);
    assertEquals(6, (b.get(24 + 16) & 0xFF) >> 4, "IP version 6");
    assertEquals(17, b.get(24 + 16 + 6), "next header UDP");
    dev.earshot.audio.ExternalTools.require("tshark", "-v", "tshark", true);
    Process t = new ProcessBuilder("tshark", "-r", f.toString(), "-o", "udp.check_checksum:TRUE", "-T", "fields", "-e", "ipv6.src", "-e", "ipv6.dst",
        "-e", "udp.dstport", "-e", "udp.checksum.status").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(t.getInputStream().readAllBytes()).trim();
    t.waitFor();
    assertEquals("::1\t2001:db8::5\t5070\t1\n::1\t::1\t40002\t1", out.replace("\r", ""), "tshark: checksum status 1 is Good (0 Bad, 2 unverified)");
  }
}
