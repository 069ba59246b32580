"""Load benchmark: kg's batched ``UNWIND ... MERGE`` loader against one statement per row.

Run from the repository root::

    python bench/bench_load.py [--relationships 100000] [--batch-size 1000] [--naive-sample 5000]

A synthetic graph of Group nodes and mission relationships (key, status, dates, documents,
claims and an evidence list, built with :class:`kg.graph.Edge` like the real loader) is
loaded over Bolt with the statements of :mod:`kg.cypher` (``merge_entities``,
``merge_edges``):

* batched: one ``UNWIND $rows`` statement per batch, each batch in its own
  ``session.execute_write``, at several batch sizes;
* naive: one parameterized statement per row, each in its own auto-commit transaction
  (``session.run``), on a sample of the rows.

The server is an embedded ArcadeDB in a temporary folder, or the one named by ``NEO4J_URI``
(with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``). Only the benchmark's own
nodes (ids starting with ``group:bench-``) are written and deleted, so pointing it at a
database with real data leaves that data alone.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import cypher
from kg.graph import Edge, edge_endpoints, edge_key
from kg.ontology import ENDPOINT_TYPES, MISSION_RELATIONS, EntityType, RelationType
from kg.resolve import entity_id

Out = Callable[[str], None]

#: Every benchmark node id starts with this; cleaning deletes these nodes only.
ID_PREFIX = "group:bench-"
DEFAULT_BATCH_SIZES = (100, 500, 1000, 5000)
#: Nodes loaded and deleted before measuring, so the server's JIT is warm for every size.
WARMUP_ROWS = 1000
#: The mission relations whose both ends are groups (pledged_to may also end on a leader).
GROUP_RELATIONS = tuple(
    r
    for r in MISSION_RELATIONS
    if ENDPOINT_TYPES[r] == (frozenset({EntityType.GROUP}), frozenset({EntityType.GROUP}))
    or r is RelationType.PLEDGED_TO
)
_STATUSES = ("asserted", "asserted", "asserted", "reported", "claimed", "denied", "contested")
_VERBS = {
    RelationType.ALLIED_WITH: "fought alongside",
    RelationType.SPLIT_FROM: "broke away from",
    RelationType.PLEDGED_TO: "pledged allegiance to",
    RelationType.ATTACKED: "attacked positions of",
}


# -- the synthetic graph ------------------------------------------------------------------


@dataclass
class Edges:
    """Relationship rows grouped as kg's loader groups them: one statement per type."""

    rel_type: RelationType
    rows: list[dict[str, Any]]


@dataclass
class SyntheticGraph:
    nodes: list[dict[str, Any]]
    edges: list[tuple[RelationType, dict[str, Any]]]

    def grouped(self, rows: Sequence[tuple[RelationType, dict[str, Any]]]) -> list[Edges]:
        by_type: dict[RelationType, list[dict[str, Any]]] = defaultdict(list)
        for rel_type, row in rows:
            by_type[rel_type].append(row)
        return [Edges(t, r) for t, r in by_type.items()]


def _name(i: int) -> str:
    return f"Bench Brigade {i:06d}"


