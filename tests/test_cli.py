"""The command line, end to end on ``seeds/`` against the session's live Bolt server.

Most tests go through typer's ``CliRunner`` (in process, so spaCy loads once); a few run the
real executable in a subprocess where that is the point: exit codes and stderr as a
scheduler sees them, the import weight of ``kg --help``, and the embedded default.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import settings_env, summary
from typer.testing import CliRunner, Result

import kg
from kg.cli import app
from kg.models import GoldDocument
from kg.ontology import EntityType
from kg.settings import Settings

pytestmark = pytest.mark.graph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"
KG_BIN = Path(sys.executable).with_name("kg")
HTS = "Hay'at Tahrir al-Sham"
COMMANDS = ("build", "extract", "eval", "query", "export", "refresh")
SPLIT_FROM = "MATCH (a:Group)-[r:SPLIT_FROM]->(b:Group) RETURN a.name, b.name ORDER BY a.name"


def kg_cli(env: dict[str, str] | None, *args: str | Path) -> Result:
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash would otherwise pass for exit code 1
    return result


def error_lines(result: Result) -> list[str]:
    """stderr lines that report a problem (progress lines are not problems)."""
    return [line for line in result.stderr.splitlines() if "KG-E" in line]


def query_json(env: dict[str, str], cypher: str, *extra: str) -> list[dict[str, Any]]:
    result = kg_cli(env, "query", cypher, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@pytest.fixture(scope="module")
def env(bolt_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return settings_env(bolt_settings, tmp_path_factory.mktemp("cli-data"))


@pytest.fixture(scope="module")
def built(env: dict[str, str], bolt_settings: Settings) -> Iterator[Result]:
    """The session's server emptied, then ``kg build seeds`` once for the module."""
    from kg.api import open_store

    with open_store(bolt_settings) as store:
        store.write("MATCH (n) DETACH DELETE n")
    result = kg_cli(env, "build", SEEDS)
    assert result.exit_code == 0, result.output
    yield result


# -- build and refresh --------------------------------------------------------------------


def test_build_prints_the_summary(built: Result) -> None:
    lines = built.stdout.splitlines()
    assert lines[0] == "build: 5 documents, 0 errors"
    counts = summary(built)
    assert counts["nodes"]["Document"] == 5
    assert counts["nodes"]["Group"] > 0 and counts["nodes"]["Claim"] > 0
    assert counts["edges"]["SPLIT_FROM"] > 0 and counts["edges"]["ATTACKED"] > 0
    assert not error_lines(built)
    assert "Traceback" not in built.output


def test_building_twice_gives_identical_counts(built: Result, env: dict[str, str]) -> None:
    again = kg_cli(env, "build", SEEDS)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == "build: 5 documents, 0 errors"
    assert summary(again) == summary(built)


