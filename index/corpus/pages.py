"""Saved web pages (``.html``, ``.htm``): the article extracted, the page around it dropped.

``trafilatura`` finds the article's text (navigation, ads, comments, scripts and footers
left out) and reads the title, date, author and site name from the page's metadata
(``<meta>``, Open Graph, JSON-LD). It was chosen over ``readability-lxml`` and
``resiliparse`` (``python -m benchmarks.extract_compare [--real DIR]``): on 181 real pages
of Scrapinghub's extraction benchmark F1 0.96 against 0.95 and 0.91 (all the page's text:
0.67); on the fixtures the least boilerplate and the only one to read dates and authors.
resiliparse is ~20x faster but lets more boilerplate through and reads no metadata.
Nothing on the page is run or fetched: scripts are dropped as text, links are not followed.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from index.corpus.files import MAX_TEXT, SourceFile, build_article
from index.corpus.fragments import html_to_text
from index.corpus.text import clean, decode
from index.model import Article, Problem

MAX_PAGE_BYTES = 8 * 1024 * 1024  # a news page is rarely over 1 MB; parsing costs memory

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Page:
    """What a page holds: the article's text (one paragraph a line) and its metadata."""

    text: str
    title: str = ""
    date: str = ""
    author: str = ""
    site: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    found: bool = True  # False when no article was found and ``text`` is all the page's text


def extract(html: str | bytes) -> Page:
    """The article in an HTML page (bytes: the page's own charset is honoured)."""
    import trafilatura  # costly to import; only pages need it

    doc: Any = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        if isinstance(html, bytes):
            html = decode(html)[0]
        return Page(html_to_text(html), found=False)
    title = " ".join(clean(doc.title or "").split())
    lines = [" ".join(line.split()) for line in clean(doc.text or "").split("\n")]
    if lines and title and lines[0] == title:  # the headline, repeated as the text's start
        lines = lines[1:]
    return Page(
        text="\n".join(line for line in lines if line),
        title=title,
        date=doc.date or "",
        author=" ".join(clean(doc.author or "").split()),
        site=" ".join(clean(doc.sitename or "").split()),
        url=(doc.url or "").strip(),
        tags=tuple(t for t in (doc.categories or []) + (doc.tags or []) if isinstance(t, str)),
    )


def read_page(
    source: SourceFile, data: bytes, mtime: float
) -> tuple[Article | None, list[Problem]]:
    """One saved page as an article, or a problem naming the file."""
    path = str(source.path)
    if len(data) > MAX_PAGE_BYTES:
        return None, [Problem(path, f"page too large to extract ({len(data):,} bytes)")]
    try:
        page = extract(data)
    except Exception as error:  # noqa: BLE001 - a page the extractor chokes on is one problem
        return None, [Problem(path, f"cannot extract the article: {type(error).__name__}")]
    problems = []
    if not page.found:
        problems.append(Problem(path, "no article found in the page; kept all of its text"))
    text = page.text
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
        problems.append(Problem(path, f"text cut to its first {MAX_TEXT:,} characters"))
    meta: dict[str, object] = {"title": page.title, "url": page.url, "source": page.site}
    if page.date:
        meta["date"] = page.date
    if page.tags:
        meta["tags"] = list(page.tags)
    extra = (("author", page.author),) if page.author else ()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    meta = {k: v for k, v in meta.items() if v}
    article, found = build_article(
        source, source.id, text, meta, digest, len(data), mtime, extra=extra
    )
    return article, problems + found
