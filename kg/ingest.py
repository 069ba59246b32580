"""Stage 1: files and folders in, cleaned and dated Documents out.

Web captures carry reader comments, "Related News" link lists, tag clouds and share buttons
around the article; extraction must see only article prose (compilations included), kept
character for character so evidence sentences can be quoted verbatim. A bad file becomes an
InputError for that file and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kg.dates import find_dateline, parse_date_string
from kg.errors import InputError
from kg.models import Document, Segment

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")

#: Non-empty lines at the top of an article where its own dateline stands.
TOP_LINES = 5
#: A line with this many words is prose even without final punctuation (headlines run to ~19).
PROSE_WORDS = 20

# --------------------------------------------------------------------------- line shapes

_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*$")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")

_NUM = r"(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)"
_COMMENTS_HEADER = re.compile(
    rf"""^(?:
        {_NUM}\s+(?:comments?|responses?|replies|thoughts?)(?:\s+(?:to|on)\s+.{{0,200}})?:?
      | comments?\s*\(\s*\d+\s*\):?
      | (?:reader\s+)?comments?:?
      | leave\s+a\s+(?:reply|comment)\b.{{0,60}}
      | comments\s+are\s+closed\.?
      | post\s+a\s+comment:?
      | add\s+(?:a\s+)?comment:?
      | (?:show|view|load)\s+(?:all\s+)?comments\b.{{0,20}}
      | join\s+the\s+(?:discussion|conversation):?
    )$""",
    re.I | re.X,
)
_RELATED_HEADER = re.compile(
    r"""^(?:
        related(?:\s+(?:news|videos?|posts?|articles?|stories|content|reading))?
      | read\s+more | read\s+also | also\s+read | see\s+also
      | you\s+(?:may|might)\s+also\s+like | recommended(?:\s+for\s+you)?
      | more\s+on\s+(?:the|this)\s+topic | more\s+stories | more\s+from\s+\S+
      | مقالات\s+متعلقة | فيديوات\s+متعلقة
    )\s*:?$""",
    re.I | re.X,
)
_READ_MORE_INLINE = re.compile(
    r"^(?:also\s+read|read\s+(?:also|more)|see\s+also)\b[\s:–—-]+(.+)$", re.I
)
_TAGS_LINE = re.compile(
    r"^(?:tags?|tagged(?:\s+with)?|filed\s+under|categor(?:y|ies)|topics|keywords)\s*:.*$", re.I
)
_BOILERPLATE = re.compile(
    r"""^(?:
        share(?:\s+this(?:\s+(?:article|story|post|page))?)?\s*:?
      | share\s+(?:on|via|to|with)\s+\S+(?:\s+\S+)?
      | click\s+to\s+(?:share|email|print|tweet)\b.{0,80}
      | click\s+(?:here\s+)?to\s+(?:see|view|enlarge)\b.{0,60}
      | note\s+to\s+readers:.*\bshare\b.*
      | print(?:\s+this)?(?:\s+(?:article|page|post|story))?
      | e-?mail(?:\s+this)?(?:\s+(?:article|page|post|story))?
      | subscribe(?:\s+(?:now|here|to\s+our\s+newsletter))?
      | tweet | facebook | twitter | whatsapp | telegram | linkedin | pinterest | reddit | tumblr
      | like\s+this:? | like\s+loading\W* | loading\W*
      | %d\s+bloggers\s+like\s+this:?
    )$""",
    re.I | re.X,
)
_COMMENTER = re.compile(r"\b(?:said|says|wrote|replied|reply)\b\s*:?\s*$", re.I)
_PUBLISHED_LINE = re.compile(
    r"^(?:(?:first|originally)\s+)?(?P<kind>published|posted|updated|last\s+updated)\b(?P<rest>.*)$",
    re.I,
)

# --------------------------------------------------------------------------- dates in text

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_PATTERN = rf"""(?<![\w/.-])(?:
    \d{{4}}-\d{{1,2}}-\d{{1,2}}
  | \d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}
  | (?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
  | \d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}
)(?!\d)(?![/-]\d)"""
_DATE = re.compile(_DATE_PATTERN, re.I | re.X)
_APPEARED = re.compile(
    rf"""\b(?:appeared|published|posted)\b
        (?P<gap>(?:(?![.!?]\s)[^\n]){{0,100}}?)
        \bon\s+(?P<date>{_DATE_PATTERN})""",
    re.I | re.X,
)
#: The "appeared ... on" sentence must be about the article itself, not an event in the story.
_SELF_REFERENCE = re.compile(
    r"\b(?:article|analysis|report|piece|story|post|column|essay|commentary|interview|op-ed"
    r"|this|originally|first)\b",
    re.I,
)


def content_hash(data: bytes) -> str:
    """Content-derived id of the raw input, so a refresh can skip unchanged documents."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _words(line: str) -> int:
    return len(line.split())


