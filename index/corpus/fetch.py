"""Fetching feeds into the corpus: each new item stored as a Markdown article.

For each feed in config.yaml, ``fetch_feeds`` asks for the feed (conditionally, with the
manners of ``http.Client``), parses it (``feeds``), and writes each item not stored before
(by guid, else by link) as ``<feeds folder>/<feed folder>/<date>-<title>-<hash>.md`` with
front matter: title, date, source, url, tags, guid, feed. Where a feed gives only a summary
and the feed asks for it (``full_text: true``), the linked page is fetched and its article
extracted (``pages``). What was fetched before is remembered in ``.state.json`` (hidden,
so not an article). A feed that fails is one line of the report; the others are fetched
and nothing stored is ever removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from index.corpus.dates import parse_date
from index.corpus.feeds import FeedError, FeedItem, parse_feed
from index.corpus.http import Client, FetchError
from index.corpus.options import FeedSpec, FetchSettings, slug
from index.corpus.pages import extract
from index.model import Problem

STATE = ".state.json"
MAX_SEEN = 20_000  # keys remembered per feed; the oldest are forgotten first
SUMMARY_ONLY = 600  # characters: a shorter item is a summary, worth fetching the page for


@dataclass
class FeedReport:
    """What happened to one feed: its new items, and what went wrong."""

    feed: str
    status: str = "ok"  # "ok", "not modified", "failed"
    new: list[str] = field(default_factory=list)  # paths of the articles written
    known: int = 0  # items already stored, not fetched again
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.feed}: failed: {'; '.join(self.problems)}; nothing stored was changed"
        if self.status == "not modified":
            return f"{self.feed}: not modified"
        text = f"{self.feed}: {len(self.new)} new, {self.known} already stored"
        return text + "".join(f"; {p}" for p in self.problems)


def fetch_feeds(
    feeds: Sequence[FeedSpec],
    folder: Path,
    settings: FetchSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[FeedReport]:
    """Fetch every feed into ``folder``; one report per feed, in order."""
    settings = settings or FetchSettings()
    client = Client(settings.timeout, settings.delay, settings.max_bytes, settings.user_agent)
    folder.mkdir(parents=True, exist_ok=True)
    state = _load_state(folder / STATE)
    reports = []
    for done, spec in enumerate(feeds):
        if progress:
            progress(done, len(feeds))
        report = FeedReport(spec.name or spec.url)
        try:
            _fetch_one(spec, folder, client, state.setdefault(spec.url, {}), report)
        except FetchError as error:
            report.status = "failed"
            report.problems.append(str(error))
        except FeedError as error:
            report.status = "failed"
            where = f" (line {error.line})" if error.line else ""
            report.problems.append(f"{error.reason}{where}")
        except OSError as error:
            report.status = "failed"
            report.problems.append(f"cannot store: {error.strerror or error}")
        memory = state.setdefault(spec.url, {})
        memory["problems"] = [f"{report.status}: {p}" for p in report.problems]
        _save_state(folder / STATE, state)  # after each feed: a crash loses one feed at most
        reports.append(report)
    if progress:
        progress(len(feeds), len(feeds))
    return reports


def last_problems(folder: Path) -> list[Problem]:
    """What went wrong at the last fetch, feed by feed (for the reader's problem list)."""
    problems = []
    for url, memory in _load_state(folder / STATE).items():
        found = memory.get("problems") if isinstance(memory, dict) else None
        for reason in found if isinstance(found, list) else []:
            problems.append(Problem(str(url), str(reason)))
    return problems


def _fetch_one(
    spec: FeedSpec, folder: Path, client: Client, memory: dict[str, Any], report: FeedReport
) -> None:
    etag, modified = memory.get("etag"), memory.get("last_modified")
    answer = client.get(
        spec.url,
        etag if isinstance(etag, str) else "",
        modified if isinstance(modified, str) else "",
    )
    if answer.status == 304:
        report.status = "not modified"
        return
    feed = parse_feed(answer.body, answer.url or spec.url)
    source = spec.name or feed.title or (urlsplit(spec.url).hostname or "")
    if not spec.name and feed.title:
        report.feed = f"{feed.title} ({spec.url})"
    if not isinstance(memory.get("seen"), list):  # a state file edited by hand
        memory["seen"] = []
    seen: list[str] = memory["seen"]
    known = set(seen)
    target = folder / spec.folder_name()
    for item in feed.items:
        keys = [k for k in (item.guid, item.link) if k]
        if any(k in known for k in keys):
            report.known += 1
            continue
        text = item.text
        if spec.full_text and item.summary_only and len(text) < SUMMARY_ONLY and item.link:
            text = _full_text(client, item, report) or text
        path = _store(target, item, text, source, spec.url)
        report.new.append(str(path))
        seen.extend(keys)
        known.update(keys)
    del seen[:-MAX_SEEN]
    # Remember the validators only once the items are stored: a failure above refetches.
    memory["etag"], memory["last_modified"] = answer.etag, answer.last_modified


def _full_text(client: Client, item: FeedItem, report: FeedReport) -> str:
    try:
        page = extract(client.get(item.link).body)
    except FetchError as error:
        report.problems.append(f"{item.link}: {error}; kept the summary")
        return ""
    except Exception as error:  # noqa: BLE001 - a page the extractor chokes on keeps the summary
        report.problems.append(f"{item.link}: cannot extract ({type(error).__name__})")
        return ""
    return page.text if page.found and len(page.text) > len(item.text) else ""


def _store(target: Path, item: FeedItem, text: str, source: str, feed_url: str) -> Path:
    """Write one item as Markdown with front matter; never overwrite another item."""
    meta: dict[str, Any] = {"title": item.title or "(untitled)"}
    when = parse_date(item.date) if item.date else None
    if when:
        meta["date"] = when[0].isoformat()
    meta.update(source=source, url=item.link, tags=list(item.tags), guid=item.guid, feed=feed_url)
    if item.author:
        meta["author"] = item.author
    meta = {k: v for k, v in meta.items() if v not in ("", [], None)}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    body = "\n\n".join(line for line in text.split("\n") if line.strip())
    key = hashlib.sha1((item.guid or item.link).encode()).hexdigest()[:10]
    stem = "-".join(p for p in (meta.get("date", ""), slug(item.title, 50), key) if p)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{stem}.md"
    _write_atomic(path, f"---\n{front}---\n\n{body}\n")
    return path


def _load_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _save_state(path: Path, state: dict[str, Any]) -> None:
    _write_atomic(path, json.dumps(state, ensure_ascii=False, indent=1))


def _write_atomic(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
