#!/usr/bin/env bash
# Everything `make test` checks, in order. The Makefile installs the dev dependencies first.
#
#   1. ruff check, ruff format --check, mypy
#   2. makemigrations --check, check --deploy (production settings, warnings fail)
#   3. pytest on SQLite
#   4. pytest on PostgreSQL: DATABASE_URL when it names PostgreSQL, otherwise
#      postgres://postgres@127.0.0.1:5432/parta when a server answers there
#
# Browser tests (marker `browser`) need Debian's Chromium at /usr/bin/chromium. When it is
# missing, root installs it with apt-get; anyone else gets a loud banner and the browser tests
# are deselected.
#
# Environment:
#   REQUIRE_POSTGRES=1   fail when no PostgreSQL answers (CI sets it)
#   REQUIRE_BROWSER=1    fail instead of skipping when Chromium is missing
#   TEST_WORKERS=N       pytest-xdist workers (default 2; 0 runs in one process)
#   PYTEST_ARGS="..."    extra pytest arguments, e.g. "-k login" or "parta/people"
#   FAIL_FAST=1          stop at the first failing step (default: run every step, then report)
set -uo pipefail
cd "$(dirname "$0")/.."

venv=${VENV:-.venv}
py="$venv/bin/python"
bin="$venv/bin"
chromium=/usr/bin/chromium
default_pg_url="postgres://postgres@127.0.0.1:5432/parta"
workers=${TEST_WORKERS:-2}
# Parsed like a shell command line, so PYTEST_ARGS='-k "login and not phone"' works.
eval "extra_args=(${PYTEST_ARGS:-})"

# Playwright must never download its own browsers: the tests drive Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PYTHONDONTWRITEBYTECODE=1

declare -a summary=()
failed=0
started_all=$SECONDS

banner() {
    local line="################################################################################"
    printf '\n%s\n' "$line" >&2
    local text
    for text in "$@"; do
        printf '##  %s\n' "$text" >&2
    done
    printf '%s\n\n' "$line" >&2
}

# step NAME COMMAND...: run one step, record its status and time.
step() {
    local name=$1
    shift
    printf '\n==> %s\n' "$name"
    local start=$SECONDS rc=0
    "$@" || rc=$?
    local took=$((SECONDS - start))
    if [[ $rc -eq 0 ]]; then
        summary+=("$(printf '  ok    %5ss  %s' "$took" "$name")")
    else
        summary+=("$(printf '  FAIL  %5ss  %s (exit %s)' "$took" "$name" "$rc")")
        failed=1
        if [[ "${FAIL_FAST:-0}" == 1 ]]; then
            finish
        fi
    fi
    return 0
}

finish() {
    printf '\n==> Summary (%ss in all)\n' "$((SECONDS - started_all))"
    printf '%s\n' "${summary[@]}"
    if [[ $failed -ne 0 ]]; then
        printf '\nmake test: FAILED\n' >&2
        exit 1
    fi
    printf '\nmake test: all checks passed\n'
    exit 0
}

