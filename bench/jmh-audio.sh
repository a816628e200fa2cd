#!/usr/bin/env bash
# JMH benchmarks of every audio stage and every built-in profile chain, on 60 s of speech, one benchmark
# thread. Prints ms per 60 s clip and "x real time" (60,000 / ms). Needs ffmpeg + libavcodec-extra for the
# codec stages (Debian packages), like the tests.
#
#   bench/jmh-audio.sh                      # everything (~15 min)
#   bench/jmh-audio.sh 'StageBenchmark'     # a JMH include pattern
#   bench/jmh-audio.sh SoundClassifierBenchmark   # what the speech/music/tone classifier costs a call, beside the VAD
#   JMH_OPTS='-f 2 -wi 3 -i 5 -w 2s -r 2s' bench/jmh-audio.sh 'ProfileBenchmark.render' -p profile=pstn-g711
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
mvn -B -q -Dstyle.color=never -DskipTests install -pl audio-profiles -am
cp=$(mvn -B -q -Dstyle.color=never -pl audio-profiles dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
out=bench/results/jmh-audio.json
pattern=${1:-'StageBenchmark|ProfileBenchmark'}
shift || true
# shellcheck disable=SC2086
java -cp "audio-profiles/target/test-classes:audio-profiles/target/classes:$cp" org.openjdk.jmh.Main "$pattern" \
  -t 1 ${JMH_OPTS:--f 1 -wi 2 -i 3 -w 2s -r 3s} -rf json -rff "$out" "$@" > bench/results/jmh-audio.log
python3 - "$out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print(f"{'benchmark':<58} {'ms / 60 s':>12} {'x real time':>12}")
for r in rows:
    params = ",".join(f"{v}" for v in (r.get("params") or {}).values())
    name = ".".join(r["benchmark"].split(".")[-2:]) + " " + params
    score, err = r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]
    err = 0.0 if isinstance(err, str) or err != err else err  # "NaN" with fewer than 3 iterations
    print(f"{name:<58} {score:8.1f} ± {err:<5.1f} {60000 / score:10.0f}x")
PY
echo "raw: $out, log: bench/results/jmh-audio.log"
