#!/usr/bin/env bash
# Where one set-up's CPU per request goes: runs the todo service as cpu.sh does (same cores,
# load and warm-up), records the measured window with JFR (JFR's profile settings with execution samples every 1 ms, stacks of
# 256 frames; the default 64 cuts Jetty's), and prints the breakdown per request by part of the
# request (tools/jfr_breakdown.py). The recording stays in benchmarks/target/profile/ for JMC or
# `jfr print`.
#   benchmarks/profile.sh [SET-UP] [SECONDS]   set-up as in cpu.sh (default ours), window 15 s
# Extra JVM options go in PROFILE_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-ours}; measure=${2:-15}
source benchmarks/tools/service.sh
source benchmarks/tools/cpu_lib.sh
[ "${SKIP_BUILD:-}" = 1 ] || prepare_service
dir=benchmarks/target/profile; mkdir -p $dir
# shellcheck disable=SC2086
# JFR records from the start, so that the JIT has settled with it on; the window's own recording,
# started after the warm-up, then changes no compiled code (a first JFR start mid-run does).
# DebugNonSafepoints: without it JFR charges a sample to the nearest safepoint's frame, which puts
# time in the wrong method once the JIT has inlined.
start_mode "$mode" "$dir/$mode.log" -XX:FlightRecorderOptions:stackdepth=256 \
  -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -XX:StartFlightRecording:name=warm-up,settings=profile,maxage=10s ${PROFILE_JAVA_OPTS:-}
warm_up 10 300
echo "$mode: warmed ${warmed}s (stable: $stable)"
reset_sink
jcmd "$pid" JFR.start name=window settings=profile jdk.ExecutionSample#period=1ms filename="$PWD/$dir/$mode.jfr" >/dev/null
window "$measure"
jcmd "$pid" JFR.stop name=window >/dev/null
stop_mode
echo "$mode: $cpu_us µs CPU/request (JIT $jit_us, VM $vm_us), $rps req/s, p99 $p99, $sink_bytes bytes exported"
python3 benchmarks/tools/jfr_breakdown.py "$dir/$mode.jfr" "$cpu_us" "$requests"
