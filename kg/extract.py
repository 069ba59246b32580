"""Extraction: one document in, its entities and claims out. A pure function of the document.

Sentences and named mentions come from the spaCy pipeline (:mod:`kg.nlp`); references
("the group", "the regime", "Moscow" acting) are resolved here; relation rules
(:mod:`kg.rules`) propose edges; attribution, negation and dates finish each claim.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Span

from kg.attribution import Attribution, attribute, negated
from kg.dates import TimeExpression, find_time_expressions
from kg.models import Claim, Document, Entity, Evidence, Extraction
from kg.nlp import cached_pipeline, parse, prepare_text
from kg.ontology import ENDPOINT_TYPES, EntityType, RelationType, Status
from kg.references import (
    BACKER_ADJECTIVE,
    BACKER_STATE,
    GROUP_REFERENCE,
    LEADER_FORCES,
    POSSESSIVE_START,
    PRESENCE_NOUNS,
    PRONOUN_SUBJECT,
    REGIME_GROUP,
    REGIME_REFERENCE,
    STATE_ACTORS,
)
from kg.resolve import entity_id, name_key
from kg.rules import RULESET, Mention, Proposal, Sentence, propose

_CONFIDENCE = {Status.ASSERTED: 0.8, Status.REPORTED: 0.6, Status.CLAIMED: 0.6, Status.DENIED: 0.5}


@dataclass
class _EntityBook:
    """Entities of one document, keyed by id, with the surface forms seen."""

    entities: dict[str, Entity] = field(default_factory=dict)

    def add(self, entity_type: EntityType, name: str, surface: str | None, origin: str) -> str:
        eid = entity_id(entity_type, name)
        entity = self.entities.get(eid)
        if entity is None:
            entity = Entity(id=eid, type=entity_type, name=name, mentions=[], origin=origin)
            self.entities[eid] = entity
        if surface and surface not in entity.mentions:
            entity.mentions.append(surface)
        return eid


class _Salience:
    """Which group a passage is about: mention counts that decay sentence by sentence.

    A reference resolves only when one group clearly leads (unambiguous), else to nothing.
    A branch ("Ansar al-Islam in Syria") counts for its group; a reference resolves to the
    form the passage used last.
    """

    DECAY = 0.7
    MARGIN = 1.5
    SUBJECT_BONUS = 2.0
    SUBJECT_SPAN = 60  # characters from the start of the sentence

    def __init__(self) -> None:
        self.scores: dict[str, float] = {}
        self.latest: dict[str, str] = {}

    @staticmethod
    def _key(name: str) -> str:
        return name.split(" in ", 1)[0]

    def update(self, groups: list[Mention]) -> None:
        for key in self.scores:
            self.scores[key] *= self.DECAY
        seen: set[str] = set()
        for i, mention in enumerate(groups):
            key = self._key(mention.name)
            self.latest[key] = mention.name
            if key in seen:  # "the Islamic State (IS)": one subject, not two votes
                continue
            seen.add(key)
            # The first group, near the start, is usually the subject.
            bonus = self.SUBJECT_BONUS if i == 0 and mention.start < self.SUBJECT_SPAN else 0.0
            self.scores[key] = self.scores.get(key, 0.0) + 1.0 + bonus

    def salient(self) -> str | None:
        ranked = sorted(self.scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 1.0:
            return None
        if len(ranked) > 1 and ranked[0][1] < self.MARGIN * ranked[1][1]:
            return None
        return self.latest[ranked[0][0]]


def _mention_from_span(
    span: Span, sentence_start: int, original: str, kinds: dict[str, str]
) -> Mention:
    entity_type = EntityType(span.label_)
    name = span.kb_id_ or span.text
    surface = original[span.start_char : span.end_char]
    actor = STATE_ACTORS.get(name) if entity_type is EntityType.LOCATION else None
    return Mention(
        span.start_char - sentence_start,
        span.end_char - sentence_start,
        entity_type,
        name,
        surface,
        actor,
        False,
        kinds.get(name),
    )


_OPENING = 25  # characters: a reference this close to the start is the sentence's subject


def _reference_mentions(
    text: str, salient: str | None, taken: list[Mention], ambiguous: bool = False
) -> list[Mention]:
    """'the group' / sentence-initial 'It' -> salient group; 'the regime' -> the government army."""
    found: list[Mention] = []

    def free(start: int, end: int) -> bool:
        return all(end <= m.start or start >= m.end for m in taken + found)

    def resolvable(start: int, end: int) -> bool:
        return free(start, end) and not (ambiguous and start > _OPENING)

    for m in BACKER_ADJECTIVE.finditer(text):
        if free(m.start(), m.end()):
            found.append(
                Mention(
                    m.start(),
                    m.end(),
                    EntityType.GROUP,
                    BACKER_STATE[m["state"]],
                    m[0],
                    None,
                    True,
                    "state",
                )
            )
    for m in REGIME_REFERENCE.finditer(text):
        if free(m.start(), m.end()):
            found.append(
                Mention(m.start(), m.end(), EntityType.GROUP, REGIME_GROUP, m.group(0), None, True)
            )
    if salient:
        for m in GROUP_REFERENCE.finditer(text):
            if resolvable(m.start(), m.end()):
                found.append(
                    Mention(m.start(), m.end(), EntityType.GROUP, salient, m.group(0), None, True)
                )
        for m in PRONOUN_SUBJECT.finditer(text):
            start, end = m.span("pronoun")
            if resolvable(start, end):
                found.append(
                    Mention(start, end, EntityType.GROUP, salient, m["pronoun"], None, True)
                )
        if POSSESSIVE_START.match(text):
            found.append(Mention(0, 0, EntityType.GROUP, salient, "", None, True))
        named_groups = [m for m in taken + found if m.is_group]
        if not named_groups and (presence := PRESENCE_NOUNS.search(text)):
            # "The strongholds ... are in X": the passage's group is the implied subject.
            found.append(
                Mention(
                    presence.start(), presence.start(), EntityType.GROUP, salient, "", None, True
                )
            )
    return found


def _without_parenthesised_acronyms(named: list[Mention], text: str) -> list[Mention]:
    """ "Syrian Arab Army (SAA)" is one mention: the acronym would break lists ("the SAA
    and the Tiger Forces") and double-count the group."""
    kept: list[Mention] = []
    for m in named:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and previous.name == m.name
            and text[previous.end : m.start].strip() == "("
        ):
            continue
        kept.append(m)
    return kept


