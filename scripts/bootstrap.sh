#!/usr/bin/env bash
# Creates (or refreshes) the project's two Python environments from the lock files.
#   .venv-rasa : Python 3.10, Rasa 3.6.21 runtime (bot/, actions/, connectors/)
#   .venv-svc  : Python >= 3.11, the services (backend/, console/)
# An environment is rebuilt only when its lock file changed since it was built.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {  # $1 = wanted minor version pattern, e.g. "3.10"
    local want="$1" cand
    local candidates=("${PYTHON310:-}" "python$want")
    if command -v pyenv >/dev/null 2>&1; then
        for d in "$(pyenv root)"/versions/"$want".*/bin/python"$want"; do candidates+=("$d"); done
    fi
    for d in /usr/bin/python"$want" /usr/local/bin/python"$want"; do candidates+=("$d"); done
    for cand in "${candidates[@]}"; do
        [ -n "$cand" ] || continue
        if "$cand" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$want'.split('.')))" >/dev/null 2>&1; then
            command -v "$cand" 2>/dev/null || echo "$cand"
            return 0
        fi
    done
    return 1
}

find_services_python() {
    local cand
    for cand in "${PYTHON_SERVICES:-}" python3 python3.13 python3.12 python3.11; do
        [ -n "$cand" ] || continue
        if "$cand" -c "import sys; assert sys.version_info >= (3, 11)" >/dev/null 2>&1; then
            command -v "$cand"; return 0
        fi
    done
    return 1
}

build_env() {  # $1 = venv dir, $2 = interpreter, $3 = lock file
    local venv="$1" py="$2" lock="$3" stamp="$1/.lock.sha256" want
    want="$(sha256sum "$lock" | cut -d' ' -f1)"
    if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    if [ ! -x "$venv/bin/python" ]; then
        echo "==> creating $venv from $lock (this takes a few minutes the first time)"
        "$py" -m venv "$venv"
    else
        echo "==> updating $venv: $lock changed"
    fi
    # pip's notes about this machine's extra index locations are noise; failures are not.
    if ! "$venv/bin/python" -m pip install --quiet --no-deps -r "$lock" 2> >(grep -v "is ignored" >&2); then
        echo "ERROR: installing $lock into $venv failed (see above); run the command again once it is fixed" >&2
        exit 1
    fi
    "$venv/bin/python" -m pip check
    echo "$want" > "$stamp"
}

PY310="$(find_python 3.10)" || {
    cat >&2 <<'MSG'
ERROR: Python 3.10 was not found. Rasa 3.6 runs only on Python 3.10 (or older).
Install it, then run the command again, for example:
    pyenv install 3.10.13            (with pyenv)
    apt-get install python3.10 python3.10-venv   (Debian/Ubuntu with a 3.10 package)
or point PYTHON310 at an interpreter: PYTHON310=/path/to/python3.10 make run
MSG
    exit 1
}
PYSVC="$(find_services_python)" || {
    echo "ERROR: Python >= 3.11 was not found for the services; install python3.11 or set PYTHON_SERVICES=/path/to/python" >&2
    exit 1
}

build_env .venv-rasa "$PY310" requirements/rasa.lock
build_env .venv-svc "$PYSVC" requirements/services.lock

# The web chat widget's one dependency, socket.io-client, from npm as pinned by
# console/widget/package-lock.json; installed again only when that lock file changed.
build_widget() {
    local dir=console/widget stamp=console/widget/node_modules/.lock.sha256 want
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "ERROR: npm was not found; the web chat widget needs it to install socket.io-client." >&2
        echo "Install Node.js 18 or newer with npm (Debian: apt-get install nodejs npm), then run the command again" >&2
        exit 1
    fi
    echo "==> installing the web chat widget's socket.io client (npm ci in $dir)"
    if ! (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error); then
        echo "ERROR: npm ci in $dir failed (see above); run the command again once it is fixed" >&2
        exit 1
    fi
    echo "$want" > "$stamp"
}

# Debian's chromium, which the web chat's browser test drives with Playwright (Playwright
# never downloads a browser of its own here). Only the tests need it, so a machine where
# it cannot be installed still runs the assistant; the test then says what is missing.
ensure_chromium() {
    [ -x /usr/bin/chromium ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> installing Debian's chromium for the web chat's browser test"
        export DEBIAN_FRONTEND=noninteractive
        if apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; then
            return 0
        fi
    fi
    echo "WARNING: /usr/bin/chromium is missing and could not be installed; the web chat's browser test" >&2
    echo "         (tests/e2e/test_webchat.py) needs it: apt-get install chromium (as root)" >&2
}

build_widget
ensure_chromium
