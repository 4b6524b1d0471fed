"""The benchmark steps. Each runs in its own process (see ``run.py``) and returns a dict.

Every storyline step has a baseline step measured in the same run on the same corpus copy:
a naive Whoosh indexer, a plain directory listing, SQLite FTS5, a bare Textual app.
Steps that need a module not written yet return ``{"na": "reason"}``.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.bench_queries import build_queries
from benchmarks.bench_related import related_quality
from benchmarks.generate import naive_texts

TOKENS = r"\w+(\.?\w+)*"
Result = dict[str, Any]


@dataclass(frozen=True)
class Context:
    corpus: Path  # the run's own copy of the corpus (files may be changed)
    work: Path  # the run's temporary folder
    quick: bool

    @property
    def index(self) -> Path:
        return self.work / "index"

    @property
    def naive(self) -> Path:
        return self.work / "naive"

    @property
    def fts(self) -> Path:
        return self.work / "fts.sqlite"

    @property
    def repeats(self) -> int:
        return 1 if self.quick else 3


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (workers, a child
    committing): the work done, which a busy host does not change as much as the wall time
    of work spread over cores."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def dir_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def article_files(root: Path) -> list[Path]:
    """Article files as storyline finds them (sorted walk, hidden entries skipped)."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.rsplit(".", 1)[-1] in ("txt", "md", "markdown"):
                found.append(Path(folder, name))
    return found


def _update(store: Any) -> Any:
    from index.update import update_index

    return update_index(store)


def _store(ctx: Context) -> Any:
    from index.store.store import Store

    return Store(ctx.index, [ctx.corpus])


# -- cold index --------------------------------------------------------------------------------


def cold_storyline(ctx: Context) -> Result:
    """Storyline's full pipeline on an empty index folder, as ``index --rebuild`` runs it on
    a machine where storyline has built an index before: the entity extractor's gazetteer,
    built and kept in the user cache by the first build (which this round's fresh cache
    makes happen first, timed apart in another process, so that this one imports
    everything inside the timing), is loaded. ``first_seconds`` adds that building: the
    first build on a machine."""
    keep = (
        "import sys, time; from pathlib import Path; "
        "from index.config import EntityConfig; from index.store import pipeline; "
        "t0 = time.perf_counter(); "
        "pipeline.extractor(EntityConfig(), Path(sys.argv[1]), apart=True); "
        "print(time.perf_counter() - t0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", keep, str(ctx.index)], capture_output=True, text=True, check=True
    )
    gazetteer = float(done.stdout.split()[-1])
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    store = _store(ctx)
    store.open()
    report = _update(store)
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    store.close()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "first_seconds": seconds + gazetteer,
        "gazetteer_seconds": gazetteer,
        "added": report.added,
        "skipped": len(report.skipped),
        "warnings": len(report.warnings),
        "index_bytes": dir_bytes(ctx.index),
    }


def _naive_schema() -> Any:
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    stem = StemmingAnalyzer(expression=TOKENS)
    # The id is there only so the one-changed-file baseline can replace a document.
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=fields.TEXT(analyzer=stem),
        body=fields.TEXT(analyzer=stem),
    )


def cold_naive(ctx: Context) -> Result:
    """One Whoosh writer, title + body with a stemming analyzer, nothing else. Whoosh's
    writing modules are imported inside the timing, as ``cold_storyline`` imports its own."""
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    from whoosh import index

    ctx.naive.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(ctx.naive), _naive_schema())
    writer = ix.writer()
    count = 0
    for article_id, title, text in naive_texts(ctx.corpus):
        writer.add_document(id=article_id, title=title, body=text)
        count += 1
    writer.commit()
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    ix.close()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "added": count,
        "index_bytes": dir_bytes(ctx.naive),
    }


# -- reopen, one changed file --------------------------------------------------------------------


def list_files(ctx: Context) -> Result:
    """os.walk + stat of every article file: the floor for noticing nothing changed."""
    times = []
    count = 0
    for _ in range(ctx.repeats):
        t0 = time.perf_counter()
        files = article_files(ctx.corpus)
        for path in files:
            path.stat()
        times.append(time.perf_counter() - t0)
        count = len(files)
    return {"seconds": median(times), "runs": times, "files": count}


