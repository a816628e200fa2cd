package dev.earshot.telephony.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * The stack's message parser, with every parse error made one line. The stack answers a request it cannot
 * parse with {@code 400 Bad Request (<the parser's message>)}, and the parser's message may hold the offending
 * bytes, line feeds included ({@code Content-Length: -7\n...}): a reason phrase must be one line (RFC 3261
 * 25.1), so the message is cleaned before the stack sees it. Named by the stack property
 * {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}.
 */
public final class OneLineParserFactory implements MessageParserFactory {
  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    return new StringMsgParser() {
      @Override
      public SIPMessage parseSIPMessage(byte[] msgBuffer, boolean readBody, boolean strict, ParseExceptionListener listener) throws ParseException {
        try {
          return super.parseSIPMessage(msgBuffer, readBody, strict, listener);
        } catch (ParseException e) {
          ParseException clean = new ParseException(SipEndpoint.oneLine(String.valueOf(e.getMessage())), e.getErrorOffset());
          clean.initCause(e);
          throw clean;
        }
      }
    };
  }
}
