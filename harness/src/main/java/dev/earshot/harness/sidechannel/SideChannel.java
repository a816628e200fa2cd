package dev.earshot.harness.sidechannel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code 204} when taken; {@code 400} with one line naming the field that was wrong (a field of the wrong JSON
 * type is never coerced: {@code "heard": 5} is refused, not read as the text "5"); {@code 404} for a call this
 * run did not place; {@code 405} for anything but POST to {@code /v1/report}; {@code 409} for a second report
 * about a turn already reported; {@code 415} for a body that is not {@code application/json}.
 *
 * <p>Each report is bound to its turn when it arrives (its {@code turn}, or the one after the last bound), so a
 * report can neither replace one already taken nor be replaced by a later one. A refused report of a known call
 * is kept with the reason ({@link #refused}) and goes into that call's result: nothing an agent sends moves a
 * figure without showing there.
 *
 * <p>The same JSON may instead come in the body of a SIP INFO or MESSAGE within the call's dialog
 * ({@code Content-Type: application/json}; {@code call} may then be left out): see {@link #acceptSip}.
 */
public final class SideChannel implements AutoCloseable {
  public static final String PATH = "/v1/report";
  private static final int MAX_BODY = 64 * 1024;
  /** Strict types (no coercion), but fields this version does not know are an agent's own and ignored. */
  private static final ObjectMapper JSON = dev.earshot.audio.Json.strict(dev.earshot.audio.Json.MAPPER.copy())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** The most of a refused report's body a result keeps. */
  static final int KEPT_BODY = 2000;
  /** The most refused reports of one call a result keeps in full; those beyond are counted in one more entry. */
  static final int KEPT_REFUSED = 50;
  /** The most reports one call may have taken: far beyond any script's turns, a bound on what an agent can make Earshot hold. */
  static final int MAX_REPORTS = 1000;

  private final EventLoopGroup group;
  private final Channel server;
  private final String url;
  private final Map<String, CallReports> byCall = new ConcurrentHashMap<>();
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

  /** A report the side channel refused: when (epoch microseconds), the status it was answered, why, and its body. */
  public record Refused(long receivedEpochUs, int status, String reason, String body) {}

  /** One call's reports: those taken, each bound to its turn on arrival, and those refused. */
  private static final class CallReports {
    final List<AgentReport> taken = new ArrayList<>();
    final java.util.Set<Integer> turns = new java.util.HashSet<>();
    final List<Refused> refused = new ArrayList<>();
    long notKept;
    int next = 1;
  }

  /** Accepts reports for {@code callId} from now on. */
  public void expect(String callId) {
    byCall.putIfAbsent(callId, new CallReports());
  }

  /** The reports taken for {@code callId} so far, in arrival order, each with its {@code turn} set. */
  public List<AgentReport> reports(String callId) {
    CallReports r = byCall.get(callId);
    if (r == null) return List.of();
    synchronized (r) {
      return List.copyOf(r.taken);
    }
  }

  /** The reports refused for {@code callId} so far, in arrival order. */
  public List<Refused> refused(String callId) {
    CallReports r = byCall.get(callId);
    if (r == null) return List.of();
    synchronized (r) {
      return List.copyOf(r.refused);
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

  /** A status and its one-line reason (what it quotes of the report, a call name included, escaped). */
  private record Answer(HttpResponseStatus status, String text) {
    Answer {
      text = dev.earshot.audio.Messages.oneLine(text);
    }
  }

  private Answer handle(FullHttpRequest req) {
    String path = req.uri().split("\\?", 2)[0];
    if (!req.method().equals(HttpMethod.POST) || !path.equals(PATH)) {
      return new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, "expected POST " + PATH + ", found " + req.method() + " " + path);
    }
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    String body = req.content().toString(StandardCharsets.UTF_8);
    if (type != null && !isJson(type)) {
      return refuse(null, body, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "expected Content-Type application/json, found " + type);
    }
    return accept(body, null);
  }

  /** {@code application/json}, with or without parameters ({@code ; charset=utf-8}). */
  static boolean isJson(String contentType) {
    return contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
  }

  /**
   * A report that came in a SIP INFO or MESSAGE within the dialog of call {@code callId} (its X-Earshot-Call
   * id, used when the report names none). Answered 200; 400 with the one-line reason as the reason phrase (for a
   * turn already reported too: SIP has no 409); 415 for a body that is not {@code application/json}.
   */
  public dev.earshot.telephony.sip.SipSession.MessageReply acceptSip(String callId, dev.earshot.telephony.sip.SipSession.InDialogMessage m) {
    Answer a = isJson(m.contentType()) ? accept(m.body(), callId)
        : refuse(callId, m.body(), HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "expected Content-Type application/json, found " + m.contentType());
    int code = a.status().code();
    int status = code == 204 ? 200 : code == 404 ? 481 : code == 409 || code == 429 ? 400 : code; // SIP has no 409, and its 429 means another thing
    return new dev.earshot.telephony.sip.SipSession.MessageReply(status, a.text() == null ? "OK" : a.text());
  }

  /** Takes one report's JSON; {@code defaultCall} names the call when the report does not (null: it must). */
  private Answer accept(String body, String defaultCall) {
    com.fasterxml.jackson.databind.JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return refuse(defaultCall, body, HttpResponseStatus.BAD_REQUEST, "body: expected a JSON object of an agent report: " + firstLine(e));
    }
    String named = tree != null && tree.path("call").isTextual() && !tree.path("call").asText().isBlank() ? tree.path("call").asText() : defaultCall;
    String call = named == null || byCall.containsKey(named) ? named : aliases.getOrDefault(named, named);
    if (tree == null || !tree.isObject()) return refuse(call, body, HttpResponseStatus.BAD_REQUEST, "body: expected a JSON object of an agent report");
    AgentReport report;
    try {
      report = JSON.treeToValue(tree, AgentReport.class);
    } catch (JsonProcessingException e) {
      // where, as a path (tools[0].name) and as a pointer into the report (/tools/0/name) for what was found there
      String field = null;
      StringBuilder pointer = new StringBuilder();
      if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (var ref : m.getPath()) {
          if (ref.getFieldName() != null) {
            path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            pointer.append('/').append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
          } else {
            path.append('[').append(ref.getIndex()).append(']');
            pointer.append('/').append(ref.getIndex());
          }
        }
        field = path.toString();
      }
      String want = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
          ? (m.getTargetType() == String.class ? "expected a JSON string" : "expected a JSON number (a whole one)") : firstLine(e);
      return refuse(call, body, HttpResponseStatus.BAD_REQUEST, (field == null ? "body" : field) + ": " + want + ", found "
          + (field == null ? "another type" : tree.at(pointer.toString()).getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + clip(tree.at(pointer.toString()).toString())));
    }
    if (call == null) return new Answer(HttpResponseStatus.BAD_REQUEST, "call: expected the X-Earshot-Call id or the SIP Call-ID of the call, found none");
    String tools = report.toolsProblem();
    if (tools != null) return refuse(call, body, HttpResponseStatus.BAD_REQUEST, tools);
    if (report.turn() != null && report.turn() < 1) return refuse(call, body, HttpResponseStatus.BAD_REQUEST, "turn: expected 1 or more, found " + report.turn());
    CallReports reports = byCall.get(call);
    if (reports == null) return new Answer(HttpResponseStatus.NOT_FOUND, "call: '" + named + "' is not a call of this run");
    synchronized (reports) {
      int turn = report.turn() != null ? report.turn() : reports.next;
      if (reports.taken.size() >= MAX_REPORTS && !reports.turns.contains(turn)) {
        return refuse(call, body, HttpResponseStatus.TOO_MANY_REQUESTS, "turn: " + turn + " would be report " + (MAX_REPORTS + 1)
            + " of this call; expected at most " + MAX_REPORTS);
      }
      if (!reports.turns.add(turn)) {
        return refuse(call, body, HttpResponseStatus.CONFLICT, "turn: " + turn + " was already reported; the first report stands and this one is kept in the result");
      }
      reports.next = Math.max(reports.next, turn + 1);
      reports.taken.add(new AgentReport(call, turn, report.heard(), report.intent(), report.said(), report.asrFinalUs(), report.responseStartUs(),
          report.ttsFirstAudioUs(), report.tools()));
    }
    return new Answer(HttpResponseStatus.NO_CONTENT, null);
  }

  /** Answers {@code status} with {@code reason}, keeping the report with the call it names when that call is this run's. */
  private Answer refuse(String call, String body, HttpResponseStatus status, String reason) {
    CallReports reports = call == null ? null : byCall.get(call);
    if (reports != null) {
      synchronized (reports) {
        long now = System.currentTimeMillis() * 1000;
        if (reports.refused.size() < KEPT_REFUSED) {
          reports.refused.add(new Refused(now, status.code(), dev.earshot.audio.Messages.oneLine(reason), clip(body)));
        } else { // a flood is counted, not held: one entry says how many more there were and when the latest came
          long more = ++reports.notKept;
          Refused count = new Refused(now, status.code(), more + " more refused report" + (more == 1 ? "" : "s") + " not kept (the first "
              + KEPT_REFUSED + " are); the latest: " + dev.earshot.audio.Messages.oneLine(reason), null);
          if (reports.refused.size() == KEPT_REFUSED) reports.refused.add(count);
          else reports.refused.set(KEPT_REFUSED, count);
        }
      }
    }
    return new Answer(status, reason);
  }

  private static String clip(String s) {
    return s == null || s.length() <= KEPT_BODY ? s : s.substring(0, KEPT_BODY) + "…";
  }

  private static String firstLine(JsonProcessingException e) {
    return e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
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