def _open_and_update(ctx: Context) -> tuple[float, float, Any]:
    """Open the store and update it: (seconds for both, seconds for the update, report)."""
    t0 = time.perf_counter()
    store = _store(ctx)
    store.open()
    t1 = time.perf_counter()
    report = _update(store)
    t2 = time.perf_counter()
    store.close()
    return t2 - t0, t2 - t1, report


def reopen(ctx: Context) -> Result:
    """Open the store and update it with nothing to do."""
    times, update_times = [], []
    changed = 0
    for _ in range(ctx.repeats):
        total, update, report = _open_and_update(ctx)
        times.append(total)
        update_times.append(update)
        changed += report.added + report.updated + report.removed
    return {
        "seconds": median(times),
        "first_seconds": times[0],  # a fresh process: includes first-use costs
        "update_seconds": median(update_times),
        "runs": times,
        "changed": changed,
    }


def _changed_file(ctx: Context) -> Path:
    files = article_files(ctx.corpus)
    return files[len(files) // 2]


def _append(path: Path, text: str) -> None:
    """Append to a file without touching the file it may be hard-linked to."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data.rstrip(b"\n") + b"\n" + text.encode() + b"\n")


def one_changed(ctx: Context) -> Result:
    """Append a sentence to one file, then open and update."""
    path = _changed_file(ctx)
    times, update_times = [], []
    updated = 0
    for i in range(ctx.repeats):
        _append(path, f"The benchmark harness appended sentence number {i} to this article.")
        total, update, report = _open_and_update(ctx)
        times.append(total)
        update_times.append(update)
        updated += report.updated + report.added
    return {
        "seconds": median(times),
        "first_seconds": times[0],  # a fresh process: includes first-use costs
        "update_seconds": median(update_times),
        "runs": times,
        "updated": updated,
        "file": str(path.relative_to(ctx.corpus)),
    }


def one_changed_naive(ctx: Context) -> Result:
    """Walk + stat against a remembered manifest, then replace the one document."""
    from whoosh import index

    path = _changed_file(ctx)
    times = []
    for i in range(ctx.repeats):
        manifest = {
            p: (s.st_size, s.st_mtime) for p in article_files(ctx.corpus) for s in [p.stat()]
        }
        _append(path, f"The naive baseline appended sentence number {i} to this article.")
        t0 = time.perf_counter()
        changed = []
        for p in article_files(ctx.corpus):
            s = p.stat()
            if manifest.get(p) != (s.st_size, s.st_mtime):
                changed.append(p)
        ix = index.open_dir(str(ctx.naive))
        writer = ix.writer()
        for p in changed:
            article_id = p.relative_to(ctx.corpus).with_suffix("").as_posix()
            writer.update_document(id=article_id, title="", body=p.read_text(encoding="utf-8"))
        writer.commit()
        ix.close()
        times.append(time.perf_counter() - t0)
    return {"seconds": median(times), "runs": times}


# -- search ---------------------------------------------------------------------------------------


def _latencies(run: Callable[[str], int], texts: list[str], repeats: int) -> tuple[list, dict]:
    for text in texts:  # warm-up: caches, first-use costs
        run(text)
    samples: list[float] = []
    per_query: dict[str, dict[str, Any]] = {}
    for text in texts:
        times = []
        hits = 0
        for _ in range(repeats):
            t0 = time.perf_counter()
            hits = run(text)
            times.append((time.perf_counter() - t0) * 1000)
        samples.extend(times)
        per_query[text] = {"ms": median(times), "hits": hits}
    return samples, per_query


def _search_result(queries: list[Any], samples: list[float], per_query: dict, key: str) -> Result:
    kinds: dict[str, list[float]] = {}
    for q in queries:
        kinds.setdefault(q.kind, []).append(per_query[getattr(q, key)]["ms"])
    return {
        "median_ms": median(samples),
        "p95_ms": p95(samples),
        "queries": len(queries),
        "by_kind_median_ms": {k: median(v) for k, v in kinds.items()},
        "per_query": per_query,
    }


def search(ctx: Context) -> Result:
    """storyline's Searcher (one long-lived), top 10 with snippets, over the query set."""
    from index.search import Searcher

    queries = build_queries(ctx.corpus)
    store = _store(ctx)
    store.open()
    searcher = Searcher(store)
    t0 = time.perf_counter()
    searcher.search(queries[0].whoosh, limit=10)
    first_ms = (time.perf_counter() - t0) * 1000
    errors: dict[str, str] = {}

    def run(text: str) -> int:
        result = searcher.search(text, limit=10)
        if result.error:
            errors[text] = result.error
        return int(result.total)

    samples, per_query = _latencies(run, [q.whoosh for q in queries], 3 if ctx.quick else 5)
    searcher.close()
    store.close()
    out = _search_result(queries, samples, per_query, "whoosh")
    out["first_query_ms"] = first_ms
    out["query_notes"] = errors
    return out


def _fts_build(ctx: Context) -> float:
    t0 = time.perf_counter()
    db = sqlite3.connect(ctx.fts)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, date, tags,"
        " tokenize='porter unicode61')"
    )
    rows = []
    for article_id, title, text in naive_texts(ctx.corpus):
        head = text[:2000] if text.startswith("---\n") else ""
        date = next((ln[5:].strip() for ln in head.splitlines() if ln.startswith("date:")), "")
        tags = next((ln[5:].strip(" []") for ln in head.splitlines() if ln.startswith("tags:")), "")
        rows.append((article_id, title, text, date, tags))
        if len(rows) >= 1000:
            db.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", rows)
            rows = []
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", rows)
    db.commit()
    db.close()
    return time.perf_counter() - t0


