"""Smoke tests of the benchmarks in bench/: tiny sizes, the figure lines printed, no timings."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.settings import Settings

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    """bench/ is a folder of scripts, not a package: import a script by its path."""
    spec = importlib.util.spec_from_file_location(f"kg_bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench_extract() -> ModuleType:
    return _load("bench_extract")


@pytest.fixture(scope="module")
def bench_load() -> ModuleType:
    return _load("bench_load")


def test_corpus_reaches_the_word_count(bench_extract: ModuleType) -> None:
    seeds = bench_extract.load_seeds()
    corpus = bench_extract.build_corpus(seeds, words=50_000)
    words = [bench_extract.words_of(d.text) for d in corpus]
    assert sum(words) >= 50_000
    assert sum(words) - words[-1] < 50_000  # no more documents than needed
    assert len({d.id for d in corpus}) == len(corpus)  # copies are documents of their own
    assert len(bench_extract.build_corpus(seeds, repeat=2)) == 2 * len(seeds)


def test_extract_benchmark_prints_its_figures(bench_extract: ModuleType) -> None:
    lines: list[str] = []
    result = bench_extract.main(["--words", "2000", "--profile", "5"], out=lines.append)
    text = "\n".join(lines)
    assert result.words >= 2000
    assert text.startswith("machine: ")
    assert "Python 3." in text
    for prefix in (
        'spacy.blank("en").tokenizer:',
        "extract_document, 1 process:",
        "ratio full/tokenizer:",
        "target >= 50,000 words/s in one process:",
        "hotspots (cumulative % of extract_document time):",
    ):
        assert any(line.startswith(prefix) for line in lines), prefix
    assert text.count(" words/s") >= 3
    assert len(result.hotspots) == 5


@pytest.mark.slow
def test_extract_benchmark_times_the_process_pool(bench_extract: ModuleType) -> None:
    lines: list[str] = []
    result = bench_extract.main(["--words", "1000", "--workers", "2"], out=lines.append)
    assert result.parallel is not None and result.errors == 0
    assert any(line.startswith("extract_documents, workers=2:") for line in lines)
    assert any(line.startswith("parallel speed-up over 1 process:") for line in lines)


def test_synthetic_graph_is_distinct_and_realistic(bench_load: ModuleType) -> None:
    graph = bench_load.make_graph(50, 300)
    assert len(graph.nodes) == 50
    assert len({row["key"] for _, row in graph.edges}) == 300
    ids = {n["id"] for n in graph.nodes}
    assert all(i.startswith(bench_load.ID_PREFIX) for i in ids)
    for _, row in graph.edges:
        assert {row["source"], row["target"]} <= ids
        assert {"key", "status", "support", "evidence", "date_from"} <= row["props"].keys()


@pytest.mark.graph
def test_load_benchmark_prints_its_figures(bench_load: ModuleType, bolt_settings: Settings) -> None:
    assert bolt_settings.neo4j_uri
    target = (
        bolt_settings.neo4j_uri,
        (bolt_settings.neo4j_username, bolt_settings.neo4j_password.get_secret_value()),
        bolt_settings.neo4j_database,
    )
    lines: list[str] = []
    argv = ["--relationships", "500", "--batch-size", "100,500", "--naive-sample", "100"]
    result = bench_load.main(argv, target=target, out=lines.append)
    assert [f.batch_size for f in result.batched] == [100, 500]
    for prefix in (
        "batched, batch 100 ",
        "batched, batch 500 ",
        "naive, 1 row per tx ",
        "naive loader measured on a sample: the first 100 nodes and 100 relationships",
        "best batch size: ",
        "ratio batched/naive at batch ",
    ):
        assert any(line.startswith(prefix) for line in lines), prefix
    # the benchmark cleans up after itself, and only its own nodes
    from neo4j import GraphDatabase

    with (
        GraphDatabase.driver(target[0], auth=target[1]) as driver,
        driver.session(database=target[2]) as session,
    ):
        query = "MATCH (n:Group) WHERE n.id STARTS WITH $p RETURN count(n) AS n"
        left = session.run(query, p=bench_load.ID_PREFIX).single()
    assert left is not None and left["n"] == 0
