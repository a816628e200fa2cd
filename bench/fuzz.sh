#!/usr/bin/env bash
# Fuzzes each of Earshot's parsers of outside input with Jazzer for MINUTES minutes (default 1) and prints the
# executions per target and whether it found anything. A finding is written by Jazzer into the target's seed
# directory (src/test/resources/.../*FuzzTestInputs/METHOD/crash-*): fix the cause, keep the file, and the
# regression run (`mvn verify`) replays it from then on.
#
#   bench/fuzz.sh            # every target, 1 minute each
#   bench/fuzz.sh 10         # 10 minutes each
#   bench/fuzz.sh 1 wav sdp  # only these targets
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-1}"
shift || true
# module  test class  method
targets=(
  "audio-profiles UserInputFuzzTest profileYaml"
  "audio-profiles UserInputFuzzTest wav"
  "harness UserInputFuzzTest suite"
  "harness UserInputFuzzTest persona"
  "harness UserInputFuzzTest sideChannelReport"
  "telephony WireFuzzTest sdp"
  "telephony WireFuzzTest rtp"
  "telephony WireFuzzTest rtcp"
  "tools SecretsFuzzTest secrets"
)
cd "$here"
mvn -B -q -o install -DskipTests >/dev/null || { echo "fuzz: the build failed" >&2; exit 2; }
mkdir -p bench/results
printf '%-36s %12s %10s  %s\n' target executions seconds finding
status=0
for t in "${targets[@]}"; do
  read -r module class method <<<"$t"
  if [ "$#" -gt 0 ] && [[ " $* " != *" $method "* ]]; then continue; fi
  log="bench/results/fuzz-$module-$method.log"
  JAZZER_FUZZ=1 mvn -B -o -pl "$module" surefire:test -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dearshot.redirectTestOutput=false -DargLine="-Djazzer.max_duration=${minutes}m" >"$log" 2>&1
  rc=$?
  # libFuzzer's last status line: "#123456 DONE cov: ..." or the one before a crash
  runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  secs=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | grep -oE '[0-9]+ second' | grep -oE '[0-9]+')
  finding=$(grep -aoE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')
  [ "$rc" -ne 0 ] && [ -z "$finding" ] && finding="build or test failure: see $log"
  [ -n "$finding" ] && status=1
  printf '%-36s %12s %10s  %s\n' "$module:$method" "${runs:-?}" "${secs:-?}" "${finding:-none}"
done
exit $status