def _is_headline(line: str) -> bool:
    """ALL CAPS or Title Case lines are headings, even when they end in '!' or '?'."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and line.upper() == line and line.lower() != line:
        return True
    long_words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    if len(long_words) < 3:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised / len(long_words) >= 0.75


def _is_prose(line: str) -> bool:
    """A real paragraph: long, or a sentence that is not a heading."""
    s = line.strip()
    n = _words(s)
    if n >= PROSE_WORDS:
        return True
    return n >= 3 and bool(_SENTENCE_END.search(s)) and not _is_headline(s)


def _parse(value: str) -> dt.date | None:
    """parse_date_string on a date found in running text (ordinals and 'of' dropped)."""
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", value, flags=re.I)
    text = re.sub(r"\s+of\s+", " ", text, flags=re.I)
    text = " ".join(text.split())
    return parse_date_string(text) or parse_date_string(value)


def _first_date(text: str) -> dt.date | None:
    for match in _DATE.finditer(text):
        found = _parse(match.group(0))
        if found:
            return found
    return None


def _dateline(line: str) -> tuple[dt.date, str] | None:
    """The date and kind ('dateline', 'published', 'updated') of a line standing as a dateline."""
    s = line.strip()
    if not s or len(s) > 200:
        return None
    published = _PUBLISHED_LINE.match(s)
    if published and _words(s) <= 12:
        found = _first_date(published.group("rest"))
        if found:
            kind = "updated" if "updated" in published.group("kind").lower() else "published"
            return found, kind
    if _is_prose(s) and _words(s) > 6:
        return None
    found = find_dateline(s)
    return (found, "dateline") if found else None


# --------------------------------------------------------------------------- cleaning


@dataclass
class _Cleaned:
    text: str
    comment_sections: list[list[str]] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Article prose only: comments, related-link lists, tags and share buttons removed."""
    return _clean(text).text


