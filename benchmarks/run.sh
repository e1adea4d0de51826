#!/usr/bin/env bash
# Runs every JMH benchmark, then the end-to-end load test (e2e.sh), and writes benchmarks/RESULTS.md.
#   benchmarks/run.sh           the full run (3 forks x 3 warm-up + 2 measured iterations of 1 s, 3 load
#                               rounds; about 35 minutes on 2 cores)
#   benchmarks/run.sh --short   a quick check (1 fork x 1 warm-up + 2 measured iterations, 1 load round;
#                               about 12 minutes, no errors, rough figures)
# Extra arguments go to JMH, e.g. a benchmark pattern: benchmarks/run.sh --short Redaction
# (the load test then still runs; set SKIP_E2E=1 to leave it out).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="full: 3 forks, 3 warm-up and 2 measurement iterations of 1 s"
jmh_args=(-f 3 -wi 3 -i 2 -w 1s -r 1s)
e2e_args=()
if [ "${1:-}" = "--short" ]; then
  shift
  e2e_args=(--short)
  mode="short: 1 fork, 1 warm-up and 2 measurement iterations of 1 s"
  jmh_args=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
fi
mvn -B -ntp -q -DskipTests -pl benchmarks -am package
java -jar benchmarks/target/benchmarks.jar "${jmh_args[@]}" -prof gc -rf json -rff benchmarks/target/results.json "$@"
java -cp benchmarks/target/benchmarks.jar dev.observability.benchmarks.ResultsReport \
  benchmarks/target/results.json benchmarks/RESULTS.md "$mode"
if [ -z "${SKIP_E2E:-}" ]; then
  benchmarks/e2e.sh "${e2e_args[@]}"
fi
echo "wrote benchmarks/RESULTS.md"
