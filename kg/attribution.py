"""Attribution and negation: how the source stands behind what a sentence says.

``reportedly``/``according to`` -> reported; a party's own statement or claim of
responsibility -> claimed; ``denied`` -> denied; negated statements produce no claim at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ontology import Status

_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|denial|refuted|refutes|refute|"
    r"never claimed|rejected (?:the |these |those )?(?:claims?|reports?|allegations?)|"
    r"dismissed (?:the |these )?(?:claims?|reports?|allegations?)|false(?:ly)? claim\w*)\b",
    re.IGNORECASE,
)
_OWN_CLAIM = re.compile(
    r"\b(?:claimed responsibility|claims? responsibility|claim(?:ed|s)? (?:an? |the )?(?:\w+ ){0,3}"
    r"(?:attack|raid|operation|bombing|strike|assault)s?|in (?:a|an|its|their) (?:own )?"
    r"(?:official )?statement|issued (?:a|its|an) (?:\w+ )?statement|released (?:a|its) statement|"
    r"statement (?:issued|released|published)|in the name of|(?:group|organi[sz]ation|movement) "
    r"(?:argues|argued|says|said|claims|claimed)|the (?:\w+ )?side|pledge statement|"
    r"announced|declared|declaring|argues|argued)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:reportedly|reported|reports?|according to|allegedly|alleged|is said to|are said to|"
    r"was said to|were said to|said to have|appears? to|appeared to|seems? to|seemed to|"
    r"is thought to|are thought to|believed to|is believed|are believed|sources said|"
    r"suspected|purportedly|accused|claimed that|claims that|claimed to|told)\b",
    re.IGNORECASE,
)
_CLAIM_VERB = re.compile(r"\b(?:claimed|claims|claiming)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|didn't|doesn't|don't|wasn't|weren't|hasn't|haven't|without|"
    r"nor|neither|refused to|failed to)\b",
    re.IGNORECASE,
)
_SOURCE = re.compile(
    r"\b[Aa]ccording to (?:the |a |an )?((?:[A-Z][\w'’.-]*\s?){1,6})|"
    r"((?:[A-Z][\w'’.-]*\s?){1,5}) (?:reported|said|claimed|stated|told)\b"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    status: Status
    cue: str | None = None
    source: str | None = None
    cue_start: int = -1


def attribute(sentence: str, *, claimant_is_party: bool = False) -> Attribution:
    """Status of a sentence's claims.

    ``claimant_is_party``: a group of the sentence makes the claim.
    """
    source = _named_source(sentence)
    if m := _DENIAL.search(sentence):
        return Attribution(Status.DENIED, m.group(0), source, m.start())
    if m := _OWN_CLAIM.search(sentence):
        return Attribution(Status.CLAIMED, m.group(0), source, m.start())
    if (m := _CLAIM_VERB.search(sentence)) and claimant_is_party:
        return Attribution(Status.CLAIMED, m.group(0), source, m.start())
    if m := _HEDGE.search(sentence):
        return Attribution(Status.REPORTED, m.group(0), source, m.start())
    if m := _CLAIM_VERB.search(sentence):
        return Attribution(Status.REPORTED, m.group(0), source, m.start())
    return Attribution(Status.ASSERTED)


def negated(sentence: str, cue_start: int, window: int = 30) -> bool:
    """True when a negation stands just before the cue in the same clause (``did not accept``,
    ``never joined``)."""
    before = sentence[max(0, cue_start - window) : cue_start]
    before = re.split(r"[,;:—–()]", before)[-1]
    negations = list(_NEGATION.finditer(before))
    # "never stopped since the arrival of X": the negation belongs to an earlier clause.
    return bool(negations) and not _CLAUSE_OPENER.search(before, negations[-1].end())


_CLAUSE_OPENER = re.compile(r"\b(?:since|after|before|when|because|until|while|that|which)\b")


def _named_source(sentence: str) -> str | None:
    m = _SOURCE.search(sentence)
    if not m:
        return None
    name = (m.group(1) or m.group(2) or "").strip()
    return name or None
