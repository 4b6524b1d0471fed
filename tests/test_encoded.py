"""Encoded data in an article (a uuencoded or base64 attachment) reads as blanks to the
entity extractor: no names in it, and the prose around it read as if it were not there; nor
does it give surface words (fuzzy search, "did you mean") or key terms (related stories)."""

from __future__ import annotations

import base64
import binascii
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.corpus.encoded import blank_encoded
from index.corpus.files import SourceFile
from index.corpus.sources import read_articles
from index.entities import extractor as extractor_module
from index.entities.extractor import Extractor
from index.search import Searcher
from index.store.schema import article_words, words_of
from index.store.terms import term_counts
from tests.conftest import built

BEFORE = "Harbour master Odile Varnay of Port Elsin said the new timetable is attached.\n\n"
AFTER = "\n\nQuestions go to Tobias Renk at the Kessary Port Authority in Valmora.\n"


def uu_lines(lines: int = 24, seed: int = 7) -> str:
    """A uuencoded file's lines of data (full ones: 45 bytes each)."""
    data = random.Random(seed).randbytes(45 * lines)
    return "".join(binascii.b2a_uu(data[i : i + 45]).decode() for i in range(0, len(data), 45))


def uuencoded() -> str:
    return f"begin 644 timetable.exe\n{uu_lines()}`\nend\n"


def base64_block(seed: int = 3) -> str:
    return base64.encodebytes(random.Random(seed).randbytes(900)).decode()


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def squeezed(text: str) -> str:
    """As the corpus reader gives a plain-text body: runs of spaces squeezed, each line
    its own paragraph."""
    return "\n\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def blanked(text: str, block: str) -> str:
    """``text`` with ``block`` made spaces by hand (what the extractor should read)."""
    start = text.index(block)
    shape = re.sub(r"[^\n]", " ", block)
    return text[:start] + shape + text[start + len(block) :]


@pytest.mark.parametrize("kind", ["uuencode", "uuencode squeezed", "base64"])
def test_an_attachment_reads_as_blanks(ex: Extractor, kind: str) -> None:
    block = base64_block() if kind == "base64" else uu_lines()
    if kind == "uuencode squeezed":
        block = squeezed(block) + "\n"
    text = BEFORE + "begin 644 timetable.exe\n" + block + "end\n" + AFTER
    found = ex.extract(text)
    assert found == ex.extract(blanked(text, block))
    start = text.index(block)
    assert not [m for m in found if m.start < start + len(block) and m.end > start]
    names = {(m.text, m.label) for m in found}
    assert {("Odile Varnay", "PERSON"), ("Tobias Renk", "PERSON")} <= names


def test_read_as_prose_an_attachment_is_junk(ex: Extractor, monkeypatch) -> None:
    """What the blanking spares: read as prose, the block gives names and numbers."""
    monkeypatch.setattr(extractor_module, "blank_encoded", lambda text: text)
    block = squeezed(uu_lines())
    found = ex.extract(BEFORE + block + AFTER)
    inside = [m for m in found if len(BEFORE) <= m.start < len(BEFORE) + len(block)]
    assert len(inside) >= 10


def test_through_the_reader(tmp_path: Path, ex: Extractor) -> None:
    """An article file with a uuencoded attachment, read as the corpus reads it."""
    path = tmp_path / "ferry.txt"
    path.write_text("Ferry timetable for the winter\n\n" + BEFORE + uuencoded() + AFTER)
    articles, _ = read_articles(SourceFile(tmp_path, path, "ferry"))
    body = articles[0].body
    assert blank_encoded(body) != body
    found = ex.extract(body)
    assert all(body[m.start : m.end].strip() for m in found)
    assert ("Tobias Renk", "PERSON") in {(m.text, m.label) for m in found}


PROSE = [
    # Capitals opening with "M", a table of them, long words: prose, left as it is.
    "MINISTER OF HARBOURS RESIGNS OVER FERRY CONTRACT, SAYS PARTY\n"
    "MORVAN CITY ASKS FOR INQUIRY INTO TENDER OF 2 MILLION CROWNS\n"
    "MARSK PORT WORKERS STRIKE FOR THIRD DAY, 400 SHIPS WAIT\n",
    "MORVAN CITY      38 20 10  8 66 40 70\n"
    "MARSK ROVERS     38 19 11  8 61 42 68\n"
    "MELLOR TOWN      38 18  9 11 55 47 63\n",
    "Mr Varnay's reply (see https://example.org/ferry/timetable/winter-2026) was short.\n",
    "The checksum was 3f9a2c41 and the file ferry_timetable_winter_2026_final.pdf.\n",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_data(text: str) -> None:
    assert blank_encoded(text) == text
    assert blank_encoded(squeezed(text)) == squeezed(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_blanking_keeps_offsets(text: str) -> None:
    """Same length, same line breaks, and only printable ASCII made spaces."""
    out = blank_encoded(text)
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        assert a == b or (b == " " and "!" <= a <= "~")
    assert [i for i, c in enumerate(out) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]


# A line of base64 holding the word "harbxur" (between "+" and "/"), one edit from "harbour".
NEAR_WORD = "UEsDBBQAAAAIAG9+harbxur/cGxhbnQ9MjAyNjAxMDE4Zm9yZXN0"


def test_an_attachment_gives_no_surface_words_or_key_terms(tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text("Ferry timetable\n\n" + BEFORE + base64_block() + NEAR_WORD + "\n" + AFTER)
    article = read_articles(SourceFile(tmp_path, path, "ferry"))[0][0]
    prose = "Ferry timetable\n" + BEFORE + AFTER
    assert article_words(article) == words_of(prose)
    assert term_counts(article.body) == term_counts(BEFORE + AFTER)


def test_fuzzy_search_does_not_expand_into_an_attachment(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "harbour.txt").write_text("The harbour of Port Elsin closed for the winter.\n")
    (root / "ferry.txt").write_text(
        "Ferry timetable attached.\n\n" + base64_block() + NEAR_WORD + "\n" + AFTER
    )
    searcher = Searcher(built(tmp_path / "index", root))
    assert [hit.id for hit in searcher.search("harbour~").hits] == ["harbour"]
    assert [hit.id for hit in searcher.search("harbxur").hits] == ["ferry"]  # still in the text
