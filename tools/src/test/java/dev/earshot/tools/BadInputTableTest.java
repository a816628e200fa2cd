package dev.earshot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, end to end through {@code earshot}, as a new user would give it: malformed suites, profiles, personas,
 * secrets and recordings, and bad options. Each case must exit 2 before any call, with one line that names the file
 * and the offending node's own line where there is one, says what was expected, and shows no exception class.
 */
class BadInputTableTest {
  @TempDir static Path dir;

  private static final Pattern JAVA_NAME = Pattern.compile("\\b(java|javax|com\\.fasterxml|org\\.yaml)\\.|\\b[A-Z][A-Za-z]*(Exception|Error)\\b");
  private static final String AGENT = "sip:agent@127.0.0.1:9";
  private static final String UNREADABLE = "/proc/sys/vm/drop_caches";

  /**
   * One bad input: the files it writes (name → text; a value starting with "hex:" is bytes), the command line
   * (FILE stands for the directory the files are in), the place the message must name ({@code s.yaml:3:}, or
   * "" for none) and a word of what was expected.
   */
  record Case(String name, Map<String, Object> files, String[] args, String place, String word) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String OK_HEAD = "name: t\nseed: 1\nprofiles: [clean]\n";
  private static final String OK_SCENARIO = "scenarios:\n  - name: a\n    turns:\n      - say: hello there\n";

  private static Case suite(String name, String yaml, String place, String word) {
    return new Case(name, Map.of("s.yaml", yaml), new String[] {"run", "FILE/s.yaml", "--agent", AGENT}, place.isEmpty() ? "" : "s.yaml:" + place,
        word);
  }

  private static Case option(String name, String word, String... args) {
    return new Case(name, Map.of("s.yaml", OK_HEAD + OK_SCENARIO), args, "", word);
  }

  private static Case with(String name, Map<String, Object> files, String place, String word, String... args) {
    return new Case(name, files, args, place, word);
  }

