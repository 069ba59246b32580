"""Every Cypher statement kg writes, as pure builders returning ``(query, params)``.

The only place where a label or relationship type is written into a query: they come from
the closed ontology (:mod:`kg.ontology`), never from input. Every value is a parameter.
Portable Cypher (no APOC) so the same text serves Neo4j and ArcadeDB.
"""

from __future__ import annotations

from typing import Any

from kg.ontology import EntityType, RelationType

Statement = tuple[str, dict[str, Any]]

DOCUMENT = "Document"
CLAIM = "Claim"
#: Structural relationship types around claims and documents.
STATES, SUBJECT, OBJECT, MENTIONS = "STATES", "SUBJECT", "OBJECT", "MENTIONS"


def label_of(entity_id: str) -> EntityType:
    """Entity ids carry their type (``group:...``), so the label never comes from text."""
    prefix = entity_id.split(":", 1)[0]
    for entity_type in EntityType:
        if entity_type.value.lower() == prefix:
            return entity_type
    raise ValueError(f"not an entity id: {entity_id!r}")


def _label(entity_type: EntityType) -> str:
    return EntityType(entity_type).value


def _rel(rel_type: RelationType) -> str:
    return RelationType(rel_type).cypher_type


def merge_entities(entity_type: EntityType, rows: list[dict[str, Any]]) -> Statement:
    query = (
        "UNWIND $rows AS row "
        f"MERGE (n:{_label(entity_type)} {{id: row.id}}) "
        "ON CREATE SET n.name = row.name, n.aliases = row.aliases, n.origin = row.origin"
    )
    return query, {"rows": rows}


def mention_forms(entity_type: EntityType, ids: list[str]) -> Statement:
    """The surface forms each document gives an entity (aliases are rebuilt from them)."""
    query = (
        f"UNWIND $ids AS id MATCH (n:{_label(entity_type)} {{id: id}}) "
        f"MATCH (d:{DOCUMENT})-[m:{MENTIONS}]->(n) "
        "RETURN n.id AS id, d.id AS document, m.forms AS forms"
    )
    return query, {"ids": ids}


def entity_aliases(entity_type: EntityType, ids: list[str]) -> Statement:
    query = (
        f"UNWIND $ids AS id MATCH (n:{_label(entity_type)} {{id: id}}) "
        "RETURN n.id AS id, n.aliases AS aliases"
    )
    return query, {"ids": ids}


def set_aliases(entity_type: EntityType, rows: list[dict[str, Any]]) -> Statement:
    query = (
        f"UNWIND $rows AS row MATCH (n:{_label(entity_type)} {{id: row.id}}) "
        "SET n.aliases = row.aliases"
    )
    return query, {"rows": rows}


def merge_documents(rows: list[dict[str, Any]]) -> Statement:
    """Replace a document's properties; ``loaded_at`` moves only when its content changed,
    so reloading an unchanged document leaves the node exactly as it was."""
    return (
        f"UNWIND $rows AS row MERGE (d:{DOCUMENT} {{id: row.id}}) "
        "WITH d, row, CASE WHEN d.content_hash = row.props.content_hash "
        "AND d.loaded_at IS NOT NULL THEN d.loaded_at ELSE row.loaded_at END AS loaded_at "
        "SET d = row.props, d.loaded_at = loaded_at",
        {"rows": rows},
    )


def claim_keys_of_documents(document_ids: list[str]) -> Statement:
    return (
        f"UNWIND $ids AS id MATCH (c:{CLAIM} {{document_id: id}}) "
        "RETURN DISTINCT c.edge_key AS key, c.type AS type, c.source AS source, c.target AS target",
        {"ids": document_ids},
    )


def mentioned_entities(document_ids: list[str]) -> Statement:
    """Entities the documents mention, with the surface forms each document used."""
    return (
        f"UNWIND $ids AS id MATCH (:{DOCUMENT} {{id: id}})-[m:{MENTIONS}]->(n) "
        "RETURN n.id AS id, m.forms AS forms",
        {"ids": document_ids},
    )


def delete_claims_of_documents(document_ids: list[str]) -> Statement:
    return (
        f"UNWIND $ids AS id MATCH (c:{CLAIM} {{document_id: id}}) DETACH DELETE c",
        {"ids": document_ids},
    )


def delete_mentions_of_documents(document_ids: list[str]) -> Statement:
    return (
        f"UNWIND $ids AS id MATCH (:{DOCUMENT} {{id: id}})-[m:{MENTIONS}]->() DELETE m",
        {"ids": document_ids},
    )


