#!/usr/bin/env bash
# Runs every benchmark and writes benchmarks/RESULTS.md.
#   benchmarks/run.sh           the full run (2 forks x 5 iterations; about 15 minutes on 2 cores)
#   benchmarks/run.sh --short   a quick check (1 fork x 2 short iterations; a few minutes, wide errors)
# Extra arguments go to JMH, e.g. a benchmark pattern: benchmarks/run.sh --short Redaction
set -euo pipefail
cd "$(dirname "$0")/.."
mode="full: 2 forks, 3 warm-up and 5 measurement iterations of 1 s"
jmh_args=()
if [ "${1:-}" = "--short" ]; then
  shift
  mode="short: 1 fork, 1 warm-up and 2 measurement iterations of 1 s"
  jmh_args=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
fi
mvn -B -ntp -q -DskipTests -pl benchmarks -am package
java -jar benchmarks/target/benchmarks.jar "${jmh_args[@]}" -prof gc -rf json -rff benchmarks/target/results.json "$@"
java -cp benchmarks/target/benchmarks.jar dev.observability.benchmarks.ResultsReport \
  benchmarks/target/results.json benchmarks/RESULTS.md "$mode"
echo "wrote benchmarks/RESULTS.md"
