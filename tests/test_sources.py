"""Files of other kinds in the corpus folder: JSON lines, saved web pages, saved feeds."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from index.corpus.files import SourceFile, find_files
from index.corpus.sources import read_articles
from index.links import views as links
from index.store.store import Store
from index.update import update_index

HTML = Path(__file__).parent / "fixtures" / "html"

LINES = [
    {
        "id": "a1",
        "title": "Valdoria opens a new grain terminal",
        "text": "Port Mirren opened a grain terminal on Monday.\n\nThe terminal cost 40 million crowns.",
        "date": "2024-03-05",
        "url": "https://wire.example/a1",
        "source": "Valdorian Wire",
        "tags": ["ports", "grain"],
        "section": "business",
        "wordcount": 14,
    },
    "{not json at all",
    {
        "title": "No id here",
        "body": "<p>Ferries to <b>Kell</b> resume.</p><script>alert(1)</script>",
    },
    [1, 2, 3],
    {"id": "a1", "title": "A second a1", "text": "Same id as the first."},
]


def write_jsonl(path: Path, lines: list[object]) -> None:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )


def read(path: Path, fields: tuple = ()) -> tuple[list, list]:
    root = path.parent
    source = SourceFile(root, path, path.relative_to(root).with_suffix("").as_posix(), fields)
    return read_articles(source)


def test_json_lines_one_article_per_object_bad_lines_named(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, LINES)
    articles, problems = read(path)
    assert [a.id for a in articles] == ["dump#a1", "dump#3"]
    first, second = articles
    assert first.title == "Valdoria opens a new grain terminal"
    assert first.paragraphs == (
        "Port Mirren opened a grain terminal on Monday.",
        "The terminal cost 40 million crowns.",
    )
    assert (first.date, first.date_precision) == (date(2024, 3, 5), "day")
    assert (first.source, first.url, first.tags) == (
        "Valdorian Wire",
        "https://wire.example/a1",
        ("ports", "grain"),
    )
    assert dict(first.meta) == {"section": "business", "wordcount": "14"}
    # HTML in a text field is read as text; the script's text is dropped
    assert second.paragraphs == ("Ferries to Kell resume.",)
    reasons = {(p.line, p.reason.split(":")[0]) for p in problems}
    assert (2, "line 2 is not valid JSON") in reasons
    assert (4, "line 4 is not a JSON object") in reasons
    assert any(p.line == 5 and "id used before" in p.reason for p in problems)
    assert all(p.path == str(path) for p in problems)


def test_json_field_names_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "scrape.json"
    path.write_text(json.dumps([{"headline": "Kell ferry strike ends", "story": "Crews return."}]))
    articles, _ = read(path, (("title", ("headline",)), ("text", ("story",))))
    assert [(a.id, a.title, a.paragraphs) for a in articles] == [
        ("scrape#1", "Kell ferry strike ends", ("Crews return.",))
    ]


def test_broken_json_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n{"title": "x"},\n{"title": }\n]')
    articles, problems = read(path)
    assert articles == []
    assert problems[0].line == 3 and "not valid JSON" in problems[0].reason


def test_markup_and_escapes_in_json_stay_data(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    title = "Council votes [@click=app.quit]quit[/] on [$5bn] plan"
    write_jsonl(
        path, [{"id": 1, "title": title, "text": "Bell\u0007 and \u001b[31mred\u001b[0m text."}]
    )
    (article,), _ = read(path)
    assert article.title == title
    assert article.paragraphs == ("Bell and red text.",)


@pytest.mark.parametrize("name", ["harbour", "ministry", "plain", "forum"])
def test_saved_page_article_extracted_boilerplate_dropped(tmp_path: Path, name: str) -> None:
    expected = json.loads((HTML / f"{name}.json").read_text())
    page = tmp_path / f"{name}.html"
    page.write_bytes((HTML / f"{name}.html").read_bytes())
    (article,), _ = read(page)
    flat = " ".join(article.body.split())
    assert all(sentence in flat for sentence in expected["keep"])
    # The plain page's footer sits in a <p> like the article's: only there is a leak allowed
    leaked = [phrase for phrase in expected["drop"] if phrase in flat]
    assert leaked == ([] if name != "plain" else leaked)
    assert "Subscribe" not in flat and "Accept all cookies" not in flat
    assert article.title == expected["title"]
    assert article.date == date.fromisoformat(expected["date"])
    assert dict(article.meta).get("author", "") == expected["author"]


def test_oversized_page_is_a_named_problem(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("wb") as out:
        out.write(b"<html><body><p>")
        out.write(b"x" * 50_000_000)
    articles, problems = read(page)
    assert articles == []
    assert problems[0].path == str(page) and "too large" in problems[0].reason


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valdorian Wire</title><link>https://wire.example/</link>
<item><title>Kell ferries &lt;b&gt;resume&lt;/b&gt; service</title><link>/kell-ferries</link>
<guid isPermaLink="false">wire-101</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<category>transport</category>
<description>&lt;p&gt;Ferries between Kell and Orsa resumed on Tuesday.&lt;/p&gt;</description></item>
<item><title>Orsa council backs harbour plan</title><link>https://wire.example/orsa</link>
<content:encoded><![CDATA[<p>The Orsa council backed the harbour plan.</p><p>Work starts in May.</p>]]></content:encoded>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Eastern Ledger</title>
<link href="https://ledger.example/"/>
<entry><id>tag:ledger.example,2023:1</id><title type="html">Budget &lt;em&gt;talks&lt;/em&gt; stall &amp;amp; tax</title>
<link rel="alternate" href="https://ledger.example/budget"/><published>2023-11-14T17:05:00Z</published>
<author><name>Dariusz Fenn</name></author><category term="politics"/>
<summary>Talks on Ostrel's budget stalled on Tuesday.</summary></entry></feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://gazette.example/"><title>Vesna Gazette</title><link>https://gazette.example/</link></channel>
<item rdf:about="https://gazette.example/lake"><title>Lake Vesna falls</title>
<link>https://gazette.example/lake</link><dc:date>2022-08-19</dc:date>
<description>The level of Lake Vesna fell to a twenty-year low.</description></item>
</rdf:RDF>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""


def test_saved_feeds_each_item_an_article(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS)
    (tmp_path / "ledger.atom").write_text(ATOM)
    (tmp_path / "gazette.xml").write_text(RDF)
    rss, _ = read(tmp_path / "wire.rss")
    assert [a.id for a in rss] == ["wire#wire-101", "wire#https://wire.example/orsa"]
    assert rss[0].title == "Kell ferries resume service"
    assert rss[0].url == "https://wire.example/kell-ferries"  # relative link made absolute
    assert (rss[0].date, rss[0].tags, rss[0].source) == (
        date(2024, 3, 5),
        ("transport",),
        "Valdorian Wire",
    )
    assert rss[0].paragraphs == ("Ferries between Kell and Orsa resumed on Tuesday.",)
    assert rss[1].paragraphs == ("The Orsa council backed the harbour plan.", "Work starts in May.")
    (atom,), _ = read(tmp_path / "ledger.atom")
    assert (atom.id, atom.title, atom.date) == (
        "ledger#tag:ledger.example,2023:1",
        "Budget talks stall & tax",
        date(2023, 11, 14),
    )
    assert dict(atom.meta)["author"] == "Dariusz Fenn" and atom.tags == ("politics",)
    (rdf,), _ = read(tmp_path / "gazette.xml")
    assert (rdf.id, rdf.date) == ("gazette#https://gazette.example/lake", date(2022, 8, 19))


def test_billion_laughs_and_broken_xml_are_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "bomb.xml").write_text(BOMB)
    (tmp_path / "broken.rss").write_text("<rss><channel><title>x</title>\n<item>\n</channel></rss>")
    (tmp_path / "page.xml").write_text("<html><body>not a feed</body></html>")
    _, (bomb,) = read(tmp_path / "bomb.xml")
    assert "refused" in bomb.reason and "entities" in bomb.reason
    _, (broken,) = read(tmp_path / "broken.rss")
    assert "malformed XML" in broken.reason and broken.line == 3
    _, (other,) = read(tmp_path / "page.xml")
    assert "not an RSS or Atom feed" in other.reason


def test_dateline_dates_an_undated_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Kell ferry strike ends\n\nKELL, March 3, 2024 — Ferry crews returned to work.\n"
    )
    (tmp_path / "b.md").write_text("---\ndate: 2024-03\n---\nOrsa council meets in March.\n")
    (tmp_path / "c.txt").write_text(
        "RUGBY - KORVIA BEAT ORSA .\n\nMara Quill\n\nKELL 2021-06-09\n\nKorvia won 20-3 on Sunday.\n"
    )
    (tmp_path / "d.txt").write_text(
        "Orsa council meets\n\nThe council met on 3 March 2024 - again.\n"
    )
    (a,), _ = read(tmp_path / "a.txt")
    (b,), _ = read(tmp_path / "b.md")
    (c,), _ = read(tmp_path / "c.txt")
    (d,), _ = read(tmp_path / "d.txt")
    assert c.date == date(2021, 6, 9)  # after a headline and a byline, on a line of its own
    assert d.date is None  # a date in a sentence is not a dateline
    assert (a.date, a.date_precision) == (date(2024, 3, 3), "day")
    assert (b.date, b.date_precision) == (date(2024, 3, 1), "month")


def test_mixed_corpus_indexes_links_and_updates_by_item(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.rss").write_text(RSS)
    write_jsonl(corpus / "dump.jsonl", [LINES[0], LINES[2]])
    (corpus / "note.md").write_text(
        "# Harbour notes\n\nThe Orsa harbour plan drew crowds.\n\n"
        "SEE ALSO: Orsa council backs harbour plan\n"
    )
    (corpus / "bomb.xml").write_text(BOMB)
    store = Store(tmp_path / "index", [corpus])
    store.open()
    report = update_index(store)
    assert report.added == 5
    assert [p.path for p in report.skipped] == [str(corpus / "bomb.xml")]
    refs = links.references(store, "note")
    assert [r.target for r in refs] == ["wire#https://wire.example/orsa"]

    again = update_index(store)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)

    # One line dropped, one changed: only those two change in the index
    changed = dict(LINES[0], title="Valdoria opens a bigger grain terminal")
    write_jsonl(corpus / "dump.jsonl", [changed])
    report = update_index(store)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 1, 3)
    assert store.catalog is not None
    assert store.catalog.article("dump#3") is None
    assert store.catalog.article("dump#a1").title == "Valdoria opens a bigger grain terminal"

    # Touched but not changed: nothing rewritten, and the next update does no work
    os.utime(corpus / "wire.rss", (1, 1))
    report = update_index(store)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 4)
    assert store.catalog.article("wire#wire-101").mtime == 1
    assert update_index(store).unchanged == 4

    # A line added: the other line's article is kept as it was, and counted as unchanged
    write_jsonl(corpus / "dump.jsonl", [changed, {"id": "a2", "title": "Kell", "text": "Ferries."}])
    report = update_index(store)
    assert (report.added, report.updated, report.unchanged) == (1, 0, 4)
    assert [s.id for s in store.scan().changed] == ["bomb"]  # new size recorded for both

    # A feed file broken by a bad save keeps the items it had
    (corpus / "wire.rss").write_text(RSS[:200])
    report = update_index(store)
    assert report.removed == 0 and store.catalog.article("wire#wire-101") is not None


def test_find_files_sees_the_new_kinds(tmp_path: Path) -> None:
    for name in ("a.html", "b.htm", "c.json", "d.jsonl", "e.xml", "f.rss", "g.atom", "h.pdf"):
        (tmp_path / name).write_text("x")
    files, _ = find_files([tmp_path])
    assert [f.id for f in files] == ["a", "b", "c", "d", "e", "f", "g"]


def test_date_queries_and_list_order_use_datelines_and_metadata(tmp_path: Path) -> None:
    from index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "early.txt").write_text(
        "Kell ferry strike ends\n\nKELL, 3 March 2021 — Ferry crews returned to work.\n"
    )
    (corpus / "late.txt").write_text(
        "Orsa council meets\n\nORSA, June 9, 2023 (Wire) - The council met on ferries.\n"
    )
    (corpus / "wire.rss").write_text(RSS)  # items dated 2024-03-05 and undated
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    searcher = Searcher(store)
    assert [h.id for h in searcher.search("ferries date:2021").hits] == ["early"]
    assert [h.id for h in searcher.search("date:2023").hits] == ["late"]
    assert store.catalog is not None
    assert [s.id for s in store.catalog.summaries()] == [
        "wire#wire-101",
        "late",
        "early",
        "wire#https://wire.example/orsa",
    ]


def test_see_also_by_path_reaches_a_saved_page(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.html").write_bytes((HTML / "harbour.html").read_bytes())
    (corpus / "note.md").write_text("---\nsee_also: [harbour.html]\n---\nStrike notes.\n")
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    assert [(r.target, r.how) for r in links.references(store, "note")] == [("harbour", "path")]


def test_json_export_wrapping_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    items = [{"id": "x1", "title": "Orsa votes", "text": "The council voted."}]
    path.write_text(json.dumps({"generated": "2024-03-05", "articles": items}))
    articles, problems = read(path)
    assert [a.id for a in articles] == ["export#x1"] and problems == []
