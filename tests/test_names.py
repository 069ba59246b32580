"""Names on the blank pipeline: open-world groups and leaders, acronyms, spelling variants.

No model is needed: ``kg.nlp.cached_pipeline`` is ``spacy.blank("en")`` plus kg's components.
Invented names below are in no gazetteer, so only shape, apposition and role cues can find them.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.nlp import build_pipeline, cached_pipeline, prepare_text
from kg.ontology import EntityType
from kg.resolve import entity_id, name_key

GROUP = EntityType.GROUP
LEADER = EntityType.LEADER


def parse(text: str) -> Doc:
    return cached_pipeline()(prepare_text(text))


def names(text: str, label: EntityType) -> list[str]:
    """Canonical names (kb_id, else the span text) of the entities of one type."""
    return [e.kb_id_ or e.text for e in parse(text).ents if e.label_ == label.value]


def spans(text: str, label: EntityType) -> list[str]:
    return [e.text for e in parse(text).ents if e.label_ == label.value]


def test_build_pipeline_is_blank_english_with_kg_components() -> None:
    nlp = build_pipeline()
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["kg_fold_norms_v1", "kg_sentences_v1", "kg_entities_v1"]
    assert cached_pipeline() is cached_pipeline()


# --------------------------------------------------------------------------- open-world groups


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Fighters of Jabhat Ahl al-Thughur entered the town.", "Jabhat Ahl al-Thughur"),
        ("Jaysh al-Fursan al-Ahrar shelled the checkpoint.", "Jaysh al-Fursan al-Ahrar"),
        ("Harakat Rijal al-Badiya stayed out of the fighting.", "Harakat Rijal al-Badiya"),
        ("Liwa Suyuf al-Haqq lost a dozen men near al-Mayadin.", "Liwa Suyuf al-Haqq"),
        ("Ansar al-Furat al-Islamiya is a small faction.", "Ansar al-Furat al-Islamiya"),
        ("Hay'at Thuwar al-Sahel rejected the deal.", "Hay'at Thuwar al-Sahel"),
        ("Kata'ib Dir' al-Furat was formed in 2016.", "Kata'ib Dir' al-Furat"),
        ("The attack was claimed by Katibat Nur al-Yaqin on Monday.", "Katibat Nur al-Yaqin"),
        ("Saraya al-Wafa released a video.", "Saraya al-Wafa"),
    ],
)
def test_particle_names_are_groups(text: str, name: str) -> None:
    assert spans(text, GROUP) == [name]


def test_curly_apostrophe_in_a_particle_keeps_the_whole_name() -> None:
    # The pipeline reads a same-length copy with straight apostrophes: offsets still index the
    # original text, and the name resolves like the straight spelling.
    text = "Kata’ib Dir’ al-Furat was formed in 2016."
    found = [e for e in parse(text).ents if e.label_ == GROUP.value]
    assert [text[e.start_char : e.end_char] for e in found] == ["Kata’ib Dir’ al-Furat"]
    assert name_key(found[0].kb_id_ or found[0].text) == name_key("Kata'ib Dir' al-Furat")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ghuraba al-Badiya, a jihadist group, claimed the attack.", "Ghuraba al-Badiya"),
        (
            "Tahaluf Ahl al-Sunna, a coalition of five Salafist factions, was formed in May.",
            "Tahaluf Ahl al-Sunna",
        ),
        (
            "Ghurfat Amaliyat Nusrat al-Mazlum, a coalition of four jihadist factions, "
            "launched an offensive.",
            "Ghurfat Amaliyat Nusrat al-Mazlum",
        ),
        ("Usud al-Sharqiya, a small tribal militia, denied the report.", "Usud al-Sharqiya"),
    ],
)
def test_apposition_names_a_group(text: str, name: str) -> None:
    assert name in spans(text, GROUP)


def test_headed_group_name() -> None:
    assert "Free Tribes Army" in spans("The Free Tribes Army took the village.", GROUP)


@pytest.mark.parametrize(
    "text",
    [
        "According to the report, the fighting ended at dawn.",
        "In the south, the front has been quiet since March.",
        "The Syrian Observatory said seven civilians were killed.",
        "Previously, the front had been quiet.",
        "The video was released by its outlet, Ansar Media, a jihadist media group.",
    ],
)
def test_ordinary_capitalised_words_are_not_groups(text: str) -> None:
    assert spans(text, GROUP) == []


# --------------------------------------------------------------------------- leaders


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Abu Sulayman al-Tikriti spoke to the fighters.", "Abu Sulayman al-Tikriti"),
        ("The faction is led by Abu Hafs al-Dayri.", "Abu Hafs al-Dayri"),
        ("Abu Umar al-Ansari, the emir of Jaysh Nasir al-Din, spoke.", "Abu Umar al-Ansari"),
        ("Jaysh Nasir al-Din commander Khaled al-Jabali was killed.", "Khaled al-Jabali"),
        ("Salim al-Rawi, the leader of Liwa Suyuf al-Haqq, was arrested.", "Salim al-Rawi"),
        ("The emir of Saraya al-Wafa, Mahmoud al-Hasani, gave a speech.", "Mahmoud al-Hasani"),
        ("Its military commander, Omar al-Hamwi, survived the strike.", "Omar al-Hamwi"),
    ],
)
def test_leaders_from_shape_and_role_cues(text: str, name: str) -> None:
    assert name in spans(text, LEADER)


def test_leader_inside_a_group_name_is_not_a_leader() -> None:
    # "Liwa Abu al-Fadl al-Abbas" is a group: the Abu-name shape inside it is no person.
    text = "Liwa Abu al-Fadl al-Abbas fighters arrived in Damascus."
    assert names(text, LEADER) == []
    assert names(text, GROUP) == ["Liwa Abu al-Fadl al-Abbas"]


def test_a_leader_is_not_also_a_group() -> None:
    text = "Abu Hafs al-Dayri, the commander of Katibat Nur al-Yaqin, was killed."
    assert names(text, LEADER) == ["Abu Hafs al-Dayri"]
    assert names(text, GROUP) == ["Katibat Nur al-Yaqin"]


# --------------------------------------------------------------------------- acronyms


def test_acronym_defined_in_text_names_later_uses() -> None:
    text = (
        "Katibat Nur al-Yaqin (KNY) was formed in 2013. "
        "Two years later, KNY fighters crossed the Euphrates."
    )
    later = text.index("Two years")
    groups = [(e.text, e.kb_id_) for e in parse(text).ents if e.label_ == GROUP.value]
    assert groups[0] == ("Katibat Nur al-Yaqin", "Katibat Nur al-Yaqin")
    uses = [e.kb_id_ for e in parse(text).ents if e.text == "KNY" and e.start_char > later]
    assert uses == ["Katibat Nur al-Yaqin"]
    assert all(e.label_ == GROUP.value for e in parse(text).ents if e.text == "KNY")


def test_acronym_after_an_apposition_group() -> None:
    text = (
        "Harakat Ahrar al-Jabal (HAJ), a Salafist faction, is based near Kabani. "
        "HAJ lost three men there."
    )
    doc = parse(text)
    uses = [e.kb_id_ for e in doc.ents if e.text == "HAJ"]
    assert uses == ["Harakat Ahrar al-Jabal", "Harakat Ahrar al-Jabal"]


def test_implausible_parenthesis_is_not_an_acronym() -> None:
    text = "Liwa Suyuf al-Haqq (Deir ez-Zor) lost ground. Deir ez-Zor is quiet."
    assert "Deir" not in spans(text, GROUP)
    assert [e.kb_id_ for e in parse(text).ents if e.label_ == GROUP.value] == ["Liwa Suyuf al-Haqq"]


def test_undefined_acronym_is_not_guessed() -> None:
    assert spans("XYZ fighters crossed the river.", GROUP) == []


# --------------------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hay'at Tahrir al-Sham", "Hay’at Tahrir al-Sham"),
        ("Hay'at Tahrir al-Sham", "Hayat Tahrir Al Sham"),
        ("Hay'at Tahrir al-Sham", "Hay'at Tahrir al Sham"),
        ("Hurras al-Din", "Hurras al-Deen"),
        ("Jabhat al-Nusra", "Jabhat al-Nusrah"),
        ("al-Nusra Front", "Al Nusrah Front"),
        ("Ansar al-Islam", "Ansar Al-Islam"),
        ("Jaysh al-Izza", "Jaish al-Izza"),
        ("Jaysh Nasir al-Din", "Jaysh Nasir al-Deen"),
        ("Kata'ib Dir' al-Furat", "Kata’ib Dir’ al-Furat"),
        ("al-Qaeda", "al-Qaida"),
    ],
)
def test_group_spelling_variants_share_one_id(a: str, b: str) -> None:
    assert entity_id(GROUP, a) == entity_id(GROUP, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abu Muhammad al-Julani", "Abu Mohammed al-Jolani"),
        ("Abu Muhammad al-Julani", "Abu Muhammad al-Jawlani"),
        ("Abu Bakr al-Baghdadi", "Abu Bakr Al Baghdadi"),
    ],
)
def test_leader_spelling_variants_share_one_id(a: str, b: str) -> None:
    assert entity_id(LEADER, a) == entity_id(LEADER, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jund al-Sham", "Junud al-Sham"),
        ("Ansar al-Islam", "Ansar al-Islam in Syria"),
        ("Jabhat al-Nusra", "Jabhat Fateh al-Sham"),
        ("Liwa al-Aqsa", "Jund al-Aqsa"),
    ],
)
def test_distinct_groups_keep_distinct_ids(a: str, b: str) -> None:
    assert entity_id(GROUP, a) != entity_id(GROUP, b)


def test_ids_are_content_derived_and_typed() -> None:
    assert entity_id(GROUP, "Hay'at Tahrir al-Sham") == "group:hayat-tahrir-sham"
    assert entity_id(GROUP, "Abu Bakr") != entity_id(LEADER, "Abu Bakr")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("HTS fighters entered Saraqib.", "Hay'at Tahrir al-Sham"),
        ("Hay’at Tahrir al-Sham fighters entered Saraqib.", "Hay'at Tahrir al-Sham"),
        ("Hayat Tahrir al Sham fighters entered Saraqib.", "Hay'at Tahrir al-Sham"),
        ("Al Nusrah Front fighters entered Saraqib.", "Jabhat al-Nusra"),
        ("The Nusra Front entered Saraqib.", "Jabhat al-Nusra"),
        ("Hurras al-Deen fighters entered Saraqib.", "Hurras al-Din"),
    ],
)
def test_gazetteer_spellings_resolve_to_the_canonical_name(text: str, canonical: str) -> None:
    assert names(text, GROUP) == [canonical]


def test_acronyms_are_case_sensitive() -> None:
    # "is" is a verb, not the Islamic State; "hts" in lower case is no acronym.
    assert names("The town is quiet and hts is a typo.", GROUP) == []


def test_open_world_variants_in_one_document_resolve_to_one_entity() -> None:
    text = (
        "Jaysh Nasir al-Din was formed in 2019. "
        "Jaysh Nasir al-Deen fighters later moved to Latakia."
    )
    found = names(text, GROUP)
    assert len(found) == 2
    assert len({entity_id(GROUP, n) for n in found}) == 1


def test_possessive_is_not_part_of_an_open_world_name() -> None:
    found = spans("Jaysh al-Fath’s Iraqi wing was dissolved.", GROUP)
    assert found == ["Jaysh al-Fath"]


# ------------------------------------------------------------------ leaders in an article


def _leaders(text: str) -> list[str]:
    import datetime as dt

    from kg.extract import extract_document
    from kg.models import Document

    document = Document(
        id="doc:t",
        name="t.txt",
        source="t.txt",
        text=text,
        content_hash="x",
        date=dt.date(2020, 1, 1),
    )
    return sorted(e.name for e in extract_document(document).entities if e.type is LEADER)


def test_short_kunya_resolves_to_the_full_name_of_the_article() -> None:
    text = (
        "Abu Qutayba al-Halabi is the emir of Saraya al-Wafa. Later, Abu Qutayba expelled two "
        "clerics from the group."
    )
    assert _leaders(text) == ["Abu Qutayba al-Halabi"]


def test_a_person_without_role_or_relation_is_not_a_leader() -> None:
    text = (
        "Abu Salim al-Dayri wrote a poem about the war. "
        "The emir of the faction is Abu Hafs al-Tikriti."
    )
    assert _leaders(text) == ["Abu Hafs al-Tikriti"]