def search_fts5(ctx: Context) -> Result:
    """SQLite FTS5 (porter) over the same texts: top 10 by bm25 with a snippet."""
    build = _fts_build(ctx)
    queries = build_queries(ctx.corpus)
    db = sqlite3.connect(ctx.fts)
    sql = (
        "SELECT id, title, snippet(docs, 2, '[', ']', '…', 30) FROM docs"
        " WHERE docs MATCH ? ORDER BY rank LIMIT 10"
    )
    errors: dict[str, str] = {}

    def run(text: str) -> int:
        try:
            rows = db.execute(sql, (text,)).fetchall()
            total = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (text,)).fetchone()
        except sqlite3.Error as error:
            errors[text] = str(error)
            return 0
        return max(len(rows), int(total[0]))

    samples, per_query = _latencies(run, [q.fts5 for q in queries], 3 if ctx.quick else 5)
    db.close()
    out = _search_result(queries, samples, per_query, "fts5")
    out["build_seconds"] = build
    out["index_bytes"] = dir_bytes(ctx.fts)
    out["query_notes"] = errors
    return out


# -- related stories and entity view -----------------------------------------------------------


RELATED_NAMES = ("related", "related_stories", "related_articles")
ENTITY_NAMES = ("entity_articles", "entity_view", "articles_for_entity")


def _find(module: Any, names: tuple[str, ...]) -> Callable[..., Any] | None:
    for name in names:
        found = getattr(module, name, None)
        if callable(found):
            return found
    return None


def _sample_ids(catalog: Any, count: int) -> list[str]:
    ids = [row[0] for row in catalog.db.execute("SELECT id FROM articles ORDER BY id")]
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def _top_entity(catalog: Any, article_id: str) -> tuple[str, str] | None:
    """(key, name) of the article's most mentioned named entity, if the catalog has them."""
    if hasattr(catalog, "article_entities"):
        entities = [e for e in catalog.article_entities(article_id) if e.label != "DATE"]
        if entities:
            best = max(entities, key=lambda e: (e.count, e.key))
            return best.key, best.name
    return None


