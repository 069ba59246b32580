"""Every cookbook query in schema/queries/, run against a real Bolt server.

The graph is the seed articles plus a few hand-made documents about made-up groups: the seed
rows are checked only for facts the seed text states plainly (extraction is still tuned),
the hand-made ones exactly (dates, statuses, counts).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import claim, ent, settings_env
from typer.testing import CliRunner

from kg import api
from kg.cli import app
from kg.errors import QueryError
from kg.models import Claim, Document, Entity, Extraction
from kg.ontology import RelationType, Status
from kg.resources import queries_dir
from kg.settings import Settings

pytestmark = pytest.mark.graph

QUERIES = sorted(p.stem for p in queries_dir().glob("*.cypher"))
HTS = "Hay'at Tahrir al-Sham"


# -- hand-made documents ------------------------------------------------------------------


MU = ent("group:mu-front", "Mu Front", "Mu Front", "MF")
ALPHA = ent("group:alpha-brigade", "Alpha Brigade")
ZETA = ent("group:zeta-army", "Zeta Army")
OMEGA = ent("group:omega-cell", "Omega Cell")
NU = ent("group:nu-splinter", "Nu Splinter")
XI = ent("group:xi-offshoot", "Xi Offshoot")
LEE = ent("leader:abu-test", "Abu Test")
TOWN = ent("location:testville", "Testville")


def say(
    doc_id: str,
    n: int,
    rel_type: RelationType,
    source: Entity,
    target: Entity,
    status: Status = Status.ASSERTED,
    **extra: Any,
) -> Claim:
    sentence = f"{doc_id}: {source.name} {rel_type.value} {target.name} ({status.value}, {n})."
    return claim(doc_id, n, rel_type, source, target, status=status, sentence=sentence, **extra)


def handmade() -> list[Extraction]:
    R, S = RelationType, Status
    claims = {
        "cb-t1": [
            say("cb-t1", 1, R.ALLIED_WITH, MU, ALPHA, valid_from="2010", valid_to="2012"),
            say("cb-t1", 2, R.ATTACKED, MU, ALPHA, date="2013-05"),
            say("cb-t1", 3, R.ATTACKED, MU, ALPHA, date="2013-09"),
            say("cb-t1", 4, R.LEADS, LEE, MU),
            say("cb-t1", 5, R.BASED_IN, MU, TOWN),
            say("cb-t1", 6, R.SPLIT_FROM, NU, MU, date="2016"),
        ],
        "cb-t2": [
            say("cb-t2", 1, R.ALLIED_WITH, ZETA, MU, date="2015-06"),
            say("cb-t2", 2, R.ATTACKED, MU, ALPHA, date="2013-05"),
            say("cb-t2", 3, R.PLEDGED_TO, MU, ZETA, S.CLAIMED, date="2017"),
            say("cb-t2", 4, R.SPLIT_FROM, XI, NU, date="2018"),
        ],
        "cb-t3": [
            say("cb-t3", 1, R.PLEDGED_TO, MU, ZETA, S.DENIED, attributed_to="Zeta Army"),
            say("cb-t3", 2, R.ALLIED_WITH, MU, OMEGA, S.DENIED, date="2011"),
            say("cb-t3", 3, R.ATTACKED, ALPHA, MU, S.DENIED, date="2014"),
        ],
    }
    extractions = []
    for doc_id, said in claims.items():
        ids = {c.source for c in said} | {c.target for c in said}
        entities = [e for e in (MU, ALPHA, ZETA, OMEGA, NU, XI, LEE, TOWN) if e.id in ids]
        text = " ".join(c.evidence.sentence for c in said)
        document = Document(
            id=doc_id,
            name=f"{doc_id}.txt",
            source=f"/cookbook/{doc_id}.txt",
            text=text,
            content_hash=doc_id,
        )
        extractions.append(Extraction(document=document, entities=entities, claims=said))
    return extractions


@pytest.fixture(scope="module")
def graph(bolt_settings: Settings, seed_extractions: list[Extraction]) -> Settings:
    with api.open_store(bolt_settings) as store:
        store.write("MATCH (n) DETACH DELETE n")
        store.load([*seed_extractions, *handmade()])
    return bolt_settings


def run(settings: Settings, name: str, **params: Any) -> list[dict[str, Any]]:
    return api.query(api.named_query(name), params, settings)


def iso(value: Any) -> Any:
    return value.iso_format() if hasattr(value, "iso_format") else value


# -- the files themselves -----------------------------------------------------------------


def test_the_cookbook_has_the_documented_queries() -> None:
    assert set(QUERIES) >= {
        "alliances_as_of",
        "split_lineage",
        "pledges_over_time",
        "attacks_by_actor_year",
        "contested_claims",
        "group_profile",
        "evidence_for",
    }


@pytest.mark.parametrize("name", QUERIES)
def test_each_query_documents_itself_and_its_parameters(name: str) -> None:
    text = (queries_dir() / f"{name}.cypher").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith(f"// {name}: "), "first line: '// <name>: what it answers'"
    header = [ln for ln in lines if ln.startswith("//")]
    assert lines[: len(header)] == header, "the comment header comes first"
    declared = dict(re.findall(r"^//\s*\$(\w+)\s+(required|optional)\b", text, re.MULTILINE))
    body = "\n".join(lines[len(header) :])
    used = set(re.findall(r"\$(\w+)", body))
    assert used == set(declared), f"declared {sorted(declared)}, used {sorted(used)}"
    assert not re.search(r"\bapoc\.|\bgds\.", body, re.IGNORECASE), "keep Cypher portable"


def test_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(QueryError, match="group_profile"):
        api.named_query("no_such_query")


# -- alliances_as_of ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "allies"),
    [
        ("2009-12-31", []),
        ("2010-01-01", ["Alpha Brigade"]),
        ("2011-06-01", ["Alpha Brigade"]),
        ("2012-12-31", ["Alpha Brigade"]),
        ("2013-01-01", []),
        ("2015-05-31", []),
        ("2015-06-01", ["Zeta Army"]),
        ("2024-01-01", ["Zeta Army"]),
    ],
)
def test_alliances_as_of_a_date(graph: Settings, day: str, allies: list[str]) -> None:
    rows = run(graph, "alliances_as_of", group="mf", date=day)
    assert [r["ally"] for r in rows] == allies
    assert all(r["group"] == "Mu Front" for r in rows)


def test_alliances_as_of_carry_dates_and_sources(graph: Settings) -> None:
    [row] = run(graph, "alliances_as_of", group="Mu Front", date="2011-01-01")
    assert (iso(row["since"]), iso(row["until"])) == ("2010-01-01", "2012-12-31")
    assert (row["status"], row["support"], row["documents"]) == ("asserted", 1, ["cb-t1"])
    [row] = run(graph, "alliances_as_of", group="MU FRONT", date="2020-01-01")
    assert (iso(row["since"]), row["until"]) == ("2015-06-01", None)


def test_alliances_as_of_on_the_seed_graph_respects_dates(graph: Settings) -> None:
    rows = run(graph, "alliances_as_of", group="HTS", date="2024-01-01", undated=True)
    for row in rows:
        assert row["group"] == HTS
        assert row["since"] is None or iso(row["since"]) <= "2024-01-01"
        assert row["until"] is None or iso(row["until"]) >= "2024-01-01"
        assert row["status"] != "denied"
    dated = run(graph, "alliances_as_of", group="HTS", date="2024-01-01")
    assert {r["ally"] for r in dated} <= {r["ally"] for r in rows}
    assert all(r["since"] is not None for r in dated)


# -- split_lineage ----------------------------------------------------------------------------


def test_split_lineage_both_ways(graph: Settings) -> None:
    rows = run(graph, "split_lineage", group="Xi Offshoot")
    assert [
        (r["direction"], r["group"], r["hops"]) for r in sorted(rows, key=lambda r: r["hops"])
    ] == [
        ("parent", "Nu Splinter", 1),
        ("parent", "Mu Front", 2),
    ]
    deepest = max(rows, key=lambda r: r["hops"])
    assert deepest["chain"] == ["Xi Offshoot", "Nu Splinter", "Mu Front"]
    assert deepest["dates"] == ["2018", "2016"]
    rows = run(graph, "split_lineage", group="mf")
    assert sorted((r["direction"], r["group"], r["hops"]) for r in rows) == [
        ("offshoot", "Nu Splinter", 1),
        ("offshoot", "Xi Offshoot", 2),
    ]


@pytest.mark.parametrize("group", ["Hurras al-Din", "HTS"])
def test_split_lineage_of_the_seed_reaches_al_qaeda(graph: Settings, group: str) -> None:
    rows = run(graph, "split_lineage", group=group)
    parents = [r for r in rows if r["direction"] == "parent"]
    assert "al-Qaeda" in {r["group"] for r in parents}, rows
    assert all(len(r["chain"]) == r["hops"] + 1 == len(r["dates"]) + 1 for r in rows)


# -- pledges_over_time ----------------------------------------------------------------------


def test_pledges_over_time_for_one_group(graph: Settings) -> None:
    rows = run(graph, "pledges_over_time", group="zeta army")
    assert [(r["pledger"], r["pledged_to"], r["status"], r["first_date"]) for r in rows] == [
        ("Mu Front", "Zeta Army", "contested", "2017")
    ]
    assert iso(rows[0]["date"]) == "2017-01-01"
    assert rows[0]["documents"] == ["cb-t2", "cb-t3"]


def test_pledges_over_time_are_ordered_and_filtered(graph: Settings) -> None:
    rows = run(graph, "pledges_over_time")
    assert ("Mu Front", "Zeta Army") in {(r["pledger"], r["pledged_to"]) for r in rows}
    dated = [iso(r["date"]) for r in rows if r["date"] is not None]
    assert dated == sorted(dated)
    assert all(r["date"] is None for r in rows[len(dated) :]), "undated pledges come last"
    islamic_state = run(graph, "pledges_over_time", group="Islamic State")
    assert islamic_state, "the seed articles report pledges to the Islamic State"
    assert all("Islamic State" in (r["pledger"], r["pledged_to"]) for r in islamic_state)


# -- attacks_by_actor_year ------------------------------------------------------------------


def test_attacks_by_actor_year_counts_each_attack_once(graph: Settings) -> None:
    rows = run(graph, "attacks_by_actor_year", actor="MF")
    assert len(rows) == 1
    row = rows[0]
    assert (row["actor"], row["year"], row["attacks"], row["documents"]) == (
        "Mu Front",
        2013,
        2,
        2,
    )
    assert row["targets"] == ["Alpha Brigade"]
    assert sorted(row["dates"]) == ["2013-05", "2013-09"]
    assert run(graph, "attacks_by_actor_year", actor="Alpha Brigade") == [], "denied: left out"
    assert run(graph, "attacks_by_actor_year", actor="MF", year=2014) == []


def test_attacks_by_actor_year_filters_by_year(graph: Settings) -> None:
    everything = run(graph, "attacks_by_actor_year")
    assert {r["year"] for r in everything if r["year"] is not None} >= {2013}
    for year in {r["year"] for r in everything if r["year"] is not None}:
        rows = run(graph, "attacks_by_actor_year", year=year)
        assert rows and all(r["year"] == year for r in rows)
        assert len(rows) == sum(1 for r in everything if r["year"] == year)
    assert sum(r["attacks"] for r in everything) >= len(everything)


# -- contested_claims -----------------------------------------------------------------------


def test_contested_claims_show_who_said_what(graph: Settings) -> None:
    rows = [
        r
        for r in run(graph, "contested_claims")
        if r["edge_key"] == "pledged_to|group:mu-front|group:zeta-army"
    ]
    assert [(r["status"], r["document"], r["attributed_to"]) for r in rows] == [
        ("claimed", "cb-t2.txt", None),
        ("denied", "cb-t3.txt", "Zeta Army"),
    ]
    assert all(
        (r["relation"], r["source"], r["target"]) == ("PLEDGED_TO", "Mu Front", "Zeta Army")
        for r in rows
    )
    assert rows[1]["sentence"] == "cb-t3: Mu Front pledged_to Zeta Army (denied, 1)."


def test_contested_claims_pair_a_denial_with_a_claim(graph: Settings) -> None:
    by_edge: dict[str, set[str]] = {}
    for row in run(graph, "contested_claims"):
        by_edge.setdefault(row["edge_key"], set()).add(row["status"])
        assert row["document"] and row["sentence"]
    assert by_edge
    for statuses in by_edge.values():
        assert "denied" in statuses and len(statuses) > 1


# -- group_profile ----------------------------------------------------------------------------


def test_group_profile_exactly(graph: Settings) -> None:
    [row] = run(graph, "group_profile", group="mf")
    assert row["group"] == "Mu Front"
    assert row["aliases"] == ["MF", "Mu Front"]
    assert row["leaders"] == ["Abu Test"]
    assert row["places"] == ["Testville"]
    assert sorted(row["allies"]) == ["Alpha Brigade", "Zeta Army"], "Omega Cell was denied"
    assert row["enemies"] == ["Alpha Brigade"]
    assert row["pledged_to"] == ["Zeta Army"]
    assert row["split_from"] == []
    assert sorted(row["documents"]) == ["cb-t1.txt", "cb-t2.txt", "cb-t3.txt"]
    [nu] = run(graph, "group_profile", group="Nu Splinter")
    assert nu["split_from"] == ["Mu Front"]


def test_group_profile_of_hts_from_the_seed(graph: Settings) -> None:
    [row] = run(graph, "group_profile", group="HTS")
    assert row["group"] == HTS
    assert "Abu Muhammad al-Julani" in row["leaders"]
    assert "al-Qaeda" in row["split_from"]
    assert row["documents"] and all(name.endswith(".txt") for name in row["documents"])
    assert run(graph, "group_profile", group=HTS.upper()) == [row]
    assert run(graph, "group_profile", group="no such group") == []


# -- evidence_for -------------------------------------------------------------------------------


def test_evidence_for_an_edge(graph: Settings) -> None:
    rows = run(graph, "evidence_for", source="MF", target="zeta army", type="pledged_to")
    assert [(r["relation"], r["status"], r["date"], r["document"]) for r in rows] == [
        ("PLEDGED_TO", "claimed", "2017", "cb-t2.txt"),
        ("PLEDGED_TO", "denied", None, "cb-t3.txt"),
    ]
    assert {r["sentence"] for r in rows} == {
        "cb-t2: Mu Front pledged_to Zeta Army (claimed, 3).",
        "cb-t3: Mu Front pledged_to Zeta Army (denied, 1).",
    }
    reverse = run(graph, "evidence_for", source="Zeta Army", target="Mu Front", type="ALLIED_WITH")
    assert [(r["source"], r["target"], r["date"]) for r in reverse] == [
        ("Zeta Army", "Mu Front", "2015-06")
    ]
    assert run(graph, "evidence_for", source="Zeta Army", target="MF", type="pledged_to") == []
    every = run(graph, "evidence_for", source="MF", target="Alpha Brigade")
    assert sorted((r["relation"], r["date"] or "") for r in every) == [
        ("ALLIED_WITH", ""),
        ("ATTACKED", "2013-05"),
        ("ATTACKED", "2013-05"),
        ("ATTACKED", "2013-09"),
    ]


def test_evidence_for_a_seed_split(graph: Settings) -> None:
    rows = run(graph, "evidence_for", source="HTS", target="al-Qaeda", type="SPLIT_FROM")
    assert rows
    assert all(r["document"].endswith(".txt") and r["sentence"] for r in rows)


# -- through the command line ---------------------------------------------------------------


def test_kg_query_by_name(graph: Settings, tmp_path: Path) -> None:
    runner = CliRunner()
    env = settings_env(graph, tmp_path / "kgdata")
    args = ["query", "--name", "alliances_as_of", "--param", "group=MF", "-p", "date=2011-06-01"]
    result = runner.invoke(app, [*args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["ally"], r["since"], r["until"]) for r in rows] == [
        ("Alpha Brigade", "2010-01-01", "2012-12-31")
    ]
    table = runner.invoke(app, ["query", "-n", "group_profile", "-p", "group=MF"], env=env)
    assert table.exit_code == 0, table.output
    assert "Mu Front" in table.stdout and "(1 rows)" in table.stdout
    optional = runner.invoke(
        app, ["query", "-n", "attacks_by_actor_year", "-p", "year=2013", "-f", "json"], env=env
    )
    assert optional.exit_code == 0, optional.output
    assert {r["year"] for r in json.loads(optional.stdout)} == {2013}
    unknown = runner.invoke(app, ["query", "--name", "nope"], env=env)
    assert unknown.exit_code == 4
    assert "KG-E400" in unknown.output and "alliances_as_of" in unknown.output
