#!/usr/bin/env bash
# Create the project virtualenv (default .venv) with Python 3.11.
#
# Looks for `python3.11`, then for a `python3` that is 3.11 (override with PYTHON=/path/to/python).
# Uses the standard `venv` module; where a distribution ships Python without `ensurepip`
# (Debian/Ubuntu without python3.11-venv), falls back to `virtualenv`, installing it for the
# current user with pip if needed.
set -euo pipefail

venv=${1:-.venv}

is_311() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null
}

python=${PYTHON:-}
if [[ -z "$python" ]]; then
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && is_311 "$candidate"; then
            python=$(command -v "$candidate")
            break
        fi
    done
fi
if [[ -z "$python" ]] || ! is_311 "$python"; then
    cat >&2 <<'EOF'

  ERROR: Парта needs Python 3.11 and none was found.
  Install it (Debian/Ubuntu: apt-get install python3.11 python3.11-venv) or point to it:
      make run PYTHON=/path/to/python3.11

EOF
    exit 1
fi

# Never leave a half-made environment behind: make would take it for a finished one.
trap 'rm -rf "$venv"' ERR
echo "==> Creating $venv with $python ($("$python" --version 2>&1))"
rm -rf "$venv"
if ! "$python" -m venv "$venv" 2>/tmp/parta-venv-error.$$; then
    cat /tmp/parta-venv-error.$$ >&2 || true
    rm -rf "$venv"
    echo "==> The venv module cannot create environments here (no ensurepip?); trying virtualenv" >&2
    if ! "$python" -m virtualenv --version >/dev/null 2>&1; then
        "$python" -m pip install --user --quiet virtualenv ||
            "$python" -m pip install --user --quiet --break-system-packages virtualenv
    fi
    "$python" -m virtualenv --quiet "$venv"
fi
rm -f /tmp/parta-venv-error.$$
"$venv/bin/python" -m pip --version >/dev/null