def _partial_date(rng: random.Random) -> str:
    day = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(14 * 365))
    precision = rng.random()
    if precision < 0.2:
        return f"{day.year:04d}"
    if precision < 0.5:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def make_graph(nodes: int, relationships: int, seed: int = 7) -> SyntheticGraph:
    """``nodes`` Group rows and ``relationships`` distinct mission edges between them."""
    if nodes < 2:
        raise ValueError("need at least 2 nodes")
    rng = random.Random(seed)
    node_rows: list[dict[str, Any]] = []
    for i in range(nodes):
        name = _name(i)
        aliases = [name, f"BB-{i:06d}"] + ([f"Brigade {i}"] if i % 3 == 0 else [])
        node_rows.append(
            {
                "id": entity_id(EntityType.GROUP, name),
                "name": name,
                "aliases": aliases,
                "origin": "text",
            }
        )
    names: list[str] = [row["name"] for row in node_rows]
    ids: list[str] = [row["id"] for row in node_rows]
    edges: list[tuple[RelationType, dict[str, Any]]] = []
    seen: set[str] = set()
    max_edges = nodes * (nodes - 1) * len(GROUP_RELATIONS) // 2
    if relationships > max_edges:
        raise ValueError(f"at most {max_edges} relationships between {nodes} nodes")
    while len(edges) < relationships:
        a, b = rng.sample(range(nodes), 2)
        rel_type = rng.choice(GROUP_RELATIONS)
        key = edge_key(rel_type, ids[a], ids[b])
        if key in seen:
            continue
        seen.add(key)
        source, target = edge_endpoints(rel_type, ids[a], ids[b])
        support = rng.choice((1, 1, 1, 2, 2, 3, 5))
        documents = sorted({f"doc-{rng.randrange(50_000):05d}" for _ in range(support)})
        dates = sorted({_partial_date(rng) for _ in range(support)})
        status = rng.choice(_STATUSES)
        edge = Edge(
            key=key,
            type=rel_type,
            source=source,
            target=target,
            status=status,
            statuses=["claimed", "denied"] if status == "contested" else [status],
            support=len(documents),
            documents=documents,
            claims=[f"claim:{rng.getrandbits(80):020x}" for _ in documents],
            evidence=[
                f"On {d}, fighters of the {names[a]} {_VERBS[rel_type]} the {names[b]} "
                f"near the town of Kafr {rng.randrange(1000)}, local sources said."
                for d in dates
            ],
            first_date=dates[0],
            last_date=dates[-1],
            valid_from=dates[0] if rel_type is RelationType.PLEDGED_TO else None,
            confidence=rng.choice((0.5, 0.6, 0.8)),
        )
        row = {"source": source, "target": target, "key": key, "props": edge.properties()}
        edges.append((rel_type, row))
    return SyntheticGraph(node_rows, edges)


# -- loaders ------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(driver: Any, database: str, statement: cypher.Statement) -> None:
    query, params = statement
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run(query, params).consume())


def load_batched(
    driver: Any,
    database: str,
    graph: SyntheticGraph,
    batch_size: int,
    node_rows: Sequence[dict[str, Any]] | None = None,
) -> tuple[float, float]:
    """Seconds to load the nodes, then the relationships: one execute_write per batch."""
    node_rows = graph.nodes if node_rows is None else node_rows
    start = time.perf_counter()
    for chunk in _chunks(node_rows, batch_size):
        _write(driver, database, cypher.merge_entities(EntityType.GROUP, list(chunk)))
    nodes_s = time.perf_counter() - start
    start = time.perf_counter()
    for group in graph.grouped(graph.edges):
        for chunk in _chunks(group.rows, batch_size):
            statement = cypher.merge_edges(
                group.rel_type, EntityType.GROUP, EntityType.GROUP, list(chunk)
            )
            _write(driver, database, statement)
    return nodes_s, time.perf_counter() - start


def load_naive_nodes(driver: Any, database: str, rows: Sequence[dict[str, Any]]) -> float:
    """Seconds to load ``rows`` one auto-commit statement per row (kg's Cypher, one row)."""
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for row in rows:
            query, params = cypher.merge_entities(EntityType.GROUP, [row])
            session.run(query, params).consume()
    return time.perf_counter() - start


def load_naive_edges(
    driver: Any, database: str, rows: Sequence[tuple[RelationType, dict[str, Any]]]
) -> float:
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for rel_type, row in rows:
            query, params = cypher.merge_edges(rel_type, EntityType.GROUP, EntityType.GROUP, [row])
            session.run(query, params).consume()
    return time.perf_counter() - start


def clean(driver: Any, database: str, chunk: int = 2000) -> int:
    """Delete the benchmark's nodes (and their relationships) in chunks; return how many."""
    query = (
        f"MATCH (n:{EntityType.GROUP.value}) WHERE n.id STARTS WITH $prefix "
        "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
    )
    total = 0
    while True:
        with driver.session(database=database) as session:
            deleted: int = session.execute_write(
                lambda tx: tx.run(query, prefix=ID_PREFIX, limit=chunk).single()["deleted"]
            )
        total += deleted
        if deleted < chunk:
            return total


def ensure_schema(driver: Any, database: str) -> None:
    """kg's own constraints and indexes (the unique index on Group.id drives every MERGE)."""
    from kg.store import GraphStore

    GraphStore(driver, database).ensure_schema()