#: "al-Qaeda-linked groups", "Al-Qaeda affiliated factions": the name only qualifies unnamed
#: groups, so it is no party to what the sentence says about them.
_MODIFIER = re.compile(
    r"^(?:-|\s)(?:linked|affiliated|aligned|allied|backed|inspired|leaning|oriented|loyal)\s+"
    r"(?:[\w-]+\s+)?(?:groups|factions|militants|fighters|militias|jihadists|rebels|"
    r"organi[sz]ations|outfits|elements|cells)\b"
)


def _without_modifiers(named: list[Mention], text: str) -> list[Mention]:
    return [m for m in named if not _MODIFIER.match(text[m.end : m.end + 60])]


def _leader_possessives(mentions: list[Mention], known_leaders: dict[str, str]) -> list[Proposal]:
    """'Bashar al-Assad's forces' names both the forces and who leads them."""
    proposals = []
    for m in mentions:
        if m.type is not EntityType.GROUP:
            continue
        match = LEADER_FORCES.match(m.text.replace("’", "'"))
        if not match:
            continue
        leader_name = known_leaders.get(name_key(match.group("leader")))
        if leader_name:
            leader = Mention(
                m.start,
                m.start + len(match.group("leader")),
                EntityType.LEADER,
                leader_name,
                match.group("leader"),
            )
            proposals.append(Proposal(RelationType.LEADS, leader, m, m.start, "leads.possessive"))
    return proposals


def _valid_endpoints(p: Proposal) -> bool:
    sources, targets = ENDPOINT_TYPES[p.type]
    return p.source.type in sources and p.target.type in targets and p.source.name != p.target.name