def test_refresh_after_build_changes_nothing(
    built: Result, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # `kg refresh seeds`, as a scheduler would run it
    result = kg_cli(env, "refresh", "seeds")
    assert result.exit_code == 0, result.output
    assert "kg refresh: loaded=0 unchanged=5 retracted=0 errors=0" in result.stdout
    assert result.stdout.splitlines()[0] == "refresh: 0 documents, 5 unchanged, 0 errors"
    assert summary(result) == summary(built)


# -- query --------------------------------------------------------------------------------


def test_query_json_rows_and_one_name_for_hts(built: Result, env: dict[str, str]) -> None:
    rows = query_json(env, SPLIT_FROM)
    assert isinstance(rows, list) and rows
    assert all(isinstance(r, dict) and set(r) == {"a.name", "b.name"} for r in rows)
    assert [r["a.name"] for r in rows] == sorted(r["a.name"] for r in rows)
    names = {r["a.name"] for r in rows} | {r["b.name"] for r in rows}
    assert HTS in names
    groups = {r["name"] for r in query_json(env, "MATCH (g:Group) RETURN g.name AS name")}
    spellings = {n for n in groups if re.search(r"tahrir|\bhts\b", n, re.I)}
    assert spellings == {HTS}


def test_query_param_reaches_the_query(built: Result, env: dict[str, str]) -> None:
    cypher = "MATCH (g:Group) WHERE g.name = $name RETURN g.name AS name"
    assert query_json(env, cypher, "--param", f"name={HTS}") == [{"name": HTS}]
    assert query_json(env, cypher, "--param", "name=No Such Group") == []
    assert query_json(env, "RETURN $n + 1 AS x", "-p", "n=41") == [{"x": 42}]  # JSON value


def test_query_table_format(built: Result, env: dict[str, str]) -> None:
    result = kg_cli(env, "query", SPLIT_FROM)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["a.name", "b.name"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert HTS in result.stdout
    assert re.fullmatch(r"\(\d+ rows\)", lines[-1])
    empty = kg_cli(env, "query", "MATCH (g:Group) WHERE g.name = 'nobody' RETURN g.name")
    assert empty.exit_code == 0 and empty.stdout.strip() == "(no rows)"


def test_write_query_needs_write(built: Result, env: dict[str, str]) -> None:
    create = "CREATE (n:CliProbe {name: 'probe'}) RETURN n.name AS name"
    refused = kg_cli(env, "query", create)
    assert refused.exit_code == 4
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("KG-E400 ") and "--write" in lines[0]
    assert refused.stdout == ""
    assert query_json(env, "MATCH (n:CliProbe) RETURN count(n) AS n") == [{"n": 0}]
    try:
        assert query_json(env, create, "--write") == [{"name": "probe"}]
        assert query_json(env, "MATCH (n:CliProbe) RETURN count(n) AS n") == [{"n": 1}]
    finally:
        kg_cli(env, "query", "MATCH (n:CliProbe) DETACH DELETE n", "--write")
    assert query_json(env, "MATCH (n:CliProbe) RETURN count(n) AS n") == [{"n": 0}]


def test_insert_and_procedure_calls_need_write(built: Result, env: dict[str, str]) -> None:
    for text in (
        "INSERT (n:Probe {id:'x'}) RETURN n.id",
        "CALL { CREATE (n:Probe {id:'x'}) RETURN n } IN TRANSACTIONS RETURN 1",
        "CALL apoc.create.node(['Probe'], {id: 'x'})",
    ):
        refused = kg_cli(env, "query", text)
        assert refused.exit_code == 4, (text, refused.output)
        assert error_lines(refused) == [
            "KG-E400 this query writes to the graph; pass --write (write=True) to allow it"
        ]
    assert query_json(env, "MATCH (n:Probe) RETURN count(n) AS n") == [{"n": 0}]


def test_read_only_procedures_need_no_write(built: Result, env: dict[str, str]) -> None:
    labels = {r["label"] for r in query_json(env, "CALL db.labels()")}
    assert {"Group", "Document", "Claim"} <= labels
    types = query_json(env, "CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t")
    assert "SPLIT_FROM" in {r["t"] for r in types}
    assert query_json(env, "CALL dbms.components() YIELD name RETURN count(name) AS n")


def test_query_usage_errors(env: dict[str, str]) -> None:
    neither = kg_cli(env, "query")
    assert neither.exit_code == 2 and neither.stderr.startswith("KG-E400")
    bad_format = kg_cli(env, "query", "RETURN 1 AS x", "--format", "xml")
    assert bad_format.exit_code == 2 and "KG-E400" in bad_format.stderr
    bad_param = kg_cli(env, "query", "RETURN 1 AS x", "--param", "novalue")
    assert bad_param.exit_code == 2 and "KG-E400" in bad_param.stderr
    unknown = kg_cli(env, "query", "--name", "no_such_query")
    assert unknown.exit_code == 4 and unknown.stderr.startswith("KG-E400")


def test_query_errors_exit_4_in_a_real_process(built: Result, env: dict[str, str]) -> None:
    """What a scheduler sees: exit 4, one line on stderr, no traceback."""
    proc = subprocess.run(
        [str(KG_BIN), "query", "MATCH (n) DELETE n"],
        capture_output=True, text=True, timeout=60, env={**os.environ, **env},
    )  # fmt: skip
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("KG-E400 ")
    assert "Traceback" not in proc.stderr + proc.stdout


# -- configuration ------------------------------------------------------------------------


def offline_env(uri: str, tmp_path: Path) -> dict[str, str]:
    return {
        "NEO4J_URI": uri,
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": "PwFromEnv123",
        "KG_DATA_DIR": str(tmp_path / "data"),
    }


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("foo://x", "URI scheme 'foo' is not supported"),
        ("bolt://127.0.0.1:notaport", "notaport"),
        ("bolt://user:S3cretPW@127.0.0.1:1", "bolt://***@127.0.0.1:1"),
        ("neo4j://user:S3cretPW@127.0.0.1:1", "neo4j://***@127.0.0.1:1"),
        ("bolt://user:S3c@r/etPW@127.0.0.1:1", "bolt://***@127.0.0.1:1"),
        ("bolt://127.0.0.1:1", "cannot connect to bolt://127.0.0.1:1"),
    ],
)
def test_a_bad_neo4j_uri_is_one_line_and_exit_3(uri: str, says: str, tmp_path: Path) -> None:
    env = offline_env(uri, tmp_path)
    for args in (("query", "RETURN 1 AS x"), ("build", SEEDS / "000_9f20bf95e4f1d5ea.txt")):
        result = kg_cli(env, *args)
        assert result.exit_code == 3, (args, result.output)
        [line] = error_lines(result)
        assert re.match(r"^KG-E[35]\d\d ", line) and says in line, line
        assert not [w for w in ("S3c", "etPW", "PwFromEnv123") if w in result.output]


