"""The spaCy pipeline: a blank English pipeline plus kg's own registered components.

No pretrained model is needed (none can be downloaded in many deployments): sentences come
from a rule-based splitter, entities from a gazetteer PhraseMatcher plus open-world patterns
(see :mod:`kg.names`). Each component is registered by name and version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.gazetteer import Gazetteer, load_gazetteer
from kg.names import find_open_world_names
from kg.ontology import EntityType
from kg.resolve import fold, name_key

#: Same-length replacements applied before tokenizing, so offsets still index the original text.
_SAME_LENGTH = str.maketrans({"\u00a0": " ", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "\u2009": " "})
_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Za-z.&\-]{2,8}$")
_SENTENCE_END = frozenset({".", "!", "?", "…"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})


def doc_text(doc: Doc) -> str:
    """The doc's text: ``Doc.text`` rebuilds it token by token, so :func:`parse` keeps a copy."""
    text = doc.user_data.get("kg_text")
    return text if isinstance(text, str) else doc.text


def parse(nlp: Language, text: str) -> Doc:
    """``nlp(text)``, keeping the text at hand for components that need it whole."""
    doc = nlp.make_doc(text)
    doc.user_data["kg_text"] = text
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def prepare_text(text: str) -> str:
    """Text as the pipeline sees it: same length as the original, typographic variants unified."""
    return text.translate(_SAME_LENGTH)


@Language.component("kg_fold_norms_v1")
def fold_norms(doc: Doc) -> Doc:
    """Set each token's NORM to its folded form, so the gazetteer matches across spellings.

    Written as one array from the token strings: creating a ``Token`` per word costs more
    than the folding itself."""
    strings = doc.vocab.strings
    texts = [strings[int(orth)] for orth in doc.to_array(ORTH)]
    doc.user_data["kg_tokens"] = texts
    if texts:
        norms = numpy.fromiter(
            (strings.add(_cached_fold(text)) for text in texts), dtype="uint64", count=len(texts)
        )
        doc.from_array([NORM], norms.reshape(-1, 1))
    return doc


@lru_cache(maxsize=200_000)
def _cached_fold(text: str) -> str:
    return fold(text)


@Language.component("kg_sentences_v1")
def split_sentences(doc: Doc) -> Doc:
    """Sentence boundaries after . ! ? (and closing quotes) before a capital, digit or quote, and
    at every line break: headlines and datelines are sentences of their own.

    Boundaries are written in one array (setting ``Token.is_sent_start`` one by one costs a
    scan of the document each time)."""
    cached = doc.user_data.get("kg_tokens")
    texts = cached if isinstance(cached, list) else [token.text for token in doc]
    length = len(texts)
    starts = numpy.full(length, -1, dtype="int64")
    if length:
        starts[0] = 1
    for i, text in enumerate(texts):
        if "\n" in text and i + 1 < length:
            starts[i + 1] = 1
            continue
        if text not in _SENTENCE_END:
            continue
        j = i + 1
        while j < length and texts[j] in _CLOSERS:
            j += 1
        while j < length and texts[j].isspace() and "\n" not in texts[j]:
            j += 1
        if j >= length:
            continue
        first = texts[j][0]
        if first.isupper() or first.isdigit() or first in "\"“‘'(":
            starts[j] = 1
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


def _pattern_variants(alias: str) -> set[str]:
    """Spellings the tokenizer sees differently: each hyphen may be a space (``wal-Ansar`` /
    ``wal Ansar``), and ``al `` may be ``al-``."""
    base = re.sub(r"\b([Aa]l|[Ee]l) (?=\w)", r"\1-", alias)
    parts = base.split("-")
    if len(parts) > 5:
        return {alias, base, base.replace("-", " ")}
    variants = {alias}
    for mask in range(2 ** (len(parts) - 1)):
        text = parts[0]
        for i, part in enumerate(parts[1:]):
            text += (" " if mask >> i & 1 else "-") + part
        variants.add(text)
    return {re.sub(r"\s+", " ", v).strip() for v in variants if v.strip()}


