"""The embedded ArcadeDB server, and the Cypher-over-Bolt behaviours kg relies on.

Everything here runs against a real server (no mocks). One module-scoped server serves the
Cypher tests; lifecycle tests start their own on their own data dir. Each test uses its own
labels or id prefix, so the shared database needs no wiping. Findings are summarised in
docs/arcadedb-notes.md.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import kg.embedded
from kg.embedded import EmbeddedServer
from kg.errors import ConfigError, StoreError

neo4j = pytest.importorskip("neo4j")

pytestmark = pytest.mark.graph

REPO = Path(__file__).resolve().parents[1]


# -- fixtures and helpers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path_factory.mktemp("kg-embedded") / "data") as srv:
        yield srv


@pytest.fixture(scope="module")
def driver(server: EmbeddedServer) -> Iterator[Any]:
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as drv:
        yield drv


def write(driver: Any, db: str, query: str, **params: Any) -> list[dict[str, Any]]:
    with driver.session(database=db) as session:
        rows: list[dict[str, Any]] = session.execute_write(
            lambda tx: [r.data() for r in tx.run(query, **params)]
        )
    return rows


def read(driver: Any, db: str, query: str, **params: Any) -> list[dict[str, Any]]:
    with driver.session(database=db) as session:
        rows: list[dict[str, Any]] = session.execute_read(
            lambda tx: [r.data() for r in tx.run(query, **params)]
        )
    return rows


def count(driver: Any, db: str, label: str) -> int:
    found: int = read(driver, db, f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"]
    return found


def run_python(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
    )


def listening_addresses(pid: int) -> list[str]:
    """Local addresses of the TCP sockets `pid` listens on, read from /proc (Linux)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.append(fields[1])
    return found


LOOPBACK_HEX = {
    "0100007F",  # 127.0.0.1
    "0000000000000000FFFF00000100007F",  # ::ffff:127.0.0.1
    "00000000000000000000000001000000",  # ::1
}


# -- lifecycle ----------------------------------------------------------------------------


