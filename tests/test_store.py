"""The loader against a real Bolt server: idempotent, replacing, retracting, safe.

Hand-made extractions keep every assertion exact (no dependence on extraction quality).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import claim as rel
from helpers import ent, settings_env

from kg import api
from kg.errors import EmptySourceError, QueryError
from kg.export import _plain
from kg.graph import MAX_EVIDENCE
from kg.models import Claim, Document, Entity, Extraction
from kg.ontology import RelationType, Status
from kg.settings import Settings
from kg.store import GraphStore, is_write_query, optional_parameters

pytestmark = pytest.mark.graph

ROOT = Path(__file__).resolve().parent.parent

# -- hand-made extractions ----------------------------------------------------------------


def doc(
    doc_id: str, entities: list[Entity], claims: list[Claim], *, version: str = "v1"
) -> Extraction:
    text = " ".join(c.evidence.sentence for c in claims) or doc_id
    document = Document(
        id=doc_id,
        name=f"{doc_id}.txt",
        source=f"/articles/{doc_id}.txt",
        text=text,
        content_hash=f"{doc_id}-{version}",
    )
    return Extraction(document=document, entities=entities, claims=claims)


A = ent("group:alpha", "Alpha Front", "Alpha Front", "AF")
B = ent("group:beta", "Beta Brigade")
C = ent("group:gamma", "Gamma Army")
D = ent("group:delta", "Delta Cell")
L = ent("leader:lee", "Abu Lee")
P = ent("location:port", "Port Town")


def small_corpus() -> list[Extraction]:
    return [
        doc(
            "d1",
            [A, B, C, L, P],
            [
                rel("d1", 1, RelationType.ALLIED_WITH, B, A, date="2015-03"),
                rel("d1", 2, RelationType.ATTACKED, A, C, date="2016"),
                rel("d1", 3, RelationType.LEADS, L, A, valid_from="2014"),
                rel("d1", 4, RelationType.BASED_IN, A, P),
            ],
        ),
        doc(
            "d2",
            [ent(A.id, A.name, "Alpha"), B],
            [rel("d2", 1, RelationType.ALLIED_WITH, A, B, date="2017", status=Status.REPORTED)],
        ),
    ]


# -- reading the whole graph back ---------------------------------------------------------


def dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship with its properties (minus ``loaded_at``), sorted."""
    nodes = store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS source, b.id AS target, "
        "properties(r) AS props"
    )

    def canon(row: dict[str, Any]) -> str:
        row = _plain(row)
        row["props"].pop("loaded_at", None)
        return json.dumps(row, sort_keys=True, ensure_ascii=False)

    return sorted(map(canon, nodes)), sorted(map(canon, rels))


def node_ids(store: GraphStore, label: str) -> set[str]:
    return {r["id"] for r in store.read(f"MATCH (n:{label}) RETURN n.id AS id")}


def edge(store: GraphStore, rel_type: str, key: str) -> dict[str, Any] | None:
    rows = store.read(
        f"MATCH ()-[r:{rel_type}]->() WHERE r.key = $key RETURN properties(r) AS p", {"key": key}
    )
    assert len(rows) <= 1
    return rows[0]["p"] if rows else None


@pytest.fixture
def store(clean_settings: Settings) -> Iterator[GraphStore]:
    with api.open_store(clean_settings) as opened:
        yield opened


# -- idempotence ----------------------------------------------------------------------------


