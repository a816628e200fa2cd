package dev.earshot.harness.sidechannel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The optional channel on which an agent tells Earshot what it heard, which intent it chose and when its
 * stages ran, so that Earshot can score each layer on the agent's own figures. An HTTP endpoint (Netty, one
 * thread) at {@link #url()}: every call's INVITE carries it in {@code X-Earshot-Report}, and the agent POSTs
 * one JSON {@link AgentReport} per turn there, naming the call by its {@code X-Earshot-Call} id or, for an
 * agent that does not see custom headers, by the SIP Call-ID of the call ({@link #alias}). Answers
 * {@code 204} when taken; {@code 400} with one line saying what was wrong; {@code 404} for a call this run
 * did not place; {@code 405} for anything but POST to {@code /v1/report}.
 *
 * <p>The same JSON may instead come in the body of a SIP INFO or MESSAGE within the call's dialog
 * ({@code Content-Type: application/json}; {@code call} may then be left out): see {@link #acceptSip}.
 */
public final class SideChannel implements AutoCloseable {
  public static final String PATH = "/v1/report";
  private static final int MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final EventLoopGroup group;
  private final Channel server;
  private final String url;
  private final Map<String, List<AgentReport>> byCall = new ConcurrentHashMap<>();
  /** SIP Call-ID → X-Earshot-Call id, for the calls under way. */
  private final Map<String, String> aliases = new ConcurrentHashMap<>();

  private SideChannel(EventLoopGroup group, Channel server, String advertisedHost, String advertisedUrl) {
    this.group = group;
    this.server = server;
    this.url = advertisedUrl != null ? advertisedUrl
        : "http://" + dev.earshot.telephony.Addressing.uriHost(advertisedHost) + ":" + ((InetSocketAddress) server.localAddress()).getPort() + PATH;
  }

  /** Listens on {@code host}:{@code port} (0: any free port), and tells agents that address. */
  public static SideChannel start(String host, int port) {
    return start(host, port, host, null);
  }

  /**
   * Listens on {@code host}:{@code port} (0: any free port) and tells agents {@code advertisedUrl} (a proxy or
   * NAT's forward to it), or when that is null {@code http://advertisedHost:PORT/v1/report}.
   */
  public static SideChannel start(String host, int port, String advertisedHost, String advertisedUrl) {
    EventLoopGroup group = new NioEventLoopGroup(1, r -> {
      Thread t = new Thread(r, "earshot-side-channel");
      t.setDaemon(true);
      return t;
    });
    SideChannel[] self = new SideChannel[1];
    try {
      Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new SimpleChannelInboundHandler<FullHttpRequest>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                  respond(ctx, req, self[0].handle(req));
                }
              });
            }
          }).bind(host, port).syncUninterruptibly().channel();
      self[0] = new SideChannel(group, ch, advertisedHost, advertisedUrl);
      return self[0];
    } catch (RuntimeException e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  /** Where agents POST their reports. */
  public String url() {
    return url;
  }

  /** Accepts reports for {@code callId} from now on. */
  public void expect(String callId) {
    byCall.putIfAbsent(callId, new ArrayList<>());
  }

  /** The reports for {@code callId} so far, in arrival order. */
  public List<AgentReport> reports(String callId) {
    List<AgentReport> list = byCall.get(callId);
    if (list == null) return List.of();
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /** Reports naming {@code sipCallId}, the SIP Call-ID of call {@code callId}, are reports for {@code callId}. */
  public void alias(String sipCallId, String callId) {
    if (sipCallId != null && !sipCallId.equals(callId)) aliases.put(sipCallId, callId);
  }

  /** Stops accepting reports for {@code callId} (by either name) and drops them. */
  public void forget(String callId) {
    byCall.remove(callId);
    aliases.values().removeIf(callId::equals);
  }

  private record Answer(HttpResponseStatus status, String text) {}

  private Answer handle(FullHttpRequest req) {
    String path = req.uri().split("\\?", 2)[0];
    if (!req.method().equals(HttpMethod.POST) || !path.equals(PATH)) {
      return new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, "expected POST " + PATH + ", found " + req.method() + " " + path);
    }
    return accept(req.content().toString(StandardCharsets.UTF_8), null);
  }

  /**
   * A report that came in a SIP INFO or MESSAGE within the dialog of call {@code callId} (its X-Earshot-Call
   * id, used when the report names none). Answered 200; 400 with the one-line reason as the reason phrase;
   * 415 for a body that is not {@code application/json}.
   */
  public dev.earshot.telephony.sip.SipSession.MessageReply acceptSip(String callId, dev.earshot.telephony.sip.SipSession.InDialogMessage m) {
    if (!m.contentType().equals("application/json")) {
      return new dev.earshot.telephony.sip.SipSession.MessageReply(415, "expected Content-Type application/json, found " + m.contentType());
    }
    Answer a = accept(m.body(), callId);
    int status = a.status().code() == 204 ? 200 : a.status().code() == 404 ? 481 : a.status().code();
    return new dev.earshot.telephony.sip.SipSession.MessageReply(status, a.text() == null ? "OK" : a.text());
  }

  /** Takes one report's JSON; {@code defaultCall} names the call when the report does not (null: it must). */
  private Answer accept(String body, String defaultCall) {
    AgentReport report;
    try {
      report = JSON.readValue(body, AgentReport.class);
    } catch (JsonProcessingException e) {
      return new Answer(HttpResponseStatus.BAD_REQUEST, "body: expected a JSON object of an agent report: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (report != null && (report.call() == null || report.call().isBlank()) && defaultCall != null) {
      report = new AgentReport(defaultCall, report.turn(), report.heard(), report.intent(), report.said(), report.asrFinalUs(),
          report.responseStartUs(), report.ttsFirstAudioUs());
    }
    if (report == null || report.call() == null || report.call().isBlank()) {
      return new Answer(HttpResponseStatus.BAD_REQUEST, "call: expected the X-Earshot-Call id or the SIP Call-ID of the call, found none");
    }
    String id = aliases.get(report.call());
    if (id != null && !byCall.containsKey(report.call())) {
      report = new AgentReport(id, report.turn(), report.heard(), report.intent(), report.said(), report.asrFinalUs(),
          report.responseStartUs(), report.ttsFirstAudioUs());
    }
    if (report.turn() != null && report.turn() < 1) {
      return new Answer(HttpResponseStatus.BAD_REQUEST, "turn: expected 1 or more, found " + report.turn());
    }
    List<AgentReport> list = byCall.get(report.call());
    if (list == null) return new Answer(HttpResponseStatus.NOT_FOUND, "call: '" + report.call() + "' is not a call of this run");
    synchronized (list) {
      list.add(report);
    }
    return new Answer(HttpResponseStatus.NO_CONTENT, null);
  }

  private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, Answer a) {
    byte[] text = a.text() == null ? new byte[0] : (a.text() + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, a.status(), Unpooled.wrappedBuffer(text));
    if (text.length > 0) res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    HttpUtil.setContentLength(res, text.length);
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(res, keepAlive);
    var f = ctx.writeAndFlush(res);
    if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
