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
  void recordsAreIpv4UdpWithAValidHeaderChecksumAndIpv6IsLeftOut() throws Exception {
    Path f = dir.resolve("c.pcap");
    try (Pcap p = Pcap.create(f)) {
      p.udp(new InetSocketAddress("127.0.0.1", 5060), new InetSocketAddress("127.0.0.2", 5070), "hello".getBytes());
      p.udp(new InetSocketAddress("::1", 5060), new InetSocketAddress("::1", 5070), "v6".getBytes());
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
}
