"""The library verbs, one per CLI command: extract, build, refresh, query, export, evaluate.

Each verb takes a :class:`~kg.settings.Settings` built once by the caller and reports
per-document problems as :class:`~kg.errors.KgError` values instead of stopping the batch.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import (
    EmptySourceError,
    ExtractionError,
    InputError,
    KgError,
    LockedError,
    QueryError,
)
from kg.models import Document, Extraction
from kg.settings import Settings

if TYPE_CHECKING:
    import networkx as nx

    from kg.evaluate import Report
    from kg.store import GraphStore

Progress = Callable[[int, int, str], None]


@dataclass
class RunResult:
    """What a verb did: documents handled and the problems met on the way."""

    documents: int = 0
    skipped: int = 0
    retracted: int = 0
    extractions: list[Extraction] = field(default_factory=list)
    errors: list[KgError] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# -- extraction ---------------------------------------------------------------------------
def _extract_one(document: Document) -> Extraction | ExtractionError:
    from kg.extract import extract_document

    try:
        return extract_document(document)
    except Exception as exc:  # a bug or a pathological text must not stop the batch
        message = f"extraction failed ({type(exc).__name__}: {exc})".replace("\n", " ")
        return ExtractionError(message, path=document.source)


def _ingest(paths: Sequence[str | Path], settings: Settings, result: RunResult) -> list[Document]:
    """Read documents; each keeps its source as an absolute path, so a later refresh from
    another working directory, or given the folder in another form, still recognises it."""
    from kg.ingest import iter_documents

    documents: list[Document] = []
    for item in iter_documents(paths, max_bytes=settings.max_document_bytes):
        if isinstance(item, KgError):
            result.errors.append(item)
        else:
            documents.append(item.model_copy(update={"source": os.path.abspath(item.source)}))
    return documents


def _output_path(out_dir: Path, document: Document) -> Path:
    """``<document id>.json`` (``seeds/001_x.txt`` -> ``001_x.json``), subfolders mirrored;
    a JSONL id cannot climb out of ``out_dir``."""
    parts = [p if p.strip(".") else "_" for p in document.id.replace("\\", "/").split("/")]
    return out_dir.joinpath(*parts[:-1], f"{parts[-1]}.json")


def extract_documents(
    documents: Sequence[Document], *, workers: int = 1, progress: Progress | None = None
) -> Iterator[Extraction | ExtractionError]:
    """Extraction is a pure function of a document, so it fans out over processes."""
    total = len(documents)
    if workers <= 1 or total <= 1:
        outputs: Iterator[Extraction | ExtractionError] = map(_extract_one, documents)
        for done, output in enumerate(outputs, 1):
            if progress:
                progress(done, total, documents[done - 1].name)
            yield output
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done, output in enumerate(pool.map(_extract_one, documents, chunksize=4), 1):
            if progress:
                progress(done, total, documents[done - 1].name)
            yield output


def extract(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    out_dir: Path | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> RunResult:
    """Read and extract documents; with ``out_dir``, write ``<document id>.json`` for each."""
    settings = settings or Settings()
    result = RunResult()
    documents = _ingest(paths, settings, result)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    for output in extract_documents(documents, workers=workers, progress=progress):
        if isinstance(output, KgError):
            result.errors.append(output)
            continue
        result.extractions.append(output)
        result.documents += 1
        if out_dir is not None:
            target = _output_path(out_dir, output.document)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                json.dumps(output.to_json_record(), ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
    return result


# -- the graph ----------------------------------------------------------------------------
def open_store(settings: Settings | None = None) -> contextlib.AbstractContextManager[GraphStore]:
    from kg.store import open_store as _open

    return _open(settings or Settings())


def build(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> RunResult:
    """Ingest, extract, resolve and load: every document replaces its earlier version."""
    settings = settings or Settings()
    result = extract(paths, settings, workers=workers, progress=progress)
    with open_store(settings) as store:
        store.load(result.extractions)
        result.counts = store.counts()
    return result


@contextlib.contextmanager
def refresh_lock(settings: Settings) -> Iterator[None]:
    """At most one refresh at a time per data folder (a scheduler may start two)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "refresh.lock"
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            owner = handle.read().strip() or "?"
            raise LockedError(f"another refresh is running (pid {owner})", path=str(path)) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _forms(path: str | Path) -> set[Path]:
    """A path as given, made absolute, and with its symlinks resolved."""
    return {Path(os.path.abspath(path)), Path(path).resolve()}


