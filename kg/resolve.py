"""Resolution: one id per real-world entity however it is spelled.

Names are folded to a key (case, diacritics, apostrophes, hyphens, ``al-``, common
transliteration variants) and ids are derived from the entity type and that key, so the same
group gets the same id in every run and every document.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.ontology import EntityType

_APOSTROPHES = re.compile(r"['’‘`´ʼʻ′]")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_ARTICLES = frozenset({"al", "el", "the"})
#: Transliteration variants folded to one spelling (whole words only).
_VARIANTS = {
    "deen": "din",
    "nusrah": "nusra",
    "qaida": "qaeda",
    "qa'ida": "qaeda",
    "jaish": "jaysh",
    "jeish": "jaysh",
    "jaych": "jaysh",
    "mohammad": "muhammad",
    "mohammed": "muhammad",
    "muhammed": "muhammad",
    "mohamed": "muhammad",
    "jolani": "julani",
    "jawlani": "julani",
    "jawlaani": "julani",
    "shughur": "shughour",
    "idleb": "idlib",
    "lattakia": "latakia",
    "tahreer": "tahrir",
    "liwaa": "liwa",
    "harakah": "harakat",
    "ansaar": "ansar",
    "tawheed": "tawhid",
    "mujahideen": "mujahidin",
    "muhajirin": "muhajireen",
    "daish": "daesh",
}


def fold(text: str) -> str:
    """Fold one token or phrase: lowercase, no diacritics, no apostrophes, variants unified."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = _APOSTROPHES.sub("", stripped.lower())
    return _VARIANTS.get(lowered, lowered)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison key of a name.

    ``Hay’at Tahrir al-Sham`` and ``Hayat Tahrir Al Sham`` get the same key.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.lower())
    text = text.replace("-", " ").replace("–", " ").replace("—", " ")
    text = _NON_WORD.sub(" ", text)
    words = [_VARIANTS.get(w, w) for w in _SPACES.split(text) if w]
    # "al" and "the" carry no identity ("al-Nusra Front" = "Nusra Front"),
    # unless they are all there is.
    kept = [w for w in words if w not in _ARTICLES] or words
    return " ".join(kept)


def entity_id(entity_type: EntityType, name: str) -> str:
    """Stable, content-derived id: ``group:hayat-tahrir-sham``."""
    return f"{entity_type.value.lower()}:{name_key(name).replace(' ', '-')}"


_ACRONYM_DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z&\-]{1,9})\s*\)")


def acronym_of(name: str) -> str:
    """Initials of the significant words of a name: ``Hurras al-Din`` -> ``HD``."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _ARTICLES]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def plausible_acronym(acronym: str, name: str) -> bool:
    """True when ``acronym`` can stand for ``name`` (its capitals are initials of the name)."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    initials = acronym_of(name)
    if not letters or not initials:
        return False
    # Every letter of the acronym must appear in order among the name's initials or letters.
    position = 0
    for letter in letters:
        found = initials.find(letter, position)
        if found < 0:
            return False
        position = found + 1
    return letters[0] == initials[0]


def defined_acronyms(text: str) -> list[tuple[int, str]]:
    """Positions and values of parenthesised acronyms, e.g. ``Hay'at Tahrir al-Sham (HTS)``."""
    return [(m.start(), m.group(1)) for m in _ACRONYM_DEFINITION.finditer(text)]
