#!/usr/bin/env bash
# Load benchmark, side by side with SIPp in one run: at each N, the same plan (N concurrent G.711 calls of D seconds,
# R new calls a second, audio from one file looped) is placed twice against the same kind of peer, SIPp's built-in
# UAS echoing RTP on loopback:
#   1. by SIPp itself as the UAC (bench/sipp-uac-rtp.xml: rtp_stream of the caller audio), the reference;
#   2. by `earshot load`.
# For each: calls up and failed, the generator's CPU (per call-second of audio), the UDP packets the kernel dropped on
# the generator's own sockets and on the UAS's (bench/udp-drops.py: /proc/net/udp 'drops'), the machine's RcvbufErrors
# over the run (/proc/net/snmp), and, beside each run, bench/TimerFloor.java: how late this machine wakes a bare thread on
# the same 20 ms schedule at that moment, the floor no pacing here can beat. For Earshot also its send-time error
# (p50/p99/max against its 20 ms schedule) and setup time.
#
#   bench/load-sipp.sh [N...]          e.g. bench/load-sipp.sh 500 1000 1500 2000   (default: 500)
#   DURATION=30 RATE=50 bench/load-sipp.sh 500
#   ECHO=0 bench/load-sipp.sh 1000     the UAS sends no RTP back: both generators only send, like for like (SIPp's
#                                      rtp_stream never reads what comes back anyway; Earshot's calls then end as
#                                      one-way audio, which is what such a run is for: the cost of the send path alone)
#
# Peak concurrency is min(N, RATE x DURATION): RATE=100 DURATION=30 reaches 2000 calls at once.
# Needs SIPp (Debian sip-tester) and sox. Results: bench/results/load-N/{sipp,earshot}/ and a table.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-30}"
rate="${RATE:-50}"
echo_rtp=(-rtp_echo)
[ "${ECHO:-1}" = 0 ] && echo_rtp=()
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(500)
command -v sipp >/dev/null || { echo "load-sipp.sh: sipp not found (apt-get install sip-tester)" >&2; exit 2; }
command -v sox >/dev/null || { echo "load-sipp.sh: sox not found (apt-get install sox)" >&2; exit 2; }
"$here/earshot" --version >/dev/null   # builds the jar if it is stale
buffers=$(( 4 << 20 ))
echo "socket buffers: net.core.rmem_max $(cat /proc/sys/net/core/rmem_max), wmem_max $(cat /proc/sys/net/core/wmem_max); SIPp asks for $buffers, Earshot for 4 MiB on each shared media socket (--rtp-socket shared, earshot load's default)"

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rcvbuf_errors() { awk '/^Udp: / && !h {h=1; for (i=1;i<=NF;i++) if ($i=="RcvbufErrors") c=i; next} /^Udp: / {print $c}' /proc/net/snmp; }

# the caller audio both generators loop: a spoken sentence (eSpeak NG; a sweep without it) at 8 kHz, as 16-bit PCM for
# Earshot and as mu-law for SIPp's rtp_stream
audio_dir="$here/bench/results/audio"
mkdir -p "$audio_dir"
if command -v espeak-ng >/dev/null; then
  espeak-ng -w "$audio_dir/spoken.wav" "Hello, I am calling about my account. Could you tell me my balance, please?"
  sox "$audio_dir/spoken.wav" -r 8000 -c 1 -b 16 "$audio_dir/caller.wav"
else
  sox -n -r 8000 -c 1 -b 16 "$audio_dir/caller.wav" synth 4 sine 300-3000 vol 0.3
fi
sox "$audio_dir/caller.wav" -r 8000 -c 1 -e u-law "$audio_dir/caller-ulaw.wav"

# one generator against a fresh SIPp UAS: $1 = name, $2 = N, $3 = out dir, then the command (with @SIP@ for the UAS's port)
measure() {
  local name=$1 n=$2 out=$3; shift 3
  mkdir -p "$out"
  local sip media; sip=$(free_port); media=$(free_port)
  sipp -sn uas "${echo_rtp[@]}" -i 127.0.0.1 -p "$sip" -mi 127.0.0.1 -mp "$media" -nostdin -l 100000 -buff_size "$buffers" \
    -trace_err -error_file "$out/uas-errors.log" >"$out/uas.out" 2>&1 &
  local uas=$!
  sleep 1
  local uas_before errors_before; uas_before=$(cpu_ticks "$uas"); errors_before=$(rcvbuf_errors)
  java "$here/bench/TimerFloor.java" "$(python3 -c "print(int($n / $rate + $duration))")" >"$out/floor.txt" &
  local floor=$!
  local cmd=("${@//@SIP@/$sip}")
  /usr/bin/time -o "$out/time.txt" -f "%e %U %S" "${cmd[@]}" >"$out/generator.out" 2>&1 &
  local gen=$!
  sleep 0.5
  local pid; pid=$(pgrep -P "$gen" | head -1); pid=${pid:-$gen}
  python3 "$here/bench/udp-drops.py" generator="$pid" uas="$uas" >"$out/drops.txt" &
  local drops=$!
  wait "$gen" || true
  kill -TERM "$drops"; wait "$drops" || true
  wait "$floor" || true
  local uas_cpu=$(( $(cpu_ticks "$uas") - uas_before )) rcvbuf=$(( $(rcvbuf_errors) - errors_before ))
  kill "$uas" 2>/dev/null || true
  wait "$uas" 2>/dev/null || true
  echo "$name $n uas_ticks $uas_cpu rcvbuf_errors $rcvbuf" >"$out/machine.txt"
}