  /** A 16-bit mono WAV header over {@code data}, its data chunk claiming {@code claimed} bytes. */
  private static byte[] wav(int claimed, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157).putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16).putInt(0x61746164).putInt(claimed);
    return b.array();
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    String say = "    turns:\n      - say: hello there\n";
    // numbers and types, each at its own line
    c.add(suite("negative trials", "name: t\nseed: 1\ntrials: -3\nprofiles: [clean]\n" + OK_SCENARIO + "\n\n\n", "3:", "1..1000"));
    c.add(suite("a fractional seed", "name: t\nseed: 1.5\nprofiles: [clean]\n" + OK_SCENARIO, "2:", "whole number"));
    c.add(suite("a seed in quotes", "name: t\nseed: '7'\nprofiles: [clean]\n" + OK_SCENARIO, "2:", "whole number"));
    c.add(suite("an empty seed", "name: t\nseed:\nprofiles: [clean]\n" + OK_SCENARIO, "2:", "empty value"));
    c.add(suite("trials as text", "name: t\ntrials: three\nprofiles: [clean]\n" + OK_SCENARIO, "2:", "whole number"));
    c.add(suite("a key given twice", "name: t\nseed: 1\nseed: 2\nprofiles: [clean]\n" + OK_SCENARIO, "3:", "once"));
    c.add(suite("a name that is a number", "name: 5\nprofiles: [clean]\n" + OK_SCENARIO, "1:", "text"));
    c.add(suite("profiles as a string", "name: t\nprofiles: clean\n" + OK_SCENARIO, "2:", "list"));
    c.add(suite("say as a number", OK_HEAD + "scenarios:\n  - name: a\n    turns:\n      - say: 42\n", "7:", "text"));
    // YAML syntax
    c.add(suite("an unclosed flow sequence", "name: t\nprofiles: [clean\nscenarios:\n  - name: a\n", "3:", "expected ','"));
    c.add(suite("a tab for indentation", "name: t\nprofiles: [clean]\nscenarios:\n  - name: a\n\tturns:\n      - say: hi\n", "5:", "tab"));
    c.add(suite("an unclosed quote", "name: \"t\nprofiles: [clean]\nscenarios:\n  - name: a\n", "5:", "quoted"));
    c.add(suite("a mapping value where none is allowed", "name: t: u\nprofiles: [clean]\n" + OK_SCENARIO, "1:", "mapping values"));
    c.add(suite("a second document", OK_HEAD + OK_SCENARIO + "---\nname: u\n", "9:", "one YAML document"));
    c.add(new Case("a binary file", Map.of("s.yaml", "hex:a9000102ff"), new String[] {"run", "FILE/s.yaml", "--agent", AGENT}, "s.yaml:1:1:", "UTF-8"));
    c.add(new Case("a NUL byte", Map.of("s.yaml", "hex:6e616d653a200074"), new String[] {"run", "FILE/s.yaml", "--agent", AGENT}, "s.yaml:1:7:", "NUL"));
    c.add(suite("an empty file", "", "", "empty file"));
    c.add(suite("only comments", "# nothing yet\n", "", "empty file"));
    c.add(suite("a list at the top", "- name: t\n", "1:", "mapping"));
    c.add(suite("a scalar at the top", "hello\n", "1:", "mapping"));
    // what the suite must hold
    c.add(suite("no name", "profiles: [clean]\n" + OK_SCENARIO, "1:", "name"));
    c.add(suite("a misspelt key", "nmae: t\nprofiles: [clean]\n" + OK_SCENARIO, "1:", "unknown key 'nmae'"));
    c.add(suite("no profiles", "name: t\n" + OK_SCENARIO, "1:", "at least one profile"));
    c.add(suite("an empty profile list", "name: t\nprofiles: []\n" + OK_SCENARIO, "2:", "at least one profile"));
    c.add(suite("an unknown profile", "name: t\nseed: 1\nprofiles: [clean, loud]\n" + OK_SCENARIO, "", "unknown profile 'loud'"));
    c.add(suite("an unknown persona", OK_HEAD + "personas: [grumpy]\n" + OK_SCENARIO, "", "grumpy"));
    c.add(suite("a persona twice", OK_HEAD + "personas: [frustrated, frustrated]\n" + OK_SCENARIO, "4:", "once"));
    c.add(suite("no scenarios", OK_HEAD, "1:", "at least one scenario"));
    c.add(suite("a bad scenario name", OK_HEAD + "scenarios:\n  - name: Bad Name\n" + say, "5:", "lower-case"));
    c.add(suite("a scenario name twice", OK_HEAD + "scenarios:\n  - name: a\n" + say + "  - name: a\n" + say, "", "twice"));
    c.add(suite("turns and steps", OK_HEAD + "scenarios:\n  - name: a\n" + say + "    steps: [hangup]\n", "5:", "not both"));
    c.add(suite("no turns", OK_HEAD + "scenarios:\n  - name: a\n    turns: []\n", "5:", "at least one step"));
    c.add(suite("an empty say", OK_HEAD + "scenarios:\n  - name: a\n    turns:\n      - say: ''\n", "7:", "words"));
    c.add(suite("an intent not listed", OK_HEAD + "scenarios:\n  - name: a\n    turns:\n      - say: hi\n        expect: {intent: refund}\n", "", "not listed"));
    c.add(suite("a misspelt expect", OK_HEAD + "scenarios:\n  - name: a\n    turns:\n      - say: hi\n        expct: {intent: unknown}\n", "8:", "unknown key 'expct'"));
    String steps = OK_HEAD + "scenarios:\n  - name: a\n    steps:\n      - say: hi\n";
    c.add(suite("an unknown step", steps + "      - frobnicate: 3\n", "8:", "unknown key 'frobnicate'"));
    c.add(suite("an unknown bare word", steps + "      - hang-up\n", "8:", "expected a step"));
    c.add(suite("a bad DTMF key", steps + "      - dtmf: '12x'\n", "8:", "DTMF key 'x'"));
    c.add(suite("a negative wait", steps + "      - wait: -5\n", "8:", "0..600000"));
    c.add(suite("a fractional wait", steps + "      - wait: 1.5\n", "8:", "whole number"));
    c.add(suite("hangup: false", steps + "      - hangup: false\n", "8:", "expected true"));
    c.add(suite("a barge-in too late", steps + "      - barge_in: {say: stop, after_ms: 99999}\n", "8:", "0..60000"));
    c.add(suite("an unknown sound", steps + "      - noise_only: {sound: trumpet}\n", "8:", "sound"));
    c.add(suite("a broken regex", steps + "      - expect: {regex: 'a(b'}\n", "8:", "regex"));
    c.add(suite("a tiny timeout", steps + "      - expect: {timeout_ms: 5}\n", "8:", "100..600000"));
    c.add(suite("two kinds in a step", steps + "      - {say: hi, hangup: true}\n", "8:", "exactly one"));
    c.add(suite("a bad header name", OK_HEAD + "headers: {'X Bad': v}\n" + OK_SCENARIO, "4:", "header name"));
    c.add(suite("a header Earshot writes", OK_HEAD + "headers: {Call-ID: x}\n" + OK_SCENARIO, "4:", "writes this header"));
    c.add(suite("a greeting mode unknown", OK_HEAD + "greeting: maybe\n" + OK_SCENARIO, "4:", "expected one of"));
    c.add(suite("a dtmf mode unknown", OK_HEAD + "dtmf_mode: pulse\n" + OK_SCENARIO, "4:", "expected one of"));
    c.add(suite("a caller number with letters", OK_HEAD + "caller: {number: '555-CALL'}\n" + OK_SCENARIO, "4:", "digits"));
    c.add(suite("max_turns 0", OK_HEAD + "budgets: {max_turns: 0}\n" + OK_SCENARIO, "4:", "at least 1"));
    c.add(suite("a misspelt budget", OK_HEAD + "budgets: {max_turn: 3}\n" + OK_SCENARIO, "4:", "unknown key 'max_turn'"));
    c.add(suite("call: sideways", OK_HEAD + "scenarios:\n  - name: a\n    call: sideways\n" + say, "6:", "expected one of"));
    c.add(suite("wait_s on an outbound call", OK_HEAD + "scenarios:\n  - name: a\n    wait_s: 5\n" + say, "6:", "only with call: inbound"));
    c.add(suite("a network section with a bad srtp", OK_HEAD + "scenarios:\n  - name: a\n    network: {srtp: maybe}\n" + say, "6:", "expected one of"));
    // recordings
    String wavSuite = OK_HEAD + "scenarios:\n  - name: a\n    steps:\n      - say: {wav: r.wav, transcript: hello}\n";
    // a load run's files, for earshot report DIR
    String plan = "{\"agent\": \"sip:a@127.0.0.1\", \"calls\": 2, \"shard\": \"1/1\", \"seed\": 1, \"rate_per_second\": 1, \"duration_seconds\": 1, \"start_epoch_us\": 0}";
    c.add(with("a load run's plan cut short", Map.of("l/load-plan.json", "{\"agent\": 5", "l/load-calls.jsonl", "", "l/load-timeline.jsonl", ""), "load-plan.json",
        "expected a load run's plan", "report", "FILE/l"));
    c.add(with("a load run's second that is not one", Map.of("l/load-plan.json", plan, "l/load-calls.jsonl", "", "l/load-timeline.jsonl", "{\"t\": 1}\ngarbage\n{\"t\": 2}\n"),
        "load-timeline.jsonl:2:", "expected a second of a load run", "report", "FILE/l"));
    c.add(with("a missing recording", Map.of("s.yaml", wavSuite), "", "no such file", "run", "FILE/s.yaml", "--agent", AGENT));
    c.add(with("a truncated recording", Map.of("s.yaml", wavSuite, "r.wav", Arrays.copyOf(wav(8, 8), 30)), "", "truncated", "run", "FILE/s.yaml",
        "--agent", AGENT));
    c.add(with("a recording whose data chunk claims 2 GB", Map.of("s.yaml", wavSuite, "r.wav", wav(2_000_000_000, 100)), "", "claims 2000000000 bytes",
        "run", "FILE/s.yaml", "--agent", AGENT));
    c.add(with("a recording that is text", Map.of("s.yaml", wavSuite, "r.wav", "not a wav"), "", "RIFF", "run", "FILE/s.yaml", "--agent", AGENT));
    c.add(suite("a recording without transcript", OK_HEAD + "scenarios:\n  - name: a\n    steps:\n      - say: {wav: r.wav}\n", "7:", "transcript"));
    // profiles and personas
    String prof = "name: mine\ndescription: x\nstages:\n";
    c.add(with("a profile with an unknown stage", Map.of("p/a.yaml", prof + "  - {type: blah}\n"), "a.yaml:4:", "unknown type 'blah'", "run",
        "FILE/s.yaml", "--agent", AGENT, "--profiles", "FILE/p"));
    c.add(with("a profile SNR out of range", Map.of("p/a.yaml", prof + "  - type: noise\n    color: pink\n    snr_db: 500\n"), "a.yaml:6:", "-20..80",
        "run", "FILE/s.yaml", "--agent", AGENT, "--profiles", "FILE/p"));
    c.add(with("a profile srtp setting", Map.of("p/a.yaml", prof + "  - {type: noise, color: pink, snr_db: 5}\nnetwork:\n  srtp: bad\n\n\n"),
        "a.yaml:6:", "expected one of", "run", "FILE/s.yaml", "--agent", AGENT, "--profiles", "FILE/p"));
    c.add(with("a profile name in capitals", Map.of("p/a.yaml", "name: Mine\ndescription: x\nstages: []\n"), "a.yaml:1:", "lower-case", "run",
        "FILE/s.yaml", "--agent", AGENT, "--profiles", "FILE/p"));
    c.add(with("a profile noise file that is no WAV", Map.of("p/a.yaml", prof + "  - {type: noise-file, file: bed.wav, snr_db: 10}\n", "p/bed.wav", "text"),
        "", "RIFF", "run", "FILE/s.yaml", "--agent", AGENT, "--profiles", "FILE/p"));
    c.add(with("a persona filler rate of 3", Map.of("q/p.yaml", "name: mine\nbehaviour:\n  filler_rate: 3\n  fillers: [um]\n"), "p.yaml:3:", "0..1",
        "run", "FILE/s.yaml", "--agent", AGENT, "--personas", "FILE/q"));
    c.add(with("a persona with an unknown key", Map.of("q/p.yaml", "name: mine\nspeaker: []\nfiller_rate: 3\n"), "p.yaml:3:", "unknown key 'filler_rate'",
        "run", "FILE/s.yaml", "--agent", AGENT, "--personas", "FILE/q"));
    // files and options, checked before any work
    c.add(with("a directory as the suite", Map.of("d/x", ""), "", "is a directory", "run", "FILE/d", "--agent", AGENT));
    c.add(with("no such suite", Map.of(), "", "no such file", "run", "FILE/none.yaml", "--agent", AGENT));
    c.add(option("an agent port out of range", "1..65535", "run", "FILE/s.yaml", "--agent", "sip:agent@127.0.0.1:99999"));
    c.add(option("an agent that is not a SIP URI", "SIP URI", "run", "FILE/s.yaml", "--agent", "http://agent"));
    c.add(with("-o naming a file", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "f", "x"), "", "is a file", "run", "FILE/s.yaml", "--agent", AGENT, "-o", "FILE/f"));
    c.add(with("--cache naming a file", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "f", "x"), "", "is a file", "run", "FILE/s.yaml", "--agent", AGENT,
        "--cache", "FILE/f"));
    c.add(with("-o under a file", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "f", "x"), "", "cannot be created", "run", "FILE/s.yaml", "--agent", AGENT,
        "-o", "FILE/f/out"));
    c.add(option("--profiles not a directory", "no such directory", "run", "FILE/s.yaml", "--agent", AGENT, "--profiles", "FILE/nowhere"));
    c.add(option("--personas a file", "expected a directory", "run", "FILE/s.yaml", "--agent", AGENT, "--personas", "FILE/s.yaml"));
    c.add(option("--concurrency 0", "1..256", "run", "FILE/s.yaml", "--agent", AGENT, "-j", "0"));
    c.add(option("--shard past its N", "1 <= I <= N", "load", "--agent", AGENT, "--shard", "3/2"));
    c.add(option("--shard not I/N", "expected I/N", "load", "--agent", AGENT, "--shard", "half"));
    c.add(option("--shard more shards than calls", "at most one shard a call", "load", "--agent", AGENT, "-n", "2", "--shard", "1/3"));
    c.add(option("load --ramp not T:CALLS", "--ramp: point 2 'x': expected T:CALLS", "load", "--agent", AGENT, "--ramp", "0:0,x"));
    c.add(option("load --rtp-socket unknown", "--rtp-socket: expected shared or per-call, found 'one'", "load", "--agent", AGENT, "--rtp-socket", "one"));
    c.add(option("run --rtp-socket unknown", "--rtp-socket: expected shared or per-call, found 'both'", "run", "FILE/s.yaml", "--agent", AGENT, "--rtp-socket", "both"));
    c.add(option("load --ramp out of order", "--ramp: point 2 (5:10) is before point 1 (10:0): expected times in order", "load", "--agent", AGENT, "--ramp", "10:0,5:10"));
    c.add(option("load --concurrency and --ramp", "--concurrency, --ramp: choose one", "load", "--agent", AGENT, "--concurrency", "5", "--ramp", "0:5"));
    c.add(option("load --for without a target", "--for: only with --concurrency or --ramp", "load", "--agent", AGENT, "--for", "10"));
    c.add(option("load --concurrency 0", "--concurrency: expected 1..5000 calls at once, found 0", "load", "--agent", AGENT, "--concurrency", "0"));
    c.add(option("agent --cut-in-ms with --endpoint-ms", "--cut-in-ms, --endpoint-ms: choose one", "agent", "--cut-in-ms", "300", "--endpoint-ms", "500"));
    c.add(option("agent --cut-in-ms 20", "--cut-in-ms: expected 100..5000 ms, found 20", "agent", "--cut-in-ms", "20"));
    c.add(option("run --profiles naming a profile the suite cannot run", "--profiles: ", "run", "FILE/s.yaml", "--agent", AGENT, "--profiles", "no-such-profile"));
    c.add(option("run -k with an empty pattern", "-k: expected a scenario name, a part of one or a glob, found an empty pattern", "run", "FILE/s.yaml", "--agent", AGENT, "-k", " "));
    c.add(option("run -k matching nothing", "-k: no scenario matches nothing; expected a part of one of [a]", "run", "FILE/s.yaml", "--agent", AGENT, "-k", "nothing"));
    c.add(option("run --profile unknown", "--profile: unknown profile 'loud'", "run", "FILE/s.yaml", "--agent", AGENT, "--profile", "clean,loud"));
    c.add(option("run --trials 0", "--trials: expected 1..1000 trials, found 0", "run", "FILE/s.yaml", "--agent", AGENT, "--trials", "0"));
    c.add(with("a short-form turn with a wav and no transcript", Map.of("s.yaml", OK_HEAD + "scenarios:\n  - name: a\n    turns:\n      - wav: q.wav\n"),
        "s.yaml:7:9:", "transcript: expected the words spoken in q.wav", "validate", "FILE/s.yaml"));
    c.add(with("validate a suite naming an unknown profile", Map.of("s.yaml", "name: t\nprofiles: [loud]\n" + OK_SCENARIO), "s.yaml:", "unknown profile 'loud'",
        "validate", "FILE/s.yaml"));
    c.add(option("load --transcribe not a share", "--transcribe: expected all, none or a share 0%..100%", "load", "FILE/s.yaml", "--agent", AGENT, "--transcribe", "lots"));
    c.add(option("load --transcribe over 100%", "--transcribe: expected all, none or a share", "load", "FILE/s.yaml", "--agent", AGENT, "--transcribe", "150%"));
    c.add(option("load --transcribe without a suite", "--transcribe: only with a SUITE", "load", "--agent", AGENT, "--transcribe", "all"));
    c.add(option("load a suite with --audio", "--audio: not with a SUITE", "load", "FILE/s.yaml", "--agent", AGENT, "--audio", "FILE/s.yaml"));
    c.add(with("load a suite with a negative weight", Map.of("s.yaml", OK_HEAD + OK_SCENARIO + "    weight: -1\n"), "s.yaml:8:", "weight", "load", "FILE/s.yaml",
        "--agent", AGENT));
    c.add(with("load a suite with only inbound scenarios", Map.of("s.yaml", OK_HEAD + OK_SCENARIO + "    call: inbound\n"), "", "no scenario a load run can place",
        "load", "FILE/s.yaml", "--agent", AGENT));
    c.add(option("load --jsonl with --quiet", "--jsonl, --quiet: choose one", "load", "--agent", AGENT, "--jsonl", "--quiet"));
    c.add(with("merge of a directory that is not a shard's", Map.of("s.yaml", "x"), "", "no load.json", "merge", "FILE"));
    c.add(with("merge of a damaged load.json", Map.of("load.json", "{\"calls\": \"many\"}"), "load.json", "expected the load.json", "merge", "FILE"));
    c.add(option("--concurrency not a number", "--concurrency", "run", "FILE/s.yaml", "--agent", AGENT, "-j", "many"));
    c.add(option("an unknown option", "Unknown option", "run", "FILE/s.yaml", "--agent", AGENT, "--frobnicate"));
    c.add(option("--srtp maybe", "--srtp", "run", "FILE/s.yaml", "--agent", AGENT, "--srtp", "maybe"));
    c.add(option("--transport sctp", "--transport", "run", "FILE/s.yaml", "--agent", AGENT, "--transport", "sctp"));
    c.add(option("--outbound-proxy without a port", "--outbound-proxy", "run", "FILE/s.yaml", "--agent", AGENT, "--outbound-proxy", "proxy:/tls:"));
    c.add(option("--baseline missing", "no such file", "run", "FILE/s.yaml", "--agent", AGENT, "--baseline", "FILE/none.json"));
    c.add(with("a secrets line without =", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "sec", "username = alice\npassword s3cret\n"), "sec:2:", "username",
        "run", "FILE/s.yaml", "--agent", AGENT, "--secrets", "FILE/sec"));
    c.add(with("a secrets file not UTF-8", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "sec", "hex:757365726e616d65203d20ff0a"), "sec:", "UTF-8",
        "run", "FILE/s.yaml", "--agent", AGENT, "--secrets", "FILE/sec"));
    c.add(option("no secrets file", "no such file", "run", "FILE/s.yaml", "--agent", AGENT, "--secrets", "FILE/none"));
    c.add(option("ping a port out of range", "1..65535", "ping", "sip:agent@127.0.0.1:70000"));
    c.add(option("load --calls 0", "1..5000", "load", "--agent", AGENT, "--calls", "0"));
    c.add(option("load --profile unknown", "--profile: unknown profile", "load", "--agent", AGENT, "--profile", "nosuch"));
    c.add(with("load --audio truncated", Map.of("r.wav", Arrays.copyOf(wav(8, 8), 30)), "r.wav", "truncated", "load", "--agent", AGENT, "--audio",
        "FILE/r.wav"));
    c.add(with("profiles render a truncated WAV", Map.of("r.wav", Arrays.copyOf(wav(8, 8), 30)), "r.wav", "truncated", "profiles", "render",
        "FILE/r.wav", "--profile", "clean", "-o", "FILE/out.wav"));
    c.add(with("profiles render an unknown profile", Map.of("r.wav", wav(4, 4)), "", "--profile: unknown profile", "profiles", "render", "FILE/r.wav",
        "--profile", "nosuch", "-o", "FILE/out.wav"));
    c.add(with("profiles render into a directory", Map.of("r.wav", wav(4, 4), "o/x", ""), "", "is a directory", "profiles", "render", "FILE/r.wav",
        "--profile", "clean", "-o", "FILE/o"));
    c.add(with("compare a file that is no report", Map.of("a.json", "{\"suite\": 3}"), "a.json", "Earshot", "compare", "FILE/a.json", "FILE/a.json"));
    c.add(with("compare a report that is not JSON", Map.of("a.json", "hello"), "a.json", "Earshot", "compare", "FILE/a.json", "FILE/a.json"));
    c.add(option("agent --max-calls 0", "--max-calls", "agent", "--port", "0", "--max-calls", "0"));
    c.add(with("--resume a directory that is no run", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "d/x", ""), "", "no run.json", "run", "FILE/s.yaml",
        "--agent", AGENT, "--resume", "FILE/d"));
    c.add(with("--resume a run of another suite", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "d/run.json", "{\"schema_version\": 2, \"suite\": \"other\", "
        + "\"agent\": \"sip:a@b\", \"seed\": 1, \"started\": \"2026-12-01T00:00:00Z\", \"calls\": [\"x\"], \"seeds\": [5]}"), "run.json",
        "expected the same plan", "run", "FILE/s.yaml", "--agent", AGENT, "--resume", "FILE/d"));
    c.add(with("--resume and another -o", Map.of("s.yaml", OK_HEAD + OK_SCENARIO, "d/x", ""), "", "a resumed run writes where it began", "run",
        "FILE/s.yaml", "--agent", AGENT, "--resume", "FILE/d", "-o", "FILE/e"));
    // a file this user cannot read: a sysctl of mode 0200, which even root cannot read (the kernel checks a sysctl's
    // mode with no override), so that the case holds whoever runs the tests
    c.add(option("an unreadable suite", "permission denied", "run", UNREADABLE, "--agent", AGENT));
    c.add(option("an unreadable secrets file", "permission denied", "run", "FILE/s.yaml", "--agent", AGENT, "--secrets", UNREADABLE));
    c.add(option("an unreadable baseline", "permission denied", "run", "FILE/s.yaml", "--agent", AGENT, "--baseline", UNREADABLE));
    c.add(option("load --audio unreadable", "permission denied", "load", "--agent", AGENT, "--audio", UNREADABLE));
    c.add(option("profiles render an unreadable WAV", "permission denied", "profiles", "render", UNREADABLE, "--profile", "clean", "-o", "FILE/o.wav"));
    c.add(with("an unreadable recording", Map.of("s.yaml", OK_HEAD + "scenarios:\n  - name: a\n    steps:\n      - say: {wav: " + UNREADABLE
        + ", transcript: hello}\n"), "", "permission denied", "run", "FILE/s.yaml", "--agent", AGENT));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isOneLineWithThePlaceAndWhatWasExpectedAndExit2(Case c) throws Exception {
    Path here = Files.createTempDirectory(dir, "case");
    for (Map.Entry<String, Object> f : new LinkedHashMap<>(c.files()).entrySet()) {
      Path p = here.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      if (f.getValue() instanceof byte[] b) Files.write(p, b);
      else if (f.getValue() instanceof String s && s.startsWith("hex:")) Files.write(p, java.util.HexFormat.of().parseHex(s.substring(4)));
      else Files.writeString(p, (String) f.getValue(), StandardCharsets.UTF_8);
    }
    String[] args = Arrays.stream(c.args()).map(a -> a.replace("FILE", here.toString())).toArray(String[]::new);
    Cli cli = new Cli();
    int exit = cli.run(args);
    String err = cli.err.toString().strip();
    assertEquals(2, exit, "exit code; stderr: " + err + "\nstdout: " + cli.out);
    assertEquals(1, err.lines().count(), "one line:\n" + err);
    assertTrue(err.startsWith("earshot: "), err);
    if (!c.place().isEmpty()) assertTrue(err.contains(c.place()), "names " + c.place() + ": " + err);
    assertTrue(err.contains(c.word()), "says '" + c.word() + "': " + err);
    assertFalse(JAVA_NAME.matcher(err).find(), "no Java class names: " + err);
    assertEquals("", cli.out.toString().strip().lines().filter(l -> l.startsWith("[")).findFirst().orElse(""), "no call was placed");
  }
}