# -- the benchmark ------------------------------------------------------------------------


@dataclass
class BatchFigure:
    batch_size: int
    nodes_per_s: float
    rels_per_s: float


@dataclass
class LoadResult:
    nodes: int
    relationships: int
    batched: list[BatchFigure] = field(default_factory=list)
    naive_nodes: int = 0
    naive_relationships: int = 0
    naive_nodes_per_s: float = 0.0
    naive_rels_per_s: float = 0.0

    @property
    def best(self) -> BatchFigure:
        """The batch size with the least total time for the whole graph."""
        return min(
            self.batched,
            key=lambda f: self.nodes / f.nodes_per_s + self.relationships / f.rels_per_s,
        )


@dataclass
class Target:
    uri: str
    auth: tuple[str, str]
    database: str
    label: str


@contextlib.contextmanager
def default_target(out: Out) -> Iterator[Target]:
    """The server of ``NEO4J_URI`` when set, else an embedded ArcadeDB in a temporary folder."""
    if os.environ.get("NEO4J_URI"):
        from kg.settings import Settings

        settings = Settings()
        assert settings.neo4j_uri
        auth = (settings.neo4j_username, settings.neo4j_password.get_secret_value())
        yield Target(settings.neo4j_uri, auth, settings.neo4j_database, "NEO4J_URI server")
        return
    from kg.embedded import EmbeddedServer

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        out("starting the embedded ArcadeDB server ...")
        start = time.perf_counter()
        with EmbeddedServer(Path(tmp) / "data", "bench") as server:
            out(f"  started in {time.perf_counter() - start:.1f} s at {server.uri}")
            yield Target(server.uri, server.auth, server.database, "embedded ArcadeDB")


