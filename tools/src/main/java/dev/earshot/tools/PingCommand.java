package dev.earshot.tools;

import dev.earshot.telephony.Telephony;
import dev.earshot.telephony.sip.Pong;
import dev.earshot.telephony.sip.SipCallFailed;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ping", mixinStandardHelpOptions = true,
    description = {"Health-checks a SIP agent with OPTIONS requests, like ping: each answer's status, round-trip time and what the agent says it supports.",
        "Exit code 0 when every request got a 2xx answer, 1 otherwise (no answer, an error status, a transport error)."})
final class PingCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin SipOptions sip;
  @Mixin NetworkOptions network;

  @Parameters(index = "0", paramLabel = "URI", converter = OptionTypes.SipUri.class, description = "The agent, e.g. sip:agent@127.0.0.1:5080 (add ;transport=tcp for TCP).")
  String target;

  @Option(names = {"-c", "--count"}, paramLabel = "N", defaultValue = "1", description = "Requests to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "1", description = "Time between requests (default: ${DEFAULT-VALUE}).")
  double interval;

  @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "3", description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
  double timeout;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() throws InterruptedException {
    if (count < 1 || count > 100_000) throw new BadInputException("--count: expected 1..100000, found " + count);
    if (!(interval >= 0 && interval <= 3600)) throw new BadInputException("--interval: expected 0..3600 seconds, found " + interval);
    if (!(timeout > 0 && timeout <= 60)) throw new BadInputException("--timeout: expected 0 < SECONDS <= 60, found " + timeout);
    var settings = sip.settings();
    var addressing = network.addressing();
    PrintWriter out = spec.commandLine().getOut();
    int ok = 0;
    double min = Double.MAX_VALUE, max = 0, sum = 0;
    try (Telephony tel = Telephony.start(addressing.towards(settings.firstHopAddress(target)), "earshot", 0, settings)) {
      for (int i = 1; i <= count; i++) {
        if (i > 1) Thread.sleep(Math.round(interval * 1000));
        try {
          Pong p = tel.ping(target, Math.round(timeout * 1000)).get();
          out.printf(Locale.ROOT, "%s: %d %s in %.1f ms%s%s%n", target, p.status(), p.reason(), p.roundTripMs(),
              p.server() == null ? "" : " (" + p.server() + ")", p.allow() == null ? "" : "; allows " + p.allow());
          if (p.ok()) {
            ok++;
            min = Math.min(min, p.roundTripMs());
            max = Math.max(max, p.roundTripMs());
            sum += p.roundTripMs();
          }
        } catch (ExecutionException e) {
          String why = e.getCause() instanceof SipCallFailed f ? f.end().cause() : String.valueOf(e.getCause().getMessage());
          out.printf("%s: %s%n", target, why);
        }
        out.flush();
      }
    }
    if (count > 1) {
      out.printf(Locale.ROOT, "%d requests, %d answered 2xx", count, ok);
      if (ok > 0) out.printf(Locale.ROOT, "; round trip min/avg/max %.1f/%.1f/%.1f ms", min, sum / ok, max);
      out.println();
    }
    out.flush();
    return ok == count ? 0 : Earshot.EXIT_FAILED;
  }
}
