"""Related-story quality beside a plain TF-IDF cosine, on the same corpus in the same run.

A related story is right when it carries the article's label: its storyline on a generated
corpus, its top folder with ``--labels folder`` (a corpus filed in sections, such as 20
Newsgroups). Precision@5 counts an empty slot as a miss. Coverage is the share of articles
with 5 related stories, with none, and with 5 among those sharing a rare word (in at most 1%
of the articles, and in at least one other) with another article.

The baseline is the TF-IDF cosine over the same body text storyline indexes (scikit-learn's
``TfidfVectorizer``: sublinear tf, English stop words, every term), the floor any related
list should clear. scikit-learn is a benchmark-only dependency (``pip install -e '.[bench]'``);
without it the baseline reads "n/a". The step also times a full rebuild of the related
lists (the lists it then measures), to set beside naive Whoosh indexing of the same text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

LABELS_FILE = "labels.json"  # in the run's work folder: {article id: label}
TOP = 5
RARE_SHARE = 0.01


def write_labels(source: Path, work: Path, how: str | None) -> int:
    """Write the labels of the corpus at ``source`` for the quality step; returns how many.

    ``how`` is "folder" (the top folder of each article id) or None: the storylines of a
    generated corpus's ``.truth.json``, when there is one.
    """
    labels: dict[str, str] = {}
    if how == "folder":
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source)
            if path.is_file() and len(rel.parts) > 1 and not rel.parts[0].startswith("."):
                labels[rel.with_suffix("").as_posix()] = rel.parts[0]
    elif (source / ".truth.json").exists():
        truth = json.loads((source / ".truth.json").read_text(encoding="utf-8"))
        labels = {a["id"]: str(a["storyline"]) for a in truth.get("articles", [])}
    (work / LABELS_FILE).write_text(json.dumps(labels))
    return len(labels)


def quality(
    lists: Mapping[str, Sequence[str]],
    labels: Mapping[str, str],
    rare: set[str] | None = None,
    top: int = TOP,
) -> dict[str, float]:
    """Precision@top (an empty slot is a miss) and coverage of related lists, over the
    labelled articles; ``rare`` are the articles sharing a rare word with another."""
    ids = [i for i in labels if i in lists]
    if not ids:
        return {"articles": 0.0}
    hits = full = empty = 0
    for i in ids:
        got = list(lists[i])[:top]
        hits += sum(1 for o in got if labels.get(o) == labels[i])
        full += len(got) >= top
        empty += not got
    out = {
        "articles": float(len(ids)),
        "p5": hits / (top * len(ids)),
        "with5": full / len(ids),
        "none": empty / len(ids),
    }
    if rare is not None:
        eligible = [i for i in ids if i in rare]
        if eligible:
            out["with5_rare"] = sum(len(lists[i]) >= top for i in eligible) / len(eligible)
    return out


def tfidf_lists(ids: list[str], texts: list[str], top: int = TOP) -> tuple[dict, set[str]]:
    """Each article's ``top`` most similar by TF-IDF cosine, and the articles sharing a rare
    word with another. Needs scikit-learn (raises ImportError without it)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    present = (matrix > 0).astype(np.int32)
    df = np.asarray(present.sum(axis=0)).ravel()
    rare_terms = (df >= 2) & (df <= max(2, RARE_SHARE * len(ids)))
    has_rare = np.asarray(present[:, rare_terms].sum(axis=1)).ravel() > 0
    rare = {ids[k] for k in np.flatnonzero(has_rare)}
    lists: dict[str, list[str]] = {}
    for start in range(0, len(ids), 500):
        block = (matrix[start : start + 500] @ matrix.T).toarray()
        for row in range(block.shape[0]):
            k = start + row
            block[row, k] = -1.0
            best = np.argsort(-block[row], kind="stable")[:top]
            lists[ids[k]] = [ids[j] for j in best if block[row, j] > 0]
    return lists, rare


def related_quality(ctx: Any) -> dict[str, Any]:
    from index.links import views as links
    from index.store.store import Store

    labels_file = ctx.work / LABELS_FILE
    labels = json.loads(labels_file.read_text()) if labels_file.exists() else {}
    if not labels:
        return {"na": "no labels (a generated corpus, or --labels folder)"}
    store = Store(ctx.index, [ctx.corpus])
    store.open()
    catalog = store.catalog
    assert catalog is not None
    # A full rebuild of the links tables, timed; the lists measured below are its own.
    catalog.set_meta("links", "0")
    t0 = time.perf_counter()
    parts = links.refresh(store, set(), set())
    catalog.commit()
    build = {"seconds": time.perf_counter() - t0, **parts}
    ids, texts = [], []
    for article_id, _title, paragraphs in catalog.link_bodies(sorted(labels)):
        ids.append(article_id)
        texts.append("\n\n".join(paragraphs))
    mine: dict[str, list[str]] = {}
    for article_id in ids:
        mine[article_id] = [r.id for r in links.related(store, article_id, TOP)]
    out: dict[str, Any] = {"labels": len(labels), "labelled_in_index": len(ids), "build": build}
    rare: set[str] | None = None
    try:
        t0 = time.perf_counter()
        theirs, rare = tfidf_lists(ids, texts)
        out["tfidf"] = quality(theirs, labels, rare)
        out["tfidf"]["seconds"] = time.perf_counter() - t0
    except ImportError as error:
        out["tfidf"] = {"na": f"scikit-learn not installed ({error}): pip install -e '.[bench]'"}
    out["storyline"] = quality(mine, labels, rare)
    store.close()
    return out
