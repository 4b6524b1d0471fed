"""The Whoosh schema: which fields are indexed and how their text is analysed.

Whoosh types stay inside ``index/``; the rest of the code sees plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from whoosh import fields
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer

from index.model import Article

# whoosh-reloaded 2.7.5 changed the default token pattern to keep "*" inside tokens
# (reloaded PR #11); this is 2.7.4's pattern, so "summit*" indexes as "summit".
TOKENS = r"\w+(\.?\w+)*"


def analyzer() -> StemmingAnalyzer:
    return StemmingAnalyzer(expression=TOKENS, cachesize=50_000)


def schema() -> fields.Schema:
    stem = analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=fields.TEXT(analyzer=stem, field_boost=2.0),
        body=fields.TEXT(analyzer=stem, phrase=True),
        date=fields.DATETIME(),
        source=fields.TEXT(analyzer=StandardAnalyzer(expression=TOKENS, stoplist=None)),
        tags=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        see_also=fields.TEXT(analyzer=stem),
        entity=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
    )


def document(article: Article | None, entity_names: Sequence[str]) -> dict[str, object]:
    """The fields Whoosh indexes for one article (nothing is stored but the id)."""
    assert article is not None
    doc: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "tags": ",".join(article.tags),
        "see_also": "\n".join(article.see_also),
        "entity": ",".join(entity_names),
    }
    if article.date:
        doc["date"] = datetime(article.date.year, article.date.month, article.date.day)
    return doc