def test_import_does_not_load_the_jvm() -> None:
    proc = run_python(
        """
        import sys, kg.embedded
        heavy = [m for m in ("jpype", "arcadedb_embedded", "neo4j") if m in sys.modules]
        print(heavy)
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_bad_settings_are_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KG-E500"):
        EmbeddedServer(tmp_path, "../escape")
    with pytest.raises(ConfigError, match="at least 8"):
        EmbeddedServer(tmp_path, password="short")
    srv = EmbeddedServer(tmp_path / "data")
    with pytest.raises(StoreError, match="not started"):
        _ = srv.uri
    assert not (tmp_path / "data").exists()


def test_listens_on_loopback_only(server: EmbeddedServer) -> None:
    if not Path("/proc/self/net/tcp").exists():
        pytest.skip("needs Linux /proc")
    addresses = listening_addresses(os.getpid())
    port = int(server.uri.rsplit(":", 1)[1])
    assert any(int(a.split(":")[1], 16) == port for a in addresses)
    for address in addresses:
        host, hex_port = address.split(":")
        assert host in LOOPBACK_HEX, f"listening beyond loopback: {address}"
        assert int(hex_port, 16) not in (2480, 2424, 7687), "a default port was used"


def test_password_is_generated_private_and_kept(server: EmbeddedServer) -> None:
    path = server.data_dir / ".password"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    user, password = server.auth
    assert (user, password) == ("root", path.read_text().strip())
    assert len(password) >= 8
    logs = "".join(p.read_text(errors="replace") for p in (server.data_dir / "logs").iterdir())
    assert password not in logs


def test_data_persists_across_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # nothing may land in the working directory (ArcadeDB's ./log)
    data = tmp_path / "data"

    first = EmbeddedServer(data)
    first.start()
    first.start()  # idempotent
    drv = neo4j.GraphDatabase.driver(first.uri, auth=first.auth)
    write(drv, first.database, "MERGE (n:Keep {id: 'k1'}) SET n.names = ['a', 'b']")
    first.stop()  # with the driver still open: must not hang
    first.stop()  # idempotent
    drv.close()
    with pytest.raises(StoreError):
        _ = first.uri

    with EmbeddedServer(data) as second:
        assert second.auth == first.auth  # the saved password is reused
        with neo4j.GraphDatabase.driver(second.uri, auth=second.auth) as drv2:
            rows = read(drv2, second.database, "MATCH (n:Keep) RETURN n.id AS id, n.names AS names")
    assert rows == [{"id": "k1", "names": ["a", "b"]}]

    assert list(cwd.iterdir()) == []
    out, err = capfd.readouterr()
    assert out == "" and err == "", "the server must log to data_dir/logs, not the terminal"
    assert any((data / "logs").glob("arcadedb.*.log"))


def test_two_servers_run_side_by_side(server: EmbeddedServer, driver: Any, tmp_path: Path) -> None:
    with EmbeddedServer(tmp_path / "other", "other") as other:
        assert other.uri != server.uri
        with neo4j.GraphDatabase.driver(other.uri, auth=other.auth) as drv:
            write(drv, other.database, "MERGE (:Side {id: 'other'})")
            assert count(drv, other.database, "Side") == 1
        assert count(driver, server.database, "Side") == 0


@pytest.mark.parametrize("taken", [0, 1], ids=["bolt-port-taken", "http-port-taken"])
def test_a_port_taken_meanwhile_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: int
) -> None:
    """Another process may grab a probed port before ArcadeDB binds it: start tries again."""

    probe = kg.embedded._free_ports
    attempts: list[list[int]] = []
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()

        def first_one_taken(count: int) -> list[int]:
            ports = probe(count)
            if not attempts:
                ports[taken] = busy.getsockname()[1]
            attempts.append(ports)
            return ports

        monkeypatch.setattr(kg.embedded, "_free_ports", first_one_taken)
        with EmbeddedServer(tmp_path / "data") as srv:
            assert len(attempts) == 2
            assert srv.uri.endswith(f":{attempts[1][0]}")
            with neo4j.GraphDatabase.driver(srv.uri, auth=srv.auth) as drv:
                assert read(drv, srv.database, "RETURN 1 AS x") == [{"x": 1}]


def test_same_data_dir_is_refused_in_this_process(server: EmbeddedServer, driver: Any) -> None:
    with pytest.raises(StoreError, match=r"^KG-E300 .*in use by another server in this process"):
        EmbeddedServer(server.data_dir).start()
    assert read(driver, server.database, "RETURN 1 AS x") == [{"x": 1}]


def test_same_data_dir_is_refused_in_another_process(server: EmbeddedServer) -> None:
    db_dir = server.data_dir / "databases" / server.database
    before = sorted(p.name for p in db_dir.iterdir())
    started = time.monotonic()
    proc = run_python(
        """
        import sys
        from pathlib import Path
        from kg.embedded import EmbeddedServer
        from kg.errors import StoreError
        try:
            EmbeddedServer(Path(sys.argv[1])).start()
        except StoreError as exc:
            print(exc)
            sys.exit(3)
        """,
        str(server.data_dir),
    )
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.startswith(f"KG-E300 {server.data_dir}: the embedded database is in use")
    assert f"(pid {os.getpid()})" in proc.stdout
    assert time.monotonic() - started < 10  # fails before starting a JVM
    assert sorted(p.name for p in db_dir.iterdir()) == before  # ArcadeDB's files untouched


@pytest.mark.slow
def test_committed_data_survives_a_killed_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from pathlib import Path
                import neo4j
                from kg.embedded import EmbeddedServer
                srv = EmbeddedServer(Path(sys.argv[1]))
                srv.start()
                with neo4j.GraphDatabase.driver(srv.uri, auth=srv.auth) as drv:
                    with drv.session(database=srv.database) as s:
                        s.execute_write(lambda tx: tx.run(
                            "UNWIND range(1, 300) AS i MERGE (:Crash {id: i})").consume())
                print("committed", flush=True)
                time.sleep(120)
                """
            ),
            str(data),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "committed"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    with EmbeddedServer(data) as srv, neo4j.GraphDatabase.driver(srv.uri, auth=srv.auth) as drv:
        assert count(drv, srv.database, "Crash") == 300