def delete_documents(document_ids: list[str]) -> Statement:
    return (
        f"UNWIND $ids AS id MATCH (d:{DOCUMENT} {{id: id}}) DETACH DELETE d",
        {"ids": document_ids},
    )


def create_claims(rows: list[dict[str, Any]]) -> Statement:
    # The STATES pattern starts from the claim: ArcadeDB expands MERGE from its first node,
    # and from the document (thousands of claims) each row would scan them all.
    query = (
        "UNWIND $rows AS row "
        f"MATCH (d:{DOCUMENT} {{id: row.document_id}}) "
        f"MERGE (c:{CLAIM} {{id: row.id}}) SET c = row.props "
        f"MERGE (c)<-[:{STATES}]-(d)"
    )
    return query, {"rows": rows}


def link_claims(role: str, entity_type: EntityType, rows: list[dict[str, str]]) -> Statement:
    """Tie claims to their subject or object entity (``role`` is SUBJECT or OBJECT)."""
    if role not in (SUBJECT, OBJECT):
        raise ValueError(role)
    query = (
        "UNWIND $rows AS row "
        f"MATCH (c:{CLAIM} {{id: row.claim}}), (n:{_label(entity_type)} {{id: row.entity}}) "
        f"MERGE (c)-[:{role}]->(n)"
    )
    return query, {"rows": rows}


def merge_mentions(entity_type: EntityType, rows: list[dict[str, Any]]) -> Statement:
    """``forms``: the surface forms the document uses for the entity."""
    query = (
        "UNWIND $rows AS row "
        f"MATCH (d:{DOCUMENT} {{id: row.document}}), (n:{_label(entity_type)} {{id: row.entity}}) "
        f"MERGE (d)-[m:{MENTIONS}]->(n) SET m.forms = row.forms"
    )
    return query, {"rows": rows}


def claims_for_edges(keys: list[str]) -> Statement:
    return (
        f"UNWIND $keys AS key MATCH (c:{CLAIM} {{edge_key: key}}) RETURN properties(c) AS claim",
        {"keys": keys},
    )


def merge_edges(
    rel_type: RelationType, source: EntityType, target: EntityType, rows: list[dict[str, Any]]
) -> Statement:
    query = (
        "UNWIND $rows AS row "
        f"MATCH (a:{_label(source)} {{id: row.source}}), (b:{_label(target)} {{id: row.target}}) "
        f"MERGE (a)-[r:{_rel(rel_type)} {{key: row.key}}]->(b) SET r = row.props"
    )
    return query, {"rows": rows}


def delete_edges(
    rel_type: RelationType, source: EntityType, rows: list[dict[str, str]]
) -> Statement:
    query = (
        "UNWIND $rows AS row "
        f"MATCH (a:{_label(source)} {{id: row.source}})-[r:{_rel(rel_type)} {{key: row.key}}]->() "
        "DELETE r"
    )
    return query, {"rows": rows}


def delete_orphans(entity_type: EntityType, ids: list[str]) -> Statement:
    """Entities left with no mention and no edge (their last document was retracted)."""
    query = (
        f"UNWIND $ids AS id MATCH (n:{_label(entity_type)} {{id: id}}) "
        "OPTIONAL MATCH (n)-[x]-() WITH n, count(x) AS degree WHERE degree = 0 DELETE n"
    )
    return query, {"ids": ids}


def document_manifest() -> Statement:
    return (
        f"MATCH (d:{DOCUMENT}) RETURN d.id AS id, d.content_hash AS hash, d.source AS source",
        {},
    )


def count_nodes(entity_type: EntityType | str) -> Statement:
    label = entity_type.value if isinstance(entity_type, EntityType) else entity_type
    if label not in {*(t.value for t in EntityType), DOCUMENT, CLAIM}:
        raise ValueError(label)
    return f"MATCH (n:{label}) RETURN count(n) AS n", {}


def count_edges(rel_type: RelationType) -> Statement:
    return f"MATCH ()-[r:{_rel(rel_type)}]->() RETURN count(r) AS n", {}


def all_entities() -> list[Statement]:
    return [
        (
            f"MATCH (n:{t.value}) RETURN n.id AS id, n.name AS name, n.aliases AS aliases",
            {},
        )
        for t in EntityType
    ]


def all_edges() -> list[Statement]:
    return [
        (
            f"MATCH (a)-[r:{t.cypher_type}]->(b) RETURN a.id AS source, b.id AS target, "
            "properties(r) AS props",
            {},
        )
        for t in RelationType
    ]
