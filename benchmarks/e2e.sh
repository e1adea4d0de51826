#!/usr/bin/env bash
# End-to-end load test: the packaged todo service on loopback, driven by wrk, in alternating
# rounds of four set-ups: the library off (the floor, INSTRUMENTATION=off), the library on, the
# library on without its access log (ACCESS_LOG_LEVEL=OFF: the agent writes none, so this is the
# like-for-like comparison), and the OpenTelemetry Java agent on the floor build. Appends throughput, p50/p99 latency, start-up
# time and the ratios to the floor to benchmarks/RESULTS.md.
#   benchmarks/e2e.sh            3 rounds of 20 s per set-up
#   benchmarks/e2e.sh --short    1 round of 5 s
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3; duration=20s
if [ "${1:-}" = "--short" ]; then rounds=1; duration=5s; fi

source benchmarks/tools/service.sh
prepare_service
mkdir -p benchmarks/target/e2e
port=18091
out=benchmarks/target/e2e/results.tsv
: > "$out"

run() { # mode round
  local mode=$1 round=$2
  mode_options "$mode" $port
  local start; start=$(date +%s%N)
  env "${mode_env[@]}" java "${mode_java[@]}" -jar "$jar" > benchmarks/target/e2e/$mode-$round.log 2>&1 &
  local pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/api/tasks"; do sleep 0.05; done
  local startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  local token; token=$(service_token $port)
  # warm-up, then the measured run
  wrk -t2 -c16 -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/tasks" >/dev/null
  local report; report=$(wrk -t2 -c16 -d$duration --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/tasks")
  kill $pid; wait $pid 2>/dev/null || true
  local rps p50 p99
  rps=$(echo "$report" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$report" | awk '$1=="50%" {print $2}')
  p99=$(echo "$report" | awk '$1=="99%" {print $2}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$rps" "$p50" "$p99" "$startup_ms" >> "$out"
  echo "$mode round $round: $rps req/s, p50 $p50, p99 $p99, started in $startup_ms ms"
}

for round in $(seq 1 $rounds); do
  for mode in off ours ours-quiet agent; do run $mode $round; done
done

java -cp benchmarks/target/benchmarks.jar dev.observability.benchmarks.EndToEndReport "$out" benchmarks/RESULTS.md \
  "wrk -t2 -c16 -d$duration against GET /api/tasks (authenticated, one task), $rounds round(s), $(nproc) cores"