def _claim_id(document_id: str, *parts: object) -> str:
    raw = "|".join([document_id, *map(str, parts)])
    return "claim:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def extract_document(
    document: Document, nlp: Language | None = None, known_leaders: dict[str, str] | None = None
) -> Extraction:
    """Entities and claims of one document. Pure: same document, same output."""
    nlp = nlp or cached_pipeline()
    if known_leaders is None:
        known_leaders = _known_leaders(nlp)
    original = document.text
    doc = parse(nlp, prepare_text(original))
    book = _EntityBook()
    kinds: dict[str, str] = nlp.get_pipe("kg_entities_v1").matcher.kinds
    claims: dict[str, Claim] = {}
    role_leaders: set[str] = set()  # leaders whose sentence gives them a role
    salience = _Salience()
    ents_by_sentence: dict[int, list[Span]] = {}
    for ent in doc.ents:  # one pass: Span.ents rebuilds every entity of the doc per call
        ents_by_sentence.setdefault(ent.sent.start, []).append(ent)
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char
        named = [
            _mention_from_span(e, start, original, kinds)
            for e in ents_by_sentence.get(sent.start, [])
        ]
        named = _without_modifiers(_without_parenthesised_acronyms(named, text), text)
        salient = salience.salient()
        others = {
            _Salience._key(m.name)
            for m in named
            if m.type is EntityType.GROUP and kinds.get(m.name) != "state"
        }
        # When the sentence names other groups, only its opening reference ("The group ...",
        # "It ...") still means the passage's group; a later "the jihadists" is ambiguous.
        ambiguous = bool(salient and others and _Salience._key(salient) not in others)
        references = _reference_mentions(text, salient, named, ambiguous)
        mentions = sorted(named + references, key=lambda m: m.start)
        has_role = bool(_ROLE_CUE.search(text))
        for m in named:
            if m.actor is None or _PLACE_USE.search(text[max(0, m.start - 12) : m.start]):
                eid = book.add(m.type, m.name, m.text, "gazetteer")
                if has_role and m.type is EntityType.LEADER:
                    role_leaders.add(eid)
        # A relation needs two mentions: most sentences have fewer and skip the rules.
        proposals = propose(Sentence(text, mentions)) if len(mentions) >= 2 else []
        proposals += _leader_possessives(mentions, known_leaders)
        for p in proposals:
            if p.type not in (RelationType.BASED_IN, RelationType.TOOK_PLACE_IN):
                p = Proposal(p.type, p.source.as_group(), p.target.as_group(), p.cue_start, p.rule)
            else:
                p = Proposal(p.type, p.source.as_group(), p.target, p.cue_start, p.rule)
            if not _valid_endpoints(p):
                continue
            attribution = attribute(text, claimant_is_party=_party_claims(text, mentions))
            status = _party_status(attribution, p, mentions)
            if status is not Status.DENIED and negated(text, p.cue_start):
                continue
            if p.type is RelationType.LEADS and status is Status.CLAIMED:
                status = Status.ASSERTED  # who leads whom is background, not the claim made
            source_id = book.add(
                p.source.type, p.source.name, None if p.source.reference else p.source.text, "text"
            )
            target_id = book.add(
                p.target.type, p.target.name, None if p.target.reference else p.target.text, "text"
            )
            date, valid_from, valid_to = _dates(
                text, p.cue_start, document.anchor_date(start), state=p.type in _STATES
            )
            if p.type is RelationType.LEADS and valid_from is None and valid_to is None:
                date = None  # a leadership is a state; only "since"/"until" date it
            anchor = document.anchor_date(start)
            if date is None and p.type is RelationType.ATTACKED and anchor is not None:
                date = str(anchor.year)  # an attack reported under a dateline: that year at least
            evidence_text = original[start : start + len(text)].strip()
            cid = _claim_id(document.id, p.type, source_id, target_id, start)
            if cid in claims:
                continue
            claims[cid] = Claim(
                id=cid,
                type=p.type,
                source=source_id,
                target=target_id,
                source_name=p.source.name,
                target_name=p.target.name,
                date=date,
                valid_from=valid_from,
                valid_to=valid_to,
                status=status,
                confidence=_CONFIDENCE[status],
                attributed_to=attribution.source,
                evidence=Evidence(
                    document_id=document.id,
                    sentence=evidence_text,
                    start=start,
                    end=start + len(text),
                    rule=f"{RULESET}:{p.rule}",
                ),
            )
        # "The organization's leadership ..." keeps the passage on its group, like a name would.
        salience.update(
            [
                m
                for m in mentions
                if m.type is EntityType.GROUP
                and kinds.get(m.name) != "state"
                and m.name != REGIME_GROUP
            ]
        )
    return _finish(document, book, list(claims.values()), role_leaders)


#: "in Moscow", "to Damascus": a capital or state named as a place, not as an actor.
_PLACE_USE = re.compile(r"\b(?:in|near|around|outside)\s+(?:the\s+)?$", re.IGNORECASE)

#: Words that make a named person a leader rather than a bystander of the passage.
_ROLE_CUE = re.compile(
    r"\b(?:leader|emir|amir|commander|chief|head|deputy|founder|co-founder|general|spokesman|"
    r"cleric|sheikh|shaykh|ideologue|caliph|"
    r"lead|leads|led|heads|headed|commands|commanded)s?\b",
    re.IGNORECASE,
)


def _short_forms(entities: list[Entity]) -> dict[str, Entity]:
    """Leaders named by a shorter form elsewhere in the article ("Abu Hammam" for
    "Abu Hammam al-Suri"): short id -> the one full entity whose name starts with it."""
    leaders = [e for e in entities if e.type is EntityType.LEADER]
    merged: dict[str, Entity] = {}
    for short in leaders:
        key = name_key(short.name) + " "
        longer = [e for e in leaders if e is not short and name_key(e.name).startswith(key)]
        if len(longer) == 1:
            merged[short.id] = longer[0]
    return merged


