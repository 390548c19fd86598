#!/usr/bin/env bash
# The main job: executes the class Activity notebook headless with the installed kernel and says
# where the executed copy is. (Falls back to the smoke notebook if the Activity is not there.)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JUPYTER="$ROOT/.venv/bin/jupyter"
[ -x "$JUPYTER" ] || JUPYTER="$(command -v jupyter || true)"
[ -n "$JUPYTER" ] || { echo "run-activity.sh: no Jupyter found: run ./install.sh first" >&2; exit 1; }
NOTEBOOK="${1:-notebooks/01-actividad-kafka.ipynb}"
[ -f "$NOTEBOOK" ] || NOTEBOOK="notebooks/00-smoke.ipynb"
OUT_DIR="$ROOT/build-out"
mkdir -p "$OUT_DIR"
echo "Executing $NOTEBOOK with the brokerbook kernel…"
"$JUPYTER" nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=brokerbook \
  --ExecutePreprocessor.timeout=600 --output-dir "$OUT_DIR" "$NOTEBOOK"
echo "Executed notebook: $OUT_DIR/$(basename "$NOTEBOOK")"
echo "Open it with: $JUPYTER lab $OUT_DIR/$(basename "$NOTEBOOK")"
