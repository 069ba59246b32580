"""Attribution and negation on short sentences: how the text stands behind a relation.

Conventions (shared/gold/README.md): ``denied`` when the text says the claim was denied or
refuted; ``claimed`` for a party's own claim or statement; ``reported`` when hedged or attributed
to a third party; ``asserted`` otherwise. Negated statements give no relation at all.
"""

from __future__ import annotations

import pytest

from kg.attribution import attribute, negated
from kg.ontology import Status


@pytest.mark.parametrize(
    "sentence",
    [
        "Hay'at Tahrir al-Sham shelled Syrian Army positions near Saraqib.",
        "Liwa Suyuf al-Haqq and Katibat Nur al-Yaqin merged to form Jabhat Ahl al-Thughur.",
        "Jabhat al-Nusra renamed itself Jabhat Fateh al-Sham on July 28, 2016.",
        "A convoy of the Popular Mobilization Forces was ambushed by Islamic State militants.",
        "Al-Qaeda's general command disowned the Islamic State of Iraq and al-Sham in 2014.",
        "Jaysh al-Fursan al-Ahrar expelled its Saraya al-Muhajirin faction in mid-2019.",
        "Hay'at Tahrir al-Sham fighters attacked Kafr Nabl days after Turkey announced sanctions.",
        "The group's fighters stormed the village at dawn, killing the reporter's driver.",
    ],
)
def test_asserted(sentence: str) -> None:
    assert attribute(sentence).status is Status.ASSERTED


@pytest.mark.parametrize(
    "sentence",
    [
        "Hay'at Tahrir al-Sham reportedly clashed with Hurras al-Din in Sarmada.",
        "According to the Syrian Observatory, Hurras al-Din shelled the checkpoint.",
        "Russian warplanes allegedly bombed Jaysh al-Izza positions near al-Latamneh.",
        "Saraya al-Wafa is believed to have pledged allegiance to Abu Bakr al-Baghdadi.",
        "The Islamic State appears to have absorbed Jabhat Ahl al-Thughur.",
        "Suspected Islamic State militants attacked a Peshmerga outpost near Makhmour.",
        "A convoy was ambushed by Saraya al-Ghab, a local source told Enab Baladi.",
        "Hurras al-Din shelled Russian troops near Hmeimim, Russian media reported.",
    ],
)
def test_reported(sentence: str) -> None:
    assert attribute(sentence).status is Status.REPORTED


@pytest.mark.parametrize(
    "sentence",
    [
        "Ansar al-Tawhid claimed responsibility for a raid on Syrian Army positions.",
        "Saraya Awliya al-Dam claimed the rocket attack on the US-led coalition.",
        "In a statement, Liwa Suyuf al-Haqq said it had struck the regime's positions.",
        "Saraya al-Wafa swore bay'ah to al-Baghdadi in a statement published by its media office.",
        "Hay'at Tahrir al-Sham announced that Liwa Ahrar al-Badiya was no longer one of its units.",
    ],
)
def test_claimed(sentence: str) -> None:
    assert attribute(sentence).status is Status.CLAIMED


def test_a_party_claiming_is_claimed_and_an_outlet_claiming_is_reported() -> None:
    sentence = "Hurras al-Din claimed that it had killed ten Russian soldiers."
    assert attribute(sentence, claimant_is_party=True).status is Status.CLAIMED
    outlet = "Al Masdar claimed that Hurras al-Din had killed ten Russian soldiers."
    assert attribute(outlet).status is Status.REPORTED


@pytest.mark.parametrize(
    "sentence",
    [
        "Hurras al-Din denied any role in the attack on the Syrian Army checkpoint.",
        "Ahrar al-Sham denied reports that it had joined Hay'at Tahrir al-Sham.",
        "Kata'ib Hezbollah denies involvement in the rocket attack on the US-led coalition.",
        "Ansar al-Islam rejected claims that it had pledged allegiance to the Islamic State.",
        "The Syrian Army refuted the rebels' claim that its base had been overrun.",
    ],
)
def test_denied(sentence: str) -> None:
    assert attribute(sentence).status is Status.DENIED


def test_named_source_is_kept() -> None:
    result = attribute("According to the Syrian Observatory, Hurras al-Din shelled the base.")
    assert result.status is Status.REPORTED
    assert result.source is not None
    assert result.source.startswith("Syrian Observatory")


# --------------------------------------------------------------------------- negation


def _at(sentence: str, cue: str) -> int:
    index = sentence.find(cue)
    assert index >= 0, cue
    return index


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Jaysh al-Izza did not join Hay'at Tahrir al-Sham.", "join"),
        ("Harakat Rijal al-Badiya has never pledged allegiance to the Islamic State.", "pledged"),
        ("Ansar al-Tawhid refused to merge with Hurras al-Din.", "merge"),
        ("Asa'ib Ahl al-Haq has not attacked American forces since the truce.", "attacked"),
        ("Katibat al-Tawhid al-Shamiya never broke away from Hay'at Tahrir al-Sham.", "broke away"),
        ("Neither Jaysh al-Izza nor Ahrar al-Sham joined the new body.", "joined"),
        ("The faction would not join Hay'at Tahrir al-Sham, its emir said.", "join"),
        ("Jaysh al-Izza didn't join the operations room.", "join"),
    ],
)
def test_negated_cue(sentence: str, cue: str) -> None:
    assert negated(sentence, _at(sentence, cue))


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Jund al-Aqsa joined Jabhat Fateh al-Sham last October.", "joined"),
        ("Liwa Ahrar al-Badiya, which was not part of the deal, attacked the army.", "attacked"),
        ("Not long after the truce, Hurras al-Din shelled Russian troops.", "shelled"),
        ("After talks failed to produce a deal, the two factions merged into one.", "merged"),
        (
            "Ansar al-Islam in Syria never pledged to the Islamic State and fought alongside "
            "Jabhat al-Nusra.",
            "alongside",
        ),
    ],
)
def test_cue_outside_the_negation_is_not_negated(sentence: str, cue: str) -> None:
    assert not negated(sentence, _at(sentence, cue))
