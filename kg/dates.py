"""Time expressions in a sentence, resolved to partial ISO dates against the article's dateline.

Regex only, compiled once at import: it runs on every sentence of every article, so no spaCy.
A value is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and is ``None`` whenever the text does not pin
the date down (no dateline, "the following day", "last week"): a wrong date on an edge is worse
than none.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from hijridate import Hijri

Role = Literal["point", "from", "to"]


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One time expression: its span (role preposition and modifiers included) and value."""

    start: int
    end: int
    text: str
    value: str | None
    role: Role


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH = rf"(?:{_FULL_MONTH}\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19\d\d|20\d\d|2100)(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"
_AP = "['’‘ʼʿʾ`]"  # apostrophes and ayn/hamza marks as transliterations type them
_AH = r"(?:\s*(?:A\.H\.|AH\b|H\b|Hijri\b|هـ))?"
_HIJRI_MONTH = (
    r"\b(?:(?P<h1>(?:al[\s-]*)?muh?arr?am)"
    r"|(?P<h2>safar)"
    rf"|(?P<h3>rabi{_AP}?a?[\s-]+(?:(?:al|ul|el)[\s-]*)?(?:aww?al|i))"
    rf"|(?P<h4>rabi{_AP}?a?[\s-]+(?:(?:al|ul|el)[\s-]*)?(?:tha+ni|akh[ai]ra?h?|ii))"
    rf"|(?P<h5>j[ua]mad[ai]{_AP}?[\s-]+(?:(?:al|ul|el)[\s-]*)?(?:o?ula+|uwla|aww?al|i))"
    rf"|(?P<h6>j[ua]mad[ai]{_AP}?[\s-]+(?:(?:al|ul|el)[\s-]*)?(?:akh[ei]ra?h?|thani(?:ya)?h?|ii))"
    r"|(?P<h7>rajab)"
    rf"|(?P<h8>sha{_AP}?a?ban)"
    r"|(?P<h9>rama[dz]h?an)"
    r"|(?P<h10>shaww?al)"
    rf"|(?P<h11>dh?[uo]{_AP}?[\s-]*(?:(?:al|ul|el|l)[\s-]*)?q[ai]{_AP}?a?dah?)"
    rf"|(?P<h12>dh?[uo]{_AP}?[\s-]*(?:(?:al|ul|el|l)[\s-]*)?hij+ah?))\b"
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_FROM = {"since", "ever since", "as of", "as from", "from", "effective", "after", "between"}
_TO = {"until", "till", "til", "up to", "up until", "through", "thru", "before", "prior to"}
_RANGE_END = {"to", "and"}  # a role only right after another expression ("X to Y")

#: Words before a bare 4-digit number that make it a label or a count, not a year.
_LABELS = {
    "at", "resolution", "route", "highway", "flight", "no", "number", "article", "law",
    "decree", "hill", "model", "room", "unit", "page", "code", "vol", "item", "case", "file",
    "tel", "phone", "bus", "line", "road", "division", "brigade", "regiment", "battalion",
    "squadron", "km", "ref", "id", "pp", "p",
}  # fmt: skip
_QUANTIFIERS = {
    "over", "about", "some", "nearly", "almost", "approximately", "roughly", "than", "least",
    "estimated", "around", "killed", "deployed", "sent", "sending", "with",
}  # fmt: skip
_DATE_WORDS = {"in", "since", "until", "till", "during", "by", "from", "of", "to", "through"}
_COUNT_NOUNS = {"men", "people", "children", "women", "personnel", "police", "staff", "feet"}
_NOT_PLURAL = {"was", "has", "is", "its", "his", "this", "thus", "as", "us", "plus"}

# --------------------------------------------------------------------------- regexes

_I = re.IGNORECASE
# Gates: each family of patterns runs only on sentences that could hold one of its matches.
_HAS_YEAR = re.compile(r"\d\d\d\d")
_HAS_DIGIT = re.compile(r"\d")
_HAS_HIJRI = re.compile(r"1[345]\d\d")
# searched in the lowercased text: a case-sensitive scan is several times faster than re.I
_HAS_MONTH = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_HAS_RELATIVE = re.compile(
    r"day|night|week|month|year|now|tomorrow|morning|evening|afternoon|spring|summer|autumn"
    r"|fall|winter|ago"
)
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAYS},?\s+$", _I)
_YMD = re.compile(
    rf"(?<![\w./:-])(?P<y>{_YEAR})(?P<sep>[-/.])(?P<m>\d\d?)(?P=sep)(?P<d>\d\d?)"
    r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\w/-]|[.,]\d)"
)
_DMY_NUMERIC = re.compile(
    rf"(?<![\w./:-])(?P<a>\d\d?)(?P<sep>[./-])(?P<b>\d\d?)(?P=sep)(?P<y>{_YEAR})(?![\w/-]|[.,]\d)"
)
_MDY = re.compile(
    rf"(?=[JFMASOND])\b(?P<mon>{_MONTH})\s*(?P<d>\d\d?){_ORD}(?:,\s*|\s+)(?:of\s+)?(?P<y>{_YEAR})",
    _I,
)
_DMY = re.compile(
    rf"(?<![\w.,/:])(?P<d>\d\d?){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})",
    _I,
)
_MONTH_YEAR = re.compile(rf"(?=[JFMASOND])\b(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})", _I)
_MONTH_DAY = re.compile(
    rf"(?=[JFMASOND])\b(?P<mon>{_MONTH})\s+(?P<d>\d\d?){_ORD}(?![\w:]|[.,/-]?\d)", _I
)
_DAY_MONTH = re.compile(
    rf"(?<![\w.,/:])(?:the\s+)?(?P<d>\d\d?){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH})", _I
)
_BARE_MONTH = re.compile(
    r"\b(?P<kw>in|since|until|till|during|through|by|from|of|early|mid|late|last|this|next"
    rf"|before|after|and|to|or)[\s-]+(?P<mon>{_FULL_MONTH})\b(?![\s,-]*\d)",
    _I,
)
_YEAR_RANGE = re.compile(
    rf"(?<![\w.,/:$£€#-])(?P<y>{_YEAR})\s?[-–—/]\s?(?P<y2>\d{{4}}|\d\d)(?![\w%]|[.,]\d)"
)
_DECADE = re.compile(rf"(?<![\w.,/$£€#-])(?:19|20)\d0{_AP}?s\b")
_BARE_YEAR = re.compile(rf"(?<![\w.,/:$£€#+])(?P<y>{_YEAR})(?![%]|[.,:/]\d|s\b)")
_HIJRI_DMY = re.compile(
    rf"(?<![\w.,/:-])(?P<d>\d\d?){_ORD}\s+(?:of\s+)?{_HIJRI_MONTH},?\s+(?P<y>1[345]\d\d)(?!\d){_AH}",
    _I,
)
_HIJRI_MDY = re.compile(
    rf"{_HIJRI_MONTH}\s+(?P<d>\d\d?){_ORD},?\s+(?P<y>1[345]\d\d)(?!\d){_AH}", _I
)
_HIJRI_MY = re.compile(rf"{_HIJRI_MONTH},?\s+(?P<y>1[345]\d\d)(?!\d){_AH}", _I)
_HIJRI_Y = re.compile(r"(?<![\w.,/:-])(?P<y>1[345]\d\d)\s*(?:A\.H\.|AH\b|هـ)")
_RELATIVE = re.compile(
    r"""\b(?:
      (?P<word>yesterday|today|tonight|tomorrow|now)
    | (?P<this>(?:earlier|later)\s+this)\s+(?P<this_unit>year|month|week)
    | (?P<which>last|this|next|past)\s+(?P<unit>night|weekend|week|month|year|spring|summer
          |autumn|fall|winter|morning|afternoon|evening)
    | (?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve
          |(?:a\s+)?few|several|(?:a\s+)?couple(?:\s+of)?)\s+(?P<ago_unit>day|week|month|year|decade)s?
          \s+ago
    | (?P<vague>the\s+(?:following|next|previous|preceding|same|prior)\s+(?:day|night|morning
          |evening|week|weekend|month|year)
        | (?:that|the)\s+same\s+(?:day|night|week|month|year)
        | that\s+(?:day|night|morning|evening|week|month|year)
        | the\s+day\s+(?:before|after)
        | (?:later|earlier)\s+that\s+(?:day|night|week|month|year)
        | (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)
          (?:\s+(?:morning|afternoon|evening|night))?)
    )\b""",
    _I | re.X,
)
_LEFT = re.compile(
    r"""(?<![\w'’])
    (?:(?P<prep>ever\s+since|since|as\s+(?:of|from)|starting(?:\s+(?:in|on|from|with))?
        |beginning(?:\s+(?:in|on|from|with))?|from|effective|after|between|until|till|til
        |up\s+(?:to|until)|through|thru|to|before|prior\s+to|and|by)
      (?:\s+at\s+least)?\s+)?
    (?P<mod>(?:the\s+)?(?:very\s+)?(?:early|mid|late|middle|end|beginning|start|close
        |(?:first|second|latter)\s+half|spring|summer|autumn|fall|winter)
      (?:\s+of)?(?:\s+the)?[\s-]*)?
    $""",
    _I | re.X,
)
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_WORD_AFTER = re.compile(r"\W*?(\w+)")

# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    value: str | None


def _month(token: str) -> int:
    return _MONTHS[token.rstrip(".").lower()]


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text of a partial date, or None when the parts are not a real date."""
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _year_for(anchor: dt.date, month: int, day: int) -> int:
    """Year of a yearless month/day: the anchor's, unless that lands > ~2 months after it."""
    try:
        candidate = dt.date(anchor.year, month, day)
    except ValueError:  # 29 February of a common year: the report is about a leap year before
        return anchor.year - 1
    return anchor.year - 1 if candidate > anchor + dt.timedelta(days=62) else anchor.year


def _hijri_month(m: re.Match[str]) -> int:
    return next(i for i in range(1, 13) if m.group(f"h{i}"))


def _hijri_value(year: int, month: int, day: int | None) -> str | None:
    """A Hijri date as Gregorian ISO; a whole Hijri month or year only as precise as it is."""
    try:
        if day is not None:
            return hijri_to_gregorian(day, month, year).isoformat()
        months = range(1, 13) if month == 0 else range(month, month + 1)
        first = hijri_to_gregorian(1, months[0], year)
        last = hijri_to_gregorian(Hijri(year, months[-1], 1).month_length(), months[-1], year)
    except ValueError:
        return None
    if first.year != last.year:
        return None
    return _iso(first.year, first.month) if first.month == last.month else _iso(first.year)


