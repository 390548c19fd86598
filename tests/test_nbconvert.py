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


def test_jupyter_console_talks_to_the_kernel():
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    out = subprocess.run([jupyter, "console", "--kernel", "brokerbook", "--simple-prompt"],
                         input="6 * 7\nSystem.out.println(\"hola consola\");\nexit\ny\n",
                         capture_output=True, text=True, timeout=180)
    assert "42" in out.stdout
    assert "hola consola" in out.stdout