def _under(source: str, roots: set[Path]) -> bool:
    return any(form == root or root in form.parents for form in _forms(source) for root in roots)


def _emptied(
    paths: Sequence[str | Path], documents: Sequence[Document], gone: Sequence[str]
) -> dict[str | Path, int]:
    """Paths that yielded no document although sources about to be retracted lie under them,
    with how many: an emptied or unmounted folder, not a deliberate deletion."""
    held: dict[str | Path, int] = {}
    for path in paths:
        root = _forms(path)
        if not any(_under(d.source, root) for d in documents):
            count = sum(1 for source in gone if _under(source, root))
            if count:
                held[path] = count
    return held


def refresh(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> RunResult:
    """Incremental build: skip unchanged documents, replace changed ones, retract removed ones.

    A document whose file now fails to read keeps what it said before: a bad file never
    erases good data. A path that yields no document at all while the graph holds documents
    from it (an emptied or unmounted folder) is refused, with nothing changed, unless
    ``allow_empty``.
    """
    settings = settings or Settings()
    result = RunResult()
    with refresh_lock(settings):
        documents = _ingest(paths, settings, result)
        roots = set().union(*(_forms(p) for p in paths))
        with open_store(settings) as store:
            manifest = store.manifest()
            seen = {d.id for d in documents}
            failed = set().union(*(_forms(e.path) for e in result.errors if e.path))
            gone = [
                doc_id
                for doc_id, (_, source) in manifest.items()
                if doc_id not in seen and _under(source, roots) and not _forms(source) & failed
            ]
            held = _emptied(paths, documents, [manifest[g][1] for g in gone])
            if held and not allow_empty:
                where = ", ".join(map(str, held))
                raise EmptySourceError(
                    f"no documents found, but the graph holds {sum(held.values())} from here; "
                    "refusing to retract them (is the folder empty or unmounted?); pass "
                    "--allow-empty to retract them",
                    path=where,
                )
            changed = [d for d in documents if manifest.get(d.id, ("", ""))[0] != d.content_hash]
            result.skipped = len(documents) - len(changed)
            for output in extract_documents(changed, workers=workers, progress=progress):
                if isinstance(output, KgError):
                    result.errors.append(output)
                else:
                    result.extractions.append(output)
            store.load(result.extractions)
            result.documents = len(result.extractions)
            store.retract(gone)
            result.retracted = len(gone)
            result.counts = store.counts()
    return result


def query(
    cypher_text: str,
    params: dict[str, Any] | None = None,
    settings: Settings | None = None,
    *,
    write: bool = False,
) -> list[dict[str, Any]]:
    """Run Cypher; read-only unless ``write`` (write clauses are refused before they run).

    Parameters the query declares optional (``// $name  optional ...``) default to null.
    """
    from kg.store import is_write_query, optional_parameters

    if not write and is_write_query(cypher_text):
        raise QueryError("this query writes to the graph; pass --write (write=True) to allow it")
    params = {**optional_parameters(cypher_text), **(params or {})}
    with open_store(settings) as store:
        return store.write(cypher_text, params) if write else store.read(cypher_text, params)


def named_query(name: str) -> str:
    """The text of a cookbook query from ``schema/queries/<name>.cypher``."""
    from kg.resources import queries_dir

    path = queries_dir() / f"{name}.cypher"
    if not path.is_file():
        known = sorted(p.stem for p in queries_dir().glob("*.cypher"))
        raise QueryError(f"no query named {name!r}; known: {', '.join(known)}")
    return path.read_text(encoding="utf-8")


def to_networkx(settings: Settings | None = None) -> nx.MultiDiGraph:
    """The stored graph as a networkx MultiDiGraph: same ids, labels and properties."""
    from kg.export import read_graph

    with open_store(settings) as store:
        return read_graph(store)


def export(fmt: str, out: Path, settings: Settings | None = None) -> Path:
    from kg.export import write_export

    with open_store(settings) as store:
        return write_export(store, fmt, out)


def evaluate(gold_dir: Path, pred_dir: Path) -> Report:
    from kg.evaluate import evaluate_dirs

    for folder in (gold_dir, pred_dir):
        if not folder.is_dir():
            raise InputError("not a folder", path=str(folder))
    return evaluate_dirs(gold_dir, pred_dir)
