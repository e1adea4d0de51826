#!/usr/bin/env bash
# Server CPU time per request in the running todo service, the way the cost is felt: the service
# pinned to core 0, wrk (-t1 -c8) and the OTLP sink pinned to core 1, GET /api/tasks authenticated.
# Six set-ups in alternating rounds: the library off (the floor), on, on without its access log,
# the OpenTelemetry Java agent on the floor build, and both again exporting traces over OTLP/HTTP
# to a local sink. Each run warms up until the CPU per request of two successive windows agrees
# within 3 % and the JIT compilers took under 5 % of the last (tools/cpu_lib.sh), then measures one
# window: utime + stime of the server from /proc/<pid>/stat divided
# by the requests wrk completed, beside throughput and p99. Appends medians and spread to
# benchmarks/RESULTS.md.
#   benchmarks/cpu.sh            5 rounds; windows of 10 s, measured 15 s (about 60 minutes)
#   benchmarks/cpu.sh --short    1 round; windows of 5 s, measured 8 s (about 8 minutes)
# Needs 2 cores or more, taskset and wrk (installed when missing), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5; window=10; measure=15; max_warmup=240
if [ "${1:-}" = "--short" ]; then rounds=1; window=5; measure=8; max_warmup=90; fi
MODES=(off ours ours-quiet agent ours-otlp agent-otlp)

[ "$(nproc)" -ge 2 ] || { echo "needs two cores: the service on one, the load on the other" >&2; exit 1; }
source benchmarks/tools/service.sh
source benchmarks/tools/cpu_lib.sh
prepare_service
mkdir -p benchmarks/target/cpu
out=benchmarks/target/cpu/results.tsv
: > "$out"

run() { # mode round
  local mode=$1 round=$2
  start_mode "$mode" "benchmarks/target/cpu/$mode-$round.log"
  warm_up "$window" "$max_warmup"
  reset_sink
  window "$measure"
  stop_mode
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$cpu_us" "$rps" "$p99" "$warmed" "$stable" "$requests" "$sink_requests" "$sink_bytes" "$jit_us" >> "$out"
  echo "$mode round $round: $cpu_us µs CPU/request (JIT $jit_us), $rps req/s, p99 $p99, warmed ${warmed}s (stable: $stable)"
}

for round in $(seq 1 $rounds); do
  for mode in "${MODES[@]}"; do run "$mode" "$round"; done
done

python3 benchmarks/tools/cpu_report.py "$out" benchmarks/RESULTS.md \
  "$rounds round(s); warm-up windows of ${window} s until two agree within 3 % with the JIT under 5 % of the last (at most ${max_warmup} s), measured ${measure} s; service on core 0, wrk -t1 -c8 and the sink on core 1; $(nproc) cores; commit $(git rev-parse --short HEAD)"
