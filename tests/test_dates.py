"""The temporal normalizer on the phrasings found in the seed articles and their variants."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from kg.dates import (
    TimeExpression,
    find_dateline,
    find_time_expressions,
    hijri_to_gregorian,
    parse_date_string,
    to_interval,
)

ANCHOR = dt.date(2018, 6, 26)


def found(text: str, anchor: dt.date | None = ANCHOR) -> list[tuple[str, str | None, str]]:
    """(text, value, role) of every expression, after checking the spans are honest."""
    expressions = find_time_expressions(text, anchor)
    for e in expressions:
        assert isinstance(e, TimeExpression)
        assert text[e.start : e.end] == e.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(expressions))
    return [(e.text, e.value, e.role) for e in expressions]


def one(text: str, anchor: dt.date | None = ANCHOR) -> tuple[str | None, str]:
    """(value, role) of the only expression in `text`."""
    expressions = found(text, anchor)
    assert len(expressions) == 1, expressions
    return expressions[0][1], expressions[0][2]


# --------------------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("On 29 January 2023, the jihadist group released a video.", "2023-01-29"),
        ("The video was released January 29, 2023 on Telegram.", "2023-01-29"),
        ("It was followed up by another on August 31, 2019, targeting the group.", "2019-08-31"),
        ("He was killed in Idlib city on August 22nd, 2019.", "2019-08-22"),
        ("In Feb. 2016, Ansar al-Islam claimed an attack in Aleppo.", "2016-02"),
        ("Then, in Aug. 2016, the men took part in the effort.", "2016-08"),
        ("In February 2015, the Iraqi leadership decided to create a branch.", "2015-02"),
        ("The siege of the Menagh military airport in 2013.", "2013"),
        ("The group's gains in Syria and Iraq in 2013-14 were astounding.", "2013"),
        ("According to a revelatory December 2013 news report [4] from a paper.", "2013-12"),
        ("The debate spilled out into the open in late June of 2019.", "2019-06"),
        ("It changed its name in April 2013after which it overran Raqqa.", "2013-04"),
        ("SYRIAN WAR DIARY – DECEMBER\u00a02015", "2015-12"),
        ("Published 2018-06-26T10:00:00Z by the agency.", "2018-06-26"),
        ("Analysis appeared in the media on 05/02/2023.", "2023-02-05"),
        ("The report is dated 23.08.2019.", "2019-08-23"),
        ("The declaration was issued Thursday, August 22nd, 2019.", "2019-08-22"),
    ],
)
def test_explicit_dates(text: str, value: str) -> None:
    assert one(text) == (value, "point")
    assert one(text, None) == (value, "point")  # explicit dates need no dateline


def test_weekday_is_part_of_the_date() -> None:
    assert found("on Thursday, August 22nd, 2019 the army") == [
        ("Thursday, August 22nd, 2019", "2019-08-22", "point")
    ]


def test_several_dates_in_one_sentence_in_order() -> None:
    text = "And in January 2014, it overran Fallujah and captured Mosul in June 2014."
    assert found(text) == [
        ("January 2014", "2014-01", "point"),
        ("June 2014", "2014-06", "point"),
    ]


def test_decades_are_found_but_not_resolved() -> None:
    assert found("The group was founded in the 1990s.") == [("1990s", None, "point")]


# --------------------------------------------------------------------------- yearless dates


@pytest.mark.parametrize(
    ("text", "value", "role"),
    [
        ("On June 24, via its Ebaa News Agency, HTS issued a statement.", "2018-06-24", "point"),
        ("The following day, June 25, the organization issued its own.", "2018-06-25", "point"),
        ("HTS released a video on June 18th decrying the decision.", "2018-06-18", "point"),
        ("The UN has received reports of 13 casualties since 23 June.", "2018-06-23", "from"),
        ("The planned arbitration on the 25th of June never happened.", "2018-06-25", "point"),
        # more than ~2 months after the dateline: last year's
        ("On December 20, the group attacked.", "2017-12-20", "point"),
        ("On September 1, the group attacked.", "2017-09-01", "point"),
        ("On August 20, the group attacked.", "2018-08-20", "point"),
    ],
)
def test_month_day_takes_the_anchor_year(text: str, value: str, role: str) -> None:
    assert found(text)[-1][1:] == (value, role)


@pytest.mark.parametrize(
    "text",
    ["On June 24, HTS issued a statement.", "Fighting has gone on since 23 June.", "In early June"],
)
def test_month_day_without_anchor_is_unresolved(text: str) -> None:
    (expression,) = found(text, None)
    assert expression[1] is None


def test_month_day_rollover_needs_a_real_date() -> None:
    assert one("On February 29, they left.", dt.date(2021, 3, 1)) == ("2020-02-29", "point")
    assert found("On February 30, they left.") == []


# --------------------------------------------------------------------------- fuzzy dates


@pytest.mark.parametrize(
    ("text", "expression", "value", "role"),
    [
        ("Ansar al-Islam grew in mid-2021.", "mid-2021", "2021", "point"),
        ("It was active until the middle of 2014.", "until the middle of 2014", "2014", "to"),
        ("They attacked in the middle of 2014.", "the middle of 2014", "2014", "point"),
        ("The offensive of late-April 2019 began.", "late-April 2019", "2019-04", "point"),
        ("The offensive began in late April 2019.", "late April 2019", "2019-04", "point"),
        ("In early June, jihadists circulated a video.", "early June", "2018-06", "point"),
        ("Tensions persisted in the summer of 2019.", "the summer of 2019", "2019", "point"),
        (
            "By the end of August 2014, a statement had been issued.",
            "By the end of August 2014",
            "2014-08",
            "point",
        ),
        ("The talks stalled by the end of 2017.", "by the end of 2017", "2017", "point"),
        ("The talks stalled at the end of 2017.", "the end of 2017", "2017", "point"),
        ("The month of August has been one of victories.", "August", "2018-08", "point"),
    ],
)
def test_fuzzy_dates_keep_the_precision_of_their_core(
    text: str, expression: str, value: str, role: str
) -> None:
    assert found(text) == [(expression, value, role)]


def test_a_bare_month_needs_a_preposition_and_a_capital() -> None:
    assert found("May God protect him.") == []
    assert found("They may 25 times march on Damascus.") == []
    assert found("March on Damascus!") == []
    assert one("The group was announced in February.") == ("2018-02", "point")
    assert one("The group was announced in December.") == ("2017-12", "point")
    assert one("The raid happened last June.") == ("2017-06", "point")
    assert one("The raid happened last March.") == ("2018-03", "point")


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The raid took place yesterday in the Jabal Turkman region.", "2018-06-25"),
        ("The Command's statement said today.", "2018-06-26"),
        ("Photo released last month by the account.", "2018-05"),
        ("The group was founded this month.", "2018-06"),
        ("HTS supported a joint offensive in Daraa last year.", "2017"),
        ("The group was formally launched earlier this year.", "2018"),
        ("The group was formally launched this year.", "2018"),
        ("The group was dissolved two years ago.", "2016"),
        ("They claimed it 5 months ago.", "2018-01"),
        ("The attack on the key city began ten days ago.", "2018-06-16"),
        ("Last night at least 33 Turkish troops were killed.", "2018-06-25"),
        ("Now, however, a controversy has arisen.", "2018-06"),  # a state now: its month
        ("By the end of this month, we will know.", "2018-06"),
    ],
)
def test_relative_dates_resolve_against_the_anchor(text: str, value: str) -> None:
    assert one(text) == (value, "point")
    assert one(text, None) == (None, "point")


@pytest.mark.parametrize(
    "text",
    [
        "The following day, they withdrew.",
        "Last week, a Saudi prince took to twitter.",
        "The insurgency has stalled over the last year or more.",
        "A few days ago, reports alleged that Turkey had asked.",
        "In a separate message that same day, HTS reported.",
        "Later that day, he was expelled.",
        "Speaking on Tuesday, Khamenei said no.",
        "They fought over the past year.",
    ],
)
def test_uncertain_relative_dates_stay_unresolved(text: str) -> None:
    (expression,) = found(text)
    assert expression[1] is None


# --------------------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("text", "expression", "value", "role"),
    [
        ("However, since 2017 it has stopped supporting operations.", "since 2017", "2017", "from"),
        (
            "The Islamic State operated in Syria since August 2011 under that name.",
            "since August 2011",
            "2011-08",
            "from",
        ),
        ("As of 2021, the group decided to become independent.", "As of 2021", "2021", "from"),
        ("As of mid-2021, Ansar al-Islam started to clash.", "As of mid-2021", "2021", "from"),
        ("Starting in 2015, the group grew.", "Starting in 2015", "2015", "from"),
        (
            "Then, beginning in Aug. 2016, its men participated.",
            "beginning in Aug. 2016",
            "2016-08",
            "from",
        ),
        ("It was formerly known as al-Nusra Front until 2016.", "until 2016", "2016", "to"),
        ("It held the town till 2019.", "till 2019", "2019", "to"),
        ("It held the town up to 2014.", "up to 2014", "2014", "to"),
        (
            "It conducted operations in Iraq through at least the middle of 2014, before.",
            "through at least the middle of 2014",
            "2014",
            "to",
        ),
        ("Since last year, it has held the town.", "Since last year", "2017", "from"),
        ("It was not declared under control until Thursday.", "until Thursday", None, "to"),
    ],
)
def test_roles(text: str, expression: str, value: str | None, role: str) -> None:
    assert found(text) == [(expression, value, role)]


def test_ranges_mark_both_ends() -> None:
    assert found("From 2011 to 2013, they fought.") == [
        ("From 2011", "2011", "from"),
        ("to 2013", "2013", "to"),
    ]
    assert found("Between 2012 and 2014 they fought.") == [
        ("Between 2012", "2012", "from"),
        ("and 2014", "2014", "to"),
    ]
    text = "In fact, since the beginning of the conflict in August 2011 to April 2013, they fought."
    assert found(text) == [
        ("August 2011", "2011-08", "from"),
        ("to April 2013", "2013-04", "to"),
    ]


def test_to_and_and_are_no_roles_outside_ranges() -> None:
    assert found("The fighters returned to 2014 positions and 2015 levels.") == [
        ("2014", "2014", "point"),
        ("2015", "2015", "point"),
    ]


# --------------------------------------------------------------------------- Hijri dates


@pytest.mark.parametrize(
    "text",
    [
        "17 Rabi’ al-Awal 1436",
        "17 Rabi' al-Awal 1436",
        "17 Rabi al-Awal 1436",
        "17 Rabi al-Awwal 1436",
        "The date given is 17 Rabi al-Awal 1436 AH, though the Gregorian date appears wrong.",
        "17 Rabi’ al-Awal 1436 H",
    ],
)
def test_hijri_dates_become_gregorian(text: str) -> None:
    assert one(text, None) == ("2015-01-08", "point")


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("Muharram", 1),
        ("al-Muharram", 1),
        ("Safar", 2),
        ("Rabi' al-Awwal", 3),
        ("Rabi I", 3),
        ("Rabi' al-Thani", 4),
        ("Rabi’ al-Akhir", 4),
        ("Rabi II", 4),
        ("Jumada al-Ula", 5),
        ("Jumada al-Awwal", 5),
        ("Jumada al-Akhira", 6),
        ("Jumada al-Thani", 6),
        ("Rajab", 7),
        ("Sha'ban", 8),
        ("Sha’ban", 8),
        ("Shaaban", 8),
        ("Ramadan", 9),
        ("Shawwal", 10),
        ("Dhu al-Qa'dah", 11),
        ("Dhu'l-Qa'da", 11),
        ("Dhu al-Hijjah", 12),
        ("Dhul Hijja", 12),
    ],
)
def test_hijri_month_names(name: str, month: int) -> None:
    expected = hijri_to_gregorian(5, month, 1436).isoformat()
    assert found(f"It was signed on 5 {name} 1436 AH.") == [
        (f"5 {name} 1436 AH", expected, "point")
    ]
    assert one(f"Signed {name} 5, 1436.") == (expected, "point")


def test_hijri_months_and_years_only_as_precise_as_they_are() -> None:
    assert one("Ramadan 1436") == ("2015", "point")  # 18 June - 16 July 2015
    assert one("Safar 1436") == ("2014", "point")  # 23 November - 22 December 2014
    assert one("The statement is dated 1436 AH.") == (None, "point")  # October 2014 - 2015
    assert one("5 Ramadan 1520") == (None, "point")  # outside the Umm al-Qura tables


def test_hijri_to_gregorian() -> None:
    assert hijri_to_gregorian(17, 3, 1436) == dt.date(2015, 1, 8)
    assert type(hijri_to_gregorian(17, 3, 1436)) is dt.date
    with pytest.raises(ValueError):
        hijri_to_gregorian(17, 3, 1200)
    with pytest.raises(ValueError):
        hijri_to_gregorian(31, 3, 1436)


# --------------------------------------------------------------------------- never a date


@pytest.mark.parametrize(
    "text",
    [
        "Syrian state media said that 25 soldiers were killed.",
        "The UN received reports of at least 13 casualties, including children.",
        "Some 45,000 people fled.",
        "The city fell in 1850 and again in 2150.",
        "The strike came at 10:17 pm, local time.",
        "The 4th Armored Division moved along the M5 highway.",
        "They were reportedly sending over 2000 men to the countryside.",
        "UN Resolution 2042 was adopted.",
        "The curfew starts at 1930 hours.",
        "See syrianews.com/2015/01/16/syrias-nusra-front for details.",
        "Jihadist groups are attempting to rally insurgents against an offensive.",
        "",
    ],
)
def test_never_matched(text: str) -> None:
    assert found(text) == []


def test_years_next_to_nouns_stay_years() -> None:
    assert one("They fled during the 2014 southern Idlib offensive.") == ("2014", "point")
    assert one("The 2014 elections were a sham.") == ("2014", "point")


# --------------------------------------------------------------------------- standalone strings


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-06-26", dt.date(2018, 6, 26)),
        ("2018-06-26T10:00:00Z", dt.date(2018, 6, 26)),
        ("2018-06-26T10:00:00+02:00", dt.date(2018, 6, 26)),
        ("June 26, 2018", dt.date(2018, 6, 26)),
        ("August 23rd, 2019", dt.date(2019, 8, 23)),
        ("26 June 2018", dt.date(2018, 6, 26)),
        ("23.08.2019", dt.date(2019, 8, 23)),
        ("05/02/2023", dt.date(2023, 2, 5)),  # day first when ambiguous
        ("02/13/2023", dt.date(2023, 2, 13)),  # month first only when the day forces it
        ("Thursday, August 22nd, 2019", dt.date(2019, 8, 22)),
        ("SEPTEMBER 12, 2019", dt.date(2019, 9, 12)),
        ("January 8th, 2015, 10:17 pm", dt.date(2015, 1, 8)),
        ("  8 January 2015 \n", dt.date(2015, 1, 8)),
    ],
)
def test_parse_date_string(value: str, expected: dt.date) -> None:
    assert parse_date_string(value) == expected


@pytest.mark.parametrize(
    "value", ["June 2018", "2018", "June 26", "13/13/2023", "not a date", "", "31 February 2019"]
)
def test_parse_date_string_refuses_partial_dates(value: str) -> None:
    assert parse_date_string(value) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("February 28, 2020", dt.date(2020, 2, 28)),
        ("Global Research, December 14, 2019", dt.date(2019, 12, 14)),
        (
            "SYRIAN WAR REPORT – SEPTEMBER 12, 2019: RUSSIA RESUMES STRIKES ON TERRORISTS IN IDLIB",
            dt.date(2019, 9, 12),
        ),
        ("23.08.2019", dt.date(2019, 8, 23)),
        ("August 23rd, 2019", dt.date(2019, 8, 23)),
        ("Published: 2018-06-26", dt.date(2018, 6, 26)),
        ("Posted on June 26, 2018 by X", dt.date(2018, 6, 26)),
        ("Last updated June 26, 2018", dt.date(2018, 6, 26)),
        (
            "Analysis appeared in Akhbar al-Aan Tv Media on 05/02/2023. "
            '"لا سلام لا مصالحة".. شعارات زائفة لـ"أنصار الإسلام" لإثبات وجودها (akhbaralaan.net)',
            dt.date(2023, 2, 5),
        ),
    ],
)
def test_find_dateline(line: str, expected: dt.date) -> None:
    assert find_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The attack took place on August 31, 2019.",
        "On June 26, 2018, Syrian forces attacked the town.",
        "In Idlib, August 31, 2019 was a quiet day.",
        "It was launched on April 11 and involves the 20th Brigade.",
        "The group was founded in February 2015.",
        "That was the first American strike in northwestern Syria in more than two years and it was"
        " followed up two months later by another on August 31, 2019, targeting its ally.",
        "",
    ],
)
def test_find_dateline_ignores_prose(line: str) -> None:
    assert find_dateline(line) is None


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2016", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
        ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
        ("2015-02", dt.date(2015, 2, 1), dt.date(2015, 2, 28)),
        ("2016-02-10", dt.date(2016, 2, 10), dt.date(2016, 2, 10)),
    ],
)
def test_to_interval(value: str, first: dt.date, last: dt.date) -> None:
    assert to_interval(value) == (first, last)


@pytest.mark.parametrize("value", ["16", "2016-2", "June 2016", "2016-13"])
def test_to_interval_rejects_other_strings(value: str) -> None:
    with pytest.raises(ValueError):
        to_interval(value)