# --------------------------------------------------------------------------- candidate makers

Anchor = dt.date | None
_Maker = Callable[[re.Match[str], str, Anchor], _Candidate | None]


def _ymd(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    value = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
    return _Candidate(m.start(), m.end(), value) if value else None


def _dmy_numeric(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    a, b = int(m["a"]), int(m["b"])
    day, month = (b, a) if b > 12 >= a else (a, b)  # day first unless the day forces otherwise
    value = _iso(int(m["y"]), month, day)
    return _Candidate(m.start(), m.end(), value) if value else None


def _start_with_weekday(m: re.Match[str], text: str) -> int:
    """Start of a dated match, widened over a weekday just before it ("Thursday, August 22")."""
    before = _WEEKDAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
    return before.start() if before else m.start()


def _full(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    value = _iso(int(m["y"]), _month(m["mon"]), int(m["d"]))
    return _Candidate(_start_with_weekday(m, text), m.end(), value) if value else None


def _month_year(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    return _Candidate(m.start(), m.end(), _iso(int(m["y"]), _month(m["mon"])))


def _month_day(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    if not m["mon"][0].isupper():  # "may 25", "march 3": a verb, not a month
        return None
    month, day = _month(m["mon"]), int(m["d"])
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    value = _iso(_year_for(anchor, month, day), month, day) if anchor else None
    return _Candidate(_start_with_weekday(m, text), m.end(), value)


def _bare_month(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    if not m["mon"][0].isupper():
        return None
    keyword, month = m["kw"].lower(), _month(m["mon"])
    start = m.start() if keyword in {"last", "this", "next"} else m.start("mon")
    if anchor is None:
        return _Candidate(start, m.end(), None)
    if keyword == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif keyword == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif keyword == "this":
        year = anchor.year
    else:
        year = _year_for(anchor, month, 1)
    return _Candidate(start, m.end(), _iso(year, month))


def _year_range(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    year, tail = int(m["y"]), m["y2"]
    if len(tail) == 4 and int(tail) <= year:
        return None
    if len(tail) == 2 and int(tail) != (year + 1) % 100:  # "2018-06": a month, not a range
        return _Candidate(m.start(), m.end(), _iso(year, int(tail)) or _iso(year))
    return _Candidate(m.start(), m.end(), _iso(year))


def _decade(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    return _Candidate(m.start(), m.end(), None)


def _bare_year(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    """A lone 4-digit number is a year unless its neighbours make it a label or a head count."""
    before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
    after = _WORD_AFTER.match(text, m.end(), min(len(text), m.end() + 30))
    prev = before[1].lower() if before else ""
    nxt = after[1] if after else ""
    if prev in _LABELS or nxt.lower() in {"gmt", "utc", "hrs", "hours", "h"}:
        return None
    year = int(m["y"])
    plural = nxt.islower() and (
        nxt in _COUNT_NOUNS
        or (len(nxt) > 3 and nxt[-1] == "s" != nxt[-2] and nxt not in _NOT_PLURAL)
    )
    if plural and prev not in _DATE_WORDS and (prev in _QUANTIFIERS or year % 50 == 0):
        return None
    return _Candidate(m.start(), m.end(), _iso(year))


def _hijri_day(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    return _Candidate(m.start(), m.end(), _hijri_value(int(m["y"]), _hijri_month(m), int(m["d"])))


def _hijri_month_year(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    return _Candidate(m.start(), m.end(), _hijri_value(int(m["y"]), _hijri_month(m), None))


def _hijri_year(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    return _Candidate(m.start(), m.end(), _hijri_value(int(m["y"]), 0, None))


def _relative(m: re.Match[str], text: str, anchor: Anchor) -> _Candidate | None:
    return _Candidate(m.start(), m.end(), _relative_value(m, text, anchor) if anchor else None)


def _relative_value(m: re.Match[str], text: str, anchor: dt.date) -> str | None:
    """Resolve only what the dateline fixes for certain; weeks and weekdays stay None."""
    if m["word"]:
        if m["word"].lower() == "now":  # a state that holds "now": the month, not one day
            return _iso(anchor.year, anchor.month)
        offset = {"yesterday": -1, "tomorrow": 1}.get(m["word"].lower(), 0)
        return (anchor + dt.timedelta(days=offset)).isoformat()
    if m["this"]:
        unit = m["this_unit"].lower()
        if unit == "week":
            return None
        return _iso(anchor.year, anchor.month if unit == "month" else None)
    if m["which"]:
        which, unit = m["which"].lower(), m["unit"].lower()
        if which == "past" or re.search(r"\bthe\s+$", text[max(0, m.start() - 8) : m.start()], _I):
            return None  # "over the last year": a span up to now, not the calendar year
        step = {"last": -1, "this": 0, "next": 1}[which]
        if unit == "year":
            return _iso(anchor.year + step)
        if unit == "month":
            return _iso(*_shift_month(anchor.year, anchor.month, step))
        if unit in {"morning", "afternoon", "evening", "night"}:
            return None if step == 1 else (anchor + dt.timedelta(days=step)).isoformat()
        if unit in {"spring", "summer", "autumn", "fall", "winter"} and step == 0:
            return _iso(anchor.year)
        return None
    if m["ago_unit"]:
        count = m["n"].lower()
        n = int(count) if count.isdigit() else _NUMBER_WORDS.get(count)
        unit = m["ago_unit"].lower()
        if n is None or unit in {"week", "decade"}:
            return None
        if unit == "day":
            return (anchor - dt.timedelta(days=n)).isoformat()
        if unit == "month":
            return _iso(*_shift_month(anchor.year, anchor.month, -n))
        return _iso(anchor.year - n)
    return None


_Gate = Literal["year", "digit+month", "month", "hijri", "relative"]

#: Longest candidate wins; on equal length the earlier maker in this list does.
_MAKERS: tuple[tuple[_Gate, re.Pattern[str], _Maker], ...] = (
    ("hijri", _HIJRI_DMY, _hijri_day),
    ("hijri", _HIJRI_MDY, _hijri_day),
    ("hijri", _HIJRI_MY, _hijri_month_year),
    ("hijri", _HIJRI_Y, _hijri_year),
    ("year", _YMD, _ymd),
    ("year", _DMY_NUMERIC, _dmy_numeric),
    ("year", _MDY, _full),
    ("year", _DMY, _full),
    ("year", _MONTH_YEAR, _month_year),
    ("digit+month", _MONTH_DAY, _month_day),
    ("digit+month", _DAY_MONTH, _month_day),
    ("year", _YEAR_RANGE, _year_range),
    ("year", _DECADE, _decade),
    ("year", _BARE_YEAR, _bare_year),
    ("relative", _RELATIVE, _relative),
    ("month", _BARE_MONTH, _bare_month),
)


def _open_gates(text: str) -> set[_Gate]:
    """The pattern families worth running on `text` (most sentences open none or one)."""
    gates: set[_Gate] = set()
    lowered = text.lower()
    month = bool(_HAS_MONTH.search(lowered))
    if month:
        gates.add("month")
    if _HAS_DIGIT.search(text):
        if month:
            gates.add("digit+month")
        if _HAS_YEAR.search(text):
            gates.add("year")
            if _HAS_HIJRI.search(text):
                gates.add("hijri")
    if _HAS_RELATIVE.search(lowered):
        gates.add("relative")
    return gates


def _candidates(text: str, anchor: Anchor) -> list[_Candidate]:
    """Non-overlapping candidates in text order, the longest reading of each stretch kept."""
    gates = _open_gates(text)
    found: list[tuple[int, int, _Candidate]] = []
    for rank, (gate, pattern, make) in enumerate(_MAKERS):
        if gate not in gates:
            continue
        for m in pattern.finditer(text):
            candidate = make(m, text, anchor)
            if candidate is not None:
                found.append((candidate.start - candidate.end, rank, candidate))
    found.sort(key=lambda item: (item[0], item[1], item[2].start))
    chosen: list[_Candidate] = []
    for _, _, c in found:
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# --------------------------------------------------------------------------- public API


def find_time_expressions(text: str, anchor: dt.date | None) -> list[TimeExpression]:
    """All time expressions in `text` (typically one sentence), in order, non-overlapping,
    resolved against `anchor` (the article's dateline, may be None)."""
    out: list[TimeExpression] = []
    after_between = False
    for c in _candidates(text, anchor):
        start, prep = c.start, ""
        role: Role = "point"
        left = _LEFT.search(text, max(out[-1].end if out else 0, c.start - 60), c.start)
        if left and left.start() < c.start:
            start = left.start()
            prep = " ".join((left["prep"] or "").lower().split())
            prep = prep.removesuffix(" at least")
            if prep in _RANGE_END:
                adjacent = bool(out) and not text[out[-1].end : left.start()].strip()
                if adjacent and (prep == "to" or after_between):
                    role = "to"
                    if out[-1].role == "point":
                        out[-1] = replace(out[-1], role="from")
                else:  # "and"/"to" that is no range: not part of the expression
                    start = left.start("mod") if left["mod"] else c.start
            elif prep in _FROM or prep.startswith(("starting", "beginning")):
                role = "from"
            elif prep in _TO or prep.startswith("ending"):
                role = "to"
        after_between = prep == "between"
        out.append(TimeExpression(start, c.end, text[start : c.end], c.value, role))
    return out


_TRAILER = re.compile(
    r"(?:\s*(?:,|at|-|–)?\s*\d\d?:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?[\s.,;]*$",
    _I,
)
_FULL_DATES: tuple[tuple[re.Pattern[str], _Maker], ...] = (
    (_YMD, _ymd),
    (_DMY_NUMERIC, _dmy_numeric),
    (_MDY, _full),
    (_DMY, _full),
    (_HIJRI_DMY, _hijri_day),
    (_HIJRI_MDY, _hijri_day),
)


def _full_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every explicit day-precision date in `text`, leftmost first."""
    found: list[tuple[int, int, dt.date]] = []
    if not _HAS_DIGIT.search(text):
        return found
    for pattern, make in _FULL_DATES:
        for m in pattern.finditer(text):
            c = make(m, text, None)
            if c and c.value and len(c.value) == 10:
                found.append((c.start, c.end, dt.date.fromisoformat(c.value)))
    return sorted(found, key=lambda f: (f[0], f[0] - f[1]))


def parse_date_string(value: str) -> dt.date | None:
    """Parse a standalone date string as found in metadata or a dateline line:
    ISO '2018-06-26', '2018-06-26T10:00:00Z', 'June 26, 2018', 'August 23rd, 2019', '26 June 2018',
    '23.08.2019', '05/02/2023' (day-first when ambiguous; month-first only when day>12 forces it),
    'Thursday, August 22nd, 2019'. Returns None when it is not a full date."""
    text = value.strip().strip("\"'“”")
    for start, end, date in _full_dates(text):
        if start == 0 and _TRAILER.match(text, end):
            return date
    return None


_DATELINE_LEAD = re.compile(
    r"(?:(?:last\s+|first\s+|originally\s+)?(?:published|posted|updated|modified)|date[d]?)"
    r"(?:\s+on)?\s*:?\s*$",
    _I,
)
_DATELINE_TAIL = re.compile(r"\s*(?:$|[:|–—•·/(\[-]|by\s+[A-Z]|\.\s*$)")
_CUE_LEAD = re.compile(r"\b(?:appeared|published|posted)\b[^.]{0,80}\bon\s*$", _I)
_SEPARATORS = ",:|–—-/•·"


def find_dateline(line: str) -> dt.date | None:
    """A full date standing as a dateline in a short line (<= ~120 chars), e.g.
    'February 28, 2020', 'Global Research, December 14, 2019',
    'SYRIAN WAR REPORT – SEPTEMBER 12, 2019: RUSSIA RESUMES ...',
    '23.08.2019', 'August 23rd, 2019', 'Published: 2018-06-26', 'Posted on June 26, 2018 by X'.
    Returns None for lines that are ordinary prose sentences mentioning a date in passing."""
    text = line.strip()
    dates = _full_dates(text)
    if not dates:
        return None
    start, end, date = dates[0]
    before, after = text[:start], text[end:]
    if _CUE_LEAD.search(before) and re.match(r"\s*(?:$|[.)]|,?\s*\d\d?:\d\d)", after):
        return date  # "Analysis appeared in X on 05/02/2023." closing a long credit line
    if len(text) > 120:
        return None
    if parse_date_string(text) is not None:
        return date
    lead = before.strip()
    lead_ok = (
        not lead
        or bool(_DATELINE_LEAD.search(before))
        or (
            lead[-1] in _SEPARATORS
            and len(lead.split()) <= 8
            and sum(w[0].islower() for w in lead.split()) <= 1
        )
    )
    return date if lead_ok and _DATELINE_TAIL.match(after) else None


def to_interval(value: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a partial date: '2016' -> (2016-01-01, 2016-12-31),
    '2016-02' -> (2016-02-01, 2016-02-29)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise ValueError(f"not a partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year = int(m[1])
    if m[3]:
        day = dt.date(year, int(m[2]), int(m[3]))
        return day, day
    if m[2]:
        month = int(m[2])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def hijri_to_gregorian(day: int, month: int, year: int) -> dt.date:
    """Gregorian date of a Hijri (Umm al-Qura) date; ValueError outside 1343-1500 AH or invalid."""
    try:
        g = Hijri(year, month, day).to_gregorian()
    except OverflowError as exc:
        raise ValueError(str(exc)) from exc
    return dt.date(g.year, g.month, g.day)
