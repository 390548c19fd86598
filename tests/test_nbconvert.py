"""A notebook executed headless by `jupyter nbconvert --execute` with the Brokerbook kernel."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_smoke_notebook_runs_with_nbconvert():
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    with tempfile.TemporaryDirectory() as tmp:
        nb = os.path.join(tmp, "smoke.ipynb")
        shutil.copy(os.path.join(ROOT, "notebooks", "00-smoke.ipynb"), nb)
        subprocess.run([jupyter, "nbconvert", "--to", "notebook", "--execute", "--inplace",
                        "--ExecutePreprocessor.kernel_name=brokerbook", "--ExecutePreprocessor.timeout=120", nb],
                       check=True, capture_output=True, timeout=300)
        with open(nb) as f:
            cells = json.load(f)["cells"]
        outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
        texts = "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                        for o in outputs)
        assert "42" in texts
        assert "Hola desde Java" in texts
        assert not [o for o in outputs if o["output_type"] == "error"]
