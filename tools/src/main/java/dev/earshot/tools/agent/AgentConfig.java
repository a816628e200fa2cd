package dev.earshot.tools.agent;

/**
 * How the reference agent behaves.
 *
 * @param host address to listen on (SIP and RTP)
 * @param port SIP UDP port, 0 for any free one
 * @param thinkMs extra delay before every reply, a known quantity latency measurements can be checked against
 * @param endpointMs caller silence that ends an utterance
 * @param ignoreBargeIn keep talking when the caller interrupts (a fault to inject)
 * @param seed seeds the agent's SIP tags and RTP identifiers
 */
public record AgentConfig(String host, int port, long thinkMs, long endpointMs, boolean ignoreBargeIn, long seed) {
  public AgentConfig {
    if (host == null) throw new NullPointerException("host == null");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port: expected 0..65535, found " + port);
    if (thinkMs < 0) throw new IllegalArgumentException("thinkMs: expected >= 0, found " + thinkMs);
    if (endpointMs < 100) throw new IllegalArgumentException("endpointMs: expected >= 100, found " + endpointMs);
  }

  public static AgentConfig defaults() {
    return new AgentConfig("127.0.0.1", 5080, 0, 600, false, 1);
  }

  public AgentConfig withPort(int p) {
    return new AgentConfig(host, p, thinkMs, endpointMs, ignoreBargeIn, seed);
  }

  public AgentConfig withThinkMs(long ms) {
    return new AgentConfig(host, port, ms, endpointMs, ignoreBargeIn, seed);
  }
}
