package dev.earshot.telephony.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sip.SipStack;
import javax.sip.message.Response;

/**
 * Sees every response the SIP stack receives before its transactions do, so that a call's capture holds what
 * arrived, not only what the transaction layer passed on: a 180 processed after the 200 that followed it
 * microseconds later is dropped by the INVITE client transaction, and was missing from the pcap (seen in CI).
 * JAIN-SIP instantiates the valve by class name; each stack's endpoint registers its consumer under the
 * stack's name. Never holds a message back.
 */
public final class CaptureValve implements SIPMessageValve {
  private static final Map<String, Consumer<Response>> BY_STACK = new ConcurrentHashMap<>();
  private volatile String stackName;

  static void register(String stackName, Consumer<Response> onResponse) {
    BY_STACK.put(stackName, onResponse);
  }

  static void unregister(String stackName) {
    BY_STACK.remove(stackName);
  }

  @Override
  public void init(SipStack stack) {
    stackName = stack.getStackName();
  }

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    return true;
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    Consumer<Response> c = stackName == null ? null : BY_STACK.get(stackName);
    if (c != null) c.accept(response);
    return true;
  }

  @Override
  public void destroy() {}
}
