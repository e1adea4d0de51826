# The measuring parts of cpu.sh and profile.sh; sourced from the repository root after
# service.sh. The service runs on core 0; wrk (-t1 -c8) and the OTLP sink on core 1.

port=18093; sink_port=18094
ticks=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk for $2 seconds on core 1 with bearer token $1; prints "requests rps p99"
load() {
  local token=$1 seconds=$2 report
  report=$(taskset -c 1 wrk -t1 -c8 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/tasks")
  echo "$(echo "$report" | awk '/requests in/ {print $1}') $(echo "$report" | awk '/Requests\/sec/ {print $2}') $(echo "$report" | awk '$1=="99%" {print $2}')"
}

# One load window of $1 seconds against the started service. Sets requests, rps, p99, cpu_us (the
# process's CPU µs per request), and jit_us and vm_us (the compilers' and the VM threads' part of
# it; the service's is the rest, which also covers threads that ended during the window).
window() {
  local seconds=$1 before after threads_before threads_after
  before=$(cpu_ticks "$pid"); threads_before=$(python3 benchmarks/tools/threads.py "$pid")
  read -r requests rps p99 < <(load "$token" "$seconds")
  after=$(cpu_ticks "$pid"); threads_after=$(python3 benchmarks/tools/threads.py "$pid")
  read -r cpu_us jit_us vm_us < <(python3 -c "
b, a = [int(x) for x in '$threads_before'.split()][:2], [int(x) for x in '$threads_after'.split()][:2]
per = 1e6 / $ticks / max($requests, 1)
print(round(($after - $before) * per, 2), *[round((y - x) * per, 2) for x, y in zip(b, a)])")
}

# Starts set-up $1 (off, ours, ours-quiet, agent, ours-otlp, agent-otlp) with its log in $2 and
# any further arguments as JVM options; sets pid, sink_pid and token.
start_mode() {
  local mode=$1 log=$2; shift 2
  mode_options "$mode" $port $sink_port
  sink_pid=""; sink_stats="$log.sink"
  if [[ $mode == *-otlp ]]; then
    taskset -c 1 python3 benchmarks/tools/otlp_sink.py $sink_port "$sink_stats" &
    sink_pid=$!
  fi
  env "${mode_env[@]}" taskset -c 0 java "${mode_java[@]}" "$@" -jar "$jar" > "$log" 2>&1 &
  pid=$!
  token=$(service_token $port)
}

# Warms up in windows of $1 seconds, for at most $2 seconds, until two successive windows agree
# within 3 % and the JIT took under 5 % of the last one: on one core the compilers compete with
# the service, so a fixed warm-up measures compilation. Sets warmed (seconds) and stable (yes/no).
warm_up() {
  local seconds=$1 limit=$2 previous
  window "$seconds"; previous=$cpu_us; warmed=$seconds; stable=no
  while [ "$warmed" -lt "$limit" ]; do
    window "$seconds"; warmed=$((warmed + seconds))
    echo "  warm-up ${warmed}s: $cpu_us µs/request, JIT $jit_us" >&2
    if python3 -c "import sys; sys.exit(0 if abs($cpu_us - $previous) <= 0.03 * $previous and $jit_us < 0.05 * $cpu_us else 1)"; then
      stable=yes; return
    fi
    previous=$cpu_us
  done
}

# Zeroes the sink's counts, so that they cover the measured window only.
reset_sink() { [ -z "$sink_pid" ] || { kill -USR1 "$sink_pid"; sleep 0.2; }; }

# Stops the service and the sink; sets sink_requests and sink_bytes.
stop_mode() {
  kill "$pid"; wait "$pid" 2>/dev/null || true
  sink_requests=0; sink_bytes=0
  if [ -n "$sink_pid" ]; then
    kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true
    read -r sink_requests sink_bytes < "$sink_stats" || true
  fi
}
