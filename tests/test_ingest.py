"""Ingest: files in, cleaned and dated Documents (or one clear InputError per problem) out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import (
    SUPPORTED_SUFFIXES,
    clean_text,
    content_hash,
    html_to_text,
    iter_documents,
    read_path,
)
from kg.models import Document

DATA = Path(__file__).parent / "data" / "ingest"
ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "data" / "gold"

PROSE = (
    "The Example Brigade said on Monday that its fighters had raided an army checkpoint "
    "north of Hama, a claim that could not be independently verified."
)


def collect(*paths: str | Path, max_bytes: int = 20_000_000) -> list[Document | InputError]:
    return list(iter_documents(list(paths), max_bytes=max_bytes))


def only_error(items: list[Document | InputError]) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


def seed(stem: str) -> Document:
    [path] = SEEDS.glob(f"{stem}_*.txt")
    [document] = read_path(path, max_bytes=10_000_000)
    return document


def covers(document: Document) -> None:
    """Segments tile the text, in order, with no gap."""
    assert document.segments[0].start == 0
    assert document.segments[-1].end == len(document.text)
    for before, after in zip(document.segments, document.segments[1:], strict=False):
        assert before.end == after.start and before.start < before.end


# --------------------------------------------------------------------------- bad inputs


def test_missing_path_is_one_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    error = only_error(collect(missing))
    assert str(error) == f"KG-E100 {missing}: does not exist; check the path"


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n")
    errors = collect(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert [type(e) for e in errors] == [InputError, InputError]
    assert "empty file" in str(errors[0]) and "empty.txt" in str(errors[0])
    assert "only whitespace" in str(errors[1]) and "blank.txt" in str(errors[1])


def test_only_boilerplate_is_empty_after_cleaning(tmp_path: Path) -> None:
    (tmp_path / "chrome.txt").write_text(
        "Share this:\nFacebook\n\nRelated News\nSome headline\n* * *\n"
    )
    error = only_error(collect(tmp_path / "chrome.txt"))
    assert "no article text left" in str(error)


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = only_error(collect(tmp_path / "photo.txt"))
    assert "binary file" in str(error) and "photo.txt" in str(error)


def test_mostly_non_text_without_nul_is_binary(tmp_path: Path) -> None:
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 40)
    assert "binary file" in str(only_error(collect(tmp_path / "noise.txt")))


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(b"Hezbollah fighters in Qusayr, caf\xe9 ok")
    error = only_error(collect(tmp_path / "latin1.txt"))
    assert "invalid UTF-8 at byte offset 33" in str(error)
    assert "latin1.txt" in str(error)


def test_utf16_is_named(tmp_path: Path) -> None:
    (tmp_path / "wide.txt").write_bytes("Article text".encode("utf-16"))
    assert "UTF-16" in str(only_error(collect(tmp_path / "wide.txt")))


def test_too_large_says_size_and_limit_and_never_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(PROSE * 20)
    size = big.stat().st_size

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", no_read)
    error = only_error(collect(big, max_bytes=1000))
    assert f"file is {size:,} bytes, over the 1,000-byte limit" in str(error)


def test_unsupported_suffix_given_explicitly(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_text(PROSE)
    error = only_error(collect(tmp_path / "report.pdf"))
    assert "unsupported file type '.pdf'" in str(error)
    assert all(suffix in str(error) for suffix in SUPPORTED_SUFFIXES)


def test_folder_without_supported_files(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_text(PROSE)
    (tmp_path / ".hidden.txt").write_text(PROSE)
    error = only_error(collect(tmp_path))
    assert "folder has no supported files" in str(error) and str(tmp_path) in str(error)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(PROSE)
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    error = only_error(collect(locked))
    assert str(error) == f"KG-E100 {locked}: permission denied; make the file readable"


def test_read_path_raises_what_iter_documents_yields(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        read_path(tmp_path / "empty.md", max_bytes=100)
    with pytest.raises(InputError, match="line 2: not valid JSON"):
        read_path(DATA / "batch.jsonl", max_bytes=10_000)


def test_batch_goes_on_after_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    (tmp_path / "good.txt").write_text(PROSE)
    items = collect(tmp_path / "missing.txt", tmp_path / "bad.txt", tmp_path / "good.txt")
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Document"]


# --------------------------------------------------------------------------- walking


def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(PROSE)
    (tmp_path / "a.md").write_text(PROSE)
    (tmp_path / "c.htm").write_text(f"<p>{PROSE}</p>")
    (tmp_path / "skip.pdf").write_text(PROSE)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(PROSE)
    (tmp_path / ".draft.txt").write_text(PROSE)
    items = collect(tmp_path, tmp_path / "a.md")  # a file met twice is read once
    assert [i.name for i in items if isinstance(i, Document)] == ["a.md", "z.txt", "c.htm"]
    assert len(items) == 3


def test_ids_are_the_path_under_the_folder_so_files_never_share_one(tmp_path: Path) -> None:
    folder = tmp_path / "D"
    for name in ("2024/report.txt", "2025/report.txt", "a.txt", "a.md", "a.md.txt", "b.TXT"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(PROSE)
    (folder / "2024" / "feed.jsonl").write_text(json.dumps({"text": PROSE}) + "\n")
    documents = [i for i in collect(folder) if isinstance(i, Document)]
    ids = {d.source: d.id for d in documents}
    assert ids == {
        str(folder / "2024" / "feed.jsonl"): "2024/feed-1",
        str(folder / "2024" / "report.txt"): "2024/report",
        str(folder / "2025" / "report.txt"): "2025/report",
        str(folder / "a.md"): "a.md",
        str(folder / "a.md.txt"): "a.md.txt",
        str(folder / "a.txt"): "a",
        str(folder / "b.TXT"): "b.TXT",
    }
    assert [d.id for d in documents] == [d.id for d in collect(folder) if isinstance(d, Document)]
    # The same folder given in another form, and a file given directly, keep their ids.
    assert {d.id for d in collect(f"{folder}/../D") if isinstance(d, Document)} == set(ids.values())
    [direct] = collect(folder / "2024" / "report.txt")
    assert isinstance(direct, Document) and direct.id == "report"


def test_a_flat_folder_keeps_the_stems_as_ids() -> None:
    ids = [d.id for d in collect(SEEDS) if isinstance(d, Document)]
    assert ids == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_document_fields_for_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "001_raid.txt"
    data = f"Rebels raid a checkpoint\n\n{PROSE}\n".encode()
    path.write_bytes(data)
    [document] = collect(path)
    assert isinstance(document, Document)
    assert document.id == "001_raid"
    assert document.name == "001_raid.txt"
    assert document.source == str(path)
    assert document.content_hash == "sha256:" + hashlib.sha256(data).hexdigest()
    assert document.text == f"Rebels raid a checkpoint\n\n{PROSE}"
    assert document.title == "Rebels raid a checkpoint"
    assert document.date is None


def test_content_hash() -> None:
    assert content_hash(b"abc") == (
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


# --------------------------------------------------------------------------- JSONL


def test_jsonl_good_lines_survive_a_malformed_one() -> None:
    items = collect(DATA / "batch.jsonl")
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    first, error, third = items
    assert isinstance(first, Document) and isinstance(third, Document)
    assert str(error).startswith(f"KG-E100 {DATA / 'batch.jsonl'}: line 2: not valid JSON")
    assert (first.id, first.name, first.title, first.url) == (
        "a1",
        "a1",
        "First",
        "https://example.org/a1",
    )
    assert first.date == dt.date(2019, 8, 23)
    line = (DATA / "batch.jsonl").read_bytes().split(b"\n")[0]
    assert first.content_hash == content_hash(line)
    assert (third.id, third.name, third.date) == ("batch-3", "batch.jsonl#3", None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('["a list"]', "line 2: expected a JSON object, got list"),
        ('{"id": "x"}', "line 2: 'text' is missing or empty"),
        ('{"text": "   "}', "line 2: 'text' is missing or empty"),
        ('{"text": 42}', "line 2: 'text' is missing or empty"),
        ('{"text": "Fine text here.", "date": 20190823}', "line 2: 'date' must be a string"),
        ('{"text": "Fine text here.", "date": "soon"}', "line 2: 'date' 'soon' is not a date"),
        ('{"text": "Fine text here.", "id": ["x"]}', "line 2: 'id' must be a string or integer"),
        ('{"text": "Fine text here.", "id": "ok"}', "line 2: duplicate id 'ok' (first on line 1)"),
    ],
)
def test_jsonl_malformed_lines(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "ok", "text": PROSE})
    path.write_text(f"{good}\n{line}\n\n{json.dumps({'id': 7, 'text': PROSE})}\n")
    items = collect(path)
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    assert message in str(items[1]) and str(path) in str(items[1])
    assert isinstance(items[2], Document) and items[2].id == "7"


def test_jsonl_invalid_utf8_is_reported_per_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n' + json.dumps({"text": PROSE}).encode() + b"\n")
    items = collect(path)
    assert "line 1: invalid UTF-8 at byte offset 13" in str(items[0])
    assert isinstance(items[1], Document) and items[1].id == "feed-2"


def test_jsonl_text_is_cleaned_and_dated_from_datelines(tmp_path: Path) -> None:
    text = f"Dispatch\n\nFebruary 28, 2020\n\n{PROSE}\n\nShare this:\n2 Comments\nNice one."
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n")
    [document] = collect(path)
    assert isinstance(document, Document)
    assert document.text == f"Dispatch\n\nFebruary 28, 2020\n\n{PROSE}"
    assert document.date == dt.date(2020, 2, 28)


# --------------------------------------------------------------------------- HTML and markdown


def test_html_page_text_and_metadata() -> None:
    [document] = collect(DATA / "page.html")
    assert isinstance(document, Document)
    assert document.date == dt.date(2018, 6, 26)
    assert document.title == "Brigade Pledges Allegiance | Example News"
    assert document.url == "https://example.org/brigade-pledges"
    paragraphs = document.text.split("\n\n")
    assert paragraphs == [
        "Brigade Pledges Allegiance",
        "The Example Brigade announced on Tuesday that it had pledged allegiance to the Other "
        "Front, according to a statement posted on its channel.",
        "“We are one rank now,” the statement said, a\u00a0claim rivals dismissed.",
    ]
    for gone in ("tracking", "color", "Home", "Search the site", "Sidebar", "Copyright"):
        assert gone not in document.text


def test_html_to_text_meta_fallbacks() -> None:
    text, meta = html_to_text(
        '<meta name="date" content="23.08.2019"><meta property="og:url" content="https://e.org/x">'
        "<body><p>One.</p><p>Two<br>lines</p><time datetime='2001-01-01'>old</time></body>"
    )
    assert text == "One.\n\nTwo\nlines\n\nold"
    assert meta == {"date": "23.08.2019", "url": "https://e.org/x"}
    _, meta = html_to_text("<p>Hi</p><time datetime='2019-09-12T10:00Z'>x</time>")
    assert meta == {"date": "2019-09-12T10:00Z"}


def test_markdown_markup_is_stripped_text_kept() -> None:
    [document] = collect(DATA / "article.md")
    assert isinstance(document, Document)
    assert document.title == "Brigade splits from the Front"
    assert document.text == (
        "Brigade splits from the Front\n\n\n"
        "The Example Brigade announced its split from the Other Front on Sunday, citing disputes "
        "over the control of border crossings.\n\nBackground\n\n"
        "The snake_case_name and 2*3*4 stay as they are."
    )


# --------------------------------------------------------------------------- cleaning


def test_comment_section_capture() -> None:
    [document] = collect(DATA / "comments.txt")
    assert isinstance(document, Document)
    assert document.text.endswith("more attacks would follow in the coming weeks.")
    for gone in ("Comments", "propaganda", "allied with", "Leave a Reply", "Share this", "Twitter"):
        assert gone not in document.text
    assert document.date == dt.date(2021, 3, 4)  # the earliest comment, not the first listed


def test_related_block_then_appended_article() -> None:
    [document] = collect(DATA / "related.txt")
    assert isinstance(document, Document)
    text = document.text
    for gone in ("Related", "Army repels attack", "Militants shell", "bloggers"):
        assert gone not in text
    assert "captured the village of Tal Example" in text
    assert text.endswith(
        "pledging to coordinate their attacks against government positions in the region."
    )
    assert document.date is None  # the top has no dateline; the appended article's is its own
    covers(document)
    [main, appended] = document.segments
    assert main.date is None and appended.date == dt.date(2019, 12, 14)
    assert text[appended.start :].startswith("Global Research, December 14, 2019")
    assert document.anchor_date(appended.start + 40) == dt.date(2019, 12, 14)


def test_comments_end_where_an_appended_article_begins() -> None:
    raw = (
        f"First report\n\n{PROSE}\n\n2 Comments\n\nAli said:\n\nLies.\n\nMay 1, 2020 at 9:00 am\n\n"
        f"Second Report Title\n\nMay 3, 2020\n\n{PROSE.replace('Monday', 'Friday')}\n"
    )
    assert clean_text(raw) == (
        f"First report\n\n{PROSE}\n\nSecond Report Title\n\nMay 3, 2020\n\n"
        f"{PROSE.replace('Monday', 'Friday')}"
    )


def test_clean_text_boilerplate_and_verbatim_text() -> None:
    quoted = "“We will fight,” he said\u00a0– a ‘promise’ … kept."
    raw = (
        f"\ufeffTitle line\r\n\r\n{quoted}\r\n\r\n\r\n\r\n\r\n{PROSE}\n* * *\n---\n"
        "Share on Facebook\nClick to share on Twitter (Opens in new window)\nPrint\nEmail\n"
        "Subscribe\nNote to readers: please click the share buttons above or below.\n"
        "Tags: Syria, HTS\nIdlib\nAl shabaab\n\nThe end of the story came quickly for them.\n"
        "Read more: Another headline here\n"
    )
    assert clean_text(raw) == (
        f"Title line\n\n{quoted}\n\n\n{PROSE}\n\nThe end of the story came quickly for them."
    )


@pytest.mark.parametrize(
    "header",
    ["2 Comments", "Comments (14)", "14 comments", "Leave a Reply", "Comments are closed.",
     "3 responses to “Rebels raid a checkpoint”", "One thought on “Title”"],
)  # fmt: skip
def test_comment_headers_cut_to_the_end(header: str) -> None:
    raw = f"{PROSE}\n\n{header}\n\nSomeone said:\nThis article is a pack of lies from start to end."
    assert clean_text(raw) == PROSE


def test_comment_label_above_the_article_is_not_a_comment_section() -> None:
    assert clean_text(f"Comment\n\n{PROSE}") == f"Comment\n\n{PROSE}"


# --------------------------------------------------------------------------- dates


def test_date_priority_metadata_over_dateline(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    text = f"Title\nJune 1, 2019\n\n{PROSE}"
    path.write_text(json.dumps({"text": text, "date": "2019-06-02"}) + "\n")
    [document] = collect(path)
    assert isinstance(document, Document) and document.date == dt.date(2019, 6, 2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"Title\nBy A. Writer\nPosted on June 26, 2018 by admin\n\n{PROSE}", dt.date(2018, 6, 26)),
        (f"Title\nUpdated: July 1, 2018\nPublished: 26/06/2018\n\n{PROSE}", dt.date(2018, 6, 26)),
        (f"SYRIAN WAR REPORT – SEPTEMBER 12, 2019: STRIKES\n\n{PROSE}", dt.date(2019, 9, 12)),
        (f"{PROSE}\n\nThis analysis appeared in Example Times on 05/02/2023.", dt.date(2023, 2, 5)),
        (f"{PROSE}\nThis piece was first published on August 23rd, 2019.", dt.date(2019, 8, 23)),
        (f"On June 24, 2018, HTS issued a statement.\n\n{PROSE} It began on 3 May 2017.", None),
        (f"{PROSE}\n\nThe group published on 8 January 2015 a pledge of allegiance.", None),
        (f"{PROSE}\n\n{PROSE}\n\nPosted on June 26, 2018", None),
    ],
)  # fmt: skip
def test_publication_date_rules(tmp_path: Path, raw: str, expected: dt.date | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text(raw)
    [document] = collect(path)
    assert isinstance(document, Document) and document.date == expected


def test_top_dateline_beats_comments(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        f"Title\nMay 2, 2020\n\n{PROSE}\n\n1 Comment\nX said:\nNo.\nMay 1, 2020 at 1:00 pm\n"
    )
    [document] = collect(path)
    assert isinstance(document, Document) and document.date == dt.date(2020, 5, 2)


# --------------------------------------------------------------------------- the seed articles


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("000", dt.date(2023, 2, 5)),
        ("001", None),
        ("002", dt.date(2015, 1, 8)),
        ("003", None),
        ("004", None),
    ],
)
def test_seed_publication_dates(stem: str, expected: dt.date | None) -> None:
    document = seed(stem)
    assert document.date == expected
    covers(document)
    assert document.segments[0].date == expected


def test_seed_002_comments_gone() -> None:
    text = seed("002").text
    assert text.endswith("first raising the questions that led to the genesis of this article.")
    for gone in ("Comments (14)", "El Chino said", "January 8th, 2015", "Post a comment"):
        assert gone not in text


def test_seed_004_comments_gone() -> None:
    text = seed("004").text
    assert text.endswith("as well as rendering “a hospital in Hirak out of service.”")
    assert "2 Comments" not in text and "The CIA hs finally" not in text


def test_seed_001_tags_gone() -> None:
    text = seed("001").text
    assert text.endswith("the Senior Editor for FDD's Long War Journal.")
    for gone in ("Tags:", "Islamic state\n", "Al shabaab", "Boko Haram"):
        assert gone not in text


def test_seed_003_related_blocks_gone_appended_articles_kept() -> None:
    document = seed("003")
    text = document.text
    lines = set(text.split("\n"))
    for header in ("Related News", "Related Videos", "Related", "Also Read", "MORE ON THE TOPIC:"):
        assert header not in lines
    for headline in (
        "Syria & Iraq Launch Operations Against ISIS In Border\u00a0Area",
        "This is what is going on now in liberated areas in Idleb",
        "Syria Repels Militant Drone Attack on Army Air Base in Hama",
    ):
        assert headline not in lines
    assert "%d bloggers like this:" not in text and "Note to readers" not in text
    for kept in (
        "Members of Hayat Tahrir al-Sham and the Turkistan Islamic Party have four times shelled",
        "IDLEB, (ST)_The official in charge of Idleb governorate",
        "Syrian air defense forces have reportedly managed to foil an attack",
        "BEIRUT, LEBANON (10:00 A.M.) – The militant group, Jaysh Al-Izza",
        "Turkey even sent F-16 warplanes to Syrian airspace to defend the convoy",
    ):
        assert kept in text
    dates = [s.date for s in document.segments[1:]]
    assert dates[:3] == [dt.date(2020, 2, 28), dt.date(2019, 12, 28), dt.date(2019, 12, 14)]
    assert dt.date(2019, 9, 12) in dates and dt.date(2019, 8, 20) == dates[-1]
    start = next(s.start for s in document.segments if s.date == dt.date(2019, 12, 14))
    assert text[start:].startswith("Global Research, December 14, 2019")


@pytest.mark.parametrize("gold", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem[:3])
def test_seed_gold_evidence_survives_cleaning(gold: Path) -> None:
    """Every annotated evidence sentence is still in the cleaned text, verbatim."""
    record = json.loads(gold.read_text())
    [document] = read_path(SEEDS / record["doc"], max_bytes=10_000_000)
    missing = [r["evidence"] for r in record["relations"] if r["evidence"] not in document.text]
    assert missing == []