def links(ctx: Context) -> Result:
    try:
        module = importlib.import_module("index.links.views")
    except ImportError as error:
        return {"na": f"index.links.views not importable: {error}"}
    related = _find(module, RELATED_NAMES)
    entity_view = _find(module, ENTITY_NAMES)
    if related is None and entity_view is None:
        return {"na": f"index.links.views has none of {RELATED_NAMES + ENTITY_NAMES}"}
    store = _store(ctx)
    store.open()
    ids = _sample_ids(store.catalog, 10 if ctx.quick else 50)
    entities = {i: e for i in ids if (e := _top_entity(store.catalog, i)) is not None}
    out: Result = {"articles": len(ids), "entities": len(entities)}
    (ctx.work / "links_sample.json").write_text(json.dumps({"ids": ids, "entities": entities}))
    for label, func, args in (
        ("related", related, [(i,) for i in ids]),
        ("entity", entity_view, [(k,) for k, _ in entities.values()]),
    ):
        if func is None or not args:
            out[label] = {"na": f"no function or no sample for {label}"}
            continue
        for a in args[:3]:  # warm-up
            func(store, *a)
        times, sizes = [], []
        for a in args:
            t0 = time.perf_counter()
            answer = func(store, *a)
            times.append((time.perf_counter() - t0) * 1000)
            sizes.append(len(answer) if hasattr(answer, "__len__") else -1)
        out[label] = {
            "function": func.__name__,
            "median_ms": median(times),
            "p95_ms": p95(times),
            "median_results": median([float(s) for s in sizes]),
        }
    store.close()
    return out


def links_naive(ctx: Context) -> Result:
    """Whoosh more_like_this on the naive index; an FTS5 phrase query per entity name."""
    sample_file = ctx.work / "links_sample.json"
    if not sample_file.exists():
        return {"na": "no sample (storyline links step not available)"}
    from whoosh import index

    sample = json.loads(sample_file.read_text())
    out: Result = {}
    paths = {
        p.relative_to(ctx.corpus).with_suffix("").as_posix(): p for p in article_files(ctx.corpus)
    }
    ix = index.open_dir(str(ctx.naive))
    with ix.searcher() as searcher:
        times = []
        for article_id in sample["ids"]:
            t0 = time.perf_counter()
            docnum = searcher.document_number(id=article_id)
            path = paths.get(article_id)
            if docnum is not None and path is not None:
                text = path.read_text(encoding="utf-8")  # the naive index stores no text
                list(searcher.more_like(docnum, "body", text=text, top=10))
            times.append((time.perf_counter() - t0) * 1000)
    ix.close()
    out["related"] = {
        "method": "Whoosh Searcher.more_like",
        "median_ms": median(times),
        "p95_ms": p95(times),
    }
    if ctx.fts.exists() and sample["entities"]:
        db = sqlite3.connect(ctx.fts)
        times = []
        for _key, name in sample["entities"].values():
            phrase = '"' + name.replace('"', "") + '"'
            t0 = time.perf_counter()
            db.execute("SELECT id, title FROM docs WHERE docs MATCH ?", (phrase,)).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
        db.close()
        out["entity"] = {"method": "FTS5 phrase", "median_ms": median(times), "p95_ms": p95(times)}
    else:
        out["entity"] = {"na": "no FTS5 table or no entities"}
    return out


# -- TUI startup ---------------------------------------------------------------------------------


APP_FACTORIES = ("make_app", "create_app", "build_app")


def _app_factory(module: Any) -> Callable[[Any], Any] | None:
    for name in APP_FACTORIES:
        if callable(getattr(module, name, None)):
            return getattr(module, name)  # type: ignore[no-any-return]
    from textual.app import App

    classes = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, App)
        and obj is not App
        and obj.__module__ == module.__name__
    ]
    return classes[0] if classes else None


def _list_rows(app: Any) -> int:
    """Rows shown by the first list-like widget that has any (0 while still empty)."""
    for widget in app.screen.walk_children():
        name = type(widget).__name__
        rows = getattr(widget, "rows", None)
        if isinstance(rows, list | tuple) and ("List" in name or "Article" in name):
            if rows:
                return len(rows)
            continue
        for attr in ("row_count", "option_count"):
            value = getattr(widget, attr, None)
            if isinstance(value, int) and value > 0:
                return value
        if "List" in name or "Article" in name:
            try:
                size = len(widget)
            except TypeError:
                size = 0
            if size > 0:
                return size
            height = getattr(getattr(widget, "virtual_size", None), "height", 0)
            if "Article" in name and height > 0:
                return int(height)
    return 0


