"""Extraction benchmark: words per second of kg's extraction against spaCy's bare tokenizer.

Run from the repository root::

    python bench/bench_extract.py [--words 200000] [--repeat N] [--workers N] [--profile 25]

The seed articles (``seeds/*.txt``, read with :func:`kg.ingest.iter_documents`) are taken
in turn until the corpus holds at least ``--words`` words (``--repeat N``: exactly N copies
of the seed set instead). Words are the whitespace-separated tokens of each document's
cleaned text. After a warm-up (building the pipeline is not timed) the same run times:

a. ``spacy.blank("en").tokenizer`` over the texts (the floor: no pipeline at all);
b. :func:`kg.extract.extract_document` per document, in this process;
c. with ``--workers N``: :func:`kg.api.extract_documents` over N processes, pool start-up
   included (on Linux the workers are forked and inherit the warmed pipeline).

``--profile K`` then profiles one pass of (b) with cProfile and prints the K functions with
the highest cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.models import Document

Out = Callable[[str], None]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: Single-process extraction speed asked for by the issue.
TARGET_WORDS_PER_S = 50_000


def words_of(text: str) -> int:
    return len(text.split())


# -- the machine --------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def machine() -> str:
    """Cores, CPU model, RAM, Python and spaCy versions, in one line."""
    import spacy

    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    ram = memory_gib()
    parts = [
        f"{cores} cores" + (f" ({usable} usable)" if usable != cores else ""),
        cpu_model(),
        f"{ram:.1f} GiB RAM" if ram else "RAM unknown",
        f"Python {platform.python_version()}",
        f"spaCy {spacy.about.__version__}",
    ]
    return ", ".join(parts)


# -- the corpus ---------------------------------------------------------------------------


def load_seeds(paths: Sequence[str | Path] = (SEEDS,)) -> list[Document]:
    from kg.ingest import iter_documents

    documents = [d for d in iter_documents(list(paths)) if isinstance(d, Document)]
    if not documents:
        raise SystemExit(f"no readable documents under {', '.join(map(str, paths))}")
    return documents


def build_corpus(
    seeds: Sequence[Document], *, words: int = 200_000, repeat: int | None = None
) -> list[Document]:
    """Seeds taken in turn until ``words`` is reached (or exactly ``repeat`` copies of them).

    Copies get their own ids (``<id>~<n>``): extraction treats each as a document of its own.
    """
    if repeat is not None:
        wanted = [d for _ in range(repeat) for d in seeds]
    else:
        wanted, total = [], 0
        while total < words:
            document = seeds[len(wanted) % len(seeds)]
            wanted.append(document)
            total += words_of(document.text)
    corpus = []
    for i, document in enumerate(wanted):
        copy = i // len(seeds)
        corpus.append(
            document if copy == 0 else document.model_copy(update={"id": f"{document.id}~{copy}"})
        )
    return corpus


# -- the measurements ---------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    words: int
    seconds: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else float("inf")


@dataclass
class ExtractResult:
    documents: int
    words: int
    tokenizer: Figure
    full: Figure
    parallel: Figure | None = None
    errors: int = 0
    claims: int = 0
    hotspots: list[tuple[str, float]] | None = None

    @property
    def ratio(self) -> float:
        """Full extraction speed as a fraction of the bare tokenizer's."""
        return self.full.words_per_s / self.tokenizer.words_per_s

    @property
    def target_met(self) -> bool:
        return self.full.words_per_s >= TARGET_WORDS_PER_S


def time_tokenizer(corpus: Sequence[Document]) -> Figure:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    tokenizer(corpus[0].text)  # warm-up
    start = time.perf_counter()
    for document in corpus:
        tokenizer(document.text)
    seconds = time.perf_counter() - start
    return Figure('spacy.blank("en").tokenizer', sum(words_of(d.text) for d in corpus), seconds)


def time_extract(corpus: Sequence[Document]) -> tuple[Figure, int]:
    """``extract_document`` per document in this process; returns the figure and claims."""
    from kg.extract import extract_document

    start = time.perf_counter()
    claims = sum(len(extract_document(document).claims) for document in corpus)
    seconds = time.perf_counter() - start
    words = sum(words_of(d.text) for d in corpus)
    return Figure("extract_document, 1 process", words, seconds), claims


def time_parallel(corpus: Sequence[Document], workers: int) -> tuple[Figure, int]:
    """``kg.api.extract_documents`` over ``workers`` processes; returns the figure and errors."""
    from kg.api import extract_documents
    from kg.errors import KgError

    start = time.perf_counter()
    errors = sum(isinstance(x, KgError) for x in extract_documents(corpus, workers=workers))
    seconds = time.perf_counter() - start
    words = sum(words_of(d.text) for d in corpus)
    return Figure(f"extract_documents, workers={workers}", words, seconds), errors


