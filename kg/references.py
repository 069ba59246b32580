"""References that are not names: "the group", "the regime", "Moscow" acting militarily.

Kept apart from the gazetteer because they need context: "the group" means the salient group
of the passage, "Russia" is a Location unless it attacks or allies, then it is its armed forces.
"""

from __future__ import annotations

import re

#: Places that stand for a state's forces when they act (attack, ally, back).
STATE_ACTORS: dict[str, str] = {
    "Russia": "Russian Armed Forces",
    "Moscow": "Russian Armed Forces",
    "Turkey": "Turkish Armed Forces",
    "Türkiye": "Turkish Armed Forces",
    "Ankara": "Turkish Armed Forces",
    "Iran": "Iranian Armed Forces",
    "Tehran": "Iranian Armed Forces",
    "United States": "United States Armed Forces",
    "Washington": "United States Armed Forces",
    "Israel": "Israel Defense Forces",
    "Damascus": "Syrian Army",
    "Baghdad": "Iraqi Army",
    "Jordan": "Jordanian Armed Forces",
}

#: Definite descriptions of the passage's salient group.
GROUP_REFERENCE = re.compile(
    r"\b(?:the|The|that|That|this|This)\s+(?:[\w-]+\s+){0,2}?(?:group|organi[sz]ation|movement|jihadists|outfit|"
    r"militants|faction)\b(?!\s+(?:of|that|which|who)\b)"
)
#: A sentence-initial pronoun standing for the salient group.
PRONOUN_SUBJECT = re.compile(
    r"(?:^\W*|[,;]\s*(?:and\s+|but\s+|while\s+|yet\s+)?)(?P<pronoun>[Ii]t|[Tt]hey)\b(?!\s+(?:is|was)\s+"
    r"(?:not\s+)?(?:clear|unclear|likely|unlikely|possible|evident|worth|said|reported|believed)"
    r"|\s+(?:is|was|becomes|became|seems)\s+(?:\w+\s+)?\w+\s+(?:to|that)\b)"
)
#: "the regime" in a conflict article means the government's forces.
REGIME_REFERENCE = re.compile(r"\b(?:the\s+)?[Rr]egime(?!\s+(?:of|change))\b(?![’']s\s+\w+\s+of)")
REGIME_GROUP = "Syrian Army"
#: Possessive forms that name a leader's forces: "Bashar al-Assad's forces".
LEADER_FORCES = re.compile(
    r"^(?P<leader>.+?)['’]s?\s+(?:forces|army|fighters|troops|loyalists|men|militia|regime)$"
)
#: Nouns of a group's presence opening a sentence: "The strongholds ... are in X", with no
#: group named, is about the salient group.
PRESENCE_NOUNS = re.compile(
    r"^\W*(?:The|Its|Their)\s+(?:[\w-]+\s+){0,2}?(?:strongholds?|headquarters|training camps?|"
    r"cells|bases|positions|fighters|leadership)\b"
)
#: "US-backed", "Turkish-backed": the state whose forces back a group.
BACKER_ADJECTIVE = re.compile(
    r"\b(?P<state>U\.S\.|US|American|Turkish|Turkey|Russian|Russia|Iranian|Iran|Israeli|Saudi)"
    r"(?=-(?:backed|supported|trained|armed|funded|sponsored|allied|aligned)\b)"
)
BACKER_STATE = {
    "U.S.": "United States Armed Forces",
    "US": "United States Armed Forces",
    "American": "United States Armed Forces",
    "Turkish": "Turkish Armed Forces",
    "Turkey": "Turkish Armed Forces",
    "Russian": "Russian Armed Forces",
    "Russia": "Russian Armed Forces",
    "Iranian": "Iranian Armed Forces",
    "Iran": "Iranian Armed Forces",
    "Israeli": "Israel Defense Forces",
    "Saudi": "Saudi Armed Forces",
}
#: A sentence-initial possessive ("Its leader, X, ...") stands for the salient group.
POSSESSIVE_START = re.compile(r"^\W*(?:Its|Their)\b")