is_postgres_url() {
    [[ "${1:-}" =~ ^(postgres|postgresql|pgsql|postgis)(\+[a-z0-9]+)?:// ]]
}

postgres_answers() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p 5432 -t 3 && return 0
    fi
    "$py" - <<'EOF'
import socket
import sys

try:
    socket.create_connection(("127.0.0.1", 5432), timeout=3).close()
except OSError:
    sys.exit(1)
EOF
}

# pytest wrapper: exit code 5 (nothing collected) is a failure for the full suite, but only a
# note when PYTEST_ARGS narrowed the run (a filter may legitimately match nothing on one pass).
run_pytest() {
    local rc=0
    "$bin/pytest" "$@" || rc=$?
    if [[ $rc -eq 5 ]]; then
        if [[ ${#extra_args[@]} -gt 0 ]]; then
            echo "note: no tests matched PYTEST_ARGS=${PYTEST_ARGS:-} on this pass"
            return 0
        fi
        echo "error: pytest collected no tests" >&2
    fi
    return "$rc"
}

# pytest_on URL ARGS...: the suite against one database (empty URL: the SQLite default).
pytest_on() {
    local url=$1
    shift
    (
        if [[ -n "$url" ]]; then
            export DATABASE_URL=$url
        else
            unset DATABASE_URL
        fi
        run_pytest "$@"
    )
}

check_deploy() {
    env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=config.settings.production \
        SECRET_KEY="make-test-throwaway-$(
            "$py" -c 'import secrets; print(secrets.token_urlsafe(48))'
        )" \
        ALLOWED_HOSTS=parta.example.org \
        CSRF_TRUSTED_ORIGINS=https://parta.example.org \
        "$py" manage.py check --deploy --fail-level WARNING
}

# --- Browser tests: find or install Chromium -------------------------------------------------
browser_args=()
prepare_browser() {
    if [[ -x "$chromium" ]]; then
        return 0
    fi
    local reason
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        printf '\n==> %s is missing; installing Debian'"'"'s chromium with apt-get\n' "$chromium"
        if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
            [[ -x "$chromium" ]] && return 0
            reason="apt-get installed chromium but $chromium does not exist."
        else
            reason="apt-get could not install chromium (see the messages above)."
        fi
    elif [[ $(id -u) -eq 0 ]]; then
        reason="$chromium is missing and this system has no apt-get to install it."
    else
        reason="$chromium is missing and make test is not running as root, so it cannot install it."
    fi
    banner "BROWSER TESTS SKIPPED" \
        "" \
        "$reason" \
        "The tests marked 'browser' (Playwright driving Chromium) were NOT run." \
        "To run them, install Debian's Chromium (as root: apt-get install chromium)" \
        "or run make test as root, which installs it."
    if [[ "${REQUIRE_BROWSER:-0}" == 1 ]]; then
        echo "error: REQUIRE_BROWSER=1 and Chromium is unavailable" >&2
        return 1
    fi
    browser_args=(-m "not browser")
    browser_skipped=1
    return 0
}
browser_skipped=0

# --- Steps -------------------------------------------------------------------------------------
step "ruff check" "$bin/ruff" check .
step "ruff format --check" "$bin/ruff" format --check .
step "mypy" "$bin/mypy" parta config
step "makemigrations --check" env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test \
    "$py" manage.py makemigrations --check --dry-run
step "check --deploy (production settings)" check_deploy
step "Chromium for browser tests" prepare_browser

xdist_args=()
if [[ "$workers" != 0 ]]; then
    xdist_args=(-n "$workers")
fi
pytest_args=(-q -ra --durations=10 "${xdist_args[@]}" "${browser_args[@]}" "${extra_args[@]}")

sqlite_url=""
if [[ "${DATABASE_URL:-}" == sqlite:* ]]; then
    sqlite_url=$DATABASE_URL
fi
step "pytest on SQLite" pytest_on "$sqlite_url" "${pytest_args[@]}"

pg_url=""
if is_postgres_url "${DATABASE_URL:-}"; then
    pg_url=$DATABASE_URL
elif postgres_answers; then
    pg_url=$default_pg_url
fi
if [[ -n "$pg_url" ]]; then
    shown_url=$(sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#; s#\?.*##' <<<"$pg_url")
    step "pytest on PostgreSQL ($shown_url)" pytest_on "$pg_url" "${pytest_args[@]}"
elif [[ "${REQUIRE_POSTGRES:-0}" == 1 ]]; then
    banner "POSTGRESQL REQUIRED BUT NOT FOUND" \
        "" \
        "REQUIRE_POSTGRES=1, DATABASE_URL names no PostgreSQL database and nothing answers" \
        "on 127.0.0.1:5432. The PostgreSQL pass of the test suite could not run."
    summary+=("  FAIL      -   pytest on PostgreSQL (no server on 127.0.0.1:5432)")
    failed=1
else
    banner "POSTGRESQL PASS SKIPPED" \
        "" \
        "No DATABASE_URL=postgres://... and nothing answers on 127.0.0.1:5432," \
        "so the suite ran on SQLite only. Start PostgreSQL or set DATABASE_URL to run both."
    summary+=("  skip      -   pytest on PostgreSQL (no server)")
fi

if [[ $browser_skipped -eq 1 ]]; then
    summary+=("  skip      -   browser tests (no $chromium, see the banner above)")
fi
finish
