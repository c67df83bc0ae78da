#!/usr/bin/env bash
# The last part of `make run`: the background worker plus the development server.
#
# The worker (`manage.py db_worker`, django-tasks-db) runs in the background; the server runs
# in the foreground. When the server stops (Ctrl-C or an error) the worker is stopped too.
set -euo pipefail
cd "$(dirname "$0")/.."

py=${VENV:-.venv}/bin/python
addr=${RUN_ADDR:-127.0.0.1:8000}

# --no-reload: the worker's autoreloader would start a child process that survives a TERM
# sent to its parent. --queue-name '*': every queue, so later tasks need no change here.
"$py" manage.py db_worker --no-reload --queue-name '*' --interval 1 &
worker=$!

stop_worker() {
    if kill -0 "$worker" 2>/dev/null; then
        echo "==> Stopping the background worker (pid $worker)"
        kill -TERM "$worker" 2>/dev/null || true
        wait "$worker" 2>/dev/null || true
    fi
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat <<EOF

==> Background worker started (pid $worker).
==> Парта is starting at http://$addr/  (Ctrl-C stops the server and the worker)

EOF
"$py" manage.py runserver "$addr"