def tui(ctx: Context) -> Result:
    """Time from importing the app to the article list showing rows, headless."""
    t0 = time.perf_counter()
    try:
        module = importlib.import_module("tui.app")
    except ImportError as error:
        return {"na": f"tui.app not importable: {error}"}
    from index.config import Config

    factory = _app_factory(module)
    if factory is None:
        return {"na": f"tui.app has no App subclass or {APP_FACTORIES}"}
    imported = time.perf_counter() - t0
    config = Config(path=None, corpus=(ctx.corpus,), index_dir=ctx.index)
    try:
        app = factory(config)
    except TypeError:
        app = factory(config=config)
    result: Result = {"import_seconds": imported, "factory": getattr(factory, "__name__", "")}

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            mounted = time.perf_counter()
            deadline = mounted + 30
            rows = 0
            while time.perf_counter() < deadline:
                rows = _list_rows(app)
                if rows:
                    break
                await pilot.pause(0.01)
            result["mount_seconds"] = mounted - t0
            if rows:
                result["seconds"] = time.perf_counter() - t0
                result["rows"] = rows
            else:
                result["na"] = "no filled article list seen within 30 s"

    asyncio.run(drive())
    return result


def tui_baseline(ctx: Context) -> Result:
    """A bare Textual app with one Static: the floor for any Textual startup."""
    t0 = time.perf_counter()
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("ready")

    result: Result = {}

    async def drive() -> None:
        app = Bare()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            result["seconds"] = time.perf_counter() - t0

    asyncio.run(drive())
    return result


# -- entity extraction -------------------------------------------------------------------


def entities(ctx: Context) -> Result:
    """The default extractor over every article's text, on one core (this process)."""
    from index.entities.extractor import Extractor

    texts = [text for _, _, text in naive_texts(ctx.corpus)]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    extractor = Extractor()
    extractor.extract("warm up")
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    mentions = sum(len(extractor.extract(text)) for text in texts)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "megabytes": round(megabytes, 2),
        "mb_per_cpu_second": round(megabytes / cpu, 2) if cpu else math.nan,
        "mentions": mentions,
    }


def entities_worst(ctx: Context) -> Result:
    """Odd text extracts in time linear in its length: 1 MB and 5 MB without a newline,
    ALL CAPS, random unicode. ``one_line_1mb_x5`` is five times the 1 MB time, the figure
    the 5 MB time is compared with."""
    import random

    from index.entities.extractor import Extractor

    extractor = Extractor()
    rng = random.Random(0)
    words = [text for _, _, text in naive_texts(ctx.corpus)][:200]
    prose = " ".join(" ".join(words).split())

    def timed(text: str) -> float:
        t0 = time.perf_counter()
        extractor.extract(text)
        return time.perf_counter() - t0

    one_mb = (prose * (1 + 1_000_000 // max(1, len(prose))))[:1_000_000]
    five_mb = (prose * (1 + 5_000_000 // max(1, len(prose))))[:5_000_000]
    alphabet = [chr(c) for c in range(32, 0x3000) if chr(c).isprintable()]
    noise = "".join(rng.choice(alphabet) for _ in range(1_000_000))
    return {
        "one_line_1mb": timed(one_mb),
        "one_line_1mb_x5": 5 * timed(one_mb),
        "one_line_5mb": timed(five_mb),
        "all_caps_1mb": timed(one_mb.upper()),
        "random_unicode_1mb": timed(noise),
    }


STEPS: dict[str, Callable[[Context], Result]] = {
    "cold_naive": cold_naive,
    "cold_storyline": cold_storyline,
    "list_files": list_files,
    "reopen": reopen,
    "one_changed": one_changed,
    "one_changed_naive": one_changed_naive,
    "search": search,
    "search_fts5": search_fts5,
    "links": links,
    "links_naive": links_naive,
    "related_quality": related_quality,
    "tui": tui,
    "tui_baseline": tui_baseline,
    "entities": entities,
    "entities_worst": entities_worst,
}
