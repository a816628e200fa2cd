package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.telephony.Addressing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the calling commands listen and what they advertise, as the options say; every bad value one line, exit 2. */
class NetworkOptionsTest {
  private final Cli cli = new Cli();

  private Addressing parse(String... args) {
    NetworkOptions n = new NetworkOptions();
    new picocli.CommandLine(n).parseArgs(args);
    return n.addressing();
  }

  @Test
  void withoutOptionsEarshotListensOnTheRouteToTheAgent() {
    assertEquals(Addressing.AUTO, parse());
  }

  @Test
  void everyOptionLandsInTheAddressing() {
    Addressing a = parse("--bind", "10.0.0.7", "--public-address", "203.0.113.9:5070", "--sip-port", "5062", "--rtp-ports", "16384-16483");
    assertEquals(new Addressing("10.0.0.7", "203.0.113.9", 5070, 5062, 16384, 16483, null), a);
    assertEquals("2001:db8::9", parse("--public-address", "[2001:db8::9]:5070").advertised());
    assertEquals(5070, parse("--public-address", "[2001:db8::9]:5070").advertisedPort());
    assertEquals("2001:db8::9", parse("--public-address", "2001:db8::9").advertised(), "a bare IPv6 literal has no port");
    assertEquals(0, parse("--public-address", "nat.example.com").advertisedPort());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--rtp-ports|16384|--rtp-ports: expected LOW-HIGH like 16384-32767, found '16384'",
      "--rtp-ports|20000-10000|--rtp-ports: expected LOW-HIGH with 1024 <= LOW < HIGH <= 65535",
      "--rtp-ports|80-90|--rtp-ports: expected LOW-HIGH with 1024 <= LOW < HIGH <= 65535",
      "--rtp-ports|a-b|--rtp-ports: expected a port number 1..65535, found 'a'",
      "--public-address|nat:99999|--public-address: expected a port number 1..65535, found '99999'",
      "--public-address|[2001:db8::1|--public-address: expected [IPV6] or [IPV6]:PORT",
      "--bind|not an address|--bind: expected an address like 192.0.2.10, [2001:db8::10] or a host name, found 'not an address'",
      "--sip-port|70000|--sip-port: expected 0..65535, found 70000",
      "--report-url|ftp://x/report|--report-url: expected an http:// URL",
      "--ca|/no/such/ca.pem|--ca: /no/such/ca.pem: no such file (or not readable); expected a PEM file",
      "--client-key|../examples/bank-demo.yaml|--client-key: given without --client-cert",
      "--dns|not a server!|--dns: expected HOST or HOST:PORT of a DNS server"})
  void aBadValueIsOneLineNamingTheOptionAndExit2(String option, String value, String message) {
    assertEquals(2, cli.run("run", "../examples/bank-demo.yaml", "--agent", "sip:agent@127.0.0.1:5080", option, value));
    String err = cli.err.toString().strip();
    assertTrue(err.startsWith("earshot: " + message), err);
    assertEquals(1, err.lines().count(), err);
  }

  @ParameterizedTest
  @CsvSource({"sip:agent@[2001:db8::5]:5080", "sip:agent@[::1]", "sip:agent@10.0.0.5:5080;transport=tcp", "sip:pbx.example.com", "sips:agent@host:5061"})
  void agentUrisWithIpv6HostsAndParametersAreAccepted(String uri) {
    assertTrue(CommonOptions.isSipUri(uri), uri);
  }

  @ParameterizedTest
  @CsvSource({"http://agent", "sip:agent@", "sip:agent@[::1", "sip:agent@host:port", "sip:a b@host"})
  void malformedAgentUrisAreRefused(String uri) {
    assertTrue(!CommonOptions.isSipUri(uri), uri);
  }

  @Test
  void theHelpOfRunLoadAndPingExplainsTheAddressOptions() {
    for (String command : new String[] {"run", "load", "ping"}) {
      Cli c = new Cli();
      assertEquals(0, c.run(command, "--help"));
      for (String s : new String[] {"--bind", "--public-address", "--rtp-ports", "--sip-port"}) assertTrue(c.out.toString().contains(s), command + " " + s);
    }
  }
}
