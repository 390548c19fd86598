#!/usr/bin/env bash
# Executes notebooks IN PLACE on the installed 'brokerbook' kernel, so that they are committed with the
# outputs of one real run (run ./install.sh first).
#   scripts/execute-notebooks.sh                                every notebooks/*.ipynb, in name order
#   scripts/execute-notebooks.sh notebooks/04-redis-cache.ipynb …   just those
# Each notebook runs in its own fresh kernel with notebooks/ as working directory; a notebook whose run
# fails is left untouched and the script exits 1 after trying the others. Each saved notebook records the
# fingerprint of the sources it ran (scripts/notebook_sources.py): tests/test_notebooks.py fails when the
# committed outputs come from older code, so run this as the last step of any change to the modules' code.
# Environment: JUPYTER_DATA_DIR (where the kernelspec is installed), NB_CELL_TIMEOUT (seconds per cell, default 300).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || PY="$(command -v python3 || true)"
[ -n "$PY" ] && "$PY" -c "import nbclient, nbformat" 2>/dev/null \
  || { echo "execute-notebooks.sh: nbclient is needed: run ./install.sh (it creates .venv with it)" >&2; exit 1; }

if [ "$#" -eq 0 ]; then
  set -- "$ROOT"/notebooks/*.ipynb
fi
for nb in "$@"; do
  [ -f "$nb" ] || { echo "execute-notebooks.sh: no such notebook: $nb" >&2; exit 1; }
done

exec "$PY" - "$ROOT" "$@" <<'PY'
import os
import sys
import time

sys.path.insert(0, os.path.join(sys.argv.pop(1), "scripts"))
import notebook_sources

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

timeout = int(os.environ.get("NB_CELL_TIMEOUT", "300"))
failed = []
for path in sys.argv[1:]:
    path = os.path.abspath(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="brokerbook", timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": os.path.dirname(path)}})
    started = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        first = str(e).strip().splitlines()
        print(f"{os.path.basename(path)}: FAILED after {time.monotonic() - started:.1f} s (left unchanged): "
              f"{first[-1] if first else e}", file=sys.stderr)
        failed.append(path)
        continue
    elapsed = time.monotonic() - started
    notebook_sources.record(nb)
    nbformat.write(nb, path)
    print(f"{os.path.basename(path)}: executed in {elapsed:.1f} s, outputs saved", flush=True)
sys.exit(1 if failed else 0)
PY