rows=()
for n in "${counts[@]}"; do
  base="$here/bench/results/load-$n"
  rm -rf "$base" && mkdir -p "$base"
  mkdir -p "$base/sipp"
  sed "s|CALLER_WAV|$audio_dir/caller-ulaw.wav|" "$here/bench/sipp-uac-rtp.xml" >"$base/sipp/uac.xml"
  echo "== $n calls: SIPp UAC"
  measure sipp "$n" "$base/sipp" sipp "127.0.0.1:@SIP@" -sf "$base/sipp/uac.xml" -s echo -i 127.0.0.1 -p "$(free_port)" \
    -mi 127.0.0.1 -mp "$(free_port)" -r "$rate" -m "$n" -l "$n" -d "$(( duration * 1000 ))" -buff_size "$buffers" -nostdin \
    -trace_stat -stf "$base/sipp/stat.csv" -fd 1 -trace_err -error_file "$base/sipp/uac-errors.log" \
    -timeout "$(( n / ${rate%.*} + duration + 60 ))s"   # SIPp's UAC once hung here with 37 calls open at 2000: bounded
  echo "== $n calls: earshot load"
  measure earshot "$n" "$base/earshot" "$here/earshot" load --agent "sip:echo@127.0.0.1:@SIP@" -n "$n" -d "$duration" -r "$rate" \
    --audio "$audio_dir/caller.wav" -o "$base/earshot" --quiet
  cat "$base/earshot/generator.out" | grep -v SLF4J || true
  rows+=("$(python3 - "$base" "$n" "$duration" <<'PY'
import csv, json, os, re, sys
base, n, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
hz = os.sysconf("SC_CLK_TCK")
def read(*p): return open(os.path.join(base, *p)).read()
def floor(tool): return re.search(r"p99 ([0-9.]+) ms", read(tool, "floor.txt")).group(1)
def drops(tool):
    d = dict(re.findall(r"(\w+) drops (\d+)", read(tool, "drops.txt")))
    return d.get("generator", "?"), d.get("uas", "?")
def machine(tool):
    m = read(tool, "machine.txt").split()
    return int(m[3]) / hz, m[5]
def cpu(tool):
    wall, user, sys_ = map(float, read(tool, "time.txt").split()[-3:])
    return user + sys_, wall
call_seconds = n * duration
# SIPp: its statistics' last line (cumulative counts)
with open(os.path.join(base, "sipp", "stat.csv")) as f:
    rows = list(csv.reader(f, delimiter=";"))
head, last = rows[0], rows[-1]
ok, failed = int(last[head.index("SuccessfulCall(C)")]), int(last[head.index("FailedCall(C)")])
s_cpu, s_wall = cpu("sipp")
g, u = drops("sipp"); uas_cpu, rcv = machine("sipp")
open(os.path.join(base, "cpu.txt"), "w").write(f"{n} {s_cpu}\n")
print(f"| {n} | SIPp UAC | {ok} | {failed} | {s_cpu:.1f} | {1000 * s_cpu / call_seconds:.2f} | - | {floor('sipp')} | {g} | {u} | {rcv} | {uas_cpu:.1f} |")
r = json.load(open(os.path.join(base, "earshot", "load.json")))
e_cpu = r["cpu_percent"] / 100 * r["wall_seconds"]
total, _ = cpu("earshot")
fails = "; ".join(f"{v} {k}" for k, v in r["failures_by_cause"].items())
g, u = drops("earshot"); uas_cpu, rcv = machine("earshot")
open(os.path.join(base, "cpu.txt"), "a").write(f"{n} {total}\n")
print(f"| {n} | Earshot | {r['up']} | {r['calls'] - r['up']}{' (' + fails + ')' if fails else ''} | {e_cpu:.1f} ({total:.1f} with JVM start) | {1000 * e_cpu / call_seconds:.2f} | {r['send_error_p50_ms']} / {r['send_error_p99_ms']} / {r['send_error_max_ms']} | {floor('earshot')} | {g} | {u} | {rcv} | {uas_cpu:.1f} |")
PY
)")
done
echo
echo "DURATION=$duration s calls, RATE=$rate calls/s, against SIPp's UAS (${echo_rtp[*]:-no RTP echo}) on loopback; CPU in CPU-seconds of the generator's process"
echo
echo "| calls | generator | up | failed | CPU s | CPU ms per call-second | send error p50 / p99 / max ms | timer floor p99 ms | drops on generator's sockets | drops on UAS's | RcvbufErrors | UAS CPU s |"
echo "| ---: | --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
# what one more call costs, each tool's fixed costs (JVM start, JIT compilation; SIPp's start) taken out: the slope of the
# generator's whole CPU between the smallest and the largest N of this sweep, per call-second
if [ ${#counts[@]} -ge 2 ]; then
  python3 - "$here/bench/results" "$duration" "${counts[@]}" <<'PY'
import os, sys
root, duration, counts = sys.argv[1], float(sys.argv[2]), [int(c) for c in sys.argv[3:]]
lo, hi = min(counts), max(counts)
def cpu(n):
    rows = [l.split() for l in open(os.path.join(root, f"load-{n}", "cpu.txt"))]
    return float(rows[0][1]), float(rows[1][1])  # SIPp, Earshot (whole process, JVM start included)
(s_lo, e_lo), (s_hi, e_hi) = cpu(lo), cpu(hi)
cs = (hi - lo) * duration
s_m, e_m = 1000 * (s_hi - s_lo) / cs, 1000 * (e_hi - e_lo) / cs
print(f"\nOne more call, from {lo} to {hi} calls (fixed costs out): SIPp UAC {s_m:.3f} CPU-ms per call-second, Earshot {e_m:.3f} ({e_m / s_m:.2f}x)")
print(f"Whole process at {hi} calls: SIPp UAC {1000 * s_hi / (hi * duration):.3f}, Earshot {1000 * e_hi / (hi * duration):.3f} ({e_hi / s_hi:.2f}x)")
PY
fi