# -- transactions ---------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_execute_write_rolls_back_every_statement(server: EmbeddedServer, driver: Any) -> None:
    db = server.database
    write(driver, db, "UNWIND range(1, 5) AS i MERGE (:Atom {id: 'a' + toString(i)})")

    def replace_then_fail(tx: Any) -> None:
        tx.run("MATCH (n:Atom) WHERE n.id IN $ids DETACH DELETE n", ids=["a1", "a2"]).consume()
        tx.run("UNWIND $rows AS row MERGE (n:Atom {id: row.id})", rows=[{"id": "new"}]).consume()
        inside = tx.run("MATCH (n:Atom) RETURN count(n) AS c").single()["c"]
        assert inside == 4  # the transaction sees its own writes
        raise Boom

    with pytest.raises(Boom), driver.session(database=db) as session:
        session.execute_write(replace_then_fail)
    ids = read(driver, db, "MATCH (n:Atom) RETURN n.id AS id ORDER BY id")
    assert [r["id"] for r in ids] == ["a1", "a2", "a3", "a4", "a5"]


def test_a_failing_statement_rolls_back_the_earlier_ones(
    server: EmbeddedServer, driver: Any
) -> None:
    db = server.database
    write(
        driver, db, "CREATE CONSTRAINT atom2_id IF NOT EXISTS FOR (n:Atom2) REQUIRE n.id IS UNIQUE"
    )
    write(driver, db, "MERGE (:Atom2 {id: 'x'}) MERGE (:Atom2 {id: 'y'})")

    def delete_then_violate(tx: Any) -> None:
        tx.run("MATCH (n:Atom2 {id: 'x'}) DETACH DELETE n").consume()
        tx.run("CREATE (:Atom2 {id: 'y'})").consume()

    with pytest.raises(neo4j.exceptions.ConstraintError), driver.session(database=db) as s:
        s.execute_write(delete_then_violate)
    assert count(driver, db, "Atom2") == 2


def test_read_access_mode_does_not_stop_writes(server: EmbeddedServer, driver: Any) -> None:
    """ArcadeDB ignores the Bolt access mode: kg must refuse writes in `kg query` itself."""
    db = server.database
    with driver.session(database=db, default_access_mode=neo4j.READ_ACCESS) as session:
        session.run("CREATE (:ReadOnly {id: 'run'})").consume()
        session.execute_read(lambda tx: tx.run("CREATE (:ReadOnly {id: 'tx'})").consume())
    assert count(driver, db, "ReadOnly") == 2


def test_a_write_can_be_detected_and_rolled_back(server: EmbeddedServer, driver: Any) -> None:
    """How kg can refuse writes: run in an explicit transaction, check, roll back."""
    db = server.database
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        summary = tx.run("CREATE (:Guard {id: 1})").consume()
        assert summary.counters.contains_updates and summary.query_type == "w"
        tx.rollback()
        tx = session.begin_transaction()
        summary = tx.run("MATCH (n:Guard) RETURN count(n) AS c").consume()
        assert not summary.counters.contains_updates and summary.query_type == "r"
        tx.rollback()
    assert count(driver, db, "Guard") == 0


# -- batched MERGE ----------------------------------------------------------------------------

NODE_MERGE = "UNWIND $rows AS row MERGE (n:Group {id: row.id}) SET n += row.props"
REL_MERGE = (
    "UNWIND $rows AS row MATCH (a {id: row.s}), (b {id: row.t}) "
    "MERGE (a)-[r:ALLIED_WITH {key: row.key}]->(b) SET r += row.props"
)


