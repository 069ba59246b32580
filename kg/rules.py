"""Relation rules: sentence-level cues that turn co-occurring mentions into directed relations.

Each rule reads one sentence (its text and its typed mentions) and proposes
``(type, source, target, cue offset, rule name)``. Facts come only from the text: the gazetteer
only names the endpoints. Rules are data-light regexes so extraction stays fast and pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kg.ontology import EntityType, RelationType

RULESET = "kg.relations.v1"


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # offsets within the sentence
    end: int
    type: EntityType
    name: str
    text: str
    actor: str | None = None  # a place standing for a state's forces ("Russia")
    reference: bool = False
    kind: str | None = None  # the gazetteer's kind: state, jihadist, city, ...

    @property
    def is_group(self) -> bool:
        return self.type is EntityType.GROUP or self.actor is not None

    def as_group(self) -> Mention:
        if self.type is EntityType.GROUP or self.actor is None:
            return self
        return Mention(
            self.start, self.end, EntityType.GROUP, self.actor, self.text, None, True, "state"
        )


@dataclass(frozen=True, slots=True)
class Proposal:
    type: RelationType
    source: Mention
    target: Mention
    cue_start: int
    rule: str


@dataclass(slots=True)
class Sentence:
    text: str
    mentions: list[Mention]

    def before(self, pos: int, accept: Callable[[Mention], bool]) -> list[Mention]:
        return [m for m in reversed(self.mentions) if m.end <= pos and accept(m)]

    def after(self, pos: int, accept: Callable[[Mention], bool]) -> list[Mention]:
        return [m for m in self.mentions if m.start >= pos and accept(m)]

    def coordinated(self, first: Mention, accept: Callable[[Mention], bool]) -> list[Mention]:
        """Mentions listed after ``first`` with it: ``Aleppo, Hama and Latakia``."""
        items = [first]
        for mention in self.mentions:
            if mention.start < items[-1].end or not accept(mention):
                continue
            if _LIST_GLUE.fullmatch(self.text[items[-1].end : mention.start]):
                items.append(mention)
            else:
                break
        return items[1:]

    def listed_before(
        self, pos: int, accept: Callable[[Mention], bool], gap: int = 40
    ) -> list[Mention]:
        """The nearest accepted mention before ``pos`` and those coordinated with it (A and B)."""
        found = self.before(pos, accept)
        if not found or pos - found[0].end > gap:
            return []
        items = [found[0]]
        for mention in found[1:]:
            if _LIST_GLUE.fullmatch(self.text[mention.end : items[-1].start]):
                items.append(mention)
            else:
                break
        return items[::-1]

    def listed_after(
        self, pos: int, accept: Callable[[Mention], bool], gap: int = 60
    ) -> list[Mention]:
        """The first accepted mention after ``pos`` and those coordinated with it (A, B and C)."""
        found = self.after(pos, accept)
        if not found or found[0].start - pos > gap:
            return []
        items = [found[0]]
        for mention in self.mentions:
            if mention.start <= items[-1].start or not accept(mention):
                continue
            between = self.text[items[-1].end : mention.start]
            if _LIST_GLUE.fullmatch(between):
                items.append(mention)
            elif mention.start > items[-1].end:
                break
        return items


_LIST_GLUE = re.compile(
    r"\s*(?:\([^)]{0,40}\))?\s*(?:,\s*(?:an?|the|also an?)\s+[^,;]{1,30},)?\s*"
    r"(?:,|;|/|&|and|or|as well as|, and|, or|, as well as)?\s*"
    r"(?:the\s+|its\s+|his\s+|their\s+)?(?:deputies\s+|deputy\s+)?"
    r"(?:(?:parts|much|most|areas) of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)


def _group(m: Mention) -> bool:
    return m.is_group


def _location(m: Mention) -> bool:
    return m.type is EntityType.LOCATION


def _leader(m: Mention) -> bool:
    return m.type is EntityType.LEADER


def _party(m: Mention) -> bool:
    return m.is_group or m.type is EntityType.LEADER


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_PASSIVE_ATTACK = _c(
    r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+\s+){0,2}?(?:attacked|struck|targeted|killed|"
    r"shelled|bombed|raided|ambushed|hit|assaulted|repelled|pounded|expelled|driven out)\s+"
    r"(?:\w+\s+){0,3}?by\b"
)
_NOMINAL_ATTACK = _c(
    r"\b(?:attacks?|strikes?|raids?|assaults?|offensives?|operations?|bombings?|shelling)\s+"
    r"(?:carried out\s+|launched\s+|conducted\s+)?by\b"
)
_MUTUAL_ATTACK = _c(
    r"\b(?:clash(?:ed|es|ing)?\s+with|in conflict with|conflict with|fighting with|"
    r"(?:direct |armed |military )?confrontations?\s+with|"
    r"fought (?:with|against each other)|war with|infighting with)\b"
)
_BETWEEN_ATTACK = _c(r"\b(?:clash(?:es)?|fighting|conflict|war|battles?|infighting)\s+between\b")
_ACTIVE_ATTACK = _c(
    r"\b(?:attack(?:ed|s|ing)?|struck|strik(?:e|es|ing)|shell(?:ed|s|ing)|raid(?:ed|s|ing)?|"
    r"bomb(?:ed|s|ing)|target(?:ed|s|ing)|ambush(?:ed|es|ing)?|assault(?:ed|s|ing)?|"
    r"kill(?:ed|s|ing)|fought(?: against)?|fight(?:s|ing)? against|pushed into|"
    r"pound(?:ed|ing)|retaliat(?:ed|ing) against|offensives? (?:on|against)|war (?:on|against)|"
    r"operations? against|campaign against|advance(?:d|s)? (?:on|against)|captured|seized|"
    r"overran|drove out|besieg(?:ed|ing)|hit|arrested|dismantle|surround(?:ed|ing)|"
    r"encircl(?:ed|ing))\b"
)
_ALLY = _c(
    r"(?:\b(?:allied (?:with|to)|allies? of|ally|allies|alongside|along with|together with|"
    r"in coalition with|coalition (?:with|of)|backed by|backing|backs|support(?:ed|s|ing)?|"
    r"cooperat\w+ with|coordinat\w+ with|in cooperation with|"
    r"joint (?:operations?|offensive|attacks?)|"
    r"linked (?:to|with)|affiliated (?:with|to)|affiliates?|aligned|integrated|close to|"
    r"very close|part of|members? of|working with|worked with|protected by|"
    r"alliance (?:with|between)|"
    r"partner(?:s|ed)?(?: with)?|loyal to|proxy of|proxies|sponsored by|armed by|trained by|"
    r"st(?:and|ood|anding) by|with the help of|joined forces with|"
    r"receiv(?:e|es|ed|ing) (?:\w+, )*(?:\w+ )?(?:training|weapons|support|arms|supplies|funding)"
    r"(?: \w+)*? from)\b|"
    r"-(?:linked|affiliated|backed|allied|aligned|supported)\b)"
)
_SPLIT = _c(
    r"\b(?:split (?:in \d{4} )?(?:away )?from|splinter(?:ed)? (?:group |faction )?(?:of|from)|"
    r"splinter group of|(?:broke|broken|break|breaking) (?:away |off )?from|breakaway (?:\w+ )?of|"
    r"breakaway faction|defected from|separated from|seceded from|secession|"
    r"(?:bec(?:ome|ame|oming)|declar\w+) independen(?:t|ce)(?: (?:of|from))?|"
    r"independence from|formerly (?:the |a |an )?(?:\w+ )?(?:branch|wing|affiliate|"
    r"part) of|disavow(?:ed|s)?|dissociat\w+ (?:itself )?from|"
    r"offshoot of|defied (?:the )?(?:\w+ )?authority of|split with|parted ways with|"
    r"(?:was|were) expelled (?:\w+ )?from)\b"
)
_PARENT_EXPELS = _c(
    r"\b(?:expelled|disowned|disowns|dissolved its ties with|announced the split of|"
    r"cut (?:its |all )?ties with|severed (?:its |all )?ties with)\b"
)
_PLEDGE = _c(
    r"\b(?:pledg\w* (?:its |their |his |a |an )?(?:\w+ )?"
    r"(?:allegiance|loyalty|bay'?ah|baya)(?: to)?|"
    r"(?:swore|sworn|swear|swearing|gave|given|giving|give|offered) (?:\w+ )?"
    r"(?:allegiance|bay'?ah|baya)"
    r"(?: to)?|bay'?ah to|allegiance to|join(?:ed|s|ing)?|absorbed (?:into|by)|"
    r"became part of|declar\w+ (?:its |their )?loyalty to)\b"
)
_MERGE = _c(
    r"\b(?:merged? (?:into|with)|merg(?:ed|ing) to form|mergers? (?:into|with)|"
    r"amalgamated into|folded into|dissolved (?:itself )?into)\b"
)
_FORM = _c(r"\b(?:merged to form|came together to form|united to form|joined to form|formed)\b")
_RENAME = _c(
    r"\b(?:renamed (?:itself |themselves )?(?:as |to )?|rebranded (?:itself )?(?:as )?|"
    r"changed its name to|now (?:known|called) as|re-?named)\b"
)
_FORMERLY = _c(r"\b(?:formerly known as|previously known as|formerly called|formerly)\b")
_LEADER_OF = _c(
    r"\b(?:the |its |his |their |a )?(?:\w+ )?(?:leader|emir|amir|head|chief|commander|founder|"
    r"deputy(?: leader)?|co-?founder|spokesman|military chief|general commander)s?,?\s+of\b"
)
_GROUP_TITLE = _c(
    r"^\s*(?:['’]s\s+)?(?:\w+\s+)?(?:leader|emir|amir|chief|commander|head|deputy|founder|"
    r"spokesman|chief of staff)s?\s*,?\s*$"
)
_LED_BY = _c(r"\b(?:led|headed|commanded|founded|run) by\b")
_LEADS = _c(r"\b(?:leads|led|heads|headed|commands|commanded|founded|runs)\b")
_GROUP_OF_LEADER = _c(r"^\s*of\s*$")
_LEADER_IS = _c(
    r"\b(?:the |its )?(?:leader|emir|amir|head|chief|commander)\b(?:\s+of\s+[^,]{0,60}?)?\s+"
    r"(?:is|was|appears to be|seems to be|remains|became)\b"
)
_LOCATIVE = _c(
    r"(?:\b(?:in|into|inside|around|near|across|throughout|at|from|of|to|on|toward|towards|"
    r"within|outside|between|and|vicinity of|front|countryside of|areas? of|parts? of)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}$|,\s*(?:and\s+)?$|\band\s+$)"
)
_BASE_BLOCK = _c(
    r"\b(?:attack(?:ed|s)?|struck|strikes?|shelled|bombed|raid(?:ed|s)?|targeted|captured|seized|"
    r"liberated|lost|retook|recaptured|withdr[ae]w|fled|visit\w*|trip|met|meeting|talks|summit|"
    r"negotiations|born|killed)\b"
)


_HORTATIVE = _c(
    r"\b(?:call(?:s|ed|ing)? (?:on|for|upon)|urg(?:e|es|ed|ing)|plan(?:s|ned|ning)? to|"
    r"threaten(?:s|ed|ing)? to|vow(?:s|ed|ing)? to|wants? to|would|prepar(?:e|es|ed|ing) to)\b"
)
_ACTION = _c(
    r"\b(?:launch(?:ed|es)?|kicked off|liberat(?:ed|es)|captur(?:ed|es)|seiz(?:ed|es)|"
    r"took control|advanc(?:ed|es)|encircl(?:ed|es)|stormed|shelled|attacked|struck|"
    r"repelled|recaptured|retook|fought|involves|involved|conducted|carried out)\b"
)


def _hortative(s: Sentence, cue_start: int) -> bool:
    return bool(_HORTATIVE.search(s.text[max(0, cue_start - 60) : cue_start]))


def _negated_between(s: Sentence, start: int, end: int) -> bool:
    return bool(re.search(r"\b(?:without|not|never)\b", s.text[start:end]))


def coagent_rules(s: Sentence) -> Iterator[Proposal]:
    """Groups acting together ("the SAA and the Tiger Forces liberated ...") are allies."""
    for m in _ACTION.finditer(s.text):
        agents = [a for a in s.listed_before(m.start(), _group, gap=40) if not a.reference]
        for i, a in enumerate(agents):
            for b in agents[i + 1 :]:
                yield Proposal(RelationType.ALLIED_WITH, a, b, m.start(), "allied.coagents")


def attack_rules(s: Sentence) -> Iterator[Proposal]:
    for m in _PASSIVE_ATTACK.finditer(s.text):
        agents = s.after(m.end(), _group)[:1]
        patients = s.before(m.start(), _group)[:1]
        for a in agents:
            for p in patients:
                yield Proposal(RelationType.ATTACKED, a, p, m.start(), "attacked.passive")
    for m in _NOMINAL_ATTACK.finditer(s.text):
        agents = s.listed_after(m.end(), _group, gap=20)
        # "attacks by X on Y"; else "Y fled after an attack by X": the subject suffered it.
        patients = (
            (s.after(agents[-1].end, _group)[:1] or s.before(m.start(), _group)[:1])
            if agents
            else []
        )
        for a in agents:
            for p in patients:
                yield Proposal(RelationType.ATTACKED, a, p, m.start(), "attacked.nominal")
    for m in _MUTUAL_ATTACK.finditer(s.text):
        left = s.before(m.start(), _group)[:1]
        for a in left:
            for b in s.listed_after(m.end(), _group, gap=30):
                yield Proposal(RelationType.ATTACKED, a, b, m.start(), "attacked.mutual")
                yield Proposal(RelationType.ATTACKED, b, a, m.start(), "attacked.mutual")
    for m in _BETWEEN_ATTACK.finditer(s.text):
        pair = s.after(m.end(), _group)[:2]
        if len(pair) == 2 and pair[0].start - m.end() < 30:
            a, b = pair
            yield Proposal(RelationType.ATTACKED, a, b, m.start(), "attacked.between")
            yield Proposal(RelationType.ATTACKED, b, a, m.start(), "attacked.between")
    for m in _ACTIVE_ATTACK.finditer(s.text):
        if _PASSIVE_ATTACK.match(s.text, max(0, m.start() - 20)) or _is_passive_at(s.text, m.end()):
            continue
        lead_in = s.text[max(0, m.start() - 30) : m.start()]
        if _hortative(s, m.start()) or _INFINITIVE_OR_PASSIVE.search(lead_in):
            continue
        if (
            _BARE_NOUN.search(lead_in)
            and not _NOUN_TARGET.match(s.text, m.end())
            and not re.search(r"\b(?:on|against)$", m.group(0))
        ):
            continue
        agents = s.listed_before(m.start(), _group, gap=120) or s.before(m.start(), _group)[:1]
        patients = [
            p
            for p in s.listed_after(m.end(), _group, gap=70)
            if not _negated_between(s, m.end(), p.start)
            and not _PLACE_BETWEEN.search(s.text[m.end() : p.start])
            and not any(
                x.type is EntityType.LOCATION and m.end() <= x.start < p.start for x in s.mentions
            )
        ]
        patients = [_apposed(s, p) for p in patients]
        for a in agents:
            for p in patients:
                yield Proposal(RelationType.ATTACKED, a, p, m.start(), "attacked.active")
    for m in _REPELLED.finditer(s.text):
        defenders = s.before(m.start(), lambda x: x.is_group and not x.reference)[:1]
        for a in [g for g in s.after(m.end(), _group)[:1] if g.start - m.end() < 5]:
            if _ATTACK_NOUN.match(s.text, a.end):
                for d in defenders:
                    yield Proposal(RelationType.ATTACKED, a, d, m.start(), "attacked.repelled")
    for m in _KILLED_IN.finditer(s.text):
        victims = s.before(m.start(), _group)[:1]
        for a in [g for g in s.after(m.end(), _group)[:1] if g.start - m.end() < 5]:
            if _POSSESSIVE_ATTACK.match(s.text, a.end):
                for v in victims:
                    yield Proposal(RelationType.ATTACKED, a, v, m.start(), "attacked.killed_in")


#: "to attack ..." (a purpose, not an event) and "were killed" (the subject is the victim).
_INFINITIVE_OR_PASSIVE = _c(
    r"(?:\bto|\b(?:was|were|been|being|is|are|got)(?:\s+\w+)?)\s+(?:\w+ly\s+)?$"
)
#: "those attacks" without "on/against" is a noun with no target: "wants those attacks to ...".
_BARE_NOUN = _c(r"\b(?:the|those|these|such|its|their|his|a|an)\s+(?:\w+ly\s+)?$")
_NOUN_TARGET = _c(r"\s+(?:on|against|targeting)\b")
#: A place between the verb and a group: "an attack in the zone surrounding the US garrison".
_PLACE_BETWEEN = _c(r"\b(?:in|near|around|surrounding|outside)\s+(?:the|a|an)\b")
#: "repelled a Syrian Army (SAA) attack": the named force attacked the defender.
_REPELLED = _c(r"\b(?:repelled|repulsed|foiled|thwarted|fended off)\s+(?:an?|the)\s+")
_ATTACK_NOUN = _c(
    r"(?:\s*\([^)]{1,12}\))?\s+(?:\w+\s+)?(?:attacks?|assaults?|offensive|advance|raids?)\b"
)
#: "killed in Moscow's bombings".
_KILLED_IN = _c(r"\b(?:killed|wounded|injured)\s+(?:\w+\s+){0,2}?(?:in|by)\s+(?:the\s+)?")
_POSSESSIVE_ATTACK = _c(
    r"['’]s?\s+(?:\w+\s+)?(?:bombings?|strikes?|airstrikes?|air strikes?|shelling|attacks?|"
    r"raids?)\b"
)


_APPOSED = _c(r"\s+(?:ally|affiliate|offshoot|partner|splinter group|proxy)\s+$")


def _apposed(s: Sentence, m: Mention) -> Mention:
    """ "Hurras al-Din ally Ansar al-Tawhid" names Ansar al-Tawhid; the first name qualifies it."""
    following = s.after(m.end, _group)[:1]
    if following and _APPOSED.fullmatch(s.text[m.end : following[0].start]):
        return following[0]
    return m


def _is_passive_at(text: str, pos: int) -> bool:
    return bool(re.match(r"\s+(?:\w+\s+){0,3}?by\b", text[pos : pos + 40]))


_LINKED_HEAD = _c(
    r"\s+(?:\w+\s+){0,2}?(?:groups?|factions?|organi[sz]ations?|outfits?|coalition|jihadists|"
    r"militants|fighters|militias?|forces|rebels)\b"
)
_JOINED_IN = _c(r"\bjoined\s+(?:the\s+)?")


def ally_rules(s: Sentence) -> Iterator[Proposal]:
    for m in _ALLY.finditer(s.text):
        if m.group(0).startswith("-"):
            linked = s.before(m.start() + 1, _group)[:1]
            if not linked or linked[0].end != m.start():
                continue
            after = [x for x in s.after(m.end(), _group)[:1] if x.start - m.end() < 45]
            head = _LINKED_HEAD.match(s.text, m.end())
            before = [
                x for x in s.before(linked[0].start, _group)[:1] if linked[0].start - x.end < 30
            ]
            partner = after[:1] if (after and (head or after[0].start - m.end() < 3)) else before
            for other in partner:
                yield Proposal(
                    RelationType.ALLIED_WITH, other, linked[0], m.start(), "allied.linked"
                )
            continue
        left = s.before(m.start(), _group)[:1]
        for a in left:
            for b in s.listed_after(m.end(), _group, gap=90):
                yield Proposal(RelationType.ALLIED_WITH, a, b, m.start(), "allied.cue")
    for m in _JOINED_IN.finditer(s.text):
        partner = [x for x in s.after(m.end(), _group)[:1] if x.start - m.end() < 3]
        if partner and re.match(r"\s+in\b", s.text[partner[0].end : partner[0].end + 4]):
            for a in s.before(m.start(), _group)[:1]:
                yield Proposal(
                    RelationType.ALLIED_WITH, a, partner[0], m.start(), "allied.joined_in"
                )
    for m in re.finditer(r"\b(?:launched|carried out|conducted|led)\s+by\b", s.text):
        agents = s.listed_after(m.end(), _group, gap=20)
        for i, a in enumerate(agents):
            for b in agents[i + 1 :]:
                yield Proposal(RelationType.ALLIED_WITH, a, b, m.start(), "allied.co_agents")


_NO_LONGER_PART = _c(
    r"\b(?:was|is|were|are) no longer (?:a )?(?:part|member|branch|affiliate)s? of\b"
)


def split_rules(s: Sentence) -> Iterator[Proposal]:
    for m in _PARENT_EXPELS.finditer(s.text):
        # "al-Qaeda's general command disowned Y", "X expelled its Y faction": parent first.
        parents = s.before(m.start(), _group)[:1]
        children = [c for c in s.after(m.end(), _group)[:1] if c.start - m.end() < 40]
        for parent in parents:
            for child in children:
                if child.name != parent.name:
                    yield Proposal(
                        RelationType.SPLIT_FROM, child, parent, m.start(), "split.parent"
                    )
    for m in _NO_LONGER_PART.finditer(s.text):
        children = s.before(m.start(), _group)[:1]
        parents = [p for p in s.after(m.end(), _group)[:1] if p.start - m.end() < 30]
        if not parents:  # "X announced that Y was no longer part of the group": X is the parent
            parents = s.before(children[0].start, _group)[:1] if children else []
        for child in children:
            for parent in parents:
                if child.name != parent.name:
                    yield Proposal(
                        RelationType.SPLIT_FROM, child, parent, m.start(), "split.no_longer"
                    )
    for m in _SPLIT.finditer(s.text):
        children = s.before(m.start(), _group)[:1]
        parents = s.after(m.end(), _group)[:1]
        if "secession" in m.group(0).lower() or "disavow" in m.group(0).lower():
            # "al-Qaeda disavowed the secession of HTS": the mention after is the child.
            after = s.after(m.end(), _group)[:1]
            before = s.before(m.start(), _group)[:1]
            children, parents = after or children, before if after else parents
        for child in children:
            for parent in parents:
                if child.name != parent.name:
                    yield Proposal(RelationType.SPLIT_FROM, child, parent, m.start(), "split.cue")


_MEMBERS_OF = _c(
    r"\b(?:members|some|fighters|elements|part|many|dozens|hundreds) of\s+(?:the\s+)?$"
)


_FIRST_PERSON = _c(r"\b(?:we|our)\b")


def pledge_rules(s: Sentence) -> Iterator[Proposal]:
    for m in _PLEDGE.finditer(s.text):
        cue = m.group(0).lower()
        gap = 25 if cue.startswith("join") else 60
        targets = s.after(m.end(), _party)[:1]
        if not targets or targets[0].start - m.end() > gap:
            continue
        if cue.startswith("join") and not targets[0].is_group:
            continue
        if cue.startswith("join") and re.match(
            r"\s+in\b", s.text[targets[0].end : targets[0].end + 4]
        ):
            continue  # "joined the Syrian Air Force in bombing": fighting side by side
        sources = s.before(m.start(), _party)[:1]
        if _FIRST_PERSON.search(s.text[max(0, m.start() - 30) : m.start()]):
            # "X ... and so we announce our pledge": the speaker is the sentence's subject.
            sources = [x for x in s.mentions if x.is_group and x.start < m.start()][:1]
        for source in sources:
            if _MEMBERS_OF.search(s.text[max(0, source.start - 25) : source.start]):
                continue  # some members pledging is not the group pledging
            if source.name != targets[0].name:
                yield Proposal(
                    RelationType.PLEDGED_TO, source, targets[0], m.start(), "pledged.cue"
                )


def merge_rename_rules(s: Sentence) -> Iterator[Proposal]:
    for m in _FORM.finditer(s.text):
        members = s.before(m.start(), _group)
        formed = s.after(m.end(), _group)[:1]
        if "merge" in m.group(0).lower() or "together" in m.group(0).lower() or len(members) > 1:
            for member in members:
                for new in formed:
                    yield Proposal(RelationType.MERGED_INTO, member, new, m.start(), "merged.form")
    for m in _MERGE.finditer(s.text):
        for a in s.listed_before(m.start(), _group, gap=120) or s.before(m.start(), _group)[:1]:
            for b in s.after(m.end(), _group)[:1]:
                if b.start - m.end() < 60 and a.name != b.name:
                    yield Proposal(RelationType.MERGED_INTO, a, b, m.start(), "merged.into")
    for m in _RENAME.finditer(s.text):
        for old in s.before(m.start(), _group)[:1]:
            for new in s.after(m.end(), _group)[:1]:
                yield Proposal(RelationType.RENAMED_TO, old, new, m.start(), "renamed.cue")
    for m in _FORMERLY.finditer(s.text):
        if _SPLIT.match(s.text, m.start()):
            continue
        for new in s.before(m.start(), _group)[:1]:
            for old in s.after(m.end(), _group)[:1]:
                yield Proposal(RelationType.RENAMED_TO, old, new, m.start(), "renamed.formerly")


_TITLE_BEFORE_NAME = _c(
    r"\b(?:the|its|their|his|another|a|senior|top)\s+(?:senior\s+|top\s+|military\s+|former\s+)?"
    r"(?:leader|emir|amir|commander|chief|deputy|deputies|spokesman|official)s?,?\s+"
)


def leads_rules(s: Sentence) -> Iterator[Proposal]:
    for m in s.mentions:
        if m.type is not EntityType.LEADER:
            continue
        # "<Group> leader <Leader>", "<Group>'s leader, <Leader>"
        for g in s.before(m.start, _group)[:1]:
            if _GROUP_TITLE.fullmatch(s.text[g.end : m.start]):
                yield Proposal(RelationType.LEADS, m, g, g.end, "leads.title")
                for deputy in s.coordinated(m, _leader):
                    yield Proposal(RelationType.LEADS, deputy, g, g.end, "leads.deputies")
            elif _GROUP_OF_LEADER.fullmatch(s.text[g.end : m.start]):
                yield Proposal(RelationType.LEADS, m, g, g.end, "leads.group_of")
        # "<Leader>, the leader of <Group>"
        tail = s.text[m.end : m.end + 80]
        lead = _LEADER_OF.match(tail.lstrip(", ")) if tail.startswith((",", " ")) else None
        if lead:
            groups = s.after(m.end, _group)[:1]
            for g in groups:
                yield Proposal(RelationType.LEADS, m, g, m.end, "leads.leader_of")
    for m in _LED_BY.finditer(s.text):
        for g in s.before(m.start(), _group)[:1]:
            for leader in s.listed_after(m.end(), _leader, gap=25):
                yield Proposal(RelationType.LEADS, leader, g, m.start(), "leads.led_by")
    for m in _LEADS.finditer(s.text):
        for leader in s.before(m.start(), _leader)[:1]:
            if m.start() - leader.end > 25:
                continue
            for g in s.after(m.end(), _group)[:1]:
                if g.start - m.end() < 25:
                    yield Proposal(RelationType.LEADS, leader, g, m.start(), "leads.verb")
    for m in _LEADER_IS.finditer(s.text):
        groups = s.after(m.start(), _group)[:1]
        groups = [g for g in groups if g.start < m.end()] or s.before(m.start(), _group)[:1]
        for g in groups:
            for leader in s.listed_after(m.end(), _leader, gap=25):
                yield Proposal(RelationType.LEADS, leader, g, m.start(), "leads.is")
    for m in _TITLE_BEFORE_NAME.finditer(s.text):
        leaders = [x for x in s.after(m.end(), _leader)[:1] if x.start == m.end()]
        groups = s.before(m.start(), _group)[:1]
        for leader in leaders:
            for g in groups:
                yield Proposal(RelationType.LEADS, leader, g, m.start(), "leads.title_name")
                for deputy in s.coordinated(leader, _leader):
                    yield Proposal(RelationType.LEADS, deputy, g, m.start(), "leads.deputies")


_PRESENCE = _c(
    r"\b(?:based|headquartered|headquarters|HQ|operat(?:es|ed|ing)|active|present|presence|"
    r"strongholds?|strong ?points?|positions|cells?|bases?|camps?|fought|fighting|fights|"
    r"deployed|stationed|garrison|expanded|originated|spanned|confined|controls?|controlled|"
    r"held|holds?|branch|front|entrenched|concentrated|distributed|retained|amass\w*|"
    r"moved (?:their |its )?(?:forces|troops|fighters)|arrival|members|territory|areas?)\b"
)
_STATE_PRESENCE = _c(
    r"\b(?:based|headquartered|stationed|deployed|garrison|bases?|arrival|amass\w*|"
    r"moved (?:their |its )?(?:forces|troops)|entrenched|positions)\b"
)
_STRONGHOLD_OF = _c(
    r"\b(?:stronghold|strongholds|bastion|base|headquarters|HQ|strong ?points?)\s+(?:for|of)\s+"
)
_OBJECT_BEFORE = _c(r"(?:against|on|targeting|from|by|with|into)\s+(?:the\s+)?$")
_OF_BEFORE = _c(r"\bof\s+(?:the\s+)?$")
_AIR = re.compile(r"Air Force|air power|Aerospace", re.IGNORECASE)


#: Between a group and a place: "JAI Syria reportedly in", "HTS fighters based in the town of",
#: ", the Turkistan Islamic Party, in the town of".
_GROUP_IN = _c(
    r"^(?:['’]s?)?(?:\s+(?:members|fighters|cells|militants|forces|troops|units|positions|"
    r"strongholds?|strong ?points?|headquarters|HQ|presence|branch|wing|convoys?))?\s*,?\s*"
    r"(?:(?:is|are|was|were|has been|have been|reportedly|mainly|primarily|mostly|also|still|now|"
    r"currently|largely|based|stationed|deployed|active|operating|entrenched|present|remain|"
    r"remains|located)\s+){0,3}"
    r"(?:in|inside|across|throughout|around)\s+(?:the\s+)?(?:(?:[\w-]+\s+)?(?:town|city|village|"
    r"area|province|governorate|region|district|countryside|vicinity|outskirts|parts?)\s+of\s+"
    r"(?:the\s+)?)?$"
)
#: "Hurras al-Din is a small radical outfit in Syria's northwestern Idlib".
_GROUP_IS_IN = _c(
    r"^\s+(?:is|was|remains)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}(?:group|outfit|faction|"
    r"organi[sz]ation|militia|coalition|movement|force)\s+(?:based\s+|operating\s+|active\s+)?"
    r"(?:in|from)\s+(?:the\s+)?(?:[A-Z][\w-]+['’]s\s+)?(?:(?:north|south|east|west)\w*\s+)?$"
)
#: "Morek, where Turkish troops are deployed", "al-Tanf ..., where the US-led coalition".
_WHERE_GROUP = _c(r",\s+where\s+(?:the\s+)?")
#: "Ankara has sent massive convoys to Idlib", "sending over 2000 men to".
_SENT_TO = _c(
    r"\b(?:sent|send|sends|sending|deployed|deploying|dispatched|dispatching|moved|moving)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:troops|forces|convoys|reinforcements|men|fighters|soldiers|units)\s+"
    r"(?:to|into)\s+(?:the\s+)?(?:(?:town|city|village|area|province) of\s+)?"
)
#: "the arrival of Russian forces in Syria".
_ARRIVAL_OF = _c(r"\b(?:arrival|deployment|presence|entry)\s+of\s+(?:the\s+)?(?:very\s+)?")
#: A fighting group that overruns a place holds it ("it overran Fallujah and parts of Ramadi").
_TAKE_PLACE = _c(
    r"\b(?:overran|overrun|captured|seized|took control of|took over|stormed|conquered)\s+"
    r"(?:the\s+)?(?:(?:town|city|village|area|province|district) of\s+)?"
)


#: Mentions that name a strike or a weapon rather than forces on the ground.
_STRIKE_WORDS = re.compile(
    r"strikes?|airstrikes?|raids?|bombers?|jets|warplanes|aircraft|drones?|helicopters|artillery",
    re.IGNORECASE,
)


def _can_be_based(group: Mention) -> bool:
    return (
        group.type is EntityType.GROUP
        and not _AIR.search(group.name)
        and not _STRIKE_WORDS.search(group.text)
    )


def based_rules(s: Sentence) -> Iterator[Proposal]:
    """Group -> Location where the sentence places the group (presence cue between them)."""
    for loc in s.mentions:
        if not _location(loc) or s.text[loc.end : loc.end + 2] in ("'s", "’s"):
            continue
        prefix = s.text[max(0, loc.start - 60) : loc.start]
        if not _LOCATIVE.search(prefix):
            continue
        for group in s.before(loc.start, _can_be_based)[:2]:
            before = s.text[max(0, group.start - 15) : group.start]
            if _OBJECT_BEFORE.search(before) or (
                group.kind == "state" and _OF_BEFORE.search(before)
            ):
                continue
            between = s.text[group.start : loc.start]
            if _BASE_BLOCK.search(between) or len(between) > 220:
                break
            cue = _STATE_PRESENCE if group.kind == "state" else _PRESENCE
            window = s.text[max(0, group.start - 40) : loc.start] + s.text[loc.end : loc.end + 25]
            if cue.search(window):
                yield Proposal(RelationType.BASED_IN, group, loc, loc.start, "based_in.presence")
                for other in s.coordinated(loc, _location):
                    yield Proposal(RelationType.BASED_IN, group, other, loc.start, "based_in.list")
            break
    yield from _adjacent_based(s)
    for m in _STRONGHOLD_OF.finditer(s.text):
        groups = [g for g in s.after(m.end(), _can_be_based)[:1] if g.start - m.end() < 40]
        places = s.before(m.start(), _location)[:1] + s.listed_after(m.end(), _location, gap=40)
        for g in groups:
            for place in places:
                yield Proposal(RelationType.BASED_IN, g, place, m.start(), "based_in.stronghold_of")


def _based_actor(m: Mention) -> bool:
    """A group that can be based somewhere, or a state named for its forces ("Ankara")."""
    return _can_be_based(m) or (m.type is EntityType.LOCATION and m.actor is not None)


def _adjacent_based(s: Sentence) -> Iterator[Proposal]:
    """A group named right before a place it is in: "JAI Syria reportedly in the Sahel",
    "ISIS cells in the province of Anbar", "Turkish troops in Idlib"."""
    for loc in s.mentions:
        if not _location(loc) or s.text[loc.end : loc.end + 2] in ("'s", "’s"):
            continue
        groups = s.before(loc.start, _can_be_based)[:1]
        if not groups or any(
            m.start >= groups[0].end and m.end <= loc.start and m is not loc for m in s.mentions
        ):
            continue
        group = groups[0]
        before = s.text[max(0, group.start - 15) : group.start]
        if _OF_BEFORE.search(before) or (group.kind == "state" and _OBJECT_BEFORE.search(before)):
            continue  # "franchise of al-Qaeda in Syria", "fight against the regime in Ghouta"
        between = s.text[group.end : loc.start]
        if len(between) > 90 or not (_GROUP_IN.search(between) or _GROUP_IS_IN.search(between)):
            continue
        yield Proposal(RelationType.BASED_IN, group, loc, loc.start, "based_in.adjacent")
        for other in s.coordinated(loc, _location):
            yield Proposal(RelationType.BASED_IN, group, other, loc.start, "based_in.list")
    for m in _WHERE_GROUP.finditer(s.text):
        places = s.before(m.start(), _location)[:1]
        if not places or m.start() - places[0].end > 60:
            continue
        for g in s.listed_after(m.end(), _can_be_based, gap=2):
            yield Proposal(RelationType.BASED_IN, g, places[0], m.start(), "based_in.where")
    for m in _SENT_TO.finditer(s.text):
        senders = [g for g in s.before(m.start(), _based_actor)[:1] if m.start() - g.end < 120]
        for g in senders:
            for place in s.listed_after(m.end(), _location, gap=5):
                yield Proposal(RelationType.BASED_IN, g, place, m.start(), "based_in.sent")
    for m in _ARRIVAL_OF.finditer(s.text):
        arrivals = [g for g in s.after(m.end(), _group)[:1] if g.start - m.end() < 5]
        for g in arrivals:
            places = s.listed_after(g.end, _location, gap=8)
            if re.match(r"\s+(?:in|to|into)\s", s.text[g.end : g.end + 6]):
                for place in places:
                    yield Proposal(RelationType.BASED_IN, g, place, m.start(), "based_in.arrival")
    for m in _TAKE_PLACE.finditer(s.text):
        takers = [g for g in s.listed_before(m.start(), _can_be_based, gap=40) if g.kind != "state"]
        places = s.listed_after(m.end(), _location, gap=5)
        for g in takers:
            if _hortative(s, m.start()) or _negated_between(s, g.end, m.start()):
                continue
            for place in places:
                yield Proposal(RelationType.BASED_IN, g, place, m.start(), "based_in.took")


def _operation(m: Mention) -> bool:
    return m.type is EntityType.OPERATION


def _agreement(m: Mention) -> bool:
    return m.type is EntityType.AGREEMENT


def _event(m: Mention) -> bool:
    return m.type in (EntityType.OPERATION, EntityType.AGREEMENT)


#: "X and Y launched Operation Z", "X took part in the battle of Z".
_TAKES_PART = _c(
    r"\b(?:launched|launch|launches|launching|conducted|conducts|carried out|took part in|"
    r"takes part in|participated in|participates in|joined|joins|led|leads|began|begun|started|"
    r"announced|waged|wages|fought in|fights in|spearheaded|kicked off)\s+(?:(?:the|a|an|its|"
    r"their|his)\s+)?(?:[\w-]+\s+){0,3}?$"
)
#: "Operation Z, launched by X and Y", "the siege of Z by X", "Z involves X".
_BY_PARTIES = _c(
    r"^(?:\s*\([^)]{1,30}\))?\s*,?\s*(?:which\s+(?:was|is)\s+)?(?:(?:launched|led|conducted|"
    r"carried out|waged|announced|begun|started)\s+by|by|involv(?:es|ed|ing)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:of\s+)?)\s+(?:the\s+)?$"
)
#: "X and Y signed the Z agreement", "X accepted the ceasefire".
_SIGNS = _c(
    r"\b(?:signed|signs|signing|agreed to|agree to|accepted|accepts|brokered|brokers|reached|"
    r"concluded|joined|joins|backed|negotiated|endorsed|is party to|are party to|"
    r"are parties to|sponsored|guaranteed|guarantors? of)\s+(?:(?:the|a|an|its|their)\s+)?"
    r"(?:[\w-]+\s+){0,3}?$"
)
#: "the Z agreement between X and Y", "Z, signed by X and Y", "Z brokered by X".
_BETWEEN_PARTIES = _c(
    r"^(?:\s*\([^)]{1,30}\))?\s*,?\s*(?:(?:signed|brokered|reached|agreed|negotiated|concluded|"
    r"sponsored|guaranteed)\s+by|between|among)\s+(?:the\s+)?$"
)
#: "Operation Z in eastern Aleppo", "the siege of ... near Palmyra".
_EVENT_PLACE = _c(
    r"^(?:\s*\([^)]{1,30}\))?\s*,?\s*(?:(?:launched|signed|reached|agreed|held|fought|"
    r"concluded|waged)\s+)?(?:against\s+(?:[\w-]+\s+){1,3})?"
    r"(?:in|on|near|around|at|across|throughout|inside)\s+(?:the\s+)?"
    r"(?:(?:town|city|village|area|province|governorate|region|district|countryside|outskirts)"
    r"\s+of\s+(?:the\s+)?)?$"
)


def event_rules(s: Sentence) -> Iterator[Proposal]:
    """Operations and agreements tied to their parties and places: who took part in an
    operation, who is party to an agreement, and where either took place."""
    for event in s.mentions:
        if not _event(event):
            continue
        before = s.text[max(0, event.start - 60) : event.start]
        if event.type is EntityType.OPERATION:
            join, by, rtype, rule = _TAKES_PART, _BY_PARTIES, RelationType.PARTICIPATED_IN, "op"
        else:
            join, by, rtype, rule = _SIGNS, _BETWEEN_PARTIES, RelationType.PARTY_TO, "agreement"
        parties: list[Mention] = []
        if (cue := join.search(before)) and not _negated_between(s, cue.start(), event.start):
            start = event.start - len(before) + cue.start()
            parties = s.listed_before(start, _group, gap=50)
            subject = s.before(start, _group)[:1]
            if (
                not parties
                and subject
                and start - subject[0].end <= 120
                and not _BASE_BLOCK.search(s.text[subject[0].end : start])
            ):
                parties = subject
        possessor = [
            g
            for g in s.before(event.start, _group)[:1]
            if re.fullmatch(r"['’]s?\s+(?:\w+\s+){0,2}", s.text[g.end : event.start])
        ]
        parties += [g for g in possessor if g not in parties]
        following = s.after(event.end, _group)[:1]
        if following and by.search(s.text[event.end : following[0].start]):
            parties += [
                g for g in s.listed_after(following[0].start, _group, gap=1) if g not in parties
            ]
        for g in parties:
            yield Proposal(rtype, g, event, event.start, f"{rtype.value}.{rule}")
        places = [
            loc
            for loc in s.after(event.end, _location)[:1]
            if _EVENT_PLACE.search(s.text[event.end : loc.start])
        ]
        for place in places + (s.coordinated(places[0], _location) if places else []):
            yield Proposal(RelationType.TOOK_PLACE_IN, event, place, event.start, "took_place_in")


Rule = Callable[[Sentence], Iterator[Proposal]]

#: Each rule with the mentions it needs: a sentence without them skips the rule's regexes.
RULES: tuple[tuple[Rule, Callable[[Counter[str]], bool]], ...] = (
    (attack_rules, lambda n: n["group"] >= 2),
    (coagent_rules, lambda n: n["group"] >= 2),
    (ally_rules, lambda n: n["group"] >= 2),
    (split_rules, lambda n: n["group"] >= 2),
    (pledge_rules, lambda n: n["group"] + n["leader"] >= 2),
    (merge_rename_rules, lambda n: n["group"] >= 2),
    (leads_rules, lambda n: n["leader"] >= 1 and n["group"] >= 1),
    (based_rules, lambda n: n["group"] >= 1 and n["location"] >= 1),
    (event_rules, lambda n: n["event"] >= 1 and n["group"] + n["location"] >= 1),
)


def propose(sentence: Sentence) -> list[Proposal]:
    counts: Counter[str] = Counter()
    for m in sentence.mentions:
        if m.is_group:
            counts["group"] += 1
        if m.type is EntityType.LOCATION:
            counts["location"] += 1
        elif m.type is EntityType.LEADER:
            counts["leader"] += 1
        elif _event(m):
            counts["event"] += 1
    return [p for rule, applies in RULES if applies(counts) for p in rule(sentence)]
