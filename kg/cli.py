"""``kg``: a thin command line over :mod:`kg.api`, with the same verbs.

Exit codes a scheduler can act on: 0 success, 1 some documents failed (the rest were
processed), 2 usage error (including a refresh refused because its paths hold no documents),
3 store or configuration error, 4 query error, 75 another refresh holds the lock (try again
later).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from kg import __version__

EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE, EXIT_QUERY, EXIT_LOCKED = 1, 2, 3, 4, 75

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a crash must not print settings or credentials
    help="Turn articles about armed groups into a Cypher-queryable knowledge graph.",
)

PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .jsonl).")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """kg: articles in, knowledge graph out."""


def _err(line: str) -> None:
    typer.echo(line, err=True)


def _settings() -> Any:
    from pydantic import ValidationError

    from kg.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        _err(f"KG-E500 configuration: {exc.errors()[0]['msg']} ({exc.errors()[0]['loc']})")
        raise typer.Exit(EXIT_STORE) from exc


class _Progress:
    """A progress bar on a terminal, plain log lines otherwise (cron, CI, pipes)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.bar: Any = None
        self.task: Any = None
        self.last = 0.0

    def __enter__(self) -> _Progress:
        if self.tty:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
        return self

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar is not None:
            if self.task is None:
                self.task = self.bar.add_task(self.label, total=total)
            self.bar.update(self.task, completed=done, description=f"{self.label} {name}")
        elif done == total or time.monotonic() - self.last > 5:
            self.last = time.monotonic()
            _err(f"{self.label}: {done}/{total} documents ({name})")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _guard(action: Any) -> Any:
    """Run an API call, turning kg's errors into one line and an exit code; no traceback."""
    from kg.errors import (
        ConfigError,
        EmptySourceError,
        KgError,
        LockedError,
        QueryError,
        StoreError,
    )

    try:
        return action()
    except LockedError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_LOCKED) from exc
    except EmptySourceError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    except QueryError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_QUERY) from exc
    except (StoreError, ConfigError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_STORE) from exc
    except KgError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_PARTIAL) from exc


def _report(result: Any, verb: str) -> None:
    for error in result.errors:
        _err(str(error))
    parts = [f"{verb}: {result.documents} documents"]
    if result.skipped:
        parts.append(f"{result.skipped} unchanged")
    if result.retracted:
        parts.append(f"{result.retracted} retracted")
    parts.append(f"{len(result.errors)} errors")
    typer.echo(", ".join(parts))
    if result.counts:
        nodes = ", ".join(f"{k} {v}" for k, v in result.counts["nodes"].items() if v)
        edges = ", ".join(f"{k} {v}" for k, v in result.counts["edges"].items() if v)
        typer.echo(f"nodes: {nodes or 'none'}")
        typer.echo(f"edges: {edges or 'none'}")