def test_unwind_merge_nodes_and_relationships(server: EmbeddedServer, driver: Any) -> None:
    db = server.database
    write(
        driver, db, "CREATE CONSTRAINT group_id IF NOT EXISTS FOR (n:Group) REQUIRE n.id IS UNIQUE"
    )
    nodes = [
        {
            "id": "m-isis",
            "props": {
                "name": "Islamic State",
                "aliases": ["IS", "ISIL"],
                "founded": dt.date(2014, 6, 29),
                "note": None,
            },
        },
        {"id": "m-aq", "props": {"name": "al-Qaeda", "aliases": [], "founded": None}},
    ]
    rels = [
        {
            "s": "m-isis",
            "t": "m-aq",
            "key": "m-k1",
            "props": {
                "sources": ["doc-1", "doc-2"],
                "valid_from": dt.date(2013, 4, 1),
                "valid_to": None,
                "status": "reported",
            },
        }
    ]
    for _ in range(2):  # a second run changes nothing
        write(driver, db, NODE_MERGE, rows=nodes)
        write(driver, db, REL_MERGE, rows=rels)

    got = read(
        driver,
        db,
        "MATCH (n:Group) WHERE n.id STARTS WITH 'm-' RETURN properties(n) AS p ORDER BY n.id",
    )
    assert [r["p"] for r in got] == [
        {"id": "m-aq", "name": "al-Qaeda", "aliases": []},  # null values are not stored
        {
            "id": "m-isis",
            "name": "Islamic State",
            "aliases": ["IS", "ISIL"],
            "founded": neo4j.time.Date(2014, 6, 29),
        },
    ]
    got = read(driver, db, "MATCH ()-[r:ALLIED_WITH {key: 'm-k1'}]->() RETURN properties(r) AS p")
    assert [r["p"] for r in got] == [
        {
            "key": "m-k1",
            "sources": ["doc-1", "doc-2"],
            "valid_from": neo4j.time.Date(2013, 4, 1),
            "status": "reported",
        }
    ]

    # SET += {x: null} removes x, on relationships and nodes alike, without error.
    rels[0]["props"] = {"status": None}
    write(driver, db, REL_MERGE, rows=rels)
    write(driver, db, NODE_MERGE, rows=[{"id": "m-isis", "props": {"founded": None}}])
    rel = read(driver, db, "MATCH ()-[r:ALLIED_WITH {key: 'm-k1'}]->() RETURN properties(r) AS p")
    node = read(driver, db, "MATCH (n:Group {id: 'm-isis'}) RETURN properties(n) AS p")
    assert "status" not in rel[0]["p"] and "sources" in rel[0]["p"]
    assert "founded" not in node[0]["p"] and node[0]["p"]["name"] == "Islamic State"


def test_a_returned_relationship_carries_no_properties(server: EmbeddedServer, driver: Any) -> None:
    """Trap: ask for properties(r) or r.prop, never for r itself."""
    db = server.database
    write(
        driver,
        db,
        "MERGE (a:Trap {id: 't-a'}) MERGE (b:Trap {id: 't-b'}) "
        "MERGE (a)-[:TRAPPED {key: 't-k', w: 1}]->(b)",
    )
    rel = read(driver, db, "MATCH (:Trap)-[r:TRAPPED]->() RETURN r")[0]["r"]
    assert rel == ({}, "TRAPPED", {})


def test_schema_statements_are_idempotent(server: EmbeddedServer, driver: Any) -> None:
    db = server.database
    for _ in range(2):
        write(
            driver,
            db,
            "CREATE CONSTRAINT schema_id IF NOT EXISTS FOR (n:Schema) REQUIRE n.id IS UNIQUE",
        )
        write(
            driver, db, "CREATE INDEX claim_document IF NOT EXISTS FOR (n:Claim) ON (n.document_id)"
        )
    constraints = read(driver, db, "SHOW CONSTRAINTS")
    assert [c["name"] for c in constraints].count("schema_id") == 1
    indexes = read(driver, db, "SHOW INDEXES")
    assert [i["name"] for i in indexes].count("claim_document") == 1
    write(driver, db, "MERGE (:Schema {id: 1})")
    with pytest.raises(neo4j.exceptions.ConstraintError):
        write(driver, db, "CREATE (:Schema {id: 1})")


