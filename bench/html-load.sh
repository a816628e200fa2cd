#!/usr/bin/env bash
# report.html at scale: how long a 500-call report takes to open in headless Chromium on this machine (goal: under
# 3 s). The report is made from a real run (the demo's, run first when none is given) by bench/ReplicateRun.java:
# its calls repeated to N, each with its events and a reference to a real recording, so the page is as big as a
# real N-call run's. Beside it, in the same run, Chromium opens an empty page: its time is the browser's own start,
# which no page can beat.
#
#   bench/html-load.sh [RUN_DIR] [N]        (default: a fresh demo run, 500 calls)
#   REPEAT=5 bench/html-load.sh
#
# Prints, median of REPEAT opens: the wall time of Chromium opening the report to its DOM being dumped (after the
# load event), the same for the empty page, their difference (the page's own cost), and the page's own clock at the
# end of its script (data-ready: parse + script, ms since navigation start). Needs Debian's chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-}"
n="${2:-500}"
repeat="${REPEAT:-5}"
command -v chromium >/dev/null || { echo "html-load.sh: chromium not found (apt-get install chromium)" >&2; exit 2; }
"$here/earshot" --version >/dev/null   # builds the jar if it is stale
out="$here/bench/results/html-load"
mkdir -p "$out"
if [ -z "$src" ]; then
  src="$out/demo"
  [ -f "$src/report.json" ] || "$here/earshot" demo --out "$src" -q >"$out/demo.log" 2>&1 || true
fi
big="$out/run-$n"
rm -rf "$big"
java -cp "$here/tools/target/earshot.jar" "$here/bench/ReplicateRun.java" "$src" "$big" "$n"
printf '<!DOCTYPE html><html><body>empty</body></html>\n' >"$out/empty.html"
size=$(stat -c %s "$big/report.html")

open_ms() { # wall ms of chromium opening $1 and dumping its DOM; the DOM to $2
  local profile t0 t1
  profile=$(mktemp -d)
  t0=$(date +%s%N)
  chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" --dump-dom "file://$1" >"$2" 2>/dev/null
  t1=$(date +%s%N)
  rm -rf "$profile"
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

page=(); empty=(); ready=()
for _ in $(seq "$repeat"); do
  empty+=("$(open_ms "$out/empty.html" /dev/null)")
  page+=("$(open_ms "$big/report.html" "$out/dom.html")")
  grep -q 'data-errors=' "$out/dom.html" && { echo "html-load.sh: the page reported errors (see $out/dom.html)" >&2; exit 1; }
  r=$(grep -o 'data-ready="[0-9]*"' "$out/dom.html" | grep -o '[0-9]*' || true)
  [ -n "$r" ] || { echo "html-load.sh: the page's script did not finish (see $out/dom.html)" >&2; exit 1; }
  ready+=("$r")
done
pm=$(printf '%s\n' "${page[@]}" | median); em=$(printf '%s\n' "${empty[@]}" | median); rm_=$(printf '%s\n' "${ready[@]}" | median)
rows=$(grep -o '<tr data-profile=' "$out/dom.html" | wc -l)
echo
echo "report.html of $n calls: $((size / 1024)) KiB, $rows calls listed; median of $repeat opens in headless Chromium $(chromium --version 2>/dev/null | awk '{print $2}'):"
printf '  %-44s %6s ms   (each: %s)\n' "open the report, to its DOM after load" "$pm" "${page[*]}"
printf '  %-44s %6s ms   (each: %s)\n' "open an empty page (the browser's own start)" "$em" "${empty[*]}"
printf '  %-44s %6s ms\n' "the report's own cost (difference)" "$((pm - em))"
printf '  %-44s %6s ms   (each: %s)\n' "the page's clock when its script ended" "$rm_" "${ready[*]}"
