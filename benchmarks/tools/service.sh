# Shared by the load tests (e2e.sh, cpu.sh); sourced from the repository root.

AGENT_VERSION=2.32.0
agent=benchmarks/target/agent/opentelemetry-javaagent-$AGENT_VERSION.jar
jar=examples/todo-app/target/todo-app.jar

# wrk, the packaged todo service and the OpenTelemetry Java agent, each fetched or built once.
prepare_service() {
  command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
  mvn -B -ntp -q -DskipTests -pl examples/todo-app -am package
  mkdir -p benchmarks/target/agent
  [ -f "$agent" ] || mvn -B -ntp -q dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$AGENT_VERSION \
    -DoutputDirectory=benchmarks/target/agent
}

# Waits for the service on port $1, registers a user, creates one task; prints the bearer token.
service_token() {
  local port=$1 token
  until curl -s -o /dev/null "http://127.0.0.1:$port/api/tasks"; do sleep 0.05; done
  curl -s -XPOST "http://127.0.0.1:$port/api/auth/register" -d '{"email":"load@example.com","password":"load-test-pw"}' >/dev/null
  token=$(curl -s -XPOST "http://127.0.0.1:$port/api/auth/login" -d '{"email":"load@example.com","password":"load-test-pw"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  curl -s -XPOST "http://127.0.0.1:$port/api/tasks" -H "Authorization: Bearer $token" -d '{"title":"load"}' >/dev/null
  echo "$token"
}

# The options of set-up $1 (off, ours, ours-quiet, agent, ours-otlp, agent-otlp) for the service on
# port $2, exporting (the -otlp ones) to a sink on port $3: sets the arrays mode_env (environment)
# and mode_java (JVM options).
mode_options() {
  local mode=$1 port=$2 sink_port=${3:-}
  local export_env=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_TRACES_EXPORTER=otlp)
  local agent_quiet=(OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none)
  mode_env=(PORT=$port H2_IN_MEMORY=true PBKDF2_ITERATIONS=1000); mode_java=()
  case $mode in
    off) mode_env+=(INSTRUMENTATION=off) ;;
    ours) ;;
    ours-quiet) mode_env+=(ACCESS_LOG_LEVEL=OFF) ;;
    agent) mode_env+=(INSTRUMENTATION=off OTEL_TRACES_EXPORTER=none "${agent_quiet[@]}"); mode_java+=(-javaagent:$agent) ;;
    ours-otlp) mode_env+=("${export_env[@]}") ;;
    agent-otlp) mode_env+=(INSTRUMENTATION=off "${export_env[@]}" "${agent_quiet[@]}"); mode_java+=(-javaagent:$agent) ;;
    *) echo "unknown set-up: $mode" >&2; return 1 ;;
  esac
}