def test_detach_delete_by_id_list(server: EmbeddedServer, driver: Any) -> None:
    db = server.database
    write(driver, db, "UNWIND range(1, 4) AS i MERGE (:Del {id: 'd' + toString(i)})")
    write(driver, db, "MATCH (a:Del {id: 'd1'}), (b:Del {id: 'd2'}) MERGE (a)-[:LINK]->(b)")
    write(driver, db, "MATCH (n) WHERE n.id IN $ids DETACH DELETE n", ids=["d1", "d2", "nope"])
    assert [r["id"] for r in read(driver, db, "MATCH (n:Del) RETURN n.id AS id ORDER BY id")] == [
        "d3",
        "d4",
    ]


# -- Cypher features over Bolt ----------------------------------------------------------------


@pytest.fixture(scope="module")
def factions(server: EmbeddedServer, driver: Any) -> str:
    """A small read-only graph.

    hts SPLIT_FROM jn SPLIT_FROM aq; isis SPLIT_FROM aq; jn ALLIED_WITH aq.
    """
    db = server.database
    write(
        driver,
        db,
        "UNWIND $rows AS row MERGE (n:Faction {id: row.id}) SET n += row.props",
        rows=[
            {"id": "aq", "props": {"name": "al-Qaeda", "aliases": ["AQ"]}},
            {"id": "jn", "props": {"name": "Jabhat al-Nusra", "aliases": ["JN", "Nusra"]}},
            {"id": "hts", "props": {"name": "Hayat Tahrir al-Sham", "aliases": ["HTS"]}},
            {
                "id": "isis",
                "props": {"name": "Islamic State", "aliases": [], "founded": dt.date(2014, 6, 29)},
            },
        ],
    )
    write(
        driver,
        db,
        "UNWIND $rows AS row MATCH (a:Faction {id: row.s}), (b:Faction {id: row.t}) "
        "MERGE (a)-[r:SPLIT_FROM]->(b) SET r.valid_from = row.d",
        rows=[
            {"s": "hts", "t": "jn", "d": dt.date(2017, 1, 28)},
            {"s": "jn", "t": "aq", "d": dt.date(2016, 7, 28)},
            {"s": "isis", "t": "aq", "d": dt.date(2014, 2, 3)},
        ],
    )
    write(
        driver,
        db,
        "MATCH (a:Faction {id: 'jn'}), (b:Faction {id: 'aq'}) "
        "MERGE (a)-[r:ALLIED_WITH {key: 'f-k'}]->(b) SET r.valid_from = date('2012-01-23')",
    )
    return db


