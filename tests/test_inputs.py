"""Bad inputs through the command line: each problem is one line on stderr, the batch goes on.

Every case sits beside good documents in the same batch (``kg extract`` and ``kg build``):
a binary file, an empty file, invalid UTF-8, a 50 MB file (over the 20 MB default limit),
a path that does not exist, and a malformed line in a JSONL file. The good documents are
still extracted and loaded, the exit code is 1, and what the graph held before is neither
lost nor duplicated.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import settings_env as _server_env
from helpers import summary
from typer.testing import CliRunner, Result

from kg.cli import app
from kg.settings import Settings

pytestmark = pytest.mark.graph

KG_BIN = Path(sys.executable).with_name("kg")
LIMIT = 20_000_000  # the default KG_MAX_DOCUMENT_BYTES

GOOD_A = (
    "Fighters clash near Idlib\n\nMarch 3, 2021\n\n"
    "Hay'at Tahrir al-Sham fighters attacked Syrian army positions near Idlib, "
    "a spokesman for the group said.\n"
)
GOOD_B = (
    "Hurras al-Din leaves the alliance\n\nJune 5, 2019\n\n"
    "Hurras al-Din split from Hay'at Tahrir al-Sham, according to a statement "
    "released by the group.\n"
)
JSONL_GOOD_1 = {
    "id": "wire-1",
    "date": "2020-01-10",
    "text": "Jabhat al-Nusra fighters attacked government positions near Hama, a monitor said.",
}
JSONL_GOOD_3 = {
    "id": "wire-3",
    "date": "2020-02-11",
    "text": "Hurras al-Din pledged allegiance to al-Qaeda, according to a statement by the group.",
}


# -- helpers ------------------------------------------------------------------------------


def settings_env(settings: Settings, data_dir: Path) -> dict[str, str | None]:
    return {**_server_env(settings, data_dir), "KG_MAX_DOCUMENT_BYTES": None}  # default limit


def kg_cli(env: dict[str, str | None] | None, *args: str | Path) -> Result:
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash is never an acceptable answer to bad input
    return result


def problem_lines(stderr: str) -> list[str]:
    """stderr lines that report a problem; the rest must be progress lines."""
    lines = stderr.splitlines()
    others = [ln for ln in lines if "KG-E" not in ln]
    assert all(re.match(r"^(extract|refresh): \d+/\d+ documents", ln) for ln in others), others
    return [ln for ln in lines if "KG-E" in ln]


def empty_graph(settings: Settings) -> None:
    from kg.api import open_store

    with open_store(settings) as store:
        store.write("MATCH (n) DETACH DELETE n")


# -- the cases ----------------------------------------------------------------------------


@dataclass
class Case:
    path: Path
    says: list[str]  # what the one error line must contain besides the code and the path
    good_names: list[str] = field(default_factory=list)  # documents the bad input still holds


def _binary(folder: Path) -> Case:
    path = folder / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    return Case(path, ["binary"])


def _empty(folder: Path) -> Case:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return Case(path, ["empty"])


def _invalid_utf8(folder: Path) -> Case:
    path = folder / "latin1.txt"
    path.write_bytes("Le café de la place, où les combattants se retrouvent.\n".encode("latin-1"))
    return Case(path, ["invalid UTF-8", "byte offset 6"])


def _huge(folder: Path) -> Case:
    path = folder / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50_000_000)
    return Case(path, ["50,000,000 bytes", f"{LIMIT:,}-byte limit"])


def _missing(folder: Path) -> Case:
    return Case(folder / "no-such-article.txt", ["does not exist"])


def _jsonl(folder: Path) -> Case:
    path = folder / "wire.jsonl"
    lines = [
        json.dumps(JSONL_GOOD_1),
        '{"id": "wire-2", "text": "cut off',
        json.dumps(JSONL_GOOD_3),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    says = ["line 2: not valid JSON (Unterminated string starting at; column 26)"]
    return Case(path, says, good_names=["wire-1", "wire-3"])


CASES: dict[str, Callable[[Path], Case]] = {
    "binary": _binary,
    "empty": _empty,
    "invalid-utf8": _invalid_utf8,
    "50MB": _huge,
    "missing": _missing,
    "jsonl-line": _jsonl,
}


@pytest.fixture
def good(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "good_a.txt").write_text(GOOD_A, encoding="utf-8")
    (folder / "good_b.txt").write_text(GOOD_B, encoding="utf-8")
    return folder / "good_a.txt", folder / "good_b.txt"


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    return folder


def assert_one_line_for(case: Case, lines: list[str]) -> None:
    assert len(lines) == 1, lines
    line = lines[0]
    assert re.match(r"^KG-E1\d\d ", line), line
    assert str(case.path) in line, line
    for text in case.says:
        assert text in line, line


# -- extract ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_extract_reports_the_bad_input_and_keeps_the_good(
    name: str, good: tuple[Path, Path], bad_dir: Path, tmp_path: Path
) -> None:
    case = CASES[name](bad_dir)
    out = tmp_path / "out"
    result = kg_cli({"KG_MAX_DOCUMENT_BYTES": None}, "extract", good[0], case.path, "-o", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert_one_line_for(case, problem_lines(result.stderr))
    documents = 1 + len(case.good_names)
    assert result.stdout.splitlines()[0] == f"extract: {documents} documents, 1 errors"
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(["good_a.json", *(f"{n}.json" for n in case.good_names)])
    record = json.loads((out / "good_a.json").read_text(encoding="utf-8"))
    assert record["doc"] == "good_a.txt" and record["relations"]


def test_extract_of_good_documents_exits_0(good: tuple[Path, Path], tmp_path: Path) -> None:
    result = kg_cli(None, "extract", *good, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problem_lines(result.stderr) == []
    assert result.stdout.splitlines()[0] == "extract: 2 documents, 0 errors"


def test_every_problem_in_one_batch_gets_its_own_line(
    good: tuple[Path, Path], bad_dir: Path, tmp_path: Path
) -> None:
    cases = [make(bad_dir) for make in CASES.values()]
    out = tmp_path / "out"
    result = kg_cli(
        {"KG_MAX_DOCUMENT_BYTES": None}, "extract", *good, *(c.path for c in cases), "-o", out
    )
    assert result.exit_code == 1
    lines = problem_lines(result.stderr)
    assert len(lines) == len(cases)
    for case in cases:
        assert_one_line_for(case, [ln for ln in lines if str(case.path) in ln])
    assert result.stdout.splitlines()[0] == f"extract: 4 documents, {len(cases)} errors"
    assert len(list(out.iterdir())) == 4


def test_a_folder_of_bad_files_in_a_real_process(good: tuple[Path, Path], bad_dir: Path) -> None:
    """What a scheduler sees from the real executable: one line per file, no traceback."""
    cases = [make(bad_dir) for name, make in CASES.items() if name != "missing"]
    for path in good:
        (bad_dir / path.name).write_bytes(path.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "KG_MAX_DOCUMENT_BYTES"}
    proc = subprocess.run(
        [str(KG_BIN), "extract", str(bad_dir), "--out", str(bad_dir.parent / "out")],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = problem_lines(proc.stderr)
    assert len(lines) == len(cases), lines
    for case in cases:
        assert_one_line_for(case, [ln for ln in lines if str(case.path) in ln])
    assert proc.stdout.splitlines()[0] == f"extract: 4 documents, {len(cases)} errors"


# -- build --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_build_with_a_bad_input_neither_loses_nor_duplicates(
    name: str,
    good: tuple[Path, Path],
    bad_dir: Path,
    clean_settings: Settings,
    tmp_path: Path,
) -> None:
    env = settings_env(clean_settings, tmp_path / "data")
    case = CASES[name](bad_dir)

    first = kg_cli(env, "build", good[0])
    assert first.exit_code == 0, first.output
    before = summary(first)

    batch = kg_cli(env, "build", good[0], good[1], case.path)
    assert batch.exit_code == 1, batch.output
    assert "Traceback" not in batch.output
    assert_one_line_for(case, problem_lines(batch.stderr))
    documents = 2 + len(case.good_names)
    assert batch.stdout.splitlines()[0] == f"build: {documents} documents, 1 errors"
    after = summary(batch)
    assert after["nodes"]["Document"] == documents
    for kind in ("nodes", "edges"):  # nothing lost
        for label, count in before[kind].items():
            assert after[kind].get(label, 0) >= count, (label, before, after)

    # Nothing duplicated: the graph is exactly what the good documents alone give.
    empty_graph(clean_settings)
    reference_inputs: list[Path] = list(good)
    if case.good_names:
        only_good = tmp_path / "only_good.jsonl"
        only_good.write_text(
            json.dumps(JSONL_GOOD_1) + "\n" + json.dumps(JSONL_GOOD_3) + "\n", encoding="utf-8"
        )
        reference_inputs.append(only_good)
    reference = kg_cli(env, "build", *reference_inputs)
    assert reference.exit_code == 0, reference.output
    assert summary(reference) == after


def test_build_of_only_bad_inputs_leaves_the_graph_as_it_was(
    good: tuple[Path, Path], bad_dir: Path, clean_settings: Settings, tmp_path: Path
) -> None:
    env = settings_env(clean_settings, tmp_path / "data")
    first = kg_cli(env, "build", *good)
    assert first.exit_code == 0, first.output
    cases = [make(bad_dir) for name, make in CASES.items() if name != "jsonl-line"]
    result = kg_cli(env, "build", *(c.path for c in cases))
    assert result.exit_code == 1
    assert len(problem_lines(result.stderr)) == len(cases)
    assert result.stdout.splitlines()[0] == f"build: 0 documents, {len(cases)} errors"
    assert summary(result) == summary(first)
