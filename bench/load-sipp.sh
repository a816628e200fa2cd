#!/usr/bin/env bash
# Load benchmark: Earshot places N concurrent G.711 calls of D seconds against SIPp's built-in UAS scenario
# echoing RTP, on loopback, and reports calls up, failures by cause, setup time, Earshot's send-time error,
# CPU and heap per call. Beside each run, bench/TimerFloor.java measures how late this machine wakes a bare
# thread on the same 20 ms schedule: the floor no pacing on this machine can beat.
#
#   bench/load-sipp.sh [N...]          e.g. bench/load-sipp.sh 100 250 500   (default: 500)
#   DURATION=30 RATE=50 bench/load-sipp.sh 500
#
# Needs SIPp (Debian sip-tester). Results: bench/results/load-N/ (load.json, load-calls.jsonl) and a table.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-30}"
rate="${RATE:-50}"
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(500)
command -v sipp >/dev/null || { echo "load-sipp.sh: sipp not found (apt-get install sip-tester)" >&2; exit 2; }
"$here/earshot" --version >/dev/null   # builds the jar if it is stale

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

rows=()
for n in "${counts[@]}"; do
  out="$here/bench/results/load-$n"
  rm -rf "$out" && mkdir -p "$out"
  sip=$(free_port); media=$(free_port)
  sipp -sn uas -rtp_echo -i 127.0.0.1 -p "$sip" -mi 127.0.0.1 -mp "$media" -nostdin -l 10000 \
    -trace_err -error_file "$out/sipp-errors.log" >"$out/sipp.out" 2>&1 &
  sipp_pid=$!
  trap 'kill $sipp_pid 2>/dev/null || true' EXIT
  sleep 1
  sipp_before=$(cpu_ticks "$sipp_pid")
  floor_secs=$(python3 -c "print(int($n / $rate + $duration))")
  java "$here/bench/TimerFloor.java" "$floor_secs" >"$out/floor.txt" &
  floor_pid=$!
  "$here/earshot" load --agent "sip:echo@127.0.0.1:$sip" -n "$n" -d "$duration" -r "$rate" -o "$out" --quiet \
    | tee "$out/earshot.txt" || true
  wait "$floor_pid" || true
  sipp_cpu=$(( $(cpu_ticks "$sipp_pid") - sipp_before ))
  kill "$sipp_pid" 2>/dev/null || true
  wait "$sipp_pid" 2>/dev/null || true
  cat "$out/floor.txt"
  rows+=("$(python3 - "$out" "$n" "$sipp_cpu" <<'PY'
import json, re, sys, os
out, n, sipp_ticks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = json.load(open(os.path.join(out, "load.json")))
floor = re.search(r"p99 ([0-9.]+) ms", open(os.path.join(out, "floor.txt")).read()).group(1)
hz = os.sysconf("SC_CLK_TCK")
fails = "; ".join(f"{v} {k}" for k, v in r["failures_by_cause"].items()) or "-"
print(f"| {n} | {r['up']} | {fails} | {r['setup_p50_ms']} / {r['setup_p99_ms']} | {r['send_error_p50_ms']} / {r['send_error_p99_ms']} / {r['send_error_max_ms']} | {floor} | {r['cpu_percent']} | {100 * sipp_ticks / hz / r['wall_seconds']:.0f} | {r['heap_per_call_kb']} |")
PY
)")
done
echo
echo "| calls | up | failures | setup p50 / p99 ms | send error p50 / p99 / max ms | timer floor p99 ms | Earshot CPU % | SIPp CPU % | heap KB/call |"
echo "| ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
