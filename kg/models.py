"""Plain data passed between the stages: documents in, entities and claims out.

Closed pydantic models (``extra="forbid"``) with no I/O and no database code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kg.ontology import MISSION_RELATIONS, EntityType, RelationType, Status

#: A date as precise as the text gives it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Segment(Model):
    """A stretch of a document with its own dateline (compilations append several articles)."""

    start: int
    end: int
    date: dt.date | None = None


class Document(Model):
    """One article as read from disk, with its text cleaned of comments and boilerplate."""

    id: str = Field(
        description="Stable id: the path under the folder given (without .txt) or the JSONL id."
    )
    name: str = Field(description="File name (or JSONL id) as shown in outputs.")
    source: str = Field(description="Path of the file the document was read from.")
    text: str
    content_hash: str = Field(description="sha256 of the raw content; drives refresh.")
    date: dt.date | None = Field(default=None, description="Publication date, when found.")
    title: str | None = None
    url: str | None = None
    segments: list[Segment] = Field(
        default_factory=list,
        description="Dated stretches of the text; relative dates resolve against their date.",
    )

    def anchor_date(self, offset: int) -> dt.date | None:
        """The dateline in force at ``offset``: the segment's date, else the document's."""
        for segment in self.segments:
            if segment.start <= offset < segment.end:
                return segment.date
        return self.date


class Mention(Model):
    text: str
    start: int
    end: int


class Entity(Model):
    id: str = Field(description="Stable id derived from type and normalized canonical name.")
    type: EntityType
    name: str = Field(description="Canonical name.")
    mentions: list[str] = Field(default_factory=list, description="Surface forms in the text.")
    origin: str = Field(default="gazetteer", description="gazetteer, pattern, acronym, ...")


class Evidence(Model):
    document_id: str
    sentence: str
    start: int = Field(description="Character offset of the sentence in the document text.")
    end: int
    rule: str = Field(description="Name and version of the rule that produced the claim.")


class Claim(Model):
    """One relation as one document states it."""

    id: str
    type: RelationType
    source: str = Field(description="Entity id of the source.")
    target: str = Field(description="Entity id of the target.")
    source_name: str
    target_name: str
    date: PartialDate | None = Field(default=None, description="Date of the reported event.")
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    status: Status = Status.ASSERTED
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    attributed_to: str | None = Field(default=None, description="Who said it, when named.")
    evidence: Evidence


class Extraction(Model):
    """Everything read out of one document."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    def to_json_record(self) -> dict[str, Any]:
        """The per-document JSON format shared with the gold annotations."""
        names = {e.id: e.name for e in self.entities}
        return {
            "doc": self.document.name,
            "doc_date": self.document.date.isoformat() if self.document.date else None,
            "entities": [
                {"type": e.type.value, "name": e.name, "mentions": e.mentions}
                for e in self.entities
            ],
            "relations": [
                {
                    "type": c.type.value,
                    "source": names.get(c.source, c.source_name),
                    "target": names.get(c.target, c.target_name),
                    "date": c.date,
                    "status": c.status.value,
                    "evidence": c.evidence.sentence,
                }
                for c in self.claims
                if c.type in MISSION_RELATIONS
            ],
        }


class GoldRelation(Model):
    type: RelationType
    source: str
    target: str
    date: PartialDate | None = None
    status: Status = Status.ASSERTED
    evidence: str = ""


class GoldEntity(Model):
    type: EntityType
    name: str
    mentions: list[str] = Field(default_factory=list)


class GoldDocument(Model):
    """The per-document JSON format, as read back for evaluation."""

    doc: str
    doc_date: dt.date | None = None
    entities: list[GoldEntity] = Field(default_factory=list)
    relations: list[GoldRelation] = Field(default_factory=list)