def _clean(text: str) -> _Cleaned:
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    lines = text.split("\n")
    kept: list[str] = []
    comments: list[list[str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if not s:
            kept.append(line)
            i += 1
        elif _COMMENTS_HEADER.match(s) and any(_is_prose(k) for k in kept):
            # comments follow an article: a "Comment" section label above the text is kept
            end = _comment_section_end(lines, i + 1)
            comments.append(lines[i:end])
            i = end
        elif _RELATED_HEADER.match(s):
            i = _skip_block(lines, i + 1, kept, keep_datelines=True)
        elif _TAGS_LINE.match(s):
            i = _skip_block(lines, i + 1, kept, keep_datelines=False, max_words=6)
        elif _is_boilerplate(s):
            i += 1
        else:
            kept.append(line)
            i += 1
    return _Cleaned("\n".join(_collapse_blanks(kept)), comments)


def _is_boilerplate(s: str) -> bool:
    if _BOILERPLATE.match(s) or _PUNCT_ONLY.match(s):
        return True
    inline = _READ_MORE_INLINE.match(s)
    return inline is not None and not _is_prose(inline.group(1))


def _skip_block(
    lines: list[str], start: int, kept: list[str], *, keep_datelines: bool, max_words: int = 99
) -> int:
    """Drop the short link/title lines under a header, up to the next prose paragraph."""
    j = start
    while j < len(lines):
        s = lines[j].strip()
        if not s:
            kept.append(lines[j])
        elif _COMMENTS_HEADER.match(s) or _TAGS_LINE.match(s):
            return j
        elif _RELATED_HEADER.match(s) or _is_boilerplate(s):
            pass
        elif keep_datelines and _dateline(s):
            kept.append(lines[j])
        elif _is_prose(s) or _words(s) > max_words:
            return j
        j += 1
    return j


def _comment_section_end(lines: list[str], start: int) -> int:
    """Comments run to the end, or to an appended article's heading/dateline with prose after it."""
    previous: int | None = None
    for j in range(start, len(lines)):
        s = lines[j].strip()
        if not s:
            continue
        if _RELATED_HEADER.match(s):
            return j
        if not _CLOCK.search(s) and _dateline(s) and _prose_follows(lines, j + 1):
            rest = _DATE.sub(" ", s) if _DATE.search(s) else ""
            if _words(rest) >= 3:  # a headline carrying its own date
                return j
            if previous is not None and _is_heading(lines[previous]):
                return previous
        previous = j
    return len(lines)


def _is_heading(line: str) -> bool:
    s = line.strip()
    return (
        0 < _words(s) <= 20
        and not _is_prose(s)
        and not s.endswith((":", ","))
        and not _COMMENTER.search(s)
    )


def _prose_follows(lines: list[str], start: int, window: int = 6) -> bool:
    seen = 0
    for line in lines[start:]:
        if not line.strip():
            continue
        if _words(line) >= PROSE_WORDS:
            return True
        seen += 1
        if seen >= window:
            return False
    return False


def _collapse_blanks(lines: list[str]) -> list[str]:
    """Runs of 3+ blank lines become 2; blank lines at either end go."""
    out: list[str] = []
    run = 0
    for line in lines:
        if line.strip():
            run = 0
            out.append(line)
        else:
            run += 1
            if run <= 2 and out:
                out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


# --------------------------------------------------------------------------- dating


def _datelines(text: str) -> tuple[dt.date | None, list[tuple[int, dt.date]]]:
    """The article's own dateline from the top, and the offsets of later datelines.

    The top is the first TOP_LINES non-empty lines, ending before the second prose
    paragraph (a dateline below real text opens an appended article). At the top a
    publication date beats an update; each later dateline line starts a segment.
    """
    top: dict[str, dt.date] = {}
    starts: list[tuple[int, dt.date]] = []
    offset = 0
    non_empty = prose = 0
    for line in text.split("\n"):
        if line.strip():
            non_empty += 1
            if _is_prose(line) and _words(line) > 6:
                prose += 1
            hit = _dateline(line)
            if non_empty <= TOP_LINES and prose < 2:
                if hit:
                    top.setdefault(hit[1], hit[0])
            elif hit:
                starts.append((offset, hit[0]))
        offset += len(line) + 1
    return top.get("dateline") or top.get("published") or top.get("updated"), starts


def _body_date(text: str) -> dt.date | None:
    """'This analysis appeared in X on <date>' / 'originally published on <date>'."""
    for match in _APPEARED.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        before = re.split(r"[.!?]\s|\n", before)[-1]
        if _SELF_REFERENCE.search(before + " " + match.group(0)):
            found = _parse(match.group("date"))
            if found:
                return found
    return None


def _comment_date(section: list[str]) -> dt.date | None:
    """Earliest timestamp among short lines of a comment section; the article predates it."""
    dates = [
        found
        for line in section
        if 0 < _words(line) <= 12
        for match in _DATE.finditer(line)
        if (found := _parse(match.group(0)))
    ]
    return min(dates) if dates else None


def _segments(text: str, date: dt.date | None, starts: list[tuple[int, dt.date]]) -> list[Segment]:
    bounds: list[tuple[int, dt.date | None]] = [(0, date), *starts]
    return [
        Segment(start=start, end=bounds[k + 1][0] if k + 1 < len(bounds) else len(text), date=d)
        for k, (start, d) in enumerate(bounds)
    ]


def _guess_title(text: str) -> str | None:
    """The first line when it reads as a headline rather than a paragraph."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if 1 < _words(first) <= 20 and not first.endswith((".", ",", ";", ":")):
        return first
    return None


def _build(
    raw: str,
    *,
    id: str,
    name: str,
    source: str,
    digest: str,
    date: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """Clean, date and segment one article; metadata dates win over inferred ones."""
    cleaned = _clean(raw)
    text = cleaned.text
    if not text.strip():
        raise InputError(
            "no article text left after removing comments and boilerplate; check the file",
            path=source,
        )
    top, starts = _datelines(text)
    if date is None:
        date = top or _body_date(text[: starts[0][0]] if starts else text)
    if date is None and cleaned.comment_sections:
        date = _comment_date(cleaned.comment_sections[0])
    return Document(
        id=id,
        name=name,
        source=source,
        text=text,
        content_hash=digest,
        date=date,
        title=title,
        url=url,
        segments=_segments(text, date, starts),
    )


# --------------------------------------------------------------------------- HTML and markdown

_HTML_SKIP = {
    "script", "style", "nav", "footer", "aside", "form", "noscript", "template", "svg",
    "iframe", "button", "select", "head",
}  # fmt: skip
_HTML_BLOCK = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "ul", "ol", "table", "figure", "figcaption", "hr", "dl", "address",
}  # fmt: skip
_HTML_LINE = {"br", "li", "tr", "dt", "dd"}
_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date",
    "parsely-pub-date", "sailthru.date",
)  # fmt: skip


class _HtmlText(HTMLParser):
    """Visible article text with paragraph breaks, plus title, date and URL metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.pre = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}
        self.time: str | None = None
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
        elif tag == "time" and a.get("datetime") and self.time is None and not self.skip:
            self.time = a["datetime"]
        elif tag == "title":
            self.in_title = True
        elif tag == "body" and "head" in self.skip:
            self.skip.clear()  # a page that never closed <head>
        if tag in _HTML_SKIP:
            self.skip.append(tag)
        elif tag == "pre":
            self.pre += 1
        if tag in _HTML_BLOCK:
            self.parts.append("\n\n")
        elif tag in _HTML_LINE:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _HTML_SKIP and tag in self.skip:
            while self.skip and self.skip.pop() != tag:
                pass
        elif tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _HTML_BLOCK:
            self.parts.append("\n\n")
        elif tag in {"li", "tr", "dt", "dd"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.skip:
            return
        self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible text of a page (one paragraph per block) and its title/date/url metadata."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [line.strip(" \t") for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    meta: dict[str, str] = {}
    title = " ".join(parser.title.split()) or parser.meta.get("og:title", "")
    if title:
        meta["title"] = title
    date = next((parser.meta[k] for k in _META_DATE_KEYS if parser.meta.get(k)), parser.time)
    if date:
        meta["date"] = date
    url = parser.canonical or parser.meta.get("og:url")
    if url:
        meta["url"] = url
    return "\n".join(out).strip("\n"), meta


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADER = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
_MD_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_MD_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def _strip_markdown(text: str) -> tuple[str, str | None]:
    """Markdown markup dropped, words kept; the first '#' header is the title."""
    first = _MD_HEADER.search(text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADER.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EM.sub(r"\2", text)
    if first is None:
        return text, None
    title = _MD_EM.sub(r"\2", _MD_STRONG.sub(r"\2", _MD_LINK.sub(r"\1", first.group(1))))
    return text, title.strip() or None


def _meta_date(value: str) -> dt.date | None:
    """ISO timestamps keep their local calendar date; anything else goes to parse_date_string."""
    iso = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if iso:
        try:
            return dt.date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    return _parse(value.strip())


# --------------------------------------------------------------------------- reading files


def _load(path: Path, max_bytes: int) -> bytes:
    """Raw bytes, after the size check (stat first: a huge file is never read)."""
    source = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("does not exist; check the path", path=source) from None
    except PermissionError:
        raise InputError("permission denied; make the file readable", path=source) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path=source) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder; pass it to iter_documents", path=source)
    if info.st_size > max_bytes:
        raise InputError(
            f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit; "
            "split it or raise the limit",
            path=source,
        )
    if info.st_size == 0:
        raise InputError("empty file; nothing to read", path=source)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError("permission denied; make the file readable", path=source) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path=source) from None
    if len(data) > max_bytes:
        raise InputError(f"file is over the {max_bytes:,}-byte limit; split it", path=source)
    return data


def _mostly_non_text(data: bytes) -> bool:
    sample = data[:8192].decode("utf-8", errors="replace")
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f\v"))
    return bad > 0.1 * max(len(sample), 1)


def _check_binary(data: bytes, source: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("UTF-16 text; save it as UTF-8", path=source)
    if b"\x00" in data or _mostly_non_text(data):
        raise InputError("binary file, not text; only text articles can be read", path=source)


def _decode(data: bytes, source: str, where: str = "") -> str:
    """Strict UTF-8: a wrong byte is reported, never replaced."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}invalid UTF-8 at byte offset {exc.start}; re-save the file as UTF-8",
            path=source,
        ) from None


def document_id(relative: Path) -> str:
    """A file's document id: its path under the folder given (``/``-separated), without
    ``.txt``, so ``seeds/001_x.txt`` stays ``001_x`` while ``2024/report.txt`` and
    ``2025/report.txt``, or ``a.txt`` and ``a.md``, get ids of their own.

    Other suffixes stay (``a.md``), and so does ``.txt`` after a stem that itself ends in a
    supported suffix (``a.md.txt``), so no two files of one folder share an id.
    """
    posix = relative.as_posix()
    if relative.suffix == ".txt" and Path(relative.stem).suffix.lower() not in SUPPORTED_SUFFIXES:
        return posix[: -len(".txt")]
    return posix


def read_path(path: Path, *, max_bytes: int) -> list[Document]:
    """Every article in one file; the first problem raises InputError."""
    documents: list[Document] = []
    for item in _read(Path(path), max_bytes):
        if isinstance(item, InputError):
            raise item
        documents.append(item)
    return documents


def _read(path: Path, max_bytes: int, base: Path | None = None) -> list[Document | InputError]:
    """Articles of one file; only JSONL reports bad lines alongside good ones.

    ``base`` is the folder the file was found in (its id is its path under it); a file given
    directly is identified by its name alone.
    """
    source = str(path)
    relative = path.relative_to(base) if base is not None else Path(path.name)
    suffix = path.suffix.lower()
    if not os.path.lexists(path):
        raise InputError("does not exist; check the path", path=source)
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"unsupported file type '{path.suffix or '(none)'}'; "
            f"use one of {', '.join(SUPPORTED_SUFFIXES)}",
            path=source,
        )
    data = _load(path, max_bytes)
    _check_binary(data, source)
    if suffix == ".jsonl":
        return _read_jsonl(path, data, relative)
    raw = _decode(data, source)
    if not raw.strip():
        raise InputError("empty file (only whitespace); nothing to read", path=source)
    common: dict[str, Any] = {
        "id": document_id(relative),
        "name": path.name,
        "source": source,
        "digest": content_hash(data),
    }
    if suffix in (".html", ".htm"):
        text, meta = html_to_text(raw)
        date = _meta_date(meta["date"]) if "date" in meta else None
        return [_build(text, date=date, title=meta.get("title"), url=meta.get("url"), **common)]
    if suffix == ".md":
        text, title = _strip_markdown(raw)
        return [_build(text, title=title, **common)]
    return [_build(raw, title=_guess_title(clean_text(raw)), **common)]


def _read_jsonl(path: Path, data: bytes, relative: Path) -> list[Document | InputError]:
    source = str(path)
    out: list[Document | InputError] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(data.split(b"\n"), start=1):
        line = line.rstrip(b"\r")
        if not line.strip():
            continue
        try:
            document = _jsonl_document(path, number, line, relative)
        except InputError as exc:
            out.append(exc)
            continue
        if document.id in seen:
            out.append(
                InputError(
                    f"line {number}: duplicate id '{document.id}' (first on line "
                    f"{seen[document.id]}); give each line its own id",
                    path=source,
                )
            )
            continue
        seen[document.id] = number
        out.append(document)
    if not out:
        raise InputError("empty file (no JSON lines); nothing to read", path=source)
    return out


def _jsonl_document(path: Path, number: int, line: bytes, relative: Path) -> Document:
    source = str(path)
    where = f"line {number}: "

    def bad(message: str) -> InputError:
        return InputError(where + message, path=source)

    try:
        record = json.loads(_decode(line, source, where))
    except json.JSONDecodeError as exc:
        raise bad(f"not valid JSON ({exc.msg}; column {exc.colno})") from None
    if not isinstance(record, dict):
        raise bad(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad("'text' is missing or empty; each line needs the article text")
    for key in ("title", "date", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise bad(f"'{key}' must be a string, got {type(record[key]).__name__}")
    given = record.get("id")
    if given is not None and (isinstance(given, bool) or not isinstance(given, str | int)):
        raise bad(f"'id' must be a string or integer, got {type(given).__name__}")
    if isinstance(given, str) and not given.strip():
        raise bad("'id' is empty")
    date = None
    if record.get("date"):
        date = _meta_date(record["date"])
        if date is None:
            raise bad(f"'date' {record['date']!r} is not a date; use YYYY-MM-DD")
    base_id = relative.with_name(relative.stem).as_posix()
    doc_id = str(given) if given is not None else f"{base_id}-{number}"
    try:
        return _build(
            text,
            id=doc_id,
            name=str(given) if given is not None else f"{path.name}#{number}",
            source=source,
            digest=content_hash(line),
            date=date,
            title=record.get("title"),
            url=record.get("url"),
        )
    except InputError as exc:
        raise bad(exc.message) from None


# --------------------------------------------------------------------------- walking


def _walk(folder: Path, seen: set[Path]) -> list[Path | InputError]:
    """Supported, non-hidden files below a folder, sorted; unreadable subfolders as errors."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except PermissionError:
        return [InputError("permission denied; make the folder readable", path=str(folder))]
    except OSError as exc:
        return [InputError(f"cannot list folder ({exc.strerror})", path=str(folder))]
    found: list[Path | InputError] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            real = entry.resolve()
            if real not in seen:
                seen.add(real)
                found.extend(_walk(entry, seen))
        elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(entry)
    return found


def iter_documents(
    paths: Sequence[str | Path], *, max_bytes: int = 20_000_000
) -> Iterator[Document | InputError]:
    """Walk files and folders (recursively, sorted, skipping hidden files/dirs and unsupported
    suffixes inside folders), yield a Document per article or an InputError per problem; never
    raise for a bad input."""
    read: set[Path] = set()
    for given in paths:
        path = Path(given)
        targets: list[Path | InputError]
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False  # reading it reports the problem
        base: Path | None = None
        if is_dir:
            base = path
            targets = _walk(path, {path.resolve()})
            if not targets:
                yield InputError(
                    f"folder has no supported files ({', '.join(SUPPORTED_SUFFIXES)})",
                    path=str(path),
                )
                continue
        else:
            targets = [path]
        for target in targets:
            if isinstance(target, InputError):
                yield target
                continue
            key = target.resolve()
            if key in read:
                continue
            read.add(key)
            try:
                yield from _read(target, max_bytes, base)
            except InputError as exc:
                yield exc
