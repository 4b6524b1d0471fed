"""JSON lines and JSON files, as scrapers and exports write them: one article per object.

A ``.jsonl`` file holds one object a line; a ``.json`` file an array of objects, one object,
or an object holding the array (``{"articles": [...]}``).
Each object's ``title``, ``text`` (or ``body``), ``date``, ``url``, ``source``, ``tags`` and
``id`` make the article (the names are configurable, ``json_fields`` in config.yaml); its
other keys are kept as metadata. The article's id is ``<file id>#<its id>``, or
``<file id>#<line>`` when it has none. A bad line is a problem naming the file and the
line; the other lines still load.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from index.corpus.files import MAX_TEXT, SourceFile, build_article
from index.corpus.fragments import html_to_text, one_line
from index.corpus.options import JSON_FIELDS
from index.corpus.text import clean, decode
from index.model import Article, Problem

MAX_META = 50  # other keys kept per article
MAX_META_VALUE = 500  # characters kept of each
MAX_ID = 200


def read_json(source: SourceFile, data: bytes, mtime: float) -> tuple[list[Article], list[Problem]]:
    """Every article in a ``.json`` or ``.jsonl`` file, and what was wrong with the rest."""
    path = str(source.path)
    text, warning = decode(data)
    problems = [Problem(path, warning)] if warning else []
    objects: list[tuple[int, Any]] = []  # (line, value)
    if source.path.suffix.lower() == ".jsonl":
        for number, raw in enumerate(text.split("\n"), 1):
            if not raw.strip():
                continue
            try:
                objects.append((number, json.loads(raw)))
            except (ValueError, RecursionError) as error:
                reason = getattr(error, "msg", None) or type(error).__name__
                problems.append(Problem(path, f"line {number} is not valid JSON: {reason}", number))
    else:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as error:
            where_bad = getattr(error, "lineno", None)
            reason = getattr(error, "msg", None) or type(error).__name__
            return [], [*problems, Problem(path, f"not valid JSON: {reason}", where_bad)]
        items = value if isinstance(value, list) else _wrapped(value) or [value]
        objects = [(index, item) for index, item in enumerate(items, 1)]
    names = {**JSON_FIELDS, **dict(source.json_fields)}
    articles: list[Article] = []
    seen: set[str] = set()
    where = "line" if source.path.suffix.lower() == ".jsonl" else "item"
    for number, item in objects:
        line = number if where == "line" else None
        if not isinstance(item, dict):
            problems.append(Problem(path, f"{where} {number} is not a JSON object", line))
            continue
        article, found = _article(source, item, number, names, mtime, len(data), line)
        problems += found
        if article is None:
            continue
        if article.id in seen:
            reason = f"{where} {number}: id used before, kept the first"
            problems.append(Problem(path, reason, line))
            continue
        seen.add(article.id)
        articles.append(article)
    return articles, problems


def _article(
    source: SourceFile,
    item: dict[str, Any],
    number: int,
    names: dict[str, tuple[str, ...]],
    mtime: float,
    size: int,
    line: int | None,
) -> tuple[Article | None, list[Problem]]:
    used: set[str] = set()

    def pick(field: str) -> Any:
        for name in names.get(field, ()):
            if name in item and item[name] not in (None, ""):
                used.add(name)
                return item[name]
        return None

    own_id = pick("id")
    key = clean(str(own_id)).strip()[:MAX_ID] if isinstance(own_id, str | int) else ""
    article_id = f"{source.id}#{key or number}"
    body = pick("text")
    text = body if isinstance(body, str) else ""
    text = html_to_text(text) if "<" in text or "&" in text else clean(text)
    problems = []
    if len(text) > MAX_TEXT:
        problems.append(Problem(str(source.path), f"text cut to {MAX_TEXT:,} characters", line))
        text = text[:MAX_TEXT]
    meta: dict[str, Any] = {}
    for field in ("title", "date", "url", "source", "tags", "see_also"):
        value = pick(field)
        if value is not None:
            meta[field] = one_line(value) if field == "title" and isinstance(value, str) else value
    for name in names.get("id", ()):
        used.add(name)
    extra = tuple((clean(str(k))[:100], _as_text(v)) for k, v in item.items() if k not in used)[
        :MAX_META
    ]
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()
    article, found = build_article(
        source, article_id, text, meta, digest, size, mtime, extra=extra, line=line
    )
    return article, problems + found


def _wrapped(value: Any) -> list[Any] | None:
    """The articles of an export that wraps them: ``{"articles": [...]}`` (or items, data,
    results, ...): the one key whose value is a list of objects."""
    if not isinstance(value, dict):
        return None
    lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
    return lists[0] if len(lists) == 1 else None


def _as_text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return " ".join(clean(text).split())[:MAX_META_VALUE]
