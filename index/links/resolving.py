"""Storing and re-resolving see-also references after an update (``build.refresh`` calls it).

A full build resolves every article's references; a small update resolves those of the
articles it changed, and again those of other articles that a change may answer: references
to a changed or removed article, and ones that matched nothing or only fuzzily when a new or
retitled title may match them better. ``references.py`` says how one reference resolves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rapidfuzz import process

from index.links.changes import Changes
from index.links.references import (
    FUZZY_THRESHOLD,
    Resolution,
    TitleIndex,
    looks_like_path,
    normalise_title,
)

if TYPE_CHECKING:
    from index.store.catalog import Catalog

WRITTEN = 1000  # references stored at a time (a build's are 100 MB as rows at 100,000 articles)


def unmoved(catalog: Catalog, present: set[str], gone: set[str], changes: Changes) -> set[str]:
    """The changed articles whose stored references still resolve as they are: when no
    article came or went and none was retitled or redated, the title index is as it was,
    so an article whose see-also list is also as it was resolves it the same way."""
    if gone:
        return set()
    rows = catalog.link_sources(present)
    for article_id, title, when, _see_also in rows:
        if article_id in changes.written:
            stored = changes.stored.get(article_id)
            if stored is None or stored[:2] != (title, when):
                return set()  # new, retitled or redated
    return {
        i
        for i, _title, _when, see_also in rows
        if i not in changes.written or changes.stored[i][2] == see_also
    }


def _sources(catalog: Catalog, ids: set[str]) -> Iterator[tuple[str, str, str | None, str]]:
    """(id, title, date, see-also JSON) of these articles, read ``WRITTEN`` at a time: a
    build's, all at once, were ~30 MB at 100,000 articles, held through the references."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), WRITTEN):
        yield from catalog.link_sources(ordered[start : start + WRITTEN])


def resolve_references(
    catalog: Catalog,
    titles: TitleIndex,
    present: set[str],
    gone: set[str],
    bulk: bool,
    changes: Changes,
) -> set[str]:
    """Store the references of ``present`` articles and re-resolve other articles' references
    that the change may affect. Returns the articles whose links changed."""
    touched: set[str] = set()
    rows = []
    for source, _title, when, see_also in _sources(catalog, present):
        touched.add(source)
        for position, written in enumerate(json.loads(see_also)):
            found = titles.resolve(written, source, when)
            if not written.strip():
                continue
            rows.append(_ref_row(source, position, written, found))
            if found.target:
                touched.add(found.target)
        if len(rows) >= WRITTEN:  # not every reference of a build held at once
            catalog.link_put_refs(rows)
            rows = []
    catalog.link_put_refs(rows)
    if bulk:
        return touched

    # Other articles' references: those that pointed at a changed or removed article, and
    # unresolved or fuzzily resolved ones a new title may now match better.
    changed_ids = present | gone
    again = {r[0]: r for r in catalog.link_refs_where("target IN ({})", changed_ids)}
    # Only a new or retitled article can answer references that matched nothing or only
    # fuzzily, and only a new one by its id or path; a reference to a title several articles
    # have picks the one dated nearest, so a new, retitled or redated one may take it over.
    # A title and date as they were match nothing new.
    written = present & changes.written
    added = {i for i in written if i not in changes.stored}
    retitled = {
        i for i in written - added if normalise_title(changes.stored[i][0]) != titles.norm[i]
    }
    redated = {i for i in written - added if (changes.stored[i][1] or "") != titles.dates[i]}
    norms = {titles.norm[i]: i for i in added | retitled}
    shared = {titles.norm[i] for i in redated} | set(norms)
    tied = [json.dumps(i) for i in redated]  # as a tie's ``others`` (JSON) names them
    if not shared:
        return _re_resolve(catalog, titles, again, touched)
    for r in catalog.link_refs_where("1"):
        if r[1] in changed_ids:
            continue
        loose = r[5] is None or r[6] == "fuzzy"
        if (
            r[4] in shared
            or (loose and added and looks_like_path(r[3]))
            or any(name in (r[8] or "") for name in tied)
        ):
            again[r[0]] = r
    loose = [r for r in catalog.link_refs_where("target IS NULL") if r[1] not in changed_ids]
    if loose and norms:
        choices = [r[4] for r in loose]
        for norm in norms:
            for _, _value, index in process.extract(
                norm,
                choices,
                scorer=titles.similarity,
                score_cutoff=FUZZY_THRESHOLD,
                limit=None,
            ):
                again[loose[index][0]] = loose[index]
    return _re_resolve(catalog, titles, again, touched)


def _re_resolve(
    catalog: Catalog, titles: TitleIndex, again: dict[int, tuple], touched: set[str]
) -> set[str]:
    """Resolve these stored references again; add the articles whose links moved."""
    dates = dict(catalog.link_dates(r[1] for r in again.values()))
    for rowid, source, _position, written, _norm, target, how, value, _others in again.values():
        found = titles.resolve(written, source, dates.get(source))
        if (found.target, found.how) != (target, how) or found.score != value:
            catalog.link_set_ref(
                rowid, found.target, found.how, found.score, json.dumps(found.others)
            )
            touched |= {source, *(t for t in (target, found.target) if t)}
    return touched


def _ref_row(source: str, position: int, written: str, found: Resolution) -> tuple:
    return (
        source,
        position,
        written,
        normalise_title(written),
        found.target,
        found.how,
        found.score,
        json.dumps(found.others),
    )