def test_a_bad_neo4j_uri_in_a_real_process_hides_the_password(tmp_path: Path) -> None:
    """What a scheduler logs: exit 3, one line, no traceback, no password."""
    for uri in ("bolt://127.0.0.1:notaport", "bolt://admin:S3cretPW@127.0.0.1:notaport"):
        proc = subprocess.run(
            [str(KG_BIN), "refresh", str(SEEDS)],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, **offline_env(uri, tmp_path)},
        )  # fmt: skip
        output = proc.stdout + proc.stderr
        assert proc.returncode == 3, output
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("KG-E500 "), output
        assert "Traceback" not in output and "S3cretPW" not in output


def test_a_crash_does_not_print_local_variables() -> None:
    assert app.pretty_exceptions_show_locals is False


def test_the_systemd_unit_counts_only_a_held_lock_as_success() -> None:
    unit = (ROOT / "deploy" / "kg-refresh.service").read_text(encoding="utf-8")
    [line] = [ln for ln in unit.splitlines() if ln.startswith("SuccessExitStatus=")]
    assert line.split("=", 1)[1].split() == ["75"]


# -- extract and eval ---------------------------------------------------------------------


def test_extract_writes_the_per_document_format_and_eval_scores_it(tmp_path: Path) -> None:
    out = tmp_path / "pred"
    result = kg_cli(None, "extract", SEEDS, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "extract: 5 documents, 0 errors",
        f"wrote 5 files to {out}",
    ]
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"{p.stem}.json" for p in sorted(SEEDS.glob("*.txt"))]
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        assert set(record) == {"doc", "doc_date", "entities", "relations"}
        assert record["doc"] == f"{path.stem}.txt"
        assert record["entities"] and record["relations"]
        for entity in record["entities"]:
            assert set(entity) == {"type", "name", "mentions"}
        for relation in record["relations"]:
            assert set(relation) == {"type", "source", "target", "date", "status", "evidence"}
        GoldDocument.model_validate(record)

    scores = kg_cli(None, "eval", "--gold", GOLD, "--pred", out)
    assert scores.exit_code == 0, scores.output
    number = r"(0\.\d{3}|1\.000)"
    for what in ("entities", "relations"):
        assert re.search(rf"^{what}:\s+P {number}\s+R {number}\s+F1 {number}$", scores.stdout, re.M)
    assert re.search(rf"^date accuracy: {number}$", scores.stdout, re.M)
    assert re.search(rf"^status accuracy: {number}$", scores.stdout, re.M)
    assert scores.stdout.startswith("documents: 5\n")

    as_json = kg_cli(None, "eval", "--gold", GOLD, "--pred", out, "--json")
    assert as_json.exit_code == 0
    numbers = json.loads(as_json.stdout)
    for key in ("entity_f1", "relation_f1", "date_accuracy", "status_accuracy"):
        assert 0.0 <= numbers[key] <= 1.0