def documents(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Every Document's properties, ``loaded_at`` included."""
    rows = store.read("MATCH (d:Document) RETURN d.id AS id, properties(d) AS p")
    return {r["id"]: _plain(r["p"]) for r in rows}


EARLIER = "2001-02-03T04:05:06+00:00"


def test_a_second_load_changes_nothing(store: GraphStore) -> None:
    store.load(small_corpus())
    store.write("MATCH (d:Document) SET d.loaded_at = $t", {"t": EARLIER})  # an earlier run
    first_counts, first, first_documents = store.counts(), dump(store), documents(store)
    assert {d["loaded_at"] for d in first_documents.values()} == {EARLIER}
    store.load(small_corpus())
    assert store.counts() == first_counts
    assert dump(store) == first
    assert documents(store) == first_documents  # loaded_at included: nothing moved
    assert first_counts["nodes"]["Claim"] == 5
    assert first_counts["edges"]["ALLIED_WITH"] == 1
    allied = edge(store, "ALLIED_WITH", "allied_with|group:alpha|group:beta")
    assert allied is not None
    assert allied["support"] == 2
    assert allied["documents"] == ["d1", "d2"]
    assert allied["status"] == "asserted"
    assert allied["statuses"] == ["asserted", "reported"]
    assert (allied["first_date"], allied["last_date"]) == ("2015-03", "2017")
    assert _plain(allied["date_from"]) == "2015-03-01"
    assert _plain(allied["date_to"]) == "2017-12-31"
    aliases = store.read("MATCH (g:Group {id: 'group:alpha'}) RETURN g.aliases AS a")[0]["a"]
    assert aliases == ["AF", "Alpha", "Alpha Front"]


def test_the_loader_writes_the_documented_model(store: GraphStore) -> None:
    store.load(small_corpus())
    labels = {r["l"] for r in store.read("MATCH (n) RETURN DISTINCT labels(n)[0] AS l")}
    assert labels == {"Group", "Leader", "Location", "Document", "Claim"}
    provenance = store.read(
        "MATCH (d:Document)-[:STATES]->(c:Claim)-[:SUBJECT]->(s), (c)-[:OBJECT]->(t) "
        "WHERE c.id = 'claim:d1:3' "
        "RETURN d.id AS d, s.id AS s, t.id AS t, c.valid_from AS vf, c.rule AS rule"
    )
    assert provenance == [
        {"d": "d1", "s": "leader:lee", "t": "group:alpha", "vf": "2014", "rule": "t.v1"}
    ]
    leads = edge(store, "LEADS", "leads|leader:lee|group:alpha")
    assert leads is not None and _plain(leads["valid_from_date"]) == "2014-01-01"
    mentions = store.read(
        "MATCH (d:Document {id: 'd2'})-[m:MENTIONS]->(n) RETURN n.id AS id, m.forms AS forms "
        "ORDER BY id"
    )
    assert mentions == [
        {"id": "group:alpha", "forms": ["Alpha"]},
        {"id": "group:beta", "forms": ["Beta Brigade"]},
    ]
    document = store.read("MATCH (d:Document {id: 'd1'}) RETURN properties(d) AS p")[0]["p"]
    assert document["content_hash"] == "d1-v1"
    assert document["claims"] == 4


# -- replacing and retracting -------------------------------------------------------------


def test_an_edited_document_replaces_its_claims(store: GraphStore) -> None:
    store.load(small_corpus())
    edited = doc(
        "d1",
        [ent(A.id, A.name, "Alpha Front"), B, D],
        [rel("d1", 9, RelationType.PLEDGED_TO, A, D, date="2019-05-01")],
        version="v2",
    )
    store.write("MATCH (d:Document) SET d.loaded_at = $t", {"t": EARLIER})
    store.load([edited])
    loaded_at = {i: d["loaded_at"] for i, d in documents(store).items()}
    assert loaded_at["d2"] == EARLIER and loaded_at["d1"] > EARLIER  # new content, new time
    claims = {r["id"] for r in store.read("MATCH (c:Claim) RETURN c.id AS id")}
    assert claims == {"claim:d1:9", "claim:d2:1"}
    # ATTACKED, LEADS and BASED_IN lost their only claim: gone, with the entities only d1 had.
    assert store.counts()["edges"]["ATTACKED"] == 0
    assert store.counts()["edges"]["LEADS"] == 0
    assert store.counts()["edges"]["BASED_IN"] == 0
    assert node_ids(store, "Group") == {"group:alpha", "group:beta", "group:delta"}
    assert node_ids(store, "Leader") == set()
    assert node_ids(store, "Location") == set()
    # ALLIED_WITH is still stated by d2: it stays, support decremented.
    allied = edge(store, "ALLIED_WITH", "allied_with|group:alpha|group:beta")
    assert allied is not None
    assert (allied["support"], allied["documents"], allied["status"]) == (1, ["d2"], "reported")
    assert allied["claims"] == ["claim:d2:1"]
    pledged = edge(store, "PLEDGED_TO", "pledged_to|group:alpha|group:delta")
    assert pledged is not None and pledged["documents"] == ["d1"]
    # d1 no longer says "AF": the alias went with it.
    aliases = store.read("MATCH (g:Group {id: 'group:alpha'}) RETURN g.aliases AS a")[0]["a"]
    assert aliases == ["Alpha", "Alpha Front"]
    hash_ = store.read("MATCH (d:Document {id: 'd1'}) RETURN d.content_hash AS h")[0]["h"]
    assert hash_ == "d1-v2"


def test_an_edited_load_ends_like_a_clean_load(store: GraphStore) -> None:
    edited = doc("d1", [A, D], [rel("d1", 9, RelationType.PLEDGED_TO, A, D)], version="v2")
    store.load(small_corpus())
    store.load([edited])
    incremental = dump(store)
    store.write("MATCH (n) DETACH DELETE n")
    store.load([small_corpus()[1], edited])
    assert dump(store) == incremental


def test_retract_removes_claims_and_orphans(store: GraphStore) -> None:
    store.load(small_corpus())
    store.retract(["d1"])
    assert node_ids(store, "Document") == {"d2"}
    assert {r["id"] for r in store.read("MATCH (c:Claim) RETURN c.id AS id")} == {"claim:d2:1"}
    assert node_ids(store, "Group") == {"group:alpha", "group:beta"}
    assert node_ids(store, "Leader") == set() and node_ids(store, "Location") == set()
    store.retract(["d2"])
    assert store.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_refresh_retracts_a_deleted_file(clean_settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "kept.txt").write_text(
        "Hurras al-Din split from Hayat Tahrir al-Sham in 2018. "
        "Abu Muhammad al-Julani leads Hayat Tahrir al-Sham.\n",
        encoding="utf-8",
    )
    (folder / "gone.txt").write_text(
        "In 2015 the Islamic State attacked Jabhat al-Nusra in Aleppo.\n", encoding="utf-8"
    )
    first = api.refresh([folder], clean_settings)
    assert first.ok and first.documents == 2
    with api.open_store(clean_settings) as store:
        before = dump(store)
        only_gone = {
            r["id"]
            for r in store.read(
                "MATCH (:Document {id: 'gone'})-[:MENTIONS]->(n) "
                "WHERE NOT EXISTS { MATCH (:Document {id: 'kept'})-[:MENTIONS]->(n) } "
                "RETURN n.id AS id"
            )
        }
        assert only_gone, "the removed article should mention something of its own"
    again = api.refresh([folder], clean_settings)
    assert (again.documents, again.skipped, again.retracted) == (0, 2, 0)
    with api.open_store(clean_settings) as store:
        assert dump(store) == before
    (folder / "gone.txt").unlink()
    result = api.refresh([folder], clean_settings)
    assert (result.documents, result.skipped, result.retracted) == (0, 1, 1)
    with api.open_store(clean_settings) as store:
        assert node_ids(store, "Document") == {"kept"}
        left = store.read("MATCH (c:Claim) RETURN DISTINCT c.document_id AS d")
        assert left == [{"d": "kept"}]
        remaining = store.read(
            "MATCH (n) WHERE n.id IN $ids RETURN n.id AS id", {"ids": sorted(only_gone)}
        )
        assert remaining == []
        orphans = store.read(
            "MATCH (n) WHERE NOT n:Document AND NOT n:Claim AND NOT (n)--() RETURN n.id AS id"
        )
        assert orphans == []


ARTICLE = "Hurras al-Din split from Hayat Tahrir al-Sham in 2018.\n"
OTHER = "In 2015 the Islamic State attacked Jabhat al-Nusra in Aleppo.\n"


def test_refresh_from_elsewhere_retracts_a_deleted_file(
    clean_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded as `cd X && kg refresh E`, then refreshed as `cd / && kg refresh X/E`."""
    folder = tmp_path / "E"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "two.txt").write_text(OTHER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = api.refresh(["E"], clean_settings)
    assert first.ok and first.documents == 2
    with api.open_store(clean_settings) as store:
        sources = {d["source"] for d in documents(store).values()}
    assert sources == {str(folder / "one.txt"), str(folder / "two.txt")}  # absolute
    (folder / "two.txt").unlink()
    monkeypatch.chdir("/")
    result = api.refresh([folder], clean_settings)
    assert (result.documents, result.skipped, result.retracted) == (0, 1, 1)
    with api.open_store(clean_settings) as store:
        assert node_ids(store, "Document") == {"one"}


def test_files_with_one_stem_are_documents_of_their_own(
    clean_settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "D"
    for name in ("2024/report.txt", "2025/report.txt", "a.txt", "a.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(ARTICLE if "4" in name or name == "a.txt" else OTHER)
    first = api.refresh([folder], clean_settings)
    assert first.ok and first.documents == 4
    again = api.refresh([folder], clean_settings)  # stable ids: nothing flips
    assert (again.documents, again.skipped, again.retracted) == (0, 4, 0)
    with api.open_store(clean_settings) as store:
        assert node_ids(store, "Document") == {"2024/report", "2025/report", "a", "a.md"}


def test_an_emptied_folder_does_not_wipe_the_graph(
    clean_settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "F"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "two.txt").write_text(OTHER, encoding="utf-8")
    assert api.refresh([folder], clean_settings).documents == 2
    with api.open_store(clean_settings) as store:
        before = dump(store)
    for path in folder.iterdir():
        path.unlink()
    with pytest.raises(EmptySourceError, match="--allow-empty") as refused:
        api.refresh([folder], clean_settings)
    assert str(refused.value).startswith(f"KG-E102 {folder}: no documents found")
    folder.rmdir()  # an unmounted folder: the path is not even there
    with pytest.raises(EmptySourceError):
        api.refresh([folder], clean_settings)
    with api.open_store(clean_settings) as store:
        assert dump(store) == before
    other = tmp_path / "G"  # one emptied folder among good ones is refused as well
    other.mkdir()
    (other / "three.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(EmptySourceError, match=f"^KG-E102 {folder}: .* holds 2 from here"):
        api.refresh([other, folder], clean_settings)
    with api.open_store(clean_settings) as store:
        assert dump(store) == before
    folder.mkdir()
    result = api.refresh([folder], clean_settings, allow_empty=True)
    assert result.retracted == 2
    with api.open_store(clean_settings) as store:
        assert store.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_kg_refresh_of_an_emptied_folder_exits_2_and_keeps_the_graph(
    clean_settings: Settings, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    env = settings_env(clean_settings, clean_settings.data_dir)
    folder = tmp_path / "F"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    assert CliRunner().invoke(app, ["refresh", str(folder)], env=env).exit_code == 0
    (folder / "one.txt").unlink()
    refused = CliRunner().invoke(app, ["refresh", str(folder)], env=env)
    assert refused.exit_code == 2, refused.output
    assert refused.stdout == ""
    [line] = refused.stderr.splitlines()
    assert line.startswith(f"KG-E102 {folder}: ") and "--allow-empty" in line
    with api.open_store(clean_settings) as store:
        assert node_ids(store, "Document") == {"one"}
    allowed = CliRunner().invoke(app, ["refresh", str(folder), "--allow-empty"], env=env)
    assert allowed.exit_code == 1, allowed.output  # the empty folder is still reported
    assert "retracted=1" in allowed.stdout
    with api.open_store(clean_settings) as store:
        assert node_ids(store, "Document") == set()


def test_claimed_by_one_source_and_denied_by_another_is_contested(store: GraphStore) -> None:
    store.load(
        [
            doc(
                "pro", [A, B], [rel("pro", 1, RelationType.PLEDGED_TO, A, B, status=Status.CLAIMED)]
            ),
            doc(
                "con", [A, B], [rel("con", 1, RelationType.PLEDGED_TO, A, B, status=Status.DENIED)]
            ),
        ]
    )
    pledged = edge(store, "PLEDGED_TO", "pledged_to|group:alpha|group:beta")
    assert pledged is not None
    assert pledged["status"] == "contested"
    assert pledged["statuses"] == ["claimed", "denied"]
    assert (pledged["support"], pledged["documents"]) == (2, ["con", "pro"])
    store.retract(["con"])
    pledged = edge(store, "PLEDGED_TO", "pledged_to|group:alpha|group:beta")
    assert pledged is not None and pledged["status"] == "claimed"


# -- batches --------------------------------------------------------------------------------


def test_a_huge_document_loads_in_chunks(store: GraphStore) -> None:
    sources = [ent(f"group:s{i:02d}", f"Source {i}") for i in range(50)]
    targets = [ent(f"group:t{i:02d}", f"Target {i}") for i in range(25)]
    claims = [
        rel("huge", n, RelationType.ATTACKED, sources[n % 50], targets[n % 25], date="2020")
        for n in range(5000)
    ]
    store.batch_size = 500
    stats = store.load([doc("huge", sources + targets, claims)])
    assert (stats.documents, stats.claims, stats.edges_written) == (1, 5000, 50)
    counts = store.counts()
    assert counts["nodes"]["Claim"] == 5000
    assert counts["edges"]["ATTACKED"] == 50
    states = store.read("MATCH (:Document {id: 'huge'})-[s:STATES]->() RETURN count(s) AS n")
    assert states == [{"n": 5000}]
    attacked = edge(store, "ATTACKED", "attacked|group:s00|group:t00")
    assert attacked is not None
    assert attacked["support"] == 1 and len(attacked["claims"]) == 100
    assert len(attacked["evidence"]) == MAX_EVIDENCE


_KILLED_LOADER = textwrap.dedent(
    """
    import json, os, sys
    from neo4j import GraphDatabase
    from kg.models import Extraction
    from kg.store import GraphStore

    with open(sys.argv[1], encoding="utf-8") as handle:
        extractions = [Extraction.model_validate(x) for x in json.load(handle)]
    auth = (os.environ["NEO4J_USERNAME"], os.environ["NEO4J_PASSWORD"])
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        store = GraphStore(driver, os.environ["NEO4J_DATABASE"], batch_size=20,
                           documents_per_transaction=2)
        store.load(extractions)
    """
)


def many_documents(count: int) -> list[Extraction]:
    groups = [ent(f"group:g{i:02d}", f"Group {i}") for i in range(12)]
    corpus = []
    for d in range(count):
        doc_id = f"m{d:03d}"
        cast = [ent(g.id, g.name, g.name, f"G{int(g.id[-2:])}/{d % 3}") for g in groups]
        claims = [
            rel(
                doc_id,
                n,
                [RelationType.ALLIED_WITH, RelationType.ATTACKED][n % 2],
                cast[(d + n) % 12],
                cast[(d * 5 + n + 1) % 12],
                date=f"{2010 + (d + n) % 10}",
                status=[Status.ASSERTED, Status.DENIED, Status.REPORTED][(d * n) % 3],
            )
            for n in range(8)
            if (d + n) % 12 != (d * 5 + n + 1) % 12
        ]
        corpus.append(doc(doc_id, cast, claims))
    return corpus


def test_a_killed_load_rerun_ends_like_a_clean_load(
    store: GraphStore, clean_settings: Settings, tmp_path: Path
) -> None:
    corpus = many_documents(160)
    payload = tmp_path / "corpus.json"
    payload.write_text(json.dumps([x.model_dump(mode="json") for x in corpus]), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_LOADER, str(payload)],
        env={**os.environ, **settings_env(clean_settings, clean_settings.data_dir)},
    )
    try:
        deadline = time.monotonic() + 60
        loaded = 0
        while loaded < 6 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
            loaded = store.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the loader finished before it was killed"
    partial = store.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
    assert 6 <= partial < len(corpus)
    assert partial % 2 == 0, "a transaction of two documents was half committed"
    store.load(corpus)
    rerun = dump(store)
    store.write("MATCH (n) DETACH DELETE n")
    store.load(corpus)
    assert dump(store) == rerun


# -- locking --------------------------------------------------------------------------------


def test_two_refreshes_do_not_run_together(clean_settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Hurras al-Din split from HTS.\n", encoding="utf-8")
    with api.refresh_lock(clean_settings):
        done = subprocess.run(
            [sys.executable, "-m", "kg", "refresh", str(tmp_path / "in")],
            env={**os.environ, **settings_env(clean_settings, clean_settings.data_dir)},
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
    assert done.returncode == 75, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("KG-E301 "), done.stderr
    assert f"pid {os.getpid()}" in lines[0]
    with api.open_store(clean_settings) as store:
        assert store.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


# -- hostile input and read-only queries --------------------------------------------------

HOSTILE = "x'}) DETACH DELETE n //"
HOSTILE_DOC = 'it\'s a "quoted" id`) DETACH DELETE d //'


def test_hostile_names_load_verbatim_and_delete_nothing(store: GraphStore) -> None:
    store.load(small_corpus())
    before = store.counts()
    evil = ent(f"group:{HOSTILE.lower()}", HOSTILE, HOSTILE, '"}) MATCH (m) DELETE m')
    store.load([doc(HOSTILE_DOC, [evil, A], [rel(HOSTILE_DOC, 1, RelationType.ATTACKED, evil, A)])])
    after = store.counts()
    assert after["nodes"]["Group"] == before["nodes"]["Group"] + 1
    assert after["nodes"]["Document"] == before["nodes"]["Document"] + 1
    assert after["nodes"]["Claim"] == before["nodes"]["Claim"] + 1
    assert after["edges"]["ATTACKED"] == before["edges"]["ATTACKED"] + 1
    row = store.read(
        "MATCH (d:Document)-[:MENTIONS]->(g:Group) WHERE g.name = $name "
        "RETURN g.id AS id, g.name AS name, g.aliases AS aliases, d.id AS doc",
        {"name": HOSTILE},
    )
    assert row == [
        {
            "id": f"group:{HOSTILE.lower()}",
            "name": HOSTILE,
            "aliases": ['"}) MATCH (m) DELETE m', HOSTILE],
            "doc": HOSTILE_DOC,
        }
    ]
    store.retract([HOSTILE_DOC])
    assert store.counts() == before


def test_query_refuses_writes_unless_asked(clean_settings: Settings) -> None:
    with api.open_store(clean_settings) as store:
        store.load(small_corpus())
        before = dump(store)
    for text in (
        "CREATE (n:Group {id: 'group:new'})",
        "MATCH (n:Group) MERGE (n)-[:ALLIED_WITH]->(n)",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n:Group) SET n.name = 'x'",
        "MATCH (n) /* ' */ DELETE n /* ' */",
        "INSERT (n:Group {id: 'group:new'}) RETURN n.id",
    ):
        with pytest.raises(QueryError, match="writes to the graph"):
            api.query(text, {}, clean_settings)
    rows = api.query(
        "CREATE (n:Group {id: $id, name: 'New'}) RETURN n.name AS name",
        {"id": "group:new"},
        clean_settings,
        write=True,
    )
    assert rows == [{"name": "New"}]
    with api.open_store(clean_settings) as store:
        nodes, rels = dump(store)
        assert len(nodes) == len(before[0]) + 1 and rels == before[1]


@pytest.mark.parametrize(
    "text",
    [
        "INSERT (n:Probe {id:'x'}) RETURN n.id",
        "insert (:Probe)",
        "CREATE (n:Probe)",
        "MATCH (n) MERGE (n)-[:R]->(n)",
        "MATCH (n) SET n.x = 1",
        "MATCH (n) DELETE n",
        "match (n) detach delete n",
        "MATCH (n) REMOVE n.x",
        "DROP CONSTRAINT c",
        "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
        "MATCH (n) FOREACH (x IN [1] | SET n.y = x)",
        "MATCH (n) CALL { WITH n RETURN n.id AS i } IN TRANSACTIONS RETURN i",
        "CALL { MATCH (n) RETURN n }",
        "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
        "CALL db.createLabel('X')",
        "CALL db.labels.evil()",
        "CALL dbms.security.createUser('u', 'p')",
        "CALL gds.graph.drop('g')",
        "ALTER USER neo4j SET PASSWORD 'x'",
    ],
)
def test_write_queries_are_detected(text: str) -> None:
    assert is_write_query(text)


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (n) WHERE n.name = 'CREATE' RETURN n // DELETE",
        "MATCH (n) RETURN n.`SET` AS s",
        "MATCH (n) RETURN n.set AS s, $delete AS d, n.insert AS i",
        "CALL db.labels()",
        "CALL db.labels() YIELD label RETURN label ORDER BY label",
        "CALL db.relationshipTypes()",
        "CALL db.propertyKeys()",
        "CALL db.schema.visualization()",
        "CALL db.schema.nodeTypeProperties()",
        "CALL dbms.components()",
    ],
)
def test_read_queries_and_read_only_procedures_pass(text: str) -> None:
    assert not is_write_query(text)


def test_write_detection_and_optional_parameters() -> None:
    assert optional_parameters("// $year  optional  a year\n// $actor required\nRETURN 1") == {
        "year": None
    }


def test_a_read_never_commits(store: GraphStore) -> None:
    """Neo4j refuses a write in a read transaction; ArcadeDB runs it, and kg rolls it back."""
    with contextlib.suppress(QueryError):  # raised where the server enforces read access
        store.read("CREATE (n:Group {id: 'group:sneaky', name: 'Sneaky'}) RETURN n.id AS id")
    assert store.read("MATCH (n:Group {id: 'group:sneaky'}) RETURN count(n) AS n") == [{"n": 0}]


def test_whether_the_server_enforces_read_access(store: GraphStore) -> None:
    """Recorded in schema/README.md: ArcadeDB commits a write sent in a read-access session."""
    from neo4j import READ_ACCESS
    from neo4j.exceptions import Neo4jError

    agent = store.driver.get_server_info().agent
    with store.driver.session(database=store.database, default_access_mode=READ_ACCESS) as s:
        try:
            s.execute_read(lambda tx: tx.run("CREATE (:Group {id: 'group:ro'})").consume())
            enforced = False
        except Neo4jError:
            enforced = True
    if "ArcadeDB" in agent:
        assert not enforced, "ArcadeDB now enforces read access: update schema/README.md"
    else:
        assert enforced, agent


def test_a_bad_query_is_a_one_line_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="SyntaxError") as caught:
        store.read("MATCH (n RETURN n")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("KG-E400 ")