def _finish(
    document: Document, book: _EntityBook, claims: list[Claim], role_leaders: set[str]
) -> Extraction:
    """Fold short leader names into their full form and keep only leaders the article gives
    a role or a relation: a person merely quoted or listed is not a Leader."""
    merged = _short_forms(list(book.entities.values()))
    for short_id, full in merged.items():
        for surface in book.entities[short_id].mentions:
            if surface not in full.mentions:
                full.mentions.append(surface)
        if short_id in role_leaders:
            role_leaders.add(full.id)
    kept_claims: dict[str, Claim] = {}
    for claim in claims:
        if claim.source in merged or claim.target in merged:
            source = merged.get(claim.source)
            target = merged.get(claim.target)
            update = {
                "source": source.id if source else claim.source,
                "source_name": source.name if source else claim.source_name,
                "target": target.id if target else claim.target,
                "target_name": target.name if target else claim.target_name,
            }
            update["id"] = _claim_id(
                document.id, claim.type, update["source"], update["target"], claim.evidence.start
            )
            claim = claim.model_copy(update=update)
        kept_claims.setdefault(claim.id, claim)
    in_claims = {c.source for c in kept_claims.values()} | {c.target for c in kept_claims.values()}
    entities = [
        e
        for e in book.entities.values()
        if e.id not in merged
        and (e.type is not EntityType.LEADER or e.id in in_claims or e.id in role_leaders)
    ]
    return Extraction(document=document, entities=entities, claims=list(kept_claims.values()))


_PARTY_CLAIM = re.compile(r"\b(?:claimed|claims|claiming|statement|announced|argues|declared)\b")


def _party_claims(text: str, mentions: list[Mention]) -> bool:
    """True when a group of the sentence is the one making the claim (its subject)."""
    m = _PARTY_CLAIM.search(text)
    if not m:
        return False
    before = [x for x in mentions if x.end <= m.start() and x.is_group]
    return bool(before) and m.start() - before[-1].end < 60


def _party_status(attribution: Attribution, p: Proposal, mentions: list[Mention]) -> Status:
    """A claim is 'claimed' when a party to the relation makes it, 'reported' when a third
    group does ("HTS argued that Hurras al-Din is linked to al-Qaeda")."""
    if attribution.status is not Status.CLAIMED or attribution.cue_start < 0:
        return attribution.status
    before = [m for m in mentions if m.is_group and m.end <= attribution.cue_start]
    if not before or attribution.cue_start - before[-1].end > 60:
        return attribution.status
    claimant = before[-1].as_group().name
    if claimant in (p.source.as_group().name, p.target.as_group().name):
        return Status.CLAIMED
    return Status.REPORTED


#: Relations that hold over time: dated only by a time expression of their own clause.
_STATES = frozenset({RelationType.ALLIED_WITH, RelationType.BASED_IN, RelationType.LEADS})


def _dates(
    text: str, cue: int, anchor: dt.date | None, state: bool = False
) -> tuple[str | None, str | None, str | None]:
    """The date of the relation at ``cue``: the nearest time expression of its own clause.
    A state relation is left undated rather than borrow another clause's date."""
    expressions = [e for e in find_time_expressions(text, anchor) if e.value]
    if not expressions:
        return None, None, None

    def distance(expression: TimeExpression) -> int:
        low, high = sorted((expression.start, cue))
        crossed = _CLAUSE_BREAK.search(text, low, high) is not None
        return abs(expression.start - cue) + (_OTHER_CLAUSE if crossed else 0)

    nearest = min(expressions, key=distance)
    if state and distance(nearest) >= _OTHER_CLAUSE:
        return None, None, None  # "In 2016 X attacked Y, which is an affiliate of Z"
    valid_from = nearest.value if nearest.role == "from" else None
    valid_to = nearest.value if nearest.role == "to" else None
    return nearest.value, valid_from, valid_to


_OTHER_CLAUSE = 10_000  # a distance penalty larger than any sentence
#: A time expression beyond one of these belongs to another clause ("in April 2013, after
#: which it overran Raqqa in the summer of 2013").
_CLAUSE_BREAK = re.compile(r";|\b(?:after which|which|who|when|whereas|but|that)\b")


def _known_leaders(nlp: Language) -> dict[str, str]:
    """Leaders the gazetteer knows, by the key of any of their spellings (built once)."""
    leaders: dict[str, str] = nlp.get_pipe("kg_entities_v1").matcher.leader_keys
    return leaders
