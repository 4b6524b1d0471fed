from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from index.corpus.files import (
    EXTENSIONS,
    SourceFile,
    _markdown_links,
    build_article,
    find_files,
    list_files,
    read_article,
)
from index.corpus.safeyaml import _GuardedLoader, safe_yaml
from index.corpus.seealso import split_placed, split_references
from index.corpus.titles import derive_title
from tests.conftest import SEED


def read(root: Path, name: str):
    files, _ = find_files([root])
    source = next(f for f in files if f.path.name == name)
    return read_article(source)


def test_seed_title_is_derived_and_reads_well() -> None:
    article, problems = read(SEED.parent, SEED.name)
    assert problems == []
    assert article.title_derived
    assert article.title.startswith("Belarusian strongman Aleksandr Lukashenko welcomed")
    assert len(article.title) <= 91
    assert not article.title.rstrip("…").endswith((" ", ","))


def test_seed_see_also_lifted_out_exactly() -> None:
    article, _ = read(SEED.parent, SEED.name)
    assert article.see_also == (
        "Pakistan's Deportation Drive Sees Mass Exodus Of Afghans",
        "RFE/RL Finds New Evidence Of Russia's Suspected Secret Nuclear Base In Belarus",
    )
    starts = [p[:40] for p in article.paragraphs]
    assert '"Pakistan has many people who want and a' in starts
    assert "Belarusian authorities were accused of w" in starts
    assert not any("SEE ALSO" in p for p in article.paragraphs)
    assert len(article.paragraphs) == 15


@pytest.mark.parametrize(
    ("paragraph", "titles", "parts"),
    [
        (
            "SEE ALSO: Strike Ends In Port ElsinPort Elsin dockers returned on Monday.",
            ["Strike Ends In Port Elsin"],
            ["Port Elsin dockers returned on Monday."],
        ),
        (
            "SEE ALSO: Velkovan Wins Vote\u201cWe are ready,\u201d she said.",
            ["Velkovan Wins Vote"],
            ["\u201cWe are ready,\u201d she said."],
        ),
        (
            "SEE ALSO: Norvania Votes On Port Deal The minister said it was fine.",
            ["Norvania Votes On Port Deal"],
            ["The minister said it was fine."],
        ),
        (
            "Talks resumed. SEE ALSO: One Story SEE ALSO: Two StoryThe talks ended.",
            ["One Story", "Two Story"],
            ["Talks resumed.", "The talks ended."],
        ),
        (
            "SEE ALSO: Talks Stall In Port ElsinNorvanian Transport Minister Marta Velkovan said on Friday.",
            ["Talks Stall In Port Elsin"],
            ["Norvanian Transport Minister Marta Velkovan said on Friday."],
        ),
        (
            "SEE ALSO: Kessary Warns Of Strike In DataniaThe Coastal Trade Union said so.",
            ["Kessary Warns Of Strike In Datania"],
            ["The Coastal Trade Union said so."],
        ),
        (
            "SEE ALSO: VALDRIA CONDEMNS HARBOUR BLOCKADEValdrian officials met on Monday.",
            ["VALDRIA CONDEMNS HARBOUR BLOCKADE"],
            ["Valdrian officials met on Monday."],
        ),
        (
            "SEE ALSO: Norvania Votes On Port DealA new law passed.",
            ["Norvania Votes On Port Deal"],
            ["A new law passed."],
        ),
        (
            "SEE ALSO: Valdria Names Da Costa Envoy",
            ["Valdria Names Da Costa Envoy"],
            [],
        ),
        ("see also: Harbour Fees Rise", ["Harbour Fees Rise"], []),
        ("SEE ALSO: McDonald Yards Close In Kessary", ["McDonald Yards Close In Kessary"], []),
        ("SEE ALSO:", [], []),
    ],
)
def test_see_also_glue_patterns(paragraph: str, titles: list[str], parts: list[str]) -> None:
    found_parts, found_titles = split_references(paragraph)
    assert found_titles == titles
    assert found_parts == parts


def test_very_long_see_also_title_is_cut() -> None:
    _, titles = split_references("SEE ALSO: " + "Word " * 1000)
    assert len(titles) == 1 and len(titles[0]) <= 301


