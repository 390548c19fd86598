#!/usr/bin/env bash
# Runs every test: the Java modules' JUnit tests (real Kafka brokers, real Redis) and the kernel's
# integration tests, which drive the installed kernel through jupyter_client / nbclient over ZeroMQ.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check jupyterlab nbclient jupyter_client jupyter_console nbconvert ipykernel \
  pytest pytest-timeout
./install.sh
echo "== Java tests (mvn test) =="
mvn -B test
echo "== Kernel integration tests (pytest, real Jupyter client) =="
.venv/bin/python -m pytest tests -q --timeout 600 -p no:cacheprovider
