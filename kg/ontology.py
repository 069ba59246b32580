"""The closed vocabulary of the graph: node labels, relationship types and claim statuses.

Labels and relationship types reach Cypher only through these enums, never from input text,
so a hostile entity name can never become a label.
"""

from __future__ import annotations

from enum import StrEnum


class EntityType(StrEnum):
    GROUP = "Group"
    LEADER = "Leader"
    LOCATION = "Location"
    OPERATION = "Operation"
    AGREEMENT = "Agreement"


class RelationType(StrEnum):
    # The four mission relations.
    ALLIED_WITH = "allied_with"
    SPLIT_FROM = "split_from"
    PLEDGED_TO = "pledged_to"
    ATTACKED = "attacked"
    # Structural relations.
    LEADS = "leads"
    BASED_IN = "based_in"
    MERGED_INTO = "merged_into"
    RENAMED_TO = "renamed_to"
    PARTICIPATED_IN = "participated_in"
    PARTY_TO = "party_to"
    TOOK_PLACE_IN = "took_place_in"

    @property
    def cypher_type(self) -> str:
        """Relationship type as written in Cypher (ALLIED_WITH, ...)."""
        return self.value.upper()

    @property
    def symmetric(self) -> bool:
        return self is RelationType.ALLIED_WITH


#: The relation types of the per-document JSON format (and of the gold annotations).
MISSION_RELATIONS: tuple[RelationType, ...] = (
    RelationType.ALLIED_WITH,
    RelationType.SPLIT_FROM,
    RelationType.PLEDGED_TO,
    RelationType.ATTACKED,
    RelationType.LEADS,
    RelationType.BASED_IN,
)

#: Allowed (source, target) entity types per relation; a claim outside these is dropped.
ENDPOINT_TYPES: dict[RelationType, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    RelationType.ALLIED_WITH: (frozenset({EntityType.GROUP}), frozenset({EntityType.GROUP})),
    RelationType.SPLIT_FROM: (frozenset({EntityType.GROUP}), frozenset({EntityType.GROUP})),
    RelationType.PLEDGED_TO: (
        frozenset({EntityType.GROUP, EntityType.LEADER}),
        frozenset({EntityType.GROUP, EntityType.LEADER}),
    ),
    RelationType.ATTACKED: (frozenset({EntityType.GROUP}), frozenset({EntityType.GROUP})),
    RelationType.LEADS: (frozenset({EntityType.LEADER}), frozenset({EntityType.GROUP})),
    RelationType.BASED_IN: (frozenset({EntityType.GROUP}), frozenset({EntityType.LOCATION})),
    RelationType.MERGED_INTO: (frozenset({EntityType.GROUP}), frozenset({EntityType.GROUP})),
    RelationType.RENAMED_TO: (frozenset({EntityType.GROUP}), frozenset({EntityType.GROUP})),
    RelationType.PARTICIPATED_IN: (
        frozenset({EntityType.GROUP}),
        frozenset({EntityType.OPERATION}),
    ),
    RelationType.PARTY_TO: (frozenset({EntityType.GROUP}), frozenset({EntityType.AGREEMENT})),
    RelationType.TOOK_PLACE_IN: (
        frozenset({EntityType.OPERATION, EntityType.AGREEMENT}),
        frozenset({EntityType.LOCATION}),
    ),
}


class Status(StrEnum):
    """How the source stands behind a claim."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    CLAIMED = "claimed"
    DENIED = "denied"