def test_headline_first_line_and_glued_reference(corpus: Path) -> None:
    fees, _ = read(corpus, "port-fees.txt")
    assert fees.title == "Norvania Raises Port Fees Amid Shipping Slump"
    assert not fees.title_derived
    strike, _ = read(corpus, "harbour-strike.txt")
    assert strike.id == "wire/2024/harbour-strike"
    assert strike.see_also == ("Norvania Raises Port Fees Amid Shipping Slump",)
    assert "Port Elsin officials said the fees would pay for dredging." in strike.paragraphs


def test_front_matter(corpus: Path) -> None:
    article, problems = read(corpus, "kessary-terminal.md")
    assert problems == []
    assert article.title == "Kessary Opens New Container Terminal"
    assert str(article.date) == "2024-03-05"
    assert article.source == "Eastbay Courier"
    assert article.tags == ("ports", "kessary")
    assert article.see_also == ("Norvania Raises Port Fees Amid Shipping Slump",)
    assert article.paragraphs[0].startswith("The Kessary Port Authority")


def test_find_files_skips_hidden_and_other_types(corpus: Path) -> None:
    files, problems = find_files([corpus])
    assert problems == []
    assert sorted(f.id for f in files) == [
        "kessary-terminal",
        "orchards",
        "wire/2024/harbour-strike",
        "wire/port-fees",
    ]


def test_derive_title_never_cuts_mid_word() -> None:
    sentence = "The Valdrian parliament " + "deliberated extensively " * 10 + "today."
    title = derive_title(sentence)
    assert title.endswith("…")
    assert len(title) <= 91
    words = title.rstrip("…").split()
    assert all(w in sentence.split() for w in words)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n  ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary"),
        ("bad.md", b"---\ntitle: [unclosed\n---\nBody text here.\n", "broken front matter"),
        ("list.md", b"---\n- a\n- b\n---\nBody text here.\n", "not a mapping"),
        ("types.md", b"---\ndate: yesterday\ntags: 5\n---\nBody text.\n", "not a date"),
    ],
)
def test_bad_input_is_reported_with_path(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    article, problems = read(tmp_path, name)
    assert problems, "a problem must be reported"
    assert any(reason in p.reason for p in problems)
    assert all(p.path.endswith(name) for p in problems)


def test_front_matter_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"---\ntitle: ok\nsource: [unclosed\n---\nBody.\n")
    _, problems = read(tmp_path, "bad.md")
    assert problems[0].line in (3, 4)


def test_python_object_tags_are_never_constructed(tmp_path: Path) -> None:
    data = b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nBody.\n"
    (tmp_path / "evil.md").write_bytes(data)
    article, problems = read(tmp_path, "evil.md")
    assert article is not None and article.title != "0"
    assert any("front matter" in p.reason for p in problems)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    data = ("---\n" + "\n".join(lines) + "\n---\nBody.\n").encode()
    (tmp_path / "bomb.md").write_bytes(data)
    article, problems = read(tmp_path, "bomb.md")
    assert any("alias" in p.reason for p in problems)
    assert article is not None and article.paragraphs == ("Body.",)