FEATURES: list[tuple[str, str, dict[str, Any], Callable[[list[dict[str, Any]]], Any]]] = [
    (
        "optional match + collect",
        "MATCH (n:Faction) OPTIONAL MATCH (n)<-[:SPLIT_FROM]-(c) "
        "RETURN n.id AS id, collect(c.id) AS kids ORDER BY id",
        {},
        lambda rows: (
            [(r["id"], sorted(r["kids"])) for r in rows]
            == [("aq", ["isis", "jn"]), ("hts", []), ("isis", []), ("jn", ["hts"])]
        ),
    ),
    (
        "count {} subquery",
        "MATCH (n:Faction) RETURN n.id AS id, COUNT { (n)<-[:SPLIT_FROM]-() } AS c ORDER BY id",
        {},
        lambda rows: [r["c"] for r in rows] == [2, 0, 0, 1],
    ),
    (
        "size of a pattern comprehension",
        "MATCH (n:Faction {id: 'aq'}) RETURN size([(n)<-[:SPLIT_FROM]-(c) | c.id]) AS c",
        {},
        lambda rows: rows == [{"c": 2}],
    ),
    (
        "EXISTS { MATCH ... }",
        "MATCH (n:Faction) WHERE EXISTS { MATCH (n)-[:ALLIED_WITH]->() } RETURN n.id AS id",
        {},
        lambda rows: rows == [{"id": "jn"}],
    ),
    (
        "NOT EXISTS { MATCH ... }",
        "MATCH (n:Faction) WHERE NOT EXISTS { MATCH (n)-[:SPLIT_FROM]->() } RETURN n.id AS id",
        {},
        lambda rows: rows == [{"id": "aq"}],
    ),
    (
        "coalesce",
        "MATCH (n:Faction) RETURN n.id AS id, coalesce(n.founded, 'unknown') AS f ORDER BY id",
        {},
        lambda rows: (
            [r["f"] for r in rows]
            == ["unknown", "unknown", neo4j.time.Date(2014, 6, 29), "unknown"]
        ),
    ),
    (
        "date($s) <= r.valid_from",
        "MATCH (a)-[r:SPLIT_FROM]->() WHERE date($s) <= r.valid_from RETURN a.id AS id ORDER BY id",
        {"s": "2016-01-01"},
        lambda rows: rows == [{"id": "hts"}, {"id": "jn"}],
    ),
    (
        "a Python date as parameter",
        "MATCH (a)-[r:SPLIT_FROM]->() WHERE r.valid_from < $d RETURN a.id AS id",
        {"d": dt.date(2015, 1, 1)},
        lambda rows: rows == [{"id": "isis"}],
    ),
    (
        "list comprehension",
        "MATCH (n:Faction {id: 'jn'}) RETURN [x IN n.aliases WHERE x <> 'JN' | toUpper(x)] AS l",
        {},
        lambda rows: rows == [{"l": ["NUSRA"]}],
    ),
    (
        "IN on a list property",
        "MATCH (n:Faction) WHERE $alias IN n.aliases RETURN n.id AS id",
        {"alias": "Nusra"},
        lambda rows: rows == [{"id": "jn"}],
    ),
    (
        "ORDER BY + SKIP/LIMIT as parameters",
        "MATCH (n:Faction) RETURN n.id AS id ORDER BY n.name DESC SKIP $skip LIMIT $limit",
        {"skip": 1, "limit": 2},
        lambda rows: rows == [{"id": "jn"}, {"id": "isis"}],  # "al-" sorts after "J"
    ),
    (
        "parameter map",
        "MATCH (n:Faction {id: $m.id}) WHERE n.name = $m.name RETURN n.id AS id",
        {"m": {"id": "hts", "name": "Hayat Tahrir al-Sham"}},
        lambda rows: rows == [{"id": "hts"}],
    ),
    (
        "shortestPath",
        "MATCH p = shortestPath((a:Faction {id: 'hts'})-[*..5]-(b:Faction {id: 'isis'})) "
        "RETURN [x IN nodes(p) | x.id] AS ids",
        {},
        lambda rows: rows == [{"ids": ["hts", "jn", "aq", "isis"]}],
    ),
    (
        "variable-length path",
        "MATCH (a:Faction {id: 'hts'})-[:SPLIT_FROM*1..5]->(b) RETURN b.id AS id ORDER BY id",
        {},
        lambda rows: rows == [{"id": "aq"}, {"id": "jn"}],
    ),
    (
        "labels, type, properties, startNode, endNode",
        "MATCH (a)-[r:ALLIED_WITH {key: 'f-k'}]->(b) RETURN labels(a) AS l, type(r) AS t, "
        "properties(r) AS p, startNode(r).id AS s, endNode(r).id AS e",
        {},
        lambda rows: (
            rows
            == [
                {
                    "l": ["Faction"],
                    "t": "ALLIED_WITH",
                    "p": {"key": "f-k", "valid_from": neo4j.time.Date(2012, 1, 23)},
                    "s": "jn",
                    "e": "aq",
                }
            ]
        ),
    ),
    (
        "relationships(p) and type()",
        "MATCH p = (:Faction {id: 'hts'})-[:SPLIT_FROM*2]->() RETURN [r IN relationships(p) | "
        "type(r)] AS t",
        {},
        lambda rows: rows == [{"t": ["SPLIT_FROM", "SPLIT_FROM"]}],
    ),
    (
        "CALL { } subquery",
        "MATCH (n:Faction {id: 'aq'}) CALL { WITH n MATCH (n)<-[:SPLIT_FROM]-(c) "
        "RETURN count(c) AS c } RETURN c",
        {},
        lambda rows: rows == [{"c": 2}],
    ),
    (
        "UNION",
        "MATCH (n:Faction {id: 'aq'}) RETURN n.id AS id UNION MATCH (n:Faction {id: 'jn'}) "
        "RETURN n.id AS id",
        {},
        lambda rows: sorted(r["id"] for r in rows) == ["aq", "jn"],
    ),
    (
        "db.labels() and db.relationshipTypes()",
        "CALL db.labels() YIELD label WITH collect(label) AS labels "
        "CALL db.relationshipTypes() YIELD relationshipType "
        "RETURN labels, collect(relationshipType) AS types",
        {},
        lambda rows: "Faction" in rows[0]["labels"] and "SPLIT_FROM" in rows[0]["types"],
    ),
]


