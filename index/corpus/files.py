"""Finding article files and reading them into ``Article`` values.

Every file is untrusted: a file that cannot be read or parsed yields a ``Problem`` naming
it, never an exception, and the rest of the corpus still loads.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from index.corpus.dates import dateline, parse_date
from index.corpus.options import JsonFields
from index.corpus.safeyaml import safe_yaml
from index.corpus.seealso import MAY_MARK, split_placed
from index.corpus.text import clean, decode, looks_binary, unescape_entities
from index.corpus.titles import derive_title, headline
from index.model import Article, Problem

TEXT_EXTENSIONS = frozenset({".txt", ".md", ".markdown"})
# Files that hold many articles or need extracting: read by ``index.corpus.sources``.
OTHER_EXTENSIONS = frozenset({".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom"})
EXTENSIONS = TEXT_EXTENSIONS | OTHER_EXTENSIONS
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT = 2_000_000  # characters kept of one article; no news story comes near it
MAX_FRONT_MATTER = 64 * 1024

_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s]{1,500})\)")


@dataclass(frozen=True)
class SourceFile:
    """A candidate article file: where it is and what its id will be.

    A file of many articles (a feed, JSON lines) gives each the id ``<id>#<its own id>``.
    """

    root: Path
    path: Path
    id: str
    json_fields: JsonFields = ()


class Listed(NamedTuple):
    """An article file as ``list_files`` finds it: no ``Path`` made yet (a scan of an
    unchanged corpus needs only the string)."""

    root: Path
    path: str  # as ``str(Path(...))`` writes it
    id: str

    def source(self, json_fields: JsonFields = ()) -> SourceFile:
        return SourceFile(self.root, Path(self.path), self.id, json_fields)


def find_files(
    roots: Sequence[Path], json_fields: JsonFields = ()
) -> tuple[list[SourceFile], list[Problem]]:
    """Every article file under the roots (files given directly count too).

    Hidden files and folders are skipped, symbolic links to folders are not followed (so a
    link loop cannot trap the walk), and an unreadable folder is reported, not fatal.
    """
    listed, problems = list_files(roots)
    return [found.source(json_fields) for found in listed], problems


def list_files(roots: Sequence[Path]) -> tuple[list[Listed], list[Problem]]:
    """``find_files`` without making a ``Path`` per file: folders are walked as strings."""
    files: list[Listed] = []
    problems: list[Problem] = []
    prefix_roots = len(roots) > 1
    seen: set[str] = set()
    for root in roots:
        root = root.expanduser()
        prefix = f"{root.name or 'root'}/" if prefix_roots and root.is_dir() else ""
        if root.is_file():
            files.append(Listed(root.parent, str(root), root.stem))
            continue
        if not root.is_dir():
            problems.append(Problem(str(root), "no such file or folder"))
            continue

        def on_error(error: OSError) -> None:
            problems.append(Problem(str(error.filename), f"cannot list folder: {error.strerror}"))

        for folder, dirs, names in os.walk(root, onerror=on_error):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            here = Path(folder)
            base = str(here)
            base = "" if base == "." else base.rstrip("/") + "/"
            inside = here.relative_to(root).as_posix()
            inside = prefix + ("" if inside == "." else inside + "/")
            for name in sorted(names):
                dot = name.rfind(".")
                if name[0] == "." or dot == len(name) - 1 or name[dot:].lower() not in EXTENSIONS:
                    continue  # hidden, or not an article's extension
                article_id = inside + name[:dot]
                if article_id in seen:
                    problems.append(Problem(base + name, f"same id as another file: {article_id}"))
                    continue
                seen.add(article_id)
                files.append(Listed(root, base + name, article_id))
    return files, problems


def read_article(source: SourceFile) -> tuple[Article | None, list[Problem]]:
    """Read and parse one file. Returns the article (or None) and what was wrong with it."""
    path = str(source.path)
    try:
        stat = source.path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            return None, [Problem(path, f"too large ({stat.st_size:,} bytes)")]
        data = source.path.read_bytes()
    except OSError as error:
        return None, [Problem(path, f"cannot read: {error.strerror or error}")]
    return parse_bytes(source, data, stat.st_mtime)


def parse_bytes(
    source: SourceFile, data: bytes, mtime: float
) -> tuple[Article | None, list[Problem]]:
    """Parse the bytes of one file into an article."""
    path = str(source.path)
    if looks_binary(data):
        return None, [Problem(path, "binary file, not text")]
    text, warning = decode(data)
    problems = [Problem(path, warning)] if warning else []
    if "\x00" in text:
        problems.append(Problem(path, "NUL characters removed"))
    text = clean(unescape_entities(text))
    if len(text) > MAX_TEXT:
        problems.append(Problem(path, f"text cut to its first {MAX_TEXT:,} characters"))
        text = text[:MAX_TEXT]
    meta: dict[str, Any] = {}
    markdown = source.path.suffix.lower() in (".md", ".markdown")
    if markdown:
        meta, text, problem = _split_front_matter(text, path)
        if problem:
            problems.append(problem)
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    article, found = build_article(
        source, source.id, text, meta, digest, len(data), mtime, markdown=markdown
    )
    return article, problems + found


def build_article(
    source: SourceFile,
    article_id: str,
    text: str,
    meta: dict[str, Any],
    content_hash: str,
    size: int,
    mtime: float,
    *,
    markdown: bool = False,
    extra: tuple[tuple[str, str], ...] = (),
    line: int | None = None,
) -> tuple[Article | None, list[Problem]]:
    """An article from clean text and its metadata (front matter, a JSON object's fields,
    a feed item's or a page's metadata): title, date, source, url, tags, see_also.

    ``line`` is where in the file the article starts, for problems in a file of many.
    """
    path = str(source.path)
    if not text.strip() and not meta.get("title"):
        return None, [Problem(path, "empty: no text", line)]
    fields, problems = _check_meta(meta, path, line)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    title = fields.get("title", "")
    title_derived = False
    if not title:
        title, lines = headline(lines)
    paragraphs: list[str] = []
    # (reference, index of the paragraph it stood before; -1 when it had no place in the text)
    see_also: list[tuple[str, int]] = [(s, -1) for s in fields.get("see_also", ())]
    # Most texts have no marker and no link: then each line is a paragraph as it stands
    # (a 20 Newsgroups post is ~30 lines; looking in each cost a twentieth of reading it).
    marked = MAY_MARK.search(text) is not None
    linked = markdown and "](" in text
    for text_line in lines:
        if not text_line:
            continue
        if not marked:
            paragraphs.append(text_line)
        else:
            parts, placed = split_placed(text_line)
            see_also += [(title, len(paragraphs) + before) for title, before in placed]
            paragraphs += parts
        if linked:
            see_also += [(link, -1) for link in _markdown_links(text_line)]
    places: dict[str, int] = {}  # each reference once, in order, at its place in the text
    for reference, at in see_also:
        if reference and places.get(reference, -1) < 0:
            places[reference] = at
    if not title:
        title = derive_title(paragraphs[0] if paragraphs else "") or source.path.stem
        title_derived = True
    when, precision = fields.get("date", (None, ""))
    if when is None:
        # The first paragraph, or the first after a short headline and byline the title
        # did not take ("RUGBY - ... .", "Andy Colquhoun", "JOHANNESBURG 1996-08-31").
        for paragraph in paragraphs[:3]:
            when = dateline(paragraph)
            if when or len(paragraph) > 150:
                break
        precision = "day" if when else ""
    return (
        Article(
            id=article_id,
            path=path,
            title=title,
            paragraphs=tuple(paragraphs),
            see_also=tuple(places),
            see_also_at=tuple(places.values()),
            date=when,
            date_precision=precision,
            source=fields.get("source", ""),
            url=fields.get("url", ""),
            tags=tuple(fields.get("tags", ())),
            content_hash=content_hash,
            size=size,
            mtime=mtime,
            title_derived=title_derived,
            meta=extra,
        ),
        problems,
    )


def _markdown_links(line: str) -> list[str]:
    """Targets of Markdown links to other article files (not web addresses)."""
    links = []
    for match in _MD_LINK.finditer(line):
        target = match.group(2).split("#", 1)[0]
        if "://" in target or target.startswith("mailto:"):
            continue
        if Path(target).suffix.lower() in EXTENSIONS:
            links.append(target)
    return links


def _split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, Problem | None]:
    """Split YAML front matter (between ``---`` lines) from the body."""
    if not text.startswith("---\n"):
        return {}, text, None
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4 : 4 + MAX_FRONT_MATTER + 1], re.MULTILINE)
    if not end:
        return {}, text, Problem(path, "front matter has no closing '---'; read as text", 1)
    raw = text[4 : 4 + end.start()]
    body = text[4 + end.end() :]
    try:
        meta = safe_yaml(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        return {}, body, Problem(path, f"broken front matter: {reason}", line)
    if meta is None:
        return {}, body, None
    if not isinstance(meta, dict):
        return {}, body, Problem(path, "front matter is not a mapping; ignored", 2)
    return meta, body, None


def _check_meta(
    meta: dict[str, Any], path: str, line: int | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Keep the front matter fields of the right type; report the others."""
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in ("title", "source", "url"):
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str | int | float):
            fields[key] = " ".join(clean(str(value)).split())[:500]
        else:
            problems.append(Problem(path, f"'{key}' should be text", line))
    if "date" in meta and meta["date"] is not None:
        parsed = parse_date(meta["date"])
        if parsed:
            fields["date"] = parsed
        else:
            problems.append(Problem(path, f"'date' is not a date: {meta['date']!r:.40}", line))
    for key in ("tags", "see_also"):
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            fields[key] = [" ".join(clean(str(v)).split())[:500] for v in value[:200]]
        else:
            problems.append(Problem(path, f"'{key}' should be a list of text", line))
    return fields, problems


def load(roots: Sequence[Path]) -> Iterator[tuple[SourceFile, Article | None, list[Problem]]]:
    """Read every article under the roots, one at a time."""
    files, problems = find_files(roots)
    for problem in problems:
        yield SourceFile(Path(problem.path), Path(problem.path), ""), None, [problem]
    for source in files:
        article, found = read_article(source)
        yield source, article, found
