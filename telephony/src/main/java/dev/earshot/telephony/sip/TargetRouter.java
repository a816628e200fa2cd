package dev.earshot.telephony.sip;

import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;

/**
 * JAIN-SIP's next-hop choice, with one exception: an out-of-dialog request whose Call-ID has a target the
 * endpoint resolved itself (RFC 3263: NAPTR, SRV, A/AAAA; {@link dev.earshot.telephony.dns.SipResolver}) goes
 * there. Every other request, a Route header's included, goes where JAIN-SIP's {@link DefaultRouter} sends it.
 * JAIN-SIP instantiates the router by class name with this constructor; targets are registered per stack name.
 */
public final class TargetRouter implements Router {
  private static final Map<String, Map<String, Hop>> BY_STACK = new ConcurrentHashMap<>();
  private final DefaultRouter fallback;
  private final String stackName;

  public TargetRouter(SipStack stack, String outboundProxy) {
    this.fallback = new DefaultRouter(stack, outboundProxy);
    this.stackName = stack.getStackName();
  }

  /** The request with this Call-ID goes to {@code host:port} over {@code transport}, until {@link #forget}. */
  static void route(String stackName, String callId, String host, int port, String transport) {
    BY_STACK.computeIfAbsent(stackName, k -> new ConcurrentHashMap<>()).put(callId, new HopImpl(host, port, transport));
  }

  static void forget(String stackName, String callId) {
    Map<String, Hop> m = BY_STACK.get(stackName);
    if (m != null) m.remove(callId);
  }

  static void unregister(String stackName) {
    BY_STACK.remove(stackName);
  }

  @Override
  public Hop getNextHop(Request request) throws SipException {
    Map<String, Hop> m = BY_STACK.get(stackName);
    CallIdHeader id = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
    boolean inDialog = request.getHeader(javax.sip.header.RouteHeader.NAME) != null
        || ((javax.sip.header.ToHeader) request.getHeader(javax.sip.header.ToHeader.NAME)).getTag() != null;
    if (m != null && id != null && !inDialog) { // the INVITE, its CANCEL, an OPTIONS; in-dialog requests follow the dialog
      Hop h = m.get(id.getCallId());
      if (h != null) return h;
    }
    return fallback.getNextHop(request);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ListIterator getNextHops(Request request) {
    return fallback.getNextHops(request);
  }

  @Override
  public Hop getOutboundProxy() {
    return fallback.getOutboundProxy();
  }
}
