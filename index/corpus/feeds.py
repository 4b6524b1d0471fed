"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed without trusting them.

``defusedxml`` refuses entity declarations (the "billion laughs" bomb and its kin) and
external references; a refusal or malformed XML raises ``FeedError`` with a reason and,
when the parser knows it, the line. Titles and summaries may hold HTML: they come out as
plain text. Links are made absolute against the feed's own address (``xml:base`` too).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from index.corpus.fragments import html_to_text, one_line

MAX_ITEMS = 5000
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


class FeedError(Exception):
    """The bytes are not a feed we can read."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class FeedItem:
    guid: str  # the item's id, else its link, else a hash of its title and text
    title: str  # plain text
    link: str  # absolute when the feed gave enough to make it so
    date: str  # as written; ``dates.parse_date`` reads it
    text: str  # plain text: the full content when given, else the summary
    summary_only: bool  # True when the feed gave only a summary (full text may be fetched)
    tags: tuple[str, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class Feed:
    title: str
    link: str
    items: tuple[FeedItem, ...]


def parse_feed(data: bytes, base_url: str = "") -> Feed:
    """Parse a feed document; raise ``FeedError`` when it is not one or is refused."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True)
    except defusedxml.EntitiesForbidden:
        raise FeedError("refused: the XML declares entities (an entity-expansion bomb?)") from None
    except (defusedxml.DTDForbidden, defusedxml.ExternalReferenceForbidden) as error:
        kind = type(error).__name__
        raise FeedError(f"refused: external reference in the XML ({kind})") from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise FeedError(f"malformed XML: {error}", line) from None
    except (ValueError, RecursionError) as error:
        raise FeedError(f"malformed XML: {error}") from None
    kind = _local(root.tag)
    base = urljoin(base_url, root.get(_XML_BASE, ""))
    if kind == "feed":
        return _atom(root, base)
    if kind == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise FeedError("an RSS document without a <channel>")
        return _rss(channel, channel.findall("item"), base)
    if kind == "RDF":
        channel = _child(root, "channel")
        items = [e for e in root if _local(e.tag) == "item"]
        return _rss(channel if channel is not None else root, items, base)
    raise FeedError(f"not an RSS or Atom feed (the document is <{kind[:40]}>)")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: Element, name: str, namespace: str | None = None) -> Element | None:
    for child in element:
        if _local(child.tag) == name and (namespace is None or child.tag.startswith(namespace)):
            return child
    return None


def _text(element: Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _rss(channel: Element, items: list[Element], base: str) -> Feed:
    link = urljoin(base, _text(_child(channel, "link")))
    found = []
    for item in items[:MAX_ITEMS]:
        item_base = urljoin(link or base, item.get(_XML_BASE, ""))
        content = _child(item, "encoded", "{http://purl.org/rss/1.0/modules/content/")
        summary = _child(item, "description")
        guid = _child(item, "guid")
        date = _child(item, "pubDate")
        if date is None:
            date = _child(item, "date")  # Dublin Core, as RDF feeds write it
        author = _child(item, "creator")
        if author is None:
            author = _child(item, "author")
        tags = tuple(one_line(_text(c)) for c in item if _local(c.tag) in ("category", "subject"))
        item_link = _text(_child(item, "link"))
        if not item_link and guid is not None and guid.get("isPermaLink", "true") == "true":
            item_link = _text(guid)
        found.append(
            _item(
                guid=_text(guid) or item.get(_RDF_ABOUT, ""),
                title=_text(_child(item, "title")),
                link=urljoin(item_base, item_link) if item_link else "",
                date=_text(date),
                content=_text(content),
                summary=_text(summary),
                tags=tags,
                author=_text(author),
            )
        )
    return Feed(one_line(_text(_child(channel, "title"))), link, tuple(found))


def _atom(root: Element, base: str) -> Feed:
    link = _atom_link(root, base)
    found = []
    for entry in [e for e in root if _local(e.tag) == "entry"][:MAX_ITEMS]:
        entry_base = urljoin(base, entry.get(_XML_BASE, ""))
        date = _child(entry, "published")
        if date is None:
            date = _child(entry, "updated")
        author = _child(entry, "author")
        tags = tuple(
            one_line(c.get("label") or c.get("term") or "")
            for c in entry
            if _local(c.tag) == "category"
        )
        found.append(
            _item(
                guid=_text(_child(entry, "id")),
                title=_text(_child(entry, "title")),
                link=_atom_link(entry, entry_base),
                date=_text(date),
                content=_text(_child(entry, "content")),
                summary=_text(_child(entry, "summary")),
                tags=tuple(t for t in tags if t),
                author=_text(_child(author, "name")) if author is not None else "",
            )
        )
    return Feed(one_line(_text(_child(root, "title"))), link, tuple(found))


def _atom_link(element: Element, base: str) -> str:
    for child in element:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            return urljoin(base, child.get("href", ""))
    return ""


def _item(
    *,
    guid: str,
    title: str,
    link: str,
    date: str,
    content: str,
    summary: str,
    tags: tuple[str, ...],
    author: str,
) -> FeedItem:
    text = html_to_text(content or summary)
    title_text = one_line(title)
    if not guid:
        guid = link or hashlib.sha1(f"{title_text}\n{text}".encode()).hexdigest()[:16]
    return FeedItem(
        guid=" ".join(guid.split())[:500],
        title=title_text[:500],
        link=link.strip()[:2000],
        date=date[:80],
        text=text,
        summary_only=not content,
        tags=tuple(t for t in tags if t)[:50],
        author=one_line(author)[:200],
    )
