"""The fingerprint of the code a notebook's outputs come from.

scripts/execute-notebooks.sh stores it in each executed notebook's metadata (brokerbook.sources); the notebook
tests recompute it and fail when it differs, i.e. when the committed outputs were produced by older code than
the code they show. It covers every main source file and pom of the three modules (as tracked by git) plus the
notebook's own code cells, so editing either without re-executing the notebook is caught.
"""
import hashlib
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ["pom.xml", "cluster/pom.xml", "cluster/src/main", "magics/pom.xml", "magics/src/main",
               "kernel/pom.xml", "kernel/src/main"]
METADATA_KEY = "brokerbook"


def source_files():
    listed = subprocess.run(["git", "ls-files", "-z", "--", *SOURCE_DIRS], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    return sorted(p for p in listed if p)


def fingerprint(nb):
    """sha256 over the tracked main sources (path and content) and the notebook's code cell sources."""
    h = hashlib.sha256()
    for rel in source_files():
        path = ROOT / rel
        if path.is_file():
            h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    for cell in nb.cells:
        if cell.cell_type == "code":
            h.update(b"cell\0" + cell.source.encode() + b"\0")
    return h.hexdigest()


def recorded(nb):
    return nb.metadata.get(METADATA_KEY, {}).get("sources")


def record(nb):
    nb.metadata.setdefault(METADATA_KEY, {})["sources"] = fingerprint(nb)
