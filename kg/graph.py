"""Claims aggregated into a graph: one edge per (type, source, target), with its support.

Pure functions shared by the loader (which recomputes an edge from its claims in the store)
and by notebooks (which build a networkx graph from extractions or from the store).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from kg.dates import to_interval
from kg.models import Claim, Entity, Extraction
from kg.ontology import RelationType, Status

if TYPE_CHECKING:
    import networkx as nx

_STRENGTH = {Status.ASSERTED: 3, Status.CLAIMED: 2, Status.REPORTED: 1, Status.DENIED: 0}
MAX_EVIDENCE = 20


def edge_key(rel_type: RelationType, source: str, target: str) -> str:
    """One key per edge; ``allied_with`` is unordered, so its endpoints are sorted."""
    if rel_type.symmetric:
        source, target = sorted((source, target))
    return f"{rel_type.value}|{source}|{target}"


def edge_endpoints(rel_type: RelationType, source: str, target: str) -> tuple[str, str]:
    return tuple(sorted((source, target))) if rel_type.symmetric else (source, target)  # type: ignore[return-value]


class ClaimRow(BaseModel):
    """The part of a claim the aggregation needs (as stored on a Claim node)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    type: RelationType
    source: str
    target: str
    document_id: str
    status: Status
    date: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    sentence: str
    confidence: float = 0.5

    @classmethod
    def of(cls, claim: Claim) -> ClaimRow:
        return cls(
            id=claim.id,
            type=claim.type,
            source=claim.source,
            target=claim.target,
            document_id=claim.evidence.document_id,
            status=claim.status,
            date=claim.date,
            valid_from=claim.valid_from,
            valid_to=claim.valid_to,
            sentence=claim.evidence.sentence,
            confidence=claim.confidence,
        )


class Edge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    type: RelationType
    source: str
    target: str
    status: str = Field(description="asserted|claimed|reported|denied, or contested when both")
    statuses: list[str]
    support: int = Field(description="Number of documents that state it.")
    documents: list[str]
    claims: list[str]
    evidence: list[str]
    first_date: str | None = None
    last_date: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    confidence: float

    def properties(self) -> dict[str, Any]:
        """Properties as stored on the relationship; dates also as real dates for Cypher."""
        props = self.model_dump(mode="json", exclude={"source", "target", "type"})
        props["date_from"] = to_interval(self.first_date)[0] if self.first_date else None
        props["date_to"] = to_interval(self.last_date)[1] if self.last_date else None
        props["valid_from_date"] = to_interval(self.valid_from)[0] if self.valid_from else None
        props["valid_to_date"] = to_interval(self.valid_to)[1] if self.valid_to else None
        return {k: v for k, v in props.items() if v is not None}


def _date_order(value: str) -> dt.date:
    return to_interval(value)[0]


def aggregate(claims: Iterable[ClaimRow]) -> list[Edge]:
    """Edges from claims; an edge claimed by one source and denied by another is contested."""
    grouped: dict[str, list[ClaimRow]] = {}
    for claim in claims:
        grouped.setdefault(edge_key(claim.type, claim.source, claim.target), []).append(claim)
    edges = []
    for key, rows in sorted(grouped.items()):
        rows.sort(key=lambda r: r.id)
        statuses = sorted({r.status for r in rows}, key=lambda s: -_STRENGTH[s])
        if Status.DENIED in statuses and len(statuses) > 1:
            status = "contested"
        else:
            status = statuses[0].value
        dates = sorted({r.date for r in rows if r.date}, key=_date_order)
        starts = sorted({r.valid_from for r in rows if r.valid_from}, key=_date_order)
        ends = sorted({r.valid_to for r in rows if r.valid_to}, key=_date_order)
        source, target = edge_endpoints(rows[0].type, rows[0].source, rows[0].target)
        evidence = list(dict.fromkeys(r.sentence for r in rows))[:MAX_EVIDENCE]
        edges.append(
            Edge(
                key=key,
                type=rows[0].type,
                source=source,
                target=target,
                status=status,
                statuses=[s.value for s in statuses],
                support=len({r.document_id for r in rows}),
                documents=sorted({r.document_id for r in rows}),
                claims=[r.id for r in rows],
                evidence=evidence,
                first_date=dates[0] if dates else None,
                last_date=dates[-1] if dates else None,
                valid_from=starts[0] if starts else None,
                valid_to=ends[-1] if ends else None,
                confidence=max(r.confidence for r in rows),
            )
        )
    return edges


def merge_entities(extractions: Iterable[Extraction]) -> list[Entity]:
    """Entities of many documents, one per id, surface forms united."""
    merged: dict[str, Entity] = {}
    for extraction in extractions:
        for entity in extraction.entities:
            known = merged.get(entity.id)
            if known is None:
                merged[entity.id] = entity.model_copy(deep=True)
            else:
                known.mentions.extend(m for m in entity.mentions if m not in known.mentions)
    return sorted(merged.values(), key=lambda e: e.id)


def build_networkx(entities: Iterable[Entity], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    """A MultiDiGraph with the store's ids, labels and properties.

    The networkx edge key is the relationship type (``ALLIED_WITH``); the stored ``key``
    property becomes the ``edge_key`` attribute and dates are ISO text, as in
    :func:`kg.export.read_graph`.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for entity in entities:
        graph.add_node(
            entity.id, label=entity.type.value, name=entity.name, aliases=entity.mentions
        )
    for edge in edges:
        props = networkx_edge_attributes(edge.properties(), edge.type.cypher_type)
        graph.add_edge(edge.source, edge.target, key=edge.type.cypher_type, **props)
    return graph


def networkx_edge_attributes(props: dict[str, Any], cypher_type: str) -> dict[str, Any]:
    """Stored relationship properties as networkx edge attributes (``key`` -> ``edge_key``)."""
    attributes: dict[str, Any] = {}
    for name, value in props.items():
        if hasattr(value, "iso_format"):  # neo4j.time.Date
            value = value.iso_format()
        elif isinstance(value, dt.date):
            value = value.isoformat()
        attributes["edge_key" if name == "key" else name] = value
    attributes["type"] = cypher_type
    return attributes


def networkx_from_extractions(extractions: list[Extraction]) -> nx.MultiDiGraph:
    entities = merge_entities(extractions)
    edges = aggregate(ClaimRow.of(c) for x in extractions for c in x.claims)
    return build_networkx(entities, edges)
