#!/usr/bin/env bash
# The Spark job's tests, in Spark's local mode: venv with pyspark, oopsy release binary, pytest.
#   OOPSY=/path/to/oopsy   use that binary instead of building one
#   OOPSY_SPARK_VENV=DIR   the venv's folder (default contrib/spark/.venv)
set -euo pipefail
started=$(date +%s)
. "$(dirname "$0")/env.sh"
cd "$spark_here"
PYTHONDONTWRITEBYTECODE=1 "$VENV_PYTHON" -m pytest -p no:cacheprovider -q --durations=5 test_oopsy_spark.py
finished=$(date +%s)
echo "spark tests: venv $((spark_venv_ready - started))s, oopsy build $((spark_oopsy_ready - spark_venv_ready))s," \
     "tests $((finished - spark_oopsy_ready))s, $((finished - started))s in all"
