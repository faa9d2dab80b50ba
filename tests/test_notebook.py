"""The example notebook runs top to bottom (nbclient, a python3 ipykernel) and says what it should."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbclient
import nbformat
import pytest
from ipykernel import kernelspec

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "walkthrough.ipynb"
TIMEOUT_S = 120  # per cell; the whole notebook takes about 10 s here

pytestmark = pytest.mark.slow


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/plain", "") + data.get("text/html", "")


def test_notebook_is_saved_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before saving"
    assert NOTEBOOK.stat().st_size < 40_000


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook executed in a scratch folder (its files go to <scratch>/out)."""
    # a "python3" kernel that runs this interpreter and imports this checkout of corridors
    jupyter = tmp_path_factory.mktemp("jupyter")
    kernelspec.write_kernel_spec(jupyter / "kernels" / "python3")
    work = tmp_path_factory.mktemp("walkthrough")
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "PYTHONPATH")}
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter), saved["JUPYTER_PATH"]]))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), saved["PYTHONPATH"]]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(work)}})
    try:
        client.execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return nb, work


def test_notebook_runs_without_errors(executed):
    nb, _ = executed
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"code cell {i + 1} failed: {errors[0].ename}: {errors[0].evalue}\n{cell.source}"
        warned = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text]
        assert not warned, f"code cell {i + 1} warned: {warned[0]}"
    assert all(c.execution_count is not None for c in code)


def test_notebook_shows_the_planner_what_matters(executed):
    nb, work = executed
    text = "\n".join(_text(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "<strong>Network</strong>" in text                     # the Network's _repr_html_
    assert "<strong>FlowResult</strong> optimal" in text
    assert "<strong>Comparison</strong>" in text
    assert "N-1 sweep over" in text and "country elements" in text
    assert "Bypass of country:GE" in text
    assert text.count("folium.folium.Map") >= 4                  # the maps were drawn
    unmet = re.search(r"Unmet gas with Georgia closed: ([\d.]+) bcm/y", text)
    assert unmet, "the Georgia what-if no longer prints the unmet gas"
    assert float(unmet.group(1)) > 1.0
    # the custom network: Kars is short because the 1 Mt/y Baku–Tbilisi–Kars line binds
    assert "<Network 5 nodes, 4 links>" in text
    assert "rail-btk" in text
    written = {p.name for p in (work / "out").iterdir()}
    assert {"corridors-2024.html", "flows-2024.gpkg", "georgia-closed.gpkg", "n1-countries.gpkg",
            "my-corridor"} <= written