class GazetteerMatcher:
    """Finds gazetteer names: case-insensitive on folded norms, case-sensitive for acronyms."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.folded = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.canonical: dict[str, tuple[EntityType, str]] = {}
        #: Gazetteer kind per canonical name ("state", "jihadist", "city", ...).
        self.kinds: dict[str, str] = {}
        #: Name key of every leader's surface form -> canonical name ("Assad's forces").
        self.leader_keys: dict[str, str] = {}
        folded_patterns: dict[str, list[Doc]] = {}
        exact_patterns: dict[str, list[Doc]] = {}
        for entry in gazetteer.entries:
            key = f"{entry.type.value}|{entry.name}"
            self.canonical[key] = (entry.type, entry.name)
            if entry.kind:
                self.kinds.setdefault(entry.name, entry.kind)
            if entry.type is EntityType.LEADER:
                for form in entry.surface_forms:
                    self.leader_keys.setdefault(name_key(form), entry.name)
            for form in entry.surface_forms:
                form = prepare_text(form)
                target = exact_patterns if _ACRONYM.match(form) else folded_patterns
                for variant in _pattern_variants(form):
                    pattern = nlp.make_doc(variant)
                    for token in pattern:
                        token.norm_ = _cached_fold(token.text)
                    target.setdefault(key, []).append(pattern)
        for key, patterns in folded_patterns.items():
            self.folded.add(key, patterns)
        for key, patterns in exact_patterns.items():
            self.exact.add(key, patterns)

    def __call__(self, doc: Doc) -> list[Span]:
        spans: list[Span] = []
        strings = doc.vocab.strings
        text = doc_text(doc)
        shouting: dict[int, bool] = {}  # line start -> all capitals?
        for matcher in (self.folded, self.exact):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                entity_type, name = self.canonical[key]
                if matcher is self.exact and _in_shouting_line(text, doc[start].idx, shouting):
                    continue
                spans.append(Span(doc, start, end, label=entity_type.value, kb_id=name))
        return spans


def _in_shouting_line(text: str, at: int, seen: dict[int, bool]) -> bool:
    """Acronyms such as IS are not trusted inside all-capitals headlines."""
    line_start = text.rfind("\n", 0, at) + 1
    if line_start not in seen:
        line = text[line_start : (text.find("\n", at) + 1 or len(text) + 1) - 1]
        letters = [c for c in line if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        seen[line_start] = len(letters) > 20 and upper > 0.8 * len(letters)
    return seen[line_start]


@Language.factory("kg_entities_v1", default_config={"gazetteer_path": None})
def make_entity_component(nlp: Language, name: str, gazetteer_path: str | None) -> EntityComponent:
    from kg.resources import gazetteer_path as default_path

    gazetteer = load_gazetteer(Path(gazetteer_path) if gazetteer_path else default_path())
    return EntityComponent(nlp, gazetteer)


class EntityComponent:
    """Gazetteer matches plus open-world names; longest span wins where they overlap."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.matcher = GazetteerMatcher(nlp, gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        spans = self.matcher(doc)
        spans.extend(find_open_world_names(doc, spans, doc_text(doc)))
        doc.ents = filter_spans(spans)
        return doc


def build_pipeline(gazetteer_path: Path | None = None) -> Language:
    """A blank English pipeline with kg's components; no model download."""
    nlp = spacy.blank("en")
    # "Caliph Ibrahim- may God protect him": a dash glued to a name is not part of it.
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Za-z])-"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("kg_fold_norms_v1")
    nlp.add_pipe("kg_sentences_v1")
    nlp.add_pipe(
        "kg_entities_v1",
        config={"gazetteer_path": str(gazetteer_path) if gazetteer_path else None},
    )
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(gazetteer_path: str | None = None) -> Language:
    """One pipeline per process (and per gazetteer): building it costs a second or so."""
    return build_pipeline(Path(gazetteer_path) if gazetteer_path else None)


def sentence_spans(doc: Doc) -> Iterable[Span]:
    return doc.sents
