"""The store: one loader over Bolt with the official ``neo4j`` driver.

Documents are loaded with *replace* semantics: in one managed write transaction per batch,
a document's old claims are removed, its entities, claims and mentions are merged, and every
edge its old or new claims touch is recomputed from the claims left in the graph (an edge
with no claim left is deleted). An entity's aliases are recomputed from the surface forms on
its MENTIONS, so they too are a function of the documents now loaded. A batch is one
transaction that carries the documents' hashes, so a load killed half-way leaves either the
old state or the new one per batch, and the next run converges on what a clean load gives.

Sizes: ``documents_per_transaction`` documents per write transaction (default 10) and at most
``batch_size`` rows per ``UNWIND`` statement (default 500, ``KG_BATCH_SIZE``), so a document
with thousands of claims is written in chunks inside its transaction.

Reads run in a read-access transaction that is always rolled back, never committed: a
server that does not enforce read access (ArcadeDB) still cannot keep a write made there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg import cypher
from kg.errors import ConfigError, QueryError, StoreError
from kg.graph import ClaimRow, aggregate, edge_endpoints, edge_key
from kg.models import Extraction
from kg.ontology import EntityType, RelationType
from kg.resources import schema_dir
from kg.settings import Settings

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction

#: Clauses that write data or schema (GQL ``INSERT`` included). A keyword preceded by ``.``
#: or ``$`` is a property or parameter name, not a clause.
_WRITE_CLAUSES = re.compile(
    r"(?<![\w.$])(CREATE|INSERT|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH|ALTER|"
    r"RENAME|GRANT|DENY|REVOKE|TERMINATE|IN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS)\b",
    re.IGNORECASE,
)
#: Every ``CALL`` (procedure or subquery) and the procedure name after it, if any.
_CALL = re.compile(r"(?<![\w.$])CALL\b\s*([\w.]*)", re.IGNORECASE)
#: Procedures that only read the schema or the server: allowed without ``--write``.
_READ_ONLY_PROCEDURES = re.compile(
    r"db\.(labels|relationshipTypes|propertyKeys|schema\.\w+)|dbms\.components", re.IGNORECASE
)
_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*[\s\S]*?\*/"
)


_OPTIONAL_PARAM = re.compile(r"^\s*//\s*\$(\w+)\s+optional\b", re.MULTILINE | re.IGNORECASE)
_READ_ATTEMPTS = 3


def is_write_query(query: str) -> bool:
    """True when a query may write: a write clause (outside strings, comments and quoted names)
    or a ``CALL`` of anything but a known read-only procedure (a procedure's effects cannot be
    seen from its name, so only the listed ones pass)."""
    text = _STRINGS_AND_COMMENTS.sub(" ", query)
    if _WRITE_CLAUSES.search(text):
        return True
    return any(not _READ_ONLY_PROCEDURES.fullmatch(m.group(1)) for m in _CALL.finditer(text))


#: The user and password of a URI; greedy up to the last ``@``, so a password that holds an
#: ``@`` or a ``/`` is hidden whole.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s'\"]*@")


def redact(text: str) -> str:
    """``text`` with the user and password of every URI in it replaced by ``***``."""
    return _USERINFO.sub(r"\1***@", text)


def optional_parameters(query: str) -> dict[str, None]:
    """Parameters a query declares optional in its header (``// $year  optional  ...``).

    Cypher servers refuse a query whose parameter is missing, so these default to null.
    """
    return dict.fromkeys(_OPTIONAL_PARAM.findall(query))


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
    #: Rows per UNWIND statement.
    batch_size: int = 500
    #: Documents per write transaction (the unit a killed load loses).
    documents_per_transaction: int = 10
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
        """Run a query in a read-access transaction that is rolled back, never committed."""
        from neo4j import READ_ACCESS
        from neo4j.exceptions import Neo4jError, TransientError

        for attempt in range(_READ_ATTEMPTS):
            try:
                with self.driver.session(
                    database=self.database, default_access_mode=READ_ACCESS
                ) as session:
                    tx = session.begin_transaction()
                    try:
                        return [record.data() for record in tx.run(query, params or {})]
                    finally:
                        tx.close()  # rollback: whatever the query did is discarded
            except Neo4jError as exc:
                if isinstance(exc, TransientError) and attempt < _READ_ATTEMPTS - 1:
                    time.sleep(0.2 * 2**attempt)
                    continue
                raise QueryError(f"{exc.code}: {exc.message}".replace("\n", " ")) from exc
        raise AssertionError("unreachable")

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
        """Upsert documents (replacing what an earlier version of each one said).

        A document id given twice keeps its last version.
        """
        self.ensure_schema()
        latest = list({x.document.id: x for x in extractions}.values())
        stats = LoadStats()
        for batch in _batches(latest, max(1, self.documents_per_transaction)):
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
        for batch in _batches(list(document_ids), max(1, self.documents_per_transaction)):
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

    def _forget(
        self, tx: ManagedTransaction, ids: list[str]
    ) -> tuple[set[str], dict[str, set[str]]]:
        """Remove the claims and mentions of documents.

        Returns the edge keys their claims touched and, per entity they mentioned, the
        surface forms they used for it.
        """
        keys = {r["key"] for r in self._run(tx, cypher.claim_keys_of_documents(ids))}
        forms: dict[str, set[str]] = defaultdict(set)
        for record in self._run(tx, cypher.mentioned_entities(ids)):
            forms[record["id"]].update(record["forms"] or [])
        self._run(tx, cypher.delete_claims_of_documents(ids))
        self._run(tx, cypher.delete_mentions_of_documents(ids))
        return keys, forms

    def _load_batch(self, tx: ManagedTransaction, batch: list[Extraction]) -> tuple[int, int]:
        ids = [x.document.id for x in batch]
        old_keys, old_forms = self._forget(tx, ids)
        new_forms: dict[str, set[str]] = defaultdict(set)
        by_label: dict[EntityType, dict[str, dict[str, Any]]] = defaultdict(dict)
        for extraction in batch:
            for entity in extraction.entities:
                new_forms[entity.id].update(entity.mentions)
                by_label[entity.type].setdefault(
                    entity.id, {"id": entity.id, "name": entity.name, "origin": entity.origin}
                )
        for entity_type, entity_rows in by_label.items():
            for row in entity_rows.values():
                row["aliases"] = sorted(new_forms[row["id"]])
            self._run_rows(tx, cypher.merge_entities, list(entity_rows.values()), entity_type)
        self._run(tx, cypher.merge_documents([_document_row(x) for x in batch]))
        claim_rows, subjects, objects = [], defaultdict(list), defaultdict(list)
        new_keys: set[str] = set()
        for extraction in batch:
            for claim in extraction.claims:
                key = edge_key(claim.type, claim.source, claim.target)
                new_keys.add(key)
                claim_rows.append(_claim_row(claim, key))
                subjects[cypher.label_of(claim.source)].append(
                    {"claim": claim.id, "entity": claim.source}
                )
                objects[cypher.label_of(claim.target)].append(
                    {"claim": claim.id, "entity": claim.target}
                )
        self._run_rows(tx, cypher.create_claims, claim_rows)
        for entity_type, rows in subjects.items():
            self._run_rows(tx, cypher.link_claims, rows, cypher.SUBJECT, entity_type)
        for entity_type, rows in objects.items():
            self._run_rows(tx, cypher.link_claims, rows, cypher.OBJECT, entity_type)
        mentions: dict[EntityType, list[dict[str, Any]]] = defaultdict(list)
        for extraction in batch:
            rows_of: dict[str, dict[str, Any]] = {}
            for entity in extraction.entities:
                mention = rows_of.get(entity.id)
                if mention is None:
                    mention = {"document": extraction.document.id, "entity": entity.id}
                    mention["forms"] = []
                    rows_of[entity.id] = mention
                    mentions[entity.type].append(mention)
                forms = mention["forms"]
                forms.extend(m for m in entity.mentions if m not in forms)
        for entity_type, rows in mentions.items():
            self._run_rows(tx, cypher.merge_mentions, rows, entity_type)
        result = self._recompute_edges(tx, old_keys | new_keys)
        self._update_aliases(tx, old_forms, new_forms)
        self._delete_orphans(tx, set(old_forms))
        return result

    def _retract_batch(self, tx: ManagedTransaction, ids: list[str]) -> tuple[int, int]:
        keys, old_forms = self._forget(tx, ids)
        self._run(tx, cypher.delete_documents(ids))
        result = self._recompute_edges(tx, keys)
        self._update_aliases(tx, old_forms, {})
        self._delete_orphans(tx, set(old_forms))
        return result

    def _update_aliases(
        self, tx: ManagedTransaction, old: dict[str, set[str]], new: dict[str, set[str]]
    ) -> None:
        """Keep ``aliases`` = the sorted surface forms of all the entity's MENTIONS.

        Where the reloaded documents dropped no form, their new forms are added to the stored
        list; where they dropped one, the list is rebuilt from every mention of the entity
        (a scan of its mentions, so only then).
        """
        rebuild = {e for e, forms in old.items() if not forms <= new.get(e, set())}
        grow = {e for e, forms in new.items() if e not in rebuild and forms - old.get(e, set())}
        for entity_type, ids in _by_label(grow).items():
            rows = []
            for chunk in _batches(ids, self.batch_size):
                for record in self._run(tx, cypher.entity_aliases(entity_type, chunk)):
                    aliases = sorted(set(record["aliases"] or []) | new[record["id"]])
                    if aliases != record["aliases"]:
                        rows.append({"id": record["id"], "aliases": aliases})
            self._run_rows(tx, cypher.set_aliases, rows, entity_type)
        for entity_type, ids in _by_label(rebuild).items():
            forms: dict[str, set[str]] = defaultdict(set)
            for chunk in _batches(ids, self.batch_size):
                for record in self._run(tx, cypher.mention_forms(entity_type, chunk)):
                    forms[record["id"]].update(record["forms"] or [])
            rows = [{"id": e, "aliases": sorted(f)} for e, f in forms.items()]
            self._run_rows(tx, cypher.set_aliases, rows, entity_type)

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
        writes: dict[tuple[RelationType, EntityType, EntityType], list[dict[str, Any]]] = (
            defaultdict(list)
        )
        for edge in edges:
            group = (edge.type, cypher.label_of(edge.source), cypher.label_of(edge.target))
            writes[group].append(
                {
                    "source": edge.source,
                    "target": edge.target,
                    "key": edge.key,
                    "props": edge.properties(),
                }
            )
        for (rel_type, source, target), edge_rows in writes.items():
            self._run_rows(tx, cypher.merge_edges, edge_rows, rel_type, source, target)
        deletes: dict[tuple[RelationType, EntityType], list[dict[str, str]]] = defaultdict(list)
        for key in keys - supported:
            rel_value, source_id, target_id = key.split("|", 2)
            rel_type = RelationType(rel_value)
            source_id, _ = edge_endpoints(rel_type, source_id, target_id)
            deletes[(rel_type, cypher.label_of(source_id))].append(
                {"source": source_id, "key": key}
            )
        for (rel_type, source), delete_rows in deletes.items():
            self._run_rows(tx, cypher.delete_edges, delete_rows, rel_type, source)
        return len(edges), len(keys - supported)

    def _delete_orphans(self, tx: ManagedTransaction, entity_ids: set[str]) -> None:
        for entity_type, ids in _by_label(entity_ids).items():
            self._run_rows(tx, cypher.delete_orphans, ids, entity_type)


def _by_label(entity_ids: set[str]) -> dict[EntityType, list[str]]:
    by_label: dict[EntityType, list[str]] = defaultdict(list)
    for entity_id in sorted(entity_ids):
        by_label[cypher.label_of(entity_id)].append(entity_id)
    return by_label


def _document_row(extraction: Extraction) -> dict[str, Any]:
    document = extraction.document
    props: dict[str, Any] = {
        "id": document.id,
        "name": document.name,
        "source": document.source,
        "content_hash": document.content_hash,
        "claims": len(extraction.claims),
    }
    if document.date:
        props["date"] = document.date
    if document.title:
        props["title"] = document.title
    if document.url:
        props["url"] = document.url
    loaded_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return {"id": document.id, "props": props, "loaded_at": loaded_at}


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


def _bad_uri(shown: str, exc: Exception) -> ConfigError:
    reason = redact(str(exc).splitlines()[0]) if str(exc) else type(exc).__name__
    return ConfigError(
        f"NEO4J_URI {shown!r} is not usable ({reason}); use bolt://HOST:PORT or neo4j://HOST:PORT "
        "and give credentials in NEO4J_USERNAME and NEO4J_PASSWORD"
    )


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextlib.contextmanager
def open_store(settings: Settings) -> Iterator[GraphStore]:
    """A store on the configured server, or on an embedded ArcadeDB when none is configured."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

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
    shown = redact(uri)
    try:
        try:
            driver = GraphDatabase.driver(uri, auth=auth)
        except (ConfigurationError, ValueError) as exc:
            raise _bad_uri(shown, exc) from None
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError) as exc:
            driver.close()
            raise StoreError(f"cannot connect to {shown}: {type(exc).__name__}") from None
        except (ConfigurationError, ValueError) as exc:  # e.g. a port that is not a number
            driver.close()
            raise _bad_uri(shown, exc) from None
        try:
            yield GraphStore(driver, database, settings.batch_size)
        finally:
            driver.close()
    finally:
        if server is not None:
            server.stop()