@pytest.mark.parametrize(
    ("query", "params", "check"),
    [pytest.param(q, p, c, id=name) for name, q, p, c in FEATURES],
)
def test_cypher_feature(
    driver: Any,
    factions: str,
    query: str,
    params: dict[str, Any],
    check: Callable[[list[dict[str, Any]]], Any],
) -> None:
    rows = read(driver, factions, query, **params)
    assert check(rows), rows


def test_old_size_of_pattern_syntax_is_refused(driver: Any, factions: str) -> None:
    """`size((n)-->())` (removed in Neo4j 5) fails: use COUNT {} or a pattern comprehension."""
    with pytest.raises(neo4j.exceptions.CypherSyntaxError):
        read(driver, factions, "MATCH (n:Faction) RETURN size((n)<-[:SPLIT_FROM]-()) AS c")


# -- rates ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_batched_merge_rates(server: EmbeddedServer, driver: Any) -> None:
    """Print rough rates for kg's batched MERGE; figures go to docs/arcadedb-notes.md."""
    db = server.database
    n = int(os.environ.get("KG_BENCH_ROWS", "10000"))
    lines = []
    for batch in (100, 500, 1000, 5000):
        label = f"Bench{batch}"
        write(
            driver,
            db,
            f"CREATE CONSTRAINT bench{batch} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE",
        )
        nodes = [
            {"id": f"b{batch}-{i}", "props": {"name": f"group {i}", "aliases": [f"g{i}"]}}
            for i in range(n)
        ]
        rels = [
            {
                "s": f"b{batch}-{i}",
                "t": f"b{batch}-{(i * 7 + 1) % n}",
                "key": f"b{batch}-k{i}",
                "props": {"sources": ["doc"], "valid_from": dt.date(2015, 1, 1)},
            }
            for i in range(n)
        ]
        rates = []
        for query, rows in (
            (f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props", nodes),
            (
                f"UNWIND $rows AS row MATCH (a:{label} {{id: row.s}}), (b:{label} {{id: row.t}}) "
                "MERGE (a)-[r:ALLIED_WITH {key: row.key}]->(b) SET r += row.props",
                rels,
            ),
        ):
            started = time.perf_counter()
            with driver.session(database=db) as session:
                for i in range(0, n, batch):
                    chunk = rows[i : i + batch]
                    session.execute_write(lambda tx, c=chunk, q=query: tx.run(q, rows=c).consume())
            rates.append(n / (time.perf_counter() - started))
        assert count(driver, db, label) == n
        lines.append(f"batch {batch:>5}: {rates[0]:>8,.0f} nodes/s {rates[1]:>8,.0f} rels/s")
    print("\n" + "\n".join(lines))
