"""Claims aggregated into edges (kg.graph): pure functions, no server."""

from __future__ import annotations

import datetime as dt

from kg.graph import MAX_EVIDENCE, ClaimRow, aggregate, edge_key, networkx_from_extractions
from kg.models import Claim, Document, Entity, Evidence, Extraction
from kg.ontology import EntityType, RelationType, Status


def row(n: int, rel: RelationType, source: str, target: str, **extra: object) -> ClaimRow:
    values: dict[str, object] = {
        "id": f"claim:{n:03d}",
        "type": rel,
        "source": source,
        "target": target,
        "document_id": f"doc-{n}",
        "status": Status.ASSERTED,
        "sentence": f"sentence {n}",
    }
    values.update(extra)
    return ClaimRow.model_validate(values)


def test_allied_with_is_one_edge_per_pair_whatever_the_order() -> None:
    assert edge_key(RelationType.ALLIED_WITH, "group:b", "group:a") == "allied_with|group:a|group:b"
    assert edge_key(RelationType.ATTACKED, "group:b", "group:a") == "attacked|group:b|group:a"
    edges = aggregate(
        [
            row(1, RelationType.ALLIED_WITH, "group:b", "group:a"),
            row(2, RelationType.ALLIED_WITH, "group:a", "group:b"),
        ]
    )
    assert len(edges) == 1
    edge = edges[0]
    assert (edge.source, edge.target, edge.support) == ("group:a", "group:b", 2)
    assert edge.documents == ["doc-1", "doc-2"]
    assert edge.claims == ["claim:001", "claim:002"]


def test_denied_with_another_status_is_contested_and_alone_is_denied() -> None:
    contested = aggregate(
        [
            row(1, RelationType.PLEDGED_TO, "group:a", "group:b", status=Status.CLAIMED),
            row(2, RelationType.PLEDGED_TO, "group:a", "group:b", status=Status.DENIED),
        ]
    )[0]
    assert contested.status == "contested"
    assert contested.statuses == ["claimed", "denied"]
    denied = aggregate([row(3, RelationType.PLEDGED_TO, "group:a", "group:c", status="denied")])[0]
    assert denied.status == "denied"
    strongest = aggregate(
        [
            row(4, RelationType.LEADS, "leader:x", "group:a", status=Status.REPORTED),
            row(5, RelationType.LEADS, "leader:x", "group:a", status=Status.ASSERTED),
        ]
    )[0]
    assert strongest.status == "asserted"
    assert strongest.statuses == ["asserted", "reported"]


def test_dates_become_real_date_properties() -> None:
    edge = aggregate(
        [
            row(
                1, RelationType.ALLIED_WITH, "group:a", "group:b", date="2016-02", valid_from="2015"
            ),
            row(2, RelationType.ALLIED_WITH, "group:a", "group:b", date="2014", valid_to="2017-03"),
        ]
    )[0]
    assert (edge.first_date, edge.last_date) == ("2014", "2016-02")
    props = edge.properties()
    assert props["date_from"] == dt.date(2014, 1, 1)
    assert props["date_to"] == dt.date(2016, 2, 29)
    assert props["valid_from_date"] == dt.date(2015, 1, 1)
    assert props["valid_to_date"] == dt.date(2017, 3, 31)
    assert "source" not in props and "type" not in props
    undated = aggregate([row(3, RelationType.ATTACKED, "group:a", "group:b")])[0].properties()
    assert not {"date_from", "date_to", "valid_from_date", "valid_to_date"} & set(undated)


def test_evidence_is_deduplicated_and_capped() -> None:
    rows = [
        row(n, RelationType.ATTACKED, "group:a", "group:b", sentence=f"s{n // 2}")
        for n in range(3 * MAX_EVIDENCE)
    ]
    edge = aggregate(rows)[0]
    assert edge.evidence == [f"s{n}" for n in range(MAX_EVIDENCE)]
    assert len(edge.claims) == 3 * MAX_EVIDENCE
    assert edge.confidence == 0.5


def test_networkx_from_extractions_has_store_ids_and_properties() -> None:
    document = Document(id="d", name="d.txt", source="d.txt", text="A fought B.", content_hash="h")
    extraction = Extraction(
        document=document,
        entities=[
            Entity(id="group:a", type=EntityType.GROUP, name="A", mentions=["A"]),
            Entity(id="group:b", type=EntityType.GROUP, name="B", mentions=["B"]),
        ],
        claims=[
            Claim(
                id="claim:1",
                type=RelationType.ATTACKED,
                source="group:a",
                target="group:b",
                source_name="A",
                target_name="B",
                date="2019",
                evidence=Evidence(
                    document_id="d", sentence="A fought B.", start=0, end=11, rule="t"
                ),
            )
        ],
    )
    graph = networkx_from_extractions([extraction])
    assert graph.nodes["group:a"]["label"] == "Group"
    data = graph.get_edge_data("group:a", "group:b", key="ATTACKED")
    assert data["status"] == "asserted"
    assert data["documents"] == ["d"]
    assert data["first_date"] == "2019"
