# Sourced by run-tests.sh and bench.sh: sets VENV_PYTHON (a venv with requirements-test.txt,
# kept in contrib/spark/.venv while the requirements are unchanged) and OOPSY (the release
# binary, built in .build-spark if missing or stale, unless OOPSY is already set).
# Needs Java (Debian: openjdk-17-jre-headless) and python3 with venv (Debian: python3-venv).
spark_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spark_root="$(cd "$spark_here/../.." && pwd)"

command -v java >/dev/null || { echo "$0: no java on PATH (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }

spark_venv="${OOPSY_SPARK_VENV:-$spark_here/.venv}"
if [ ! -x "$spark_venv/bin/python" ] \
   || ! cat "$spark_here/requirements.txt" "$spark_here/requirements-test.txt" | cmp -s - "$spark_venv/.oopsy-requirements"; then
    rm -rf "$spark_venv"
    "${PYTHON:-python3}" -m venv "$spark_venv"
    "$spark_venv/bin/python" -m pip install --disable-pip-version-check -q -r "$spark_here/requirements-test.txt"
    cat "$spark_here/requirements.txt" "$spark_here/requirements-test.txt" > "$spark_venv/.oopsy-requirements"
fi
VENV_PYTHON="$spark_venv/bin/python"
spark_venv_ready=$(date +%s)

if [ -z "${OOPSY:-}" ]; then
    spark_log="$(mktemp)"
    if ! (cd "$spark_root" && swift build -c release --scratch-path .build-spark --product oopsy >"$spark_log" 2>&1); then
        tail -40 "$spark_log" >&2; rm -f "$spark_log"; exit 1
    fi
    rm -f "$spark_log"
    OOPSY="$spark_root/.build-spark/release/oopsy"
fi
export OOPSY
spark_oopsy_ready=$(date +%s)
