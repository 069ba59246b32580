"""Open-world names: groups, leaders, operations and agreements that no gazetteer lists yet.

Found from their shape (Arabic naming particles, ``Abu X al-Y``), apposition (``X, a jihadist
group``), role cues (``leader of``, ``commander``) and acronyms defined in the text.
Gazetteer matches always win over these guesses.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.ontology import EntityType
from kg.resolve import plausible_acronym

_CAP = r"[A-Z][\w']*(?:-[A-Z][\w']*)*"
_LINK = r"(?:al-|al |el-|wal-|wal |wa-|wa |ul-|bin |ibn |ad-|ash-|as-)"
_NAME_TAIL = rf"(?:\s+{_LINK}?{_CAP})"
_PARTICLES = (
    r"Jabhat|Jabha|Jaysh|Jaish|Jeish|Harakat|Harakah|Liwa|Liwaa|Ansar|Hay'at|Hayat|Kata'ib|"
    r"Kataib|Katibat|Katiba|Saraya|Faylaq|Failaq|Tanzim|Jamaat|Jama'at|Jund|Junud|Alwiya|"
    r"Firqat|Ahrar|Tajammu|Jamaah|Jemaah|Asa'ib|Asaib|Quwat|Lajnat"
)
_PARTICLE_NAME = re.compile(rf"\b(?:{_PARTICLES})(?:\s+{_LINK}?{_CAP}|\s+al-?\w+){{1,4}}")
_HEADED_GROUP = re.compile(
    rf"\b(?:{_CAP}\s+){{1,3}}(?:Brigades?|Battalions?|Division|Front|Army|Movement|Forces|Corps|"
    r"Regiment|Legion|Operations Room|Mujahideen)\b"
)
_APPOSITION_GROUP = re.compile(
    rf"\b({_CAP}(?:\s+(?:{_LINK}|of |the )?{_CAP}){{0,4}}),\s+(?:a|an|the)\s+"
    r"(?:[\w'-]+\s+){0,5}?(?:group|coalition|faction|militia|organi[sz]ation|alliance|"
    r"operations room|outfit|movement|brigade|offshoot|branch|affiliate)\b"
)
_QUOTED_GROUP = re.compile(
    r"[\"“]([A-Z][^\"”\n]{2,60}?),?[\"”],?\s+(?:group|organi[sz]ation|operations room|coalition|"
    r"alliance|faction|brigade|militia)\b"
)
_NAMED_ROOM = re.compile(rf"\b((?:{_CAP}\s+){{1,3}})(?:operations room|coalition)\b")
_ABU_NAME = re.compile(
    rf"\b(?:Abu|Abou|Umm)\s+{_CAP}(?:\s+(?:Abd|Abdul|Abdel)\s+{_CAP})?(?:\s+{_LINK}?{_CAP}){{0,2}}"
)
_ROLE_NAME = re.compile(
    r"\b(?:leader|emir|amir|commander|chief|deputy|spokesman|founder|head|General|Gen\.|"
    r"Colonel|Col\.|Brigadier|Sheikh|Shaykh|Mullah|Major General|Lieutenant General)\s+"
    rf"({_CAP}(?:\s+{_LINK}?{_CAP}){{1,3}})"
)
_ROLE_OF_NAME = re.compile(
    r"\b(?:leader|emir|amir|commander|chief|deputy|spokesman|founder|head)"
    rf"(?:\s+of\s+[^,.;]{{2,60}}?)?,\s+({_CAP}(?:\s+{_LINK}?{_CAP}){{1,3}}),"
)
_NAME_THEN_ROLE = re.compile(
    rf"\b({_CAP}(?:\s+{_LINK}?{_CAP}){{1,3}}),\s+(?:the|its|a|their)\s+(?:[\w-]+\s+)?"
    r"(?:leader|emir|amir|commander|chief|deputy|founder|head)\b"
)
_OPERATION = re.compile(
    rf"\b(?:Operation\s+{_CAP}(?:\s+(?:of\s+|the\s+|for\s+)?{_CAP}){{0,4}}|(?:siege|battle|Battle|Siege)"
    rf"\s+(?:of|for)\s+(?:the\s+)?{_CAP}{_NAME_TAIL}{{0,2}}"
    r"(?:\s+(?:military\s+)?(?:airport|airbase|base|city))?)"
)
_AGREEMENT = re.compile(
    rf"\b{_CAP}{_NAME_TAIL}{{0,3}}\s+(?:(?:de-escalation|truce|ceasefire|peace|reconciliation)\s+)?"
    r"(?:agreement|accord|memorandum|truce)\b"
    r"|\bde-escalation (?:zone )?(?:agreement|deal)\b"
)
_NOT_NAMES = frozenset(
    {
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "In",
        "On",
        "At",
        "By",
        "For",
        "With",
        "And",
        "But",
        "However",
        "According",
        "Since",
        "As",
        "After",
        "Before",
        "During",
        "While",
        "When",
        "Syrian",
        "Russian",
        "Turkish",
        "Iranian",
        "Iraqi",
        "American",
        "Israeli",
        "Kurdish",
        "US",
        "U.S.",
        "UN",
        "Islamic",
        "Sunni",
        "Shia",
        "Shiite",
        "Arab",
        "Western",
    }
)
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")


def _span(doc: Doc, start: int, end: int, label: EntityType, name: str) -> Span | None:
    span = doc.char_span(start, end, label=label.value, kb_id=name, alignment_mode="contract")
    if span is None or not span.text.strip():
        return None
    return span


_POSSESSIVE = re.compile(r"['’]s\b")
#: Last words that make a name a media outlet or office, not an armed group.
_NOT_GROUP_TAILS = frozenset({"Media", "Foundation", "News", "Agency", "Network", "Magazine"})


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name)
    if possessive := _POSSESSIVE.search(name):  # "Ansar al-Islam's Iraqi ..." names Ansar al-Islam
        name = name[: possessive.start()]
    name = name.strip(" ,.;:\"“”'")
    return re.sub(r"^(?:the|The)\s+", "", name)


def _plausible(name: str, label: EntityType) -> bool:
    words = name.split()
    if not words or (len(words) == 1 and (words[0] in _NOT_NAMES or words[0].endswith("ly"))):
        return False
    return not (label is EntityType.GROUP and words[-1] in _NOT_GROUP_TAILS)


def _candidates(doc: Doc, text: str) -> list[Span]:
    found: list[Span] = []

    def add(start: int, end: int, label: EntityType) -> None:
        raw = text[start:end]
        if raw.startswith(("The ", "the ")):
            start += 4
        name = _clean(text[start:end])
        if not _plausible(name, label):
            return
        offset = text.find(name, start, end)
        if offset < 0:
            return
        span = _span(doc, offset, offset + len(name), label, name)
        if span is not None:
            found.append(span)

    for m in _PARTICLE_NAME.finditer(text):
        add(m.start(), m.end(), EntityType.GROUP)
    for m in _HEADED_GROUP.finditer(text):
        words = [w for w in m.group(0).split() if w not in ("The", "the")]
        if words and words[0] not in _NOT_NAMES:
            add(m.start(), m.end(), EntityType.GROUP)
    for pattern in (_APPOSITION_GROUP, _QUOTED_GROUP, _NAMED_ROOM):
        for m in pattern.finditer(text):
            head = m.group(1).split()[0] if m.group(1).split() else ""
            if head not in _NOT_NAMES:
                add(m.start(1), m.end(1), EntityType.GROUP)
    for m in _ABU_NAME.finditer(text):
        add(m.start(), m.end(), EntityType.LEADER)
    for pattern in (_ROLE_NAME, _ROLE_OF_NAME, _NAME_THEN_ROLE):
        for m in pattern.finditer(text):
            if m.group(1).split()[0] not in _NOT_NAMES:
                add(m.start(1), m.end(1), EntityType.LEADER)
    for m in _OPERATION.finditer(text):
        add(m.start(), m.end(), EntityType.OPERATION)
    for m in _AGREEMENT.finditer(text):
        add(m.start(), m.end(), EntityType.AGREEMENT)
    return found


def _acronym_spans(doc: Doc, named: list[Span], text: str) -> list[Span]:
    """``Some Front (SF)`` defines SF: later uses of SF get the same name and type."""
    spans: list[Span] = []
    for span in named:
        if span.label_ not in (EntityType.GROUP.value, EntityType.LOCATION.value):
            continue
        match = _ACRONYM_AFTER.match(text, span.end_char)
        if not match or not plausible_acronym(match.group(1), span.kb_id_ or span.text):
            continue
        acronym = match.group(1)
        for use in re.finditer(rf"\b{re.escape(acronym)}\b", text):
            new = doc.char_span(use.start(), use.end(), label=span.label_, kb_id=span.kb_id_)
            if new is not None:
                spans.append(new)
    return spans


def _contains_all(span: Span, known: list[Span]) -> bool:
    """True when every gazetteer span ``span`` touches lies strictly inside it: an unknown
    group whose name holds a known place ("Saraya al-Ghab") is the group, not the place."""
    touched = [k for k in known if k.start < span.end and span.start < k.end]
    return bool(touched) and all(
        span.start <= k.start and k.end <= span.end and len(k) < len(span) for k in touched
    )


def find_open_world_names(doc: Doc, known: list[Span], text: str | None = None) -> list[Span]:
    """Spans for names the gazetteer does not know. None overlaps a gazetteer span, except a
    particle-named group that strictly contains it (the caller keeps the longest)."""
    taken = [False] * (len(doc) + 1)
    for span in known:
        for i in range(span.start, span.end):
            taken[i] = True
    fresh = []
    if text is None:
        text = doc.text  # built anew on each access: read it once
    for s in _candidates(doc, text):
        free = not any(taken[i] for i in range(s.start, s.end))
        if free or (
            (
                (s.label_ == EntityType.GROUP.value and _PARTICLE_NAME.match(s.text))
                or s.label_ in (EntityType.OPERATION.value, EntityType.AGREEMENT.value)
            )
            and _contains_all(s, known)
        ):  # "Saraya al-Ghab", "the battle of Kafr Nabudah": the name holds a known place
            fresh.append(s)
    extra = _acronym_spans(doc, known + fresh, text)
    return fresh + [s for s in extra if not any(taken[i] for i in range(s.start, s.end))]
