#!/usr/bin/env bash
# The example as two services: the mailer (MAILER_PORT, 8081) and the todo service (PORT, 8080),
# which sends its e-mails to the mailer through an observed job queue. Stopping this script (Ctrl-C,
# or a signal to it) stops both. Build them first: mvn -B -q -DskipTests -pl examples/todo-app -am package
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mailer_port=${MAILER_PORT:-8081}
PORT=$mailer_port java -jar "$here/mailer/target/mailer.jar" &
mailer=$!
MAILER_URL=${MAILER_URL:-http://127.0.0.1:$mailer_port} java -jar "$here/todo-app/target/todo-app.jar" &
todo=$!
# Both in the background and waited for: a shell waiting on a foreground child would run this
# trap only once that child had ended by itself.
trap 'kill $todo $mailer 2>/dev/null || true' EXIT INT TERM
wait $todo
