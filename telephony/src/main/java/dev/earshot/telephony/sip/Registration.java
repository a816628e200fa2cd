package dev.earshot.telephony.sip;

import java.util.concurrent.CompletableFuture;

/**
 * A binding at a registrar (RFC 3261 section 10): registered once the registrar answered 2xx (a digest challenge
 * answered on the way), refreshed at half the granted time until {@link #unregister} sends {@code Expires: 0}.
 * {@link #registered()} completes with the first outcome; later refreshes and their failures are counted.
 */
public final class Registration {
  final String registrar;
  final String aor;
  final int requestedSeconds;
  final String callId;
  long cseq = 1;
  int challenges;
  volatile int grantedSeconds;
  volatile int refreshes;
  volatile String lastFailure;
  volatile boolean ended;
  final CompletableFuture<Registration> registered = new CompletableFuture<>();
  final CompletableFuture<Void> unregistered = new CompletableFuture<>();

  Registration(String registrar, String aor, int requestedSeconds, String callId) {
    this.registrar = registrar;
    this.aor = aor;
    this.requestedSeconds = requestedSeconds;
    this.callId = callId;
  }

  /** Completes once the registrar accepted the binding, or fails with a {@link SipCallFailed} naming its answer. */
  public CompletableFuture<Registration> registered() {
    return registered;
  }

  /** The address of record registered, e.g. {@code sip:alice@pbx.example.com}. */
  public String aor() {
    return aor;
  }

  /** The binding's lifetime the registrar granted (its Expires), in seconds. */
  public int grantedSeconds() {
    return grantedSeconds;
  }

  /** Refreshes the registrar accepted after the first registration. */
  public int refreshes() {
    return refreshes;
  }

  /** Why the latest refresh failed, or null. */
  public String lastFailure() {
    return lastFailure;
  }

  /** Completes when the registrar confirmed the binding removed ({@code Expires: 0}). */
  public CompletableFuture<Void> unregistered() {
    return unregistered;
  }
}
