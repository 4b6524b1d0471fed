"""Plain data that crosses the boundary between the model and anything that shows it.

Everything here is a frozen dataclass of strings, numbers and tuples. Spans are character
offsets into ``Article.body`` (the paragraphs joined by a blank line), never markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input: a file, a line of config, a query."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Article:
    """One article as read from the corpus."""

    id: str  # path relative to its corpus root, without extension, "/"-separated
    path: str  # absolute path of the file
    title: str
    paragraphs: tuple[str, ...]
    see_also: tuple[str, ...] = ()  # reference titles, ids or paths, as written
    # For each reference, the index of the paragraph it stood before (len(paragraphs) at the
    # end), or -1 when it came from front matter or a link and had no place in the text.
    see_also_at: tuple[int, ...] = ()
    date: date | None = None
    source: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    content_hash: str = ""
    size: int = 0
    mtime: float = 0.0
    title_derived: bool = False  # True when the title was made from the first sentence
    date_precision: str = ""  # "day", "month" or "year" ("2024-03" is a month); "" undated
    # Other fields the source gave (a JSON object's other keys, a page's author, a feed
    # item's guid), as (key, text) pairs: shown as data, never interpreted.
    meta: tuple[tuple[str, str], ...] = ()

    @property
    def body(self) -> str:
        """The text that offsets refer to: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article's body."""

    start: int
    end: int
    text: str
    label: str  # OntoNotes label: PERSON, ORG, GPE, LOC, NORP, DATE, MONEY, ...
    key: str  # the entity it belongs to, the same key across articles
    name: str  # the entity's display name


@dataclass(frozen=True)
class Entity:
    """One real thing, with every way an article named it."""

    key: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    count: int = 0
    value: str = (
        ""  # typed value for DATE / MONEY / PERCENT / CARDINAL, e.g. "USD 50000000-65000000"
    )
    link: str = ""  # key of a linked entity, e.g. NORP "Belarusian" -> GPE Belarus


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    title: str
    score: float
    snippet: str = ""
    spans: tuple[tuple[int, int], ...] = ()  # match offsets into ``snippet``
    date: date | None = None
    source: str = ""


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    suggestion: str = ""  # "did you mean", when the query found little
    error: str = ""  # a readable reason when the query could not be run
    terms: tuple[str, ...] = field(default=())  # analysed query terms, for highlighting


@dataclass(frozen=True)
class Summary:
    """One row of the article list: what can be shown without loading the article."""

    id: str
    title: str
    date: date | None = None
    source: str = ""


@dataclass(frozen=True)
class UpdateReport:
    """What one index update did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Problem, ...] = ()  # files not indexed, with the reason
    warnings: tuple[Problem, ...] = ()  # files indexed, with something worth knowing
    rebuilt: str = ""  # why the index was rebuilt from scratch, if it was
    seconds: float = 0.0
    busy: bool = False  # another process was updating; nothing was done here

    def summary(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.unchanged} unchanged",
            f"{len(self.skipped)} skipped",
        ]
        if self.busy:
            return "another storyline process is updating the index; using it as it is"
        line = ", ".join(parts) + f" in {self.seconds:.1f}s"
        return f"index rebuilt ({self.rebuilt}): {line}" if self.rebuilt else line


# -- cross-references (index/links/views.py) ------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One see-also reference, or one backlink.

    From ``links.references``: a reference as the article wrote it; ``target`` is the article it
    resolved to, or None when no article in the corpus matches. From ``links.backlinks``:
    ``target`` is the citing article and ``title`` its title; ``written`` is what it wrote.
    """

    title: str
    target: str | None
    how: str = ""  # "id", "path", "title", "fuzzy", "self" (its own article); "" = not found
    score: float = 0.0  # title similarity, 0-100 (100 for exact matches)
    target_title: str = ""  # title of the resolved (or citing) article
    written: str = ""  # the reference exactly as written in the citing article
    others: tuple[str, ...] = ()  # other articles with the same title, when it was ambiguous

    @property
    def in_corpus(self) -> bool:
        return self.target is not None


@dataclass(frozen=True)
class Reason:
    """One reason two articles are related."""

    kind: str  # "see_also", "cited_by", "entities", "words"
    items: tuple[str, ...] = ()  # entity names or words, most telling first
    weight: float = 0.0  # this reason's part of the score

    def __str__(self) -> str:
        if self.kind == "see_also":
            return "SEE ALSO"
        if self.kind == "cited_by":
            return "cited by"
        if self.kind == "entities":
            return "shares " + ", ".join(self.items)
        if self.kind == "words":
            return "similar words: " + ", ".join(self.items)
        return self.kind


@dataclass(frozen=True)
class Related:
    """One related article, with why it is related."""

    id: str
    title: str
    score: float
    reasons: tuple[Reason, ...] = ()
    date: date | None = None

    @property
    def sentence(self) -> str:
        """The reasons in words, e.g. "SEE ALSO; shares Aleksandr Lukashenko, Minsk"."""
        return "; ".join(str(r) for r in self.reasons)


@dataclass(frozen=True)
class EntityHit:
    """One article that mentions an entity, with its first mention in context."""

    id: str
    title: str
    date: date | None
    count: int  # mentions of the entity in the article
    snippet: str  # text around the first mention
    spans: tuple[tuple[int, int], ...] = ()  # the first mention's offsets into ``snippet``
    start: int = 0  # the first mention's offsets into ``Article.body``
    end: int = 0


# -- timelines (index/links/timeline.py) -----------------------------------------------------------


@dataclass(frozen=True)
class StoryPoint:
    """One article of a story's timeline: the article itself, or one linked or related."""

    id: str
    title: str
    date: date | None
    relation: str  # "this", "see also", "cited by", "related"
    gap_days: int | None = None  # days since the previous dated article; None for the first


@dataclass(frozen=True)
class Period:
    """One month of an entity's timeline: how many articles name it, and which."""

    month: str  # "2024-03"; "" for the undated articles
    count: int
    ids: tuple[str, ...] = ()