def machine() -> str:
    """Cores, CPU model and Python version (the same line as bench_extract prints, shorter)."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for text in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def server_version(driver: Any) -> str:
    with contextlib.suppress(Exception):
        info = driver.get_server_info()
        return f"{info.agent} (Bolt {'.'.join(map(str, info.protocol_version))})"
    return "unknown"


def run_load(
    uri: str,
    auth: tuple[str, str],
    database: str,
    *,
    relationships: int = 100_000,
    nodes: int | None = None,
    batch_sizes: Sequence[int] = DEFAULT_BATCH_SIZES,
    naive_sample: int = 5000,
    out: Out = print,
) -> LoadResult:
    """Measure the batched loader at each batch size, then the naive one on a sample."""
    from neo4j import GraphDatabase

    nodes = nodes if nodes is not None else max(2, relationships // 5)
    out(f"generating {nodes:,} Group nodes and {relationships:,} relationships ...")
    start = time.perf_counter()
    graph = make_graph(nodes, relationships)
    out(f"  generated in {time.perf_counter() - start:.1f} s")
    result = LoadResult(nodes, relationships)
    with GraphDatabase.driver(uri, auth=auth) as driver:
        driver.verify_connectivity()
        out(f"server: {server_version(driver)}, database {database!r}")
        ensure_schema(driver, database)
        removed = clean(driver, database)
        if removed:
            out(f"  removed {removed:,} benchmark nodes left by an earlier run")
        warm = make_graph(min(nodes, WARMUP_ROWS), min(relationships, 4 * WARMUP_ROWS), seed=1)
        out(f"warm-up (not timed): {len(warm.nodes):,} nodes, {len(warm.edges):,} relationships")
        load_batched(driver, database, warm, 500)
        clean(driver, database)
        for size in batch_sizes:
            out(f"batched, batch size {size:,}: loading ...")
            nodes_s, rels_s = load_batched(driver, database, graph, size)
            figure = BatchFigure(size, nodes / nodes_s, relationships / rels_s)
            result.batched.append(figure)
            out(
                f"  {nodes:,} nodes in {nodes_s:.1f} s, "
                f"{relationships:,} relationships in {rels_s:.1f} s"
            )
            start = time.perf_counter()
            clean(driver, database)
            out(f"  cleaned in {time.perf_counter() - start:.1f} s")
        sample_nodes = graph.nodes[:naive_sample]
        sample_edges = graph.edges[:naive_sample]
        result.naive_nodes, result.naive_relationships = len(sample_nodes), len(sample_edges)
        out(f"naive, one auto-commit statement per row: {len(sample_nodes):,} nodes ...")
        naive_nodes_s = load_naive_nodes(driver, database, sample_nodes)
        rest = graph.nodes[naive_sample:]
        if rest:
            out(f"  loading the other {len(rest):,} nodes batched (not timed) ...")
            for chunk in _chunks(rest, 1000):
                _write(driver, database, cypher.merge_entities(EntityType.GROUP, list(chunk)))
        out(f"  {len(sample_edges):,} relationships ...")
        naive_rels_s = load_naive_edges(driver, database, sample_edges)
        result.naive_nodes_per_s = len(sample_nodes) / naive_nodes_s
        result.naive_rels_per_s = len(sample_edges) / naive_rels_s
        clean(driver, database)
    report(result, out)
    return result


def report(result: LoadResult, out: Out = print) -> None:
    out("")
    out(f"results: {result.nodes:,} nodes, {result.relationships:,} relationships")
    out(f"{'loader':<24}{'nodes/s':>12}{'rels/s':>12}{'x naive (nodes)':>18}{'x naive (rels)':>17}")
    for f in result.batched:
        out(
            f"{f'batched, batch {f.batch_size}':<24}{f.nodes_per_s:>12,.0f}{f.rels_per_s:>12,.0f}"
            f"{f.nodes_per_s / result.naive_nodes_per_s:>18.1f}"
            f"{f.rels_per_s / result.naive_rels_per_s:>17.1f}"
        )
    out(
        f"{'naive, 1 row per tx':<24}{result.naive_nodes_per_s:>12,.0f}"
        f"{result.naive_rels_per_s:>12,.0f}{1:>18.1f}{1:>17.1f}"
    )
    out(
        f"naive loader measured on a sample: the first {result.naive_nodes:,} nodes and "
        f"{result.naive_relationships:,} relationships (rates extrapolate to the full graph)"
    )
    best = result.best
    out(
        f"best batch size: {best.batch_size:,} "
        f"(least total time for {result.nodes:,} nodes + {result.relationships:,} relationships)"
    )
    out(
        f"ratio batched/naive at batch {best.batch_size:,}: "
        f"nodes {best.nodes_per_s / result.naive_nodes_per_s:.1f}x, "
        f"relationships {best.rels_per_s / result.naive_rels_per_s:.1f}x"
    )


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("batch sizes must be positive integers")
    return sizes


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--relationships", type=int, default=100_000, help="default 100000")
    parser.add_argument(
        "--nodes", type=int, default=None, help="Group nodes (default: relationships / 5)"
    )
    parser.add_argument(
        "--batch-size",
        type=_sizes,
        default=list(DEFAULT_BATCH_SIZES),
        help="batch size(s) to measure, comma-separated (default 100,500,1000,5000)",
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=5000,
        help="nodes and relationships loaded by the naive loader (default 5000)",
    )
    args = parser.parse_args(argv)
    if args.relationships < 1 or args.naive_sample < 1:
        parser.error("--relationships and --naive-sample must be positive")
    return args


def main(
    argv: Sequence[str] | None = None,
    *,
    target: tuple[str, tuple[str, str], str] | None = None,
    out: Out = print,
) -> LoadResult:
    """Parse ``argv`` and run; ``target`` (uri, auth, database) skips starting a server."""
    args = parse_args(argv)
    started = time.perf_counter()

    def line(text: str) -> None:
        out(text)
        sys.stdout.flush()

    line(f"machine: {machine()}")

    with contextlib.ExitStack() as stack:
        if target is None:
            found = stack.enter_context(default_target(line))
            target = (found.uri, found.auth, found.database)
            line(f"target: {found.label}")
        uri, auth, database = target
        result = run_load(
            uri,
            auth,
            database,
            relationships=args.relationships,
            nodes=args.nodes,
            batch_sizes=args.batch_size,
            naive_sample=args.naive_sample,
            out=line,
        )
    line(f"total time: {time.perf_counter() - started:.0f} s")
    return result


if __name__ == "__main__":
    main()
