"""One file in, its articles out, whatever kind of source it is.

``.txt``/``.md`` hold one article (``files``); ``.html``/``.htm`` one page whose article is
extracted (``pages``); ``.json``/``.jsonl`` one article per object (``jsonl``);
``.xml``/``.rss``/``.atom`` a saved feed, one article per item (here). An article from a
file of many has the id ``<file id>#<its own id>`` (a feed item's guid, a JSON object's
id), so references, related stories and the index treat it like any other article.
"""

from __future__ import annotations

import hashlib

from index.corpus.dates import parse_date
from index.corpus.feeds import FeedError, FeedItem, parse_feed
from index.corpus.files import MAX_FILE_BYTES, SourceFile, build_article, parse_bytes
from index.corpus.jsonl import read_json
from index.corpus.pages import read_page
from index.corpus.text import looks_binary
from index.model import Article, Problem

FEED_SUFFIXES = (".xml", ".rss", ".atom")


def read_articles(source: SourceFile) -> tuple[list[Article], list[Problem]]:
    """Every article in one file, and what was wrong (the file and line named)."""
    path = str(source.path)
    try:
        stat = source.path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            return [], [Problem(path, f"too large ({stat.st_size:,} bytes)")]
        data = source.path.read_bytes()
    except OSError as error:
        return [], [Problem(path, f"cannot read: {error.strerror or error}")]
    return parse_source(source, data, stat.st_mtime)


def parse_source(
    source: SourceFile, data: bytes, mtime: float
) -> tuple[list[Article], list[Problem]]:
    """The articles in a file's bytes, by the file's kind."""
    suffix = source.path.suffix.lower()
    if suffix in (".html", ".htm"):
        page, problems = read_page(source, data, mtime)
        return ([page] if page else []), problems
    if suffix in (".json", ".jsonl") or suffix in FEED_SUFFIXES:
        if looks_binary(data):
            return [], [Problem(str(source.path), "binary file, not text")]
        if suffix in FEED_SUFFIXES:
            return read_feed_file(source, data, mtime)
        return read_json(source, data, mtime)
    article, problems = parse_bytes(source, data, mtime)
    return ([article] if article else []), problems


def read_feed_file(
    source: SourceFile, data: bytes, mtime: float
) -> tuple[list[Article], list[Problem]]:
    """A saved RSS/Atom/RDF feed: each item an article with the id ``<file id>#<guid>``."""
    path = str(source.path)
    try:
        feed = parse_feed(data)
    except FeedError as error:
        return [], [Problem(path, error.reason, error.line)]
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, item in enumerate(feed.items, 1):
        article_id = f"{source.id}#{item.guid}"
        if article_id in seen:
            problems.append(Problem(path, f"item {number}: guid used before, kept the first"))
            continue
        seen.add(article_id)
        article, found = item_article(source, article_id, item, feed.title, mtime, len(data))
        problems += [Problem(p.path, f"item {number}: {p.reason}") for p in found]
        if article:
            articles.append(article)
    if not feed.items:
        problems.append(Problem(path, "a feed with no items"))
    return articles, problems


def item_article(
    source: SourceFile, article_id: str, item: FeedItem, feed_title: str, mtime: float, size: int
) -> tuple[Article | None, list[Problem]]:
    """One feed item as an article."""
    meta: dict[str, object] = {"title": item.title, "url": item.link, "source": feed_title}
    if item.date and parse_date(item.date):
        meta["date"] = item.date
    if item.tags:
        meta["tags"] = list(item.tags)
    extra = [("guid", item.guid)]
    if item.author:
        extra.append(("author", item.author))
    canonical = "\n".join([item.guid, item.title, item.link, item.date, item.text, *item.tags])
    digest = hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()
    return build_article(
        source,
        article_id,
        item.text,
        {k: v for k, v in meta.items() if v},
        digest,
        size,
        mtime,
        extra=tuple(extra),
    )
