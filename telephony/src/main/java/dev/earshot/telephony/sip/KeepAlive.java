package dev.earshot.telephony.sip;

import gov.nist.javax.sip.ListeningPointExt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;

/**
 * RFC 5626 section 4.4.1 keep-alives on connection-oriented flows: every {@code intervalSeconds}, a double-CRLF
 * ping on the TCP or TLS connection each call's signalling uses (one per connection, however many calls share
 * it); the far end answers a single CRLF. JAIN-SIP sends the ping, waits {@link #PONG_SECONDS} for the pong
 * (its {@code RELIABLE_CONNECTION_KEEP_ALIVE_TIMEOUT}) and, without one, closes the connection and reports it;
 * each call on that connection then records why in its events, so that a NAT or proxy that dropped the
 * connection mid-call is named, not guessed at from the agent's BYE never arriving. UDP flows get none (RFC 5626
 * keeps them alive with STUN, which Earshot does not send).
 *
 * <p>Each ping restarts JAIN-SIP's wait for a pong, so the interval must be longer than that wait. The wait is
 * RFC 5626's 10 s; the system property {@code earshot.sip.pongSeconds} shortens it (tests do, to stay short).
 */
final class KeepAlive implements AutoCloseable {
  static final int PONG_SECONDS = Integer.getInteger("earshot.sip.pongSeconds", 10);
  private final int intervalSeconds;
  private final SipProvider provider;
  private final Supplier<Collection<SipSession>> sessions;
  private final ScheduledExecutorService timer;

  KeepAlive(int intervalSeconds, SipProvider provider, Supplier<Collection<SipSession>> sessions) {
    if (intervalSeconds <= PONG_SECONDS) {
      throw new IllegalArgumentException("keepalive: expected an interval longer than the " + PONG_SECONDS + " s a pong may take, found " + intervalSeconds + " s");
    }
    this.intervalSeconds = intervalSeconds;
    this.provider = provider;
    this.sessions = sessions;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "earshot-sip-keepalive");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::ping, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  private void ping() {
    Set<String> pinged = new HashSet<>();
    for (SipSession s : sessions.get()) {
      String transport = s.transport;
      InetSocketAddress peer = s.peer;
      if (peer == null || transport == null || transport.equals("udp") || !s.confirmed().isDone() || s.ended().isDone()) continue;
      String flow = transport + " " + dev.earshot.telephony.Addressing.hostPort(peer);
      if (s.keepAlivePings++ == 0) {
        s.record("keep-alive", "CRLF ping every " + intervalSeconds + " s on the " + transport.toUpperCase(java.util.Locale.ROOT) + " connection to "
            + dev.earshot.telephony.Addressing.hostPort(peer) + " (RFC 5626), a pong expected within " + PONG_SECONDS + " s");
      }
      if (!pinged.add(flow)) continue;
      ListeningPoint lp = provider.getListeningPoint(transport);
      try {
        if (lp instanceof ListeningPointExt ext) ext.sendHeartbeat(peer.getAddress().getHostAddress(), peer.getPort());
      } catch (IOException | RuntimeException e) {
        s.record("keep-alive", "ping to " + dev.earshot.telephony.Addressing.hostPort(peer) + " failed: " + e.getMessage());
      }
    }
  }

  /** JAIN-SIP gave up on a connection: no pong within {@link #PONG_SECONDS} after a ping. Every call on it says so. */
  void noPong(String host, int port, String transport) {
    for (SipSession s : sessions.get()) {
      InetSocketAddress peer = s.peer;
      if (peer == null || s.ended().isDone() || peer.getPort() != port || peer.getAddress() == null
          || !peer.getAddress().getHostAddress().equals(host) || !transport.equalsIgnoreCase(s.transport)) {
        continue;
      }
      s.record("keep-alive", "no pong from " + dev.earshot.telephony.Addressing.hostPort(peer) + " within " + PONG_SECONDS + " s of ping "
          + s.keepAlivePings + ": the " + transport.toUpperCase(java.util.Locale.ROOT) + " connection is gone (closed by Earshot); a NAT or proxy on the"
          + " path dropped it, or the far end does not answer RFC 5626 pings");
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