FRONT_MATTERS = [
    'title: "Talks In Port Klon"\ndate: 2018-03-10\ntags: [a, b]\n',
    "title: Plain: colon\n",  # an error
    "title: 'one'\ntitle: two\n",  # a repeated key
    "date: 2018-02-30\n",  # not a date
    "n: 012\nx: 0x1F\ny: yes\nz: ~\nf: 1e3\n",
    "title: [unclosed\n",
    "title: *nowhere\n",  # an alias with no anchor
    "- a list\n- not a mapping\n",
    "title: \"tab\there\"\nq: 'it''s'\n",
    "bad: \x07bell\n",
    "long: |\n  two\n  lines\n",
    "title: café \u00e9\ud7ff\n",
]


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_fast_yaml_reads_as_the_guarded_loader_does(text: str) -> None:
    def outcome(read):  # type: ignore[no-untyped-def]
        try:
            return read(text)
        except yaml.YAMLError as error:
            return str(error)

    def guarded(text: str):  # type: ignore[no-untyped-def]
        loader = _GuardedLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()

    assert outcome(safe_yaml) == outcome(guarded)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_libyaml_reads_a_front_matter_with_no_anchor(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.corpus import safeyaml

    monkeypatch.setattr(safeyaml, "_GuardedLoader", None)  # the Python loader is not asked
    assert safe_yaml(FRONT_MATTERS[0])["tags"] == ["a", "b"]
    with pytest.raises(TypeError):
        safe_yaml("a: &x [1]\nb: *x\n")  # an anchor: the guarded loader's to read


def test_a_value_yaml_cannot_build_is_reported_at_its_line(tmp_path: Path) -> None:
    # "2018-02-30" is a YAML date with no such day: Python's ValueError escaped the reader.
    data = b"---\ntitle: Talks In Port Klon\ndate: 2018-02-30\n---\nBody.\n"
    (tmp_path / "bad-date.md").write_bytes(data)
    article, problems = read(tmp_path, "bad-date.md")
    assert article is not None and article.paragraphs == ("Body.",)
    assert [(p.line, "2018-02-30" in p.reason) for p in problems] == [(3, True)]


def test_front_matter_nested_past_python_recursion_is_reported(tmp_path: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    (tmp_path / "deep.md").write_text(f"---\ntitle: Deep\nx: {deep}\n---\nBody.\n")
    article, problems = read(tmp_path, "deep.md")
    assert article is not None and article.paragraphs == ("Body.",)
    assert ["nested too deeply" in p.reason for p in problems] == [True]


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners in Valdria protested.".encode("latin-1"))
    article, problems = read(tmp_path, "latin.txt")
    assert article is not None and "\ufffd" in article.body
    assert any("invalid UTF-8" in p.reason for p in problems)


def test_utf16_with_bom(tmp_path: Path) -> None:
    (tmp_path / "wide.txt").write_bytes("Valdria votes today.\nMore text.".encode("utf-16"))
    article, problems = read(tmp_path, "wide.txt")
    assert problems == []
    assert article.title == "Valdria votes today"


def test_control_sequences_are_removed(tmp_path: Path) -> None:
    evil = "Title\x1b]0;pwned\x07 here\nBody \x1b[31mred\x1b[0m text\r\nmore \u202eevil\x9b2J end\n"
    (tmp_path / "ansi.txt").write_text(evil)
    article, _ = read(tmp_path, "ansi.txt")
    text = article.title + article.body
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text and "\r" not in text
    assert "red text" in article.body


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    files, _ = find_files([tmp_path])
    (tmp_path / "gone.txt").write_text("Here now.")
    files, _ = find_files([tmp_path])
    (tmp_path / "gone.txt").unlink()
    article, problems = read_article(files[0])
    assert article is None
    assert "cannot read" in problems[0].reason and problems[0].path.endswith("gone.txt")


def test_references_keep_their_place_in_the_text(corpus: Path) -> None:
    article, _ = read(SEED.parent, SEED.name)
    assert article.see_also_at == (3, 8)
    assert article.paragraphs[3].startswith('"Pakistan has many people')
    assert article.paragraphs[8].startswith("Belarusian authorities were accused")
    front, _ = read(corpus, "kessary-terminal.md")
    assert front.see_also_at == (-1,)  # from front matter: no place in the text


@pytest.mark.parametrize(
    "headline",
    [
        "'Post-Christmas lull' in Norvanian shopping",
        '"Strike will go on," says Elsin union',
        "$5bn Kessary harbour deal signed",
        "£1.8m fine for Valdria orchard cooperative",
        "eBay-style auctions come to Port Elsin",
        "ebay to buy Norvanian auction site",
    ],
)
def test_headlines_that_start_oddly_are_headlines(tmp_path: Path, headline: str) -> None:
    (tmp_path / "a.txt").write_text(f"{headline}\n\nDockers in Port Elsin met on Monday.\n")
    article, _ = read(tmp_path, "a.txt")
    assert article.title == headline and not article.title_derived
    assert article.paragraphs == ("Dockers in Port Elsin met on Monday.",)


def test_a_quote_run_into_the_text_is_a_lede_not_a_headline(tmp_path: Path) -> None:
    lede = '"We will not go back without a deal" said the union chair in Port Elsin'
    (tmp_path / "a.txt").write_text(f"{lede}\nDockers met on Monday.\n")
    article, _ = read(tmp_path, "a.txt")
    assert article.title_derived and article.paragraphs[0] == lede


def test_html_character_references_are_read_as_characters(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Valdria Fines Orchard Group\n\nThe fine was &#163;1.8m &amp; costs; R&D &c stay.\n"
    )
    article, _ = read(tmp_path, "a.txt")
    assert article.paragraphs == ("The fine was £1.8m & costs; R&D &c stay.",)


def _find_with_paths(roots: list[Path]) -> list[tuple[str, str, str]]:
    """The walk as ``find_files`` did it with a ``Path`` per file (the reference)."""
    found = []
    seen: set[str] = set()
    for root in roots:
        prefix = f"{root.name or 'root'}/" if len(roots) > 1 and root.is_dir() else ""
        if root.is_file():
            found.append((str(root.parent), str(root), root.stem))
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                path = Path(folder, name)
                if name.startswith(".") or path.suffix.lower() not in EXTENSIONS:
                    continue
                article_id = prefix + path.relative_to(root).with_suffix("").as_posix()
                if article_id not in seen:
                    seen.add(article_id)
                    found.append((str(root), str(path), article_id))
    return found


def test_find_files_ids_and_paths_as_path_objects_give_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["a.txt", "b.c.md", "UP.TXT", ".hid.txt", "noext", "dot.", "x.html", "y.csv", "z.md"]
    for folder in ("", "sub/", "sub/deeper/", ".hidden/", "other/"):
        (tmp_path / "c" / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (tmp_path / "c" / folder / name).write_text("Text of a Valdrian article.\n")
    (tmp_path / "c" / "z.txt").write_text("The same id as z.md.\n")
    monkeypatch.chdir(tmp_path)
    for roots in (
        [Path("c")],
        [Path("./c/")],
        [tmp_path / "c" / "sub"],
        [Path("c/sub"), Path("c/other")],
        [Path("c/a.txt"), Path("c/sub/")],
    ):
        _check_walk(roots)
    monkeypatch.chdir(tmp_path / "c")
    _check_walk([Path(".")])


def _check_walk(roots: list[Path]) -> None:
    files, _ = find_files(roots)
    listed, _ = list_files(roots)  # the scan compares these paths with the manifest's
    expected = _find_with_paths(roots)
    assert [(str(f.root), str(f.path), f.id) for f in files] == expected, roots
    assert [(str(f.root), f.path, f.id) for f in listed] == expected, roots


# Pieces of text where a reference marker or a Markdown link may hide: spaces of every kind
# inside a marker, a marker across lines, links to article files and to the web.
_PIECES = [
    "SEE ALSO:",
    "see\talso :",
    "See\u00a0Also\u2003:",
    "SEE\nALSO:",
    "SEE  ALSO",
    ":",
    "[Port Klon](klon.md)",
    "[web](http://x.example/a.md)",
    "](",
    "Talks In Port Klon",
    "the council met",
    " ",
    "\t",
    "\n",
    "\n\n",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_lines_without_a_marker_or_link_are_read_as_when_each_is_looked_in(pieces: list) -> None:
    # build_article skips looking in each line when the text has no marker or link at all.
    text = "".join(pieces)
    source = SourceFile(Path("."), Path("a.md"), "a")
    article, _ = build_article(source, "a", text, {"title": "T"}, "h", 1, 0.0, markdown=True)
    paragraphs: list[str] = []
    found: list[tuple[str, int]] = []
    for line in (" ".join(line.split()) for line in text.split("\n")):
        if line:
            parts, placed = split_placed(line)
            found += [(title, len(paragraphs) + before) for title, before in placed]
            paragraphs += parts
            found += [(link, -1) for link in _markdown_links(line)]
    see_also: dict[str, int] = {}
    for reference, at in found:
        if see_also.get(reference, -1) < 0:
            see_also[reference] = at
    if article is None:
        assert not text.strip()
        return
    assert list(article.paragraphs) == paragraphs
    assert dict(zip(article.see_also, article.see_also_at, strict=True)) == see_also
