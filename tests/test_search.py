from __future__ import annotations

from pathlib import Path

import pytest

from index.search import Searcher
from index.store.highlight import make_snippet, match_spans
from index.store.store import Store
from index.update import update_index


@pytest.fixture
def searcher(corpus: Path, tmp_path: Path) -> Searcher:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    return Searcher(store)


def found(searcher: Searcher, query: str) -> list[str]:
    result = searcher.search(query, limit=20)
    return sorted(h.id for h in result.hits)


def test_words_are_anded_and_stemmed(searcher: Searcher) -> None:
    assert found(searcher, "dockers walkout") == ["wire/2024/harbour-strike"]
    assert found(searcher, "docker") == ["kessary-terminal", "wire/2024/harbour-strike"]


def test_phrase(searcher: Searcher) -> None:
    assert found(searcher, '"harbour fees"') == ["wire/port-fees"]
    assert found(searcher, '"fees harbour"') == []


def test_boolean(searcher: Searcher) -> None:
    assert found(searcher, "apple OR ferry OR container") == ["kessary-terminal", "orchards"]
    assert found(searcher, "dockers NOT strike") == []
    assert found(searcher, "Kessary NOT terminal") == ["wire/port-fees"]


def test_fields(searcher: Searcher) -> None:
    assert found(searcher, "title:kessary") == ["kessary-terminal"]
    assert found(searcher, "source:eastbay") == ["kessary-terminal"]
    assert found(searcher, "tag:ports") == ["kessary-terminal"]
    assert found(searcher, "date:2024") == ["kessary-terminal"]
    assert found(searcher, "date:2023") == []


def test_wildcard_and_fuzzy(searcher: Searcher) -> None:
    assert found(searcher, "dredg*") == ["wire/2024/harbour-strike", "wire/port-fees"]
    assert found(searcher, "Velkovn~") == ["wire/2024/harbour-strike", "wire/port-fees"]


def test_suggestion_from_the_index_vocabulary(searcher: Searcher) -> None:
    result = searcher.search("harvst")
    assert result.total == 0
    assert result.suggestion == "harvest"


def test_hits_carry_snippets_with_spans(searcher: Searcher) -> None:
    hit = searcher.search("dredging").hits[0]
    assert hit.spans
    for start, end in hit.spans:
        assert hit.snippet[start:end].lower().startswith("dredg")


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "(open paren", "NOT", "*", "AND OR", "nosuch:field", ")))", "x" * 10_000],
)
def test_hostile_queries_never_raise(searcher: Searcher, query: str) -> None:
    result = searcher.search(query)
    assert result.total >= 0


def test_unknown_field_is_explained(searcher: Searcher) -> None:
    result = searcher.search("nosuch:field")
    assert not result.error  # it ran, as words
    assert any("no field named nosuch" in note for note in result.notes)


def test_tiny_wildcard_is_refused(searcher: Searcher) -> None:
    assert "wildcard" in searcher.search("a*").error


def test_long_query_is_cut_and_said(searcher: Searcher) -> None:
    result = searcher.search("harbour " * 500)
    assert not result.error
    assert any("cut" in note for note in result.notes)
    assert result.total == 1


def test_match_spans_uses_stems() -> None:
    text = "Migrants migrated; a migration of migrants. Migr stays."
    spans = match_spans(text, {"migrant"})
    assert [text[s:e] for s, e in spans] == ["Migrants", "migrants"]


def test_snippet_centres_on_the_densest_matches() -> None:
    body = "Filler words here. " * 40 + "The ferry and the ferry again. " + "More filler. " * 40
    snippet, spans = make_snippet(body, {"ferri"})
    assert len(spans) == 2
    assert snippet.startswith("…")
    assert all(snippet[s:e] == "ferry" for s, e in spans)