def profile_extract(corpus: Sequence[Document], top: int) -> list[tuple[str, float]]:
    """cProfile one pass of ``extract_document``: the ``top`` functions by cumulative share."""
    from kg.extract import extract_document

    profiler = cProfile.Profile()
    profiler.enable()
    for document in corpus:
        extract_document(document)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max(cumulative for (_, _, _, cumulative, _) in raw.values())
    rows = []
    for (filename, line, function), (_, _, _, cumulative, _) in raw.items():
        where = _short(filename)
        rows.append((f"{where}:{line}({function})", 100.0 * cumulative / total))
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def _short(filename: str) -> str:
    for marker in ("/site-packages/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def run_extract(
    corpus: Sequence[Document], *, workers: int = 0, profile: int = 0, out: Out = print
) -> ExtractResult:
    """Warm up, then time the tokenizer, the full extraction and (``workers``) the pool."""
    from kg.extract import extract_document
    from kg.nlp import cached_pipeline

    words = sum(words_of(d.text) for d in corpus)
    out(f"machine: {machine()}")
    out(f"corpus: {len(corpus):,} documents, {words:,} words")
    out("warm-up: building the pipeline and extracting one document (not timed) ...")
    start = time.perf_counter()
    cached_pipeline()
    extract_document(corpus[0])
    out(f"  {time.perf_counter() - start:.1f} s")

    out("timing the bare tokenizer ...")
    tokenizer = time_tokenizer(corpus)
    out(f"timing extract_document over {len(corpus):,} documents ...")
    full, claims = time_extract(corpus)
    result = ExtractResult(len(corpus), words, tokenizer, full, claims=claims)
    if workers > 1:
        out(f"timing kg.api.extract_documents with {workers} workers ...")
        result.parallel, result.errors = time_parallel(corpus, workers)
    if profile:
        distinct = list({d.content_hash: d for d in corpus}.values())
        out(
            f"profiling extract_document over the {len(distinct)} distinct documents (cProfile) ..."
        )
        result.hotspots = profile_extract(distinct, profile)
    report(result, out)
    return result


def report(result: ExtractResult, out: Out = print) -> None:
    out("")
    out(f"results: {result.documents:,} documents, {result.words:,} words")
    figures = [result.tokenizer, result.full] + ([result.parallel] if result.parallel else [])
    for figure in figures:
        out(
            f"{figure.name + ':':<42}{figure.words_per_s:>12,.0f} words/s  ({figure.seconds:.2f} s)"
        )
    out(f"claims extracted: {result.claims:,}")
    if result.parallel:
        speedup = result.parallel.words_per_s / result.full.words_per_s
        out(f"parallel speed-up over 1 process: {speedup:.2f}x ({result.errors} errors)")
    out(
        f"ratio full/tokenizer: {result.ratio:.4f} "
        f"(the tokenizer alone is {1 / result.ratio:,.0f}x faster)"
    )
    verdict = "MET" if result.target_met else "NOT MET"
    out(
        f"target >= {TARGET_WORDS_PER_S:,} words/s in one process: {verdict} "
        f"({result.full.words_per_s:,.0f} words/s)"
    )
    if result.hotspots:
        out("hotspots (cumulative % of extract_document time):")
        for name, share in result.hotspots:
            out(f"  {share:5.1f}%  {name}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--words", type=int, default=200_000, help="corpus size in words (default 200000)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="exactly N copies of the seed set (overrides --words)",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="also time kg.api.extract_documents on N processes"
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="K", help="print the K top cProfile hotspots"
    )
    parser.add_argument(
        "--seeds", type=Path, action="append", default=None, help="article folder (default seeds/)"
    )
    args = parser.parse_args(argv)
    if args.words < 1 or (args.repeat is not None and args.repeat < 1):
        parser.error("--words and --repeat must be positive")
    return args


def main(argv: Sequence[str] | None = None, *, out: Out = print) -> ExtractResult:
    args = parse_args(argv)

    def line(text: str) -> None:
        out(text)
        sys.stdout.flush()

    seeds = load_seeds(args.seeds or [SEEDS])
    corpus = build_corpus(seeds, words=args.words, repeat=args.repeat)
    return run_extract(corpus, workers=args.workers, profile=args.profile, out=line)


if __name__ == "__main__":
    main()
