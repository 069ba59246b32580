"""The store: one loader over Bolt with the official ``neo4j`` driver.

Documents are loaded with *replace* semantics: in one managed write transaction per batch,
a document's old claims are removed, its entities, claims and mentions are merged, and every
edge its old or new claims touch is recomputed from the claims left in the graph (an edge
with no claim left is deleted). The transaction commits the document's hash last, so a load
killed half-way leaves either the old state or the new one, and the next run converges.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg import cypher
from kg.errors import QueryError, StoreError
from kg.graph import ClaimRow, aggregate, edge_endpoints, edge_key
from kg.models import Extraction
from kg.ontology import EntityType, RelationType
from kg.resources import schema_dir
from kg.settings import Settings

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction

_WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH|CALL\s+\{|CALL\s+db\.|"
    r"CALL\s+dbms\.|CALL\s+apoc\.)\b",
    re.IGNORECASE,
)
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*")


def is_write_query(query: str) -> bool:
    """True when a query contains a write clause (outside strings, comments and quoted names)."""
    return bool(_WRITE_CLAUSES.search(_STRINGS_AND_COMMENTS.sub(" ", query)))


@dataclass
class LoadStats:
    documents: int = 0
    claims: int = 0
    edges_written: int = 0
    edges_deleted: int = 0


@dataclass
class GraphStore:
    driver: Driver
    database: str
    batch_size: int = 500
    _schema_ready: bool = field(default=False, repr=False)

    # -- schema ---------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        if self._schema_ready:
            return
        text = (schema_dir() / "constraints.cypher").read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if not ln.strip().startswith("//")]
        for statement in (s.strip() for s in "\n".join(lines).split(";")):
            if statement:
                with self.driver.session(database=self.database) as session:
                    session.run(statement).consume()
        self._schema_ready = True

    # -- reading --------------------------------------------------------------------------
    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from neo4j import READ_ACCESS
        from neo4j.exceptions import Neo4jError

        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as s:
                return s.execute_read(lambda tx: [r.data() for r in tx.run(query, params or {})])
        except Neo4jError as exc:
            raise QueryError(f"{exc.code}: {exc.message}".replace("\n", " ")) from exc

    def write(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from neo4j.exceptions import Neo4jError

        try:
            with self.driver.session(database=self.database) as s:
                return s.execute_write(lambda tx: [r.data() for r in tx.run(query, params or {})])
        except Neo4jError as exc:
            raise QueryError(f"{exc.code}: {exc.message}".replace("\n", " ")) from exc

    def manifest(self) -> dict[str, tuple[str, str]]:
        """Loaded documents: id -> (content hash, source path)."""
        query, params = cypher.document_manifest()
        return {r["id"]: (r["hash"], r["source"]) for r in self.read(query, params)}

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {}
        for label in [*(t.value for t in EntityType), cypher.DOCUMENT, cypher.CLAIM]:
            query, params = cypher.count_nodes(label)
            nodes[label] = int(self.read(query, params)[0]["n"])
        edges = {}
        for rel_type in RelationType:
            query, params = cypher.count_edges(rel_type)
            edges[rel_type.cypher_type] = int(self.read(query, params)[0]["n"])
        return {"nodes": nodes, "edges": edges}

    # -- writing --------------------------------------------------------------------------
    def load(self, extractions: Sequence[Extraction]) -> LoadStats:
        """Upsert documents (replacing what an earlier version of each one said)."""
        self.ensure_schema()
        stats = LoadStats()
        for batch in _batches(list(extractions), max(1, self.batch_size // 50)):
            with self.driver.session(database=self.database) as session:
                written, deleted = session.execute_write(self._load_batch, batch)
            stats.documents += len(batch)
            stats.claims += sum(len(x.claims) for x in batch)
            stats.edges_written += written
            stats.edges_deleted += deleted
        return stats

    def retract(self, document_ids: Sequence[str]) -> LoadStats:
        """Remove documents and their claims; edges left without support disappear."""
        self.ensure_schema()
        stats = LoadStats()
        for batch in _batches(list(document_ids), 50):
            with self.driver.session(database=self.database) as session:
                written, deleted = session.execute_write(self._retract_batch, batch)
            stats.documents += len(batch)
            stats.edges_written += written
            stats.edges_deleted += deleted
        return stats

    def _run(self, tx: ManagedTransaction, statement: cypher.Statement) -> list[dict[str, Any]]:
        query, params = statement
        return [record.data() for record in tx.run(query, params)]

    def _run_rows(self, tx: ManagedTransaction, build: Any, rows: list[Any], *args: Any) -> None:
        for chunk in _batches(rows, self.batch_size):
            self._run(tx, build(*args, chunk))

    def _forget(self, tx: ManagedTransaction, ids: list[str]) -> tuple[set[str], set[str]]:
        """Remove the claims and mentions of documents; return touched edge keys and entities."""
        keys = {r["key"] for r in self._run(tx, cypher.claim_keys_of_documents(ids))}
        entities = {r["id"] for r in self._run(tx, cypher.mentioned_entities(ids))}
        self._run(tx, cypher.delete_claims_of_documents(ids))
        self._run(tx, cypher.delete_mentions_of_documents(ids))
        return keys, entities

    def _load_batch(self, tx: ManagedTransaction, batch: list[Extraction]) -> tuple[int, int]:
        ids = [x.document.id for x in batch]
        old_keys, old_entities = self._forget(tx, ids)
        by_label: dict[EntityType, dict[str, dict[str, Any]]] = defaultdict(dict)
        for extraction in batch:
            for entity in extraction.entities:
                row = by_label[entity.type].setdefault(
                    entity.id,
                    {"id": entity.id, "name": entity.name, "aliases": [], "origin": entity.origin},
                )
                row["aliases"].extend(m for m in entity.mentions if m not in row["aliases"])
        for entity_type, rows in by_label.items():
            self._run_rows(tx, cypher.merge_entities, list(rows.values()), entity_type)
        self._run(tx, cypher.merge_documents([_document_row(x) for x in batch]))
        claim_rows, subjects, objects = [], defaultdict(list), defaultdict(list)
        new_keys: set[str] = set()
        for extraction in batch:
            for claim in extraction.claims:
                key = edge_key(claim.type, claim.source, claim.target)
                new_keys.add(key)
                claim_rows.append(_claim_row(claim, key))
                subjects[cypher.label_of(claim.source)].append({"claim": claim.id, "entity": claim.source})
                objects[cypher.label_of(claim.target)].append({"claim": claim.id, "entity": claim.target})
        self._run_rows(tx, cypher.create_claims, claim_rows)
        for entity_type, rows in subjects.items():
            self._run_rows(tx, cypher.link_claims, rows, cypher.SUBJECT, entity_type)
        for entity_type, rows in objects.items():
            self._run_rows(tx, cypher.link_claims, rows, cypher.OBJECT, entity_type)
        mentions: dict[EntityType, list[dict[str, str]]] = defaultdict(list)
        for extraction in batch:
            for entity in extraction.entities:
                mentions[entity.type].append({"document": extraction.document.id, "entity": entity.id})
        for entity_type, rows in mentions.items():
            self._run_rows(tx, cypher.merge_mentions, rows, entity_type)
        result = self._recompute_edges(tx, old_keys | new_keys)
        self._delete_orphans(tx, old_entities)
        return result

    def _retract_batch(self, tx: ManagedTransaction, ids: list[str]) -> tuple[int, int]:
        keys, entities = self._forget(tx, ids)
        self._run(tx, cypher.delete_documents(ids))
        result = self._recompute_edges(tx, keys)
        self._delete_orphans(tx, entities)
        return result

    def _recompute_edges(self, tx: ManagedTransaction, keys: set[str]) -> tuple[int, int]:
        """Rewrite each edge from the claims that still support it; drop unsupported ones."""
        if not keys:
            return 0, 0
        rows: list[ClaimRow] = []
        for chunk in _batches(sorted(keys), self.batch_size):
            for record in self._run(tx, cypher.claims_for_edges(chunk)):
                rows.append(ClaimRow.model_validate(record["claim"]))
        edges = aggregate(rows)
        supported = {e.key for e in edges}
        writes: dict[tuple[RelationType, EntityType, EntityType], list[dict[str, Any]]] = defaultdict(list)
        for edge in edges:
            group = (edge.type, cypher.label_of(edge.source), cypher.label_of(edge.target))
            writes[group].append(
                {"source": edge.source, "target": edge.target, "key": edge.key, "props": edge.properties()}
            )
        for (rel_type, source, target), edge_rows in writes.items():
            self._run_rows(tx, cypher.merge_edges, edge_rows, rel_type, source, target)
        deletes: dict[tuple[RelationType, EntityType], list[dict[str, str]]] = defaultdict(list)
        for key in keys - supported:
            rel_value, source_id, target_id = key.split("|", 2)
            rel_type = RelationType(rel_value)
            source_id, _ = edge_endpoints(rel_type, source_id, target_id)
            deletes[(rel_type, cypher.label_of(source_id))].append({"source": source_id, "key": key})
        for (rel_type, source), delete_rows in deletes.items():
            self._run_rows(tx, cypher.delete_edges, delete_rows, rel_type, source)
        return len(edges), len(keys - supported)

    def _delete_orphans(self, tx: ManagedTransaction, entity_ids: set[str]) -> None:
        by_label: dict[EntityType, list[str]] = defaultdict(list)
        for entity_id in entity_ids:
            by_label[cypher.label_of(entity_id)].append(entity_id)
        for entity_type, ids in by_label.items():
            self._run_rows(tx, cypher.delete_orphans, ids, entity_type)


def _document_row(extraction: Extraction) -> dict[str, Any]:
    document = extraction.document
    props: dict[str, Any] = {
        "id": document.id,
        "name": document.name,
        "source": document.source,
        "content_hash": document.content_hash,
        "claims": len(extraction.claims),
        "loaded_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
    if document.date:
        props["date"] = document.date
    if document.title:
        props["title"] = document.title
    if document.url:
        props["url"] = document.url
    return {"id": document.id, "props": props}


def _claim_row(claim: Any, key: str) -> dict[str, Any]:
    props = {
        "id": claim.id,
        "type": claim.type.value,
        "source": claim.source,
        "target": claim.target,
        "edge_key": key,
        "document_id": claim.evidence.document_id,
        "status": claim.status.value,
        "date": claim.date,
        "valid_from": claim.valid_from,
        "valid_to": claim.valid_to,
        "confidence": claim.confidence,
        "attributed_to": claim.attributed_to,
        "sentence": claim.evidence.sentence,
        "start": claim.evidence.start,
        "end": claim.evidence.end,
        "rule": claim.evidence.rule,
    }
    return {
        "id": claim.id,
        "document_id": claim.evidence.document_id,
        "props": {k: v for k, v in props.items() if v is not None},
    }


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextlib.contextmanager
def open_store(settings: Settings) -> Iterator[GraphStore]:
    """A store on the configured server, or on an embedded ArcadeDB when none is configured."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    server = None
    if settings.embedded:
        from kg.embedded import EmbeddedServer

        server = EmbeddedServer(settings.data_dir, settings.embedded_database)
        server.start()
        uri, auth, database = server.uri, server.auth, server.database
    else:
        assert settings.neo4j_uri
        uri = settings.neo4j_uri
        auth = (settings.neo4j_username, settings.neo4j_password.get_secret_value())
        database = settings.neo4j_database
    try:
        driver = GraphDatabase.driver(uri, auth=auth)
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError) as exc:
            raise StoreError(f"cannot connect to {uri}: {type(exc).__name__}", path=None) from exc
        try:
            yield GraphStore(driver, database, settings.batch_size)
        finally:
            driver.close()
    finally:
        if server is not None:
            server.stop()
