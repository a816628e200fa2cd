#!/usr/bin/env bash
# Earshot against sox on the same chain, side by side in one run, both pinned to one core:
# 60 s of speech at 48 kHz -> white noise at 10 dB SNR -> 300-3400 Hz band-pass -> 8 kHz -> G.711 mu-law round
# trip. Prints each one's median time and the ratio. Needs sox (Debian package sox).
#
#   bench/sox-vs-earshot.sh [ROUNDS]     (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sox >/dev/null || { echo "sox-vs-earshot: needs sox (apt-get install sox)" >&2; exit 2; }
mvn -B -q -Dstyle.color=never -DskipTests install -pl audio-profiles -am
cp=$(mvn -B -q -Dstyle.color=never -pl audio-profiles dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
core=$(( $(nproc) - 1 ))
exec taskset -c "$core" java -cp "audio-profiles/target/test-classes:audio-profiles/target/classes:$cp" \
  dev.earshot.audio.bench.SoxComparison "${1:-7}"