@app.command()
def build(paths: PathsArg, workers: WorkersOpt = 1) -> None:
    """Ingest, extract, resolve and load documents into the graph."""
    from kg import api

    settings = _settings()
    with _Progress("extract") as progress:
        result = _guard(lambda: api.build(paths, settings, workers=workers, progress=progress))
    _report(result, "build")
    if result.errors:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def extract(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <document id>.json files.")],
    workers: WorkersOpt = 1,
) -> None:
    """Extract entities and relations to JSON files, one per document (no database)."""
    from kg import api

    settings = _settings()
    with _Progress("extract") as progress:
        result = _guard(
            lambda: api.extract(paths, settings, out_dir=out, workers=workers, progress=progress)
        )
    _report(result, "extract")
    typer.echo(f"wrote {result.documents} files to {out}")
    if result.errors:
        raise typer.Exit(EXIT_PARTIAL)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold <stem>.json files.")],
    pred: Annotated[Path, typer.Option("--pred", help="Folder of predicted <stem>.json files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[
        bool, typer.Option("--details", help="List unmatched relations (FN/FP) and wrong dates.")
    ] = False,
) -> None:
    """Precision, recall and F1 for entities and relations against gold annotations."""
    from kg import api

    report = _guard(lambda: api.evaluate(gold, pred))
    summary = report.summary()
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    typer.echo(f"documents: {summary['documents']}")
    for what, label in (("entity", "entities:"), ("relation", "relations:")):
        p, r, f1 = (summary[f"{what}_{score}"] for score in ("precision", "recall", "f1"))
        typer.echo(f"{label:<11} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    for name, score in sorted(report.relations_by_type.items()):
        typer.echo(f"  {name:<12} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}")
    typer.echo(f"matched relations: {summary['matched_relations']}")
    typer.echo(f"date accuracy: {summary['date_accuracy']:.3f}")
    typer.echo(f"status accuracy: {summary['status_accuracy']:.3f}")
    if details:
        for line in sorted(report.mismatches):
            typer.echo(line)
    for name in report.missing_predictions:
        _err(f"KG-E101 {pred / name}: no prediction for this gold file (scored as empty)")


def _params(pairs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            _err(f"KG-E400 --param {pair!r}: expected name=value")
            raise typer.Exit(2)
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    return params


@app.command()
def query(
    cypher: Annotated[str | None, typer.Argument(help="A Cypher query.")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="A cookbook query.")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="name=value (JSON values allowed).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    write: Annotated[bool, typer.Option("--write", help="Allow write clauses.")] = False,
) -> None:
    """Run a Cypher query (read-only unless --write) or a named cookbook query."""
    from kg import api

    if (cypher is None) == (name is None):
        _err("KG-E400 give either a Cypher query or --name (see schema/queries/)")
        raise typer.Exit(2)
    if fmt not in ("table", "json"):
        _err(f"KG-E400 --format {fmt!r}: use table or json")
        raise typer.Exit(2)
    text = cypher if cypher is not None else _guard(lambda: api.named_query(name or ""))
    settings = _settings()
    rows = _guard(lambda: api.query(text, _params(param or []), settings, write=write))
    from kg.export import _plain

    rows = [{k: _plain(v) for k, v in row.items()} for row in rows]
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    _print_table(rows)


def _print_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        typer.echo("(no rows)")
        return
    columns = list(rows[0])
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    typer.echo("  ".join("-" * w for w in widths))
    for row in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    typer.echo(f"({len(rows)} rows)")


def _cell(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml, json or csv.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file (csv: a folder).")],
) -> None:
    """Export the whole graph as GraphML, JSON (node-link) or CSV."""
    from kg import api
    from kg.export import FORMATS

    if fmt not in FORMATS:
        _err(f"KG-E400 --format {fmt!r}: use {', '.join(FORMATS)}")
        raise typer.Exit(2)
    settings = _settings()
    path = _guard(lambda: api.export(fmt, out, settings))
    typer.echo(f"exported {fmt} to {path}")


@app.command()
def refresh(
    paths: PathsArg,
    workers: WorkersOpt = 1,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Retract everything loaded from PATH when it holds no documents "
            "(refused otherwise: an emptied or unmounted folder must not wipe the graph).",
        ),
    ] = False,
) -> None:
    """Incremental load for schedulers: skip unchanged, replace changed, retract removed."""
    from kg import api

    settings = _settings()
    started = time.monotonic()
    with _Progress("refresh") as progress:
        result = _guard(
            lambda: api.refresh(
                paths, settings, workers=workers, progress=progress, allow_empty=allow_empty
            )
        )
    _report(result, "refresh")
    typer.echo(
        f"kg refresh: loaded={result.documents} unchanged={result.skipped} "
        f"retracted={result.retracted} errors={len(result.errors)} "
        f"seconds={time.monotonic() - started:.1f}"
    )
    if result.errors:
        raise typer.Exit(EXIT_PARTIAL)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