def test_extract_names_files_after_document_ids(tmp_path: Path) -> None:
    """Same stems in subfolders, or with another suffix, do not overwrite each other."""
    source = tmp_path / "D"
    names = ("2024/report.txt", "2025/report.txt", "a.txt", "a.md")
    for name in names:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes((SEEDS / "001_6e5473e2d938c5ad.txt").read_bytes())
    (source / "feed.jsonl").write_text(
        json.dumps({"id": "../../escape", "text": "Hurras al-Din split from HTS."}) + "\n"
    )
    out = tmp_path / "out"
    result = kg_cli(None, "extract", source, "--out", out)
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == [
        "2024/report.json", "2025/report.json", "_/_/escape.json", "a.json", "a.md.json"
    ]  # fmt: skip
    assert not (tmp_path / "escape.json").exists()


def test_eval_on_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = kg_cli(None, "eval", "--gold", GOLD, "--pred", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert error_lines(result) == [f"KG-E100 {tmp_path / 'nowhere'}: not a folder"]


# -- export -------------------------------------------------------------------------------


def test_export_all_formats_parse_with_the_graph_node_count(
    built: Result, env: dict[str, str], tmp_path: Path
) -> None:
    import networkx as nx

    entity_nodes = sum(summary(built)["nodes"].get(t.value, 0) for t in EntityType)
    assert entity_nodes > 0

    result = kg_cli(env, "export", "--format", "graphml", "--out", tmp_path / "g.graphml")
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_nodes() == entity_nodes
    assert graph.number_of_edges() == sum(summary(built)["edges"].values())

    result = kg_cli(env, "export", "-f", "json", "-o", tmp_path / "g.json")
    assert result.exit_code == 0, result.output
    payload = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert len(payload["nodes"]) == entity_nodes
    assert {n["name"] for n in payload["nodes"] if n["label"] == "Group"} >= {HTS}
    again = nx.node_link_graph(payload, edges="edges")  # round-trips into networkx
    assert again.number_of_nodes() == entity_nodes
    assert again.number_of_edges() == graph.number_of_edges()

    result = kg_cli(env, "export", "--format", "csv", "--out", tmp_path / "csv")
    assert result.exit_code == 0, result.output
    with (tmp_path / "csv" / "nodes.csv").open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with (tmp_path / "csv" / "edges.csv").open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert len(nodes) == entity_nodes
    assert len({n["id"] for n in nodes}) == entity_nodes
    assert len(edges) == graph.number_of_edges()


def test_export_unknown_format_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    result = kg_cli(env, "export", "--format", "xml", "--out", tmp_path / "g.xml")
    assert result.exit_code == 2
    assert error_lines(result) == ["KG-E400 --format 'xml': use graphml, json, csv"]
    assert "Traceback" not in result.output


# -- version, help, import weight ---------------------------------------------------------


def test_version() -> None:
    result = kg_cli(None, "--version")
    assert result.exit_code == 0 and result.stdout == f"kg {kg.__version__}\n"
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stdout == f"kg {kg.__version__}\n"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(command: str | None) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = kg_cli(None, *args)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout
    if command is None:
        for name in COMMANDS:
            assert name in result.stdout


def test_cli_import_and_help_stay_light() -> None:
    """No spaCy, driver or JVM at import time, nor for any --help: `kg --help` is instant."""
    code = (
        "import sys\n"
        "import kg.cli\n"
        "heavy = ('spacy', 'neo4j', 'jpype', 'arcadedb_embedded')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "for args in (['--help'], *([c, '--help'] for c in sys.argv[1:])):\n"
        "    try:\n"
        "        kg.cli.app(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *COMMANDS], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "[]"
    assert proc.stdout.splitlines()[-1] == "[]"


# -- the embedded default -----------------------------------------------------------------


@pytest.mark.slow
def test_embedded_default_without_neo4j_uri(tmp_path: Path) -> None:
    """No NEO4J_URI: `kg` starts its own ArcadeDB in KG_DATA_DIR, build then query."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["KG_DATA_DIR"] = str(tmp_path / "data")

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(KG_BIN), *map(str, args)],
            capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
        )  # fmt: skip

    built = run("build", SEEDS / "001_6e5473e2d938c5ad.txt")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("build: 1 documents, 0 errors\n")
    counted = run("query", "MATCH (n:Group) RETURN count(n) AS n", "--format", "json")
    assert counted.returncode == 0, counted.stderr
    rows = json.loads(counted.stdout)
    assert rows == [{"n": rows[0]["n"]}] and rows[0]["n"] > 0
    assert (tmp_path / "data").is_dir()
