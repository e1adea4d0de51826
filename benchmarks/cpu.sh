#!/usr/bin/env bash
# Server CPU time per request in the running todo service, the way the cost is felt: the service
# pinned to core 0, wrk (-t1 -c8) and the OTLP sink pinned to core 1, GET /api/tasks authenticated.
# Six set-ups in alternating rounds: the library off (the floor), on, on without its access log,
# the OpenTelemetry Java agent on the floor build, and both again exporting traces over OTLP/HTTP
# to a local sink. Each run warms up until the CPU per request of two successive windows agrees
# within 3 %, then measures one window: utime + stime of the server from /proc/<pid>/stat divided
# by the requests wrk completed, beside throughput and p99. Appends medians and spread to
# benchmarks/RESULTS.md.
#   benchmarks/cpu.sh            5 rounds; windows of 10 s, measured 15 s (about 45 minutes)
#   benchmarks/cpu.sh --short    1 round; windows of 5 s, measured 8 s (about 6 minutes)
# Needs 2 cores or more, taskset and wrk (installed when missing), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5; window=10; measure=15; max_warmup=300
if [ "${1:-}" = "--short" ]; then rounds=1; window=5; measure=8; max_warmup=90; fi
MODES=(off ours ours-quiet agent ours-otlp agent-otlp)

[ "$(nproc)" -ge 2 ] || { echo "needs two cores: the service on one, the load on the other" >&2; exit 1; }
source benchmarks/tools/service.sh
prepare_service
mkdir -p benchmarks/target/cpu
port=18093; sink_port=18094
out=benchmarks/target/cpu/results.tsv
: > "$out"
ticks=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk for $2 seconds on core 1; prints "requests rps p99"
load() {
  local token=$1 seconds=$2 report
  report=$(taskset -c 1 wrk -t1 -c8 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/tasks")
  echo "$(echo "$report" | awk '/requests in/ {print $1}') $(echo "$report" | awk '/Requests\/sec/ {print $2}') $(echo "$report" | awk '$1=="99%" {print $2}')"
}

# CPU µs per request of one load window
window_cpu() {
  local pid=$1 token=$2 seconds=$3 before after requests rest
  before=$(cpu_ticks "$pid")
  read -r requests rest < <(load "$token" "$seconds")
  after=$(cpu_ticks "$pid")
  python3 -c "print(round(($after - $before) * 1e6 / $ticks / max($requests, 1), 2))"
}

run() { # mode round
  local mode=$1 round=$2 java_opts=() env_opts=(PORT=$port H2_IN_MEMORY=true PBKDF2_ITERATIONS=1000) sink_pid=""
  local export_env=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_TRACES_EXPORTER=otlp)
  case $mode in
    off) env_opts+=(INSTRUMENTATION=off) ;;
    ours) ;;
    ours-quiet) env_opts+=(ACCESS_LOG_LEVEL=OFF) ;;
    agent) env_opts+=(INSTRUMENTATION=off OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none)
           java_opts+=(-javaagent:$agent) ;;
    ours-otlp) env_opts+=("${export_env[@]}") ;;
    agent-otlp) env_opts+=(INSTRUMENTATION=off "${export_env[@]}" OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none)
                java_opts+=(-javaagent:$agent) ;;
  esac
  local stats=benchmarks/target/cpu/$mode-$round.sink
  if [[ $mode == *-otlp ]]; then
    taskset -c 1 python3 benchmarks/tools/otlp_sink.py $sink_port "$stats" &
    sink_pid=$!
  fi
  env "${env_opts[@]}" taskset -c 0 java "${java_opts[@]}" -jar "$jar" > benchmarks/target/cpu/$mode-$round.log 2>&1 &
  local pid=$!
  local token; token=$(service_token $port)

  # Warm up until two successive windows agree: on one core the JIT competes with the service.
  local previous current warmed=0 stable=no
  previous=$(window_cpu "$pid" "$token" "$window"); warmed=$window
  while [ "$warmed" -lt "$max_warmup" ]; do
    current=$(window_cpu "$pid" "$token" "$window"); warmed=$((warmed + window))
    if python3 -c "import sys; sys.exit(0 if abs($current - $previous) <= 0.03 * $previous else 1)"; then stable=yes; break; fi
    previous=$current
  done

  local before after requests rps p99 sink_requests=0 sink_bytes=0
  [ -z "$sink_pid" ] || { kill -USR1 $sink_pid; sleep 0.2; }
  before=$(cpu_ticks "$pid")
  read -r requests rps p99 < <(load "$token" "$measure")
  after=$(cpu_ticks "$pid")
  kill $pid; wait $pid 2>/dev/null || true
  if [ -n "$sink_pid" ]; then
    kill $sink_pid; wait $sink_pid 2>/dev/null || true
    read -r sink_requests sink_bytes < "$stats" || true
  fi
  local cpu_us; cpu_us=$(python3 -c "print(round(($after - $before) * 1e6 / $ticks / max($requests, 1), 2))")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$cpu_us" "$rps" "$p99" "$warmed" "$stable" "$requests" "$sink_requests" "$sink_bytes" >> "$out"
  echo "$mode round $round: $cpu_us µs CPU/request, $rps req/s, p99 $p99, warmed ${warmed}s (stable: $stable)"
}

for round in $(seq 1 $rounds); do
  for mode in "${MODES[@]}"; do run "$mode" "$round"; done
done

python3 benchmarks/tools/cpu_report.py "$out" benchmarks/RESULTS.md \
  "$rounds round(s); warm-up windows of ${window} s until two agree within 3 % (at most ${max_warmup} s), measured ${measure} s; service on core 0, wrk -t1 -c8 and the sink on core 1; $(nproc) cores; commit $(git rev-parse --short HEAD)"
