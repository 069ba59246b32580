"""The example notebook, executed top to bottom the way an analyst runs it.

Kernel: the interpreter running pytest (so the project's venv and its ``kg``), whatever
kernelspecs the machine has or lacks. ipykernel writes a ``python3`` spec whose argv is
``sys.executable`` into a temporary folder, and only that folder is searched: nothing is
installed and a stray user-level ``python3`` spec cannot hijack the run. To open the notebook
in Jupyter by hand, register the venv once:
``.venv/bin/python -m ipykernel install --sys-prefix --name python3``.

Server: the session's live Bolt server (``bolt_settings``, emptied by ``clean_settings``),
handed to the kernel as ``NEO4J_*`` variables that the notebook's ``Settings()`` reads, so no
second embedded server starts. Figures go to a temporary folder (``KG_NOTEBOOK_OUT``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from kg.settings import Settings

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "explore_alliances.ipynb"
FIGURES = ("alliances_by_date.png", "split_lineage.png")
CELL_TIMEOUT_S = 300


def _kernel_manager(folder: Path) -> Any:
    """A manager for a ``python3`` kernel on this very interpreter."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    write_kernel_spec(folder / "python3")
    specs = KernelSpecManager(kernel_dirs=[str(folder)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)


def _kernel_env(settings: Settings, out: Path) -> dict[str, str]:
    """This process's environment without kg's own variables, then the test's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    env.update(KG_DATA_DIR=str(settings.data_dir), KG_NOTEBOOK_OUT=str(out), MPLBACKEND="Agg")
    if settings.neo4j_uri:
        env.update(
            NEO4J_URI=settings.neo4j_uri,
            NEO4J_USERNAME=settings.neo4j_username,
            NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
            NEO4J_DATABASE=settings.neo4j_database,
        )
    return env


def _outputs(nb: Any, output_type: str) -> list[Any]:
    cells = [c for c in nb.cells if c.cell_type == "code"]
    return [o for c in cells for o in c.outputs if o.output_type == output_type]


@pytest.mark.notebook
def test_committed_notebook_has_no_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    assert all(not c.outputs and c.execution_count is None for c in code), (
        "clear the outputs before committing (Jupyter: Edit > Clear Outputs of All Cells)"
    )
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.notebook
@pytest.mark.graph
@pytest.mark.slow
def test_notebook_runs(clean_settings: Settings, tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    out = tmp_path / "figures"
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(tmp_path / "kernels"),
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},  # the kernel's working dir
    )
    try:
        client.execute(env=_kernel_env(clean_settings, out), cleanup_kc=True)
    finally:  # keep what ran, for a look after a failure
        nbformat.write(nb, tmp_path / "executed.ipynb")

    assert not _outputs(nb, "error")
    text = "".join(o.text for o in _outputs(nb, "stream") if o.name == "stdout")

    built = re.search(r"built from (\d+) documents", text)
    assert built and int(built[1]) > 0, text
    for day in ("2016-01-01", "2023-01-01"):
        count = re.search(rf"^alliance edges at {day}: (\d+)$", text, re.M)
        assert count, f"no alliance count for {day}:\n{text}"
        check = re.search(rf"^cypher check at {day}: (\d+) \(networkx: (\d+)\)$", text, re.M)
        assert check and check[1] == check[2] == count[1], "networkx and Cypher disagree on dates"
        if count[1] == "0":
            assert f"no dated alliances at {day}" in text

    splits = re.search(r"^split edges: (\d+)$", text, re.M)
    assert splits, text
    if int(splits[1]):  # every edge has provenance: the evidence query must find sentences
        assert re.search(r"^evidence for .+ split from .+: [1-9]\d* sentence", text, re.M), text
    else:
        assert "no splits to show evidence for" in text

    for figure in FIGURES:
        path = out / figure
        assert path.is_file(), f"{figure} was not saved"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size > 10_000, f"{figure} looks empty"
    images = [o for o in _outputs(nb, "display_data") if "image/png" in o.data]
    assert len(images) == len(FIGURES), "each figure is shown in the notebook as well as saved"
