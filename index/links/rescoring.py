"""Related lists updated in place after a small update, where ranking them again would
move only the changed articles' own rows.

An article's list holds, best first, its candidates' scores: each pair's score (words,
entities, links) plus its echo, the pair's resemblance to the list's top matches
(``candidates._echo``). When an update changes an article C that sits below a list's top
and stays below it, only C's row can move: its pair score and its echo are worked out
again, against the same top, and the list is sorted again; a list that did not hold C
(one of C's new neighbours) takes it in where it now scores above the list's last. Ranking
a list again (``build._rank_one``) costs a candidate search and ~60 profiles, ~25 ms at
10,000 articles; this costs C's profile and the top's. One file edited there touches ~20
lists.

Where the change could move more than C's row, ``rescore`` declines and the caller ranks
the list again: C at the top (before or after: the top's centroid moves every echo), C a
copy or near copy, a held C under the score floor or last in a full list (a candidate that
was not stored might now rank above it), a removed article held, a list of under three.
Two things differ from ranking again: rows whose scores tie to the fourth decimal may
swap, and C stays in a list where its score keeps it even when the candidate search (the
heaviest articles of each key term) would no longer have found it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from index.links import related as rel
from index.links.related import Profile, Scored

if TYPE_CHECKING:
    from index.store.catalog import Catalog

Profiles = Callable[[Iterable[str]], dict[str, Profile]]
UP_TO = 20  # changed articles an update may have for lists to be updated in place


def rescore(
    catalog: Catalog, article_id: str, changed: set[str], gone: set[str], profiles: Profiles
) -> bool:
    """Update ``article_id``'s stored list in place for the ``changed`` articles: each it
    holds scored again, each it does not hold put in where it now scores above the last;
    False (nothing written) where the list must be ranked again."""
    rows = [(r[0], float(r[1]), str(r[2])) for r in catalog.link_related(article_id, rel.STORED)]
    listed = {other for other, _s, _r in rows}
    if len(rows) < 3 or listed & gone:
        return False  # (a list of under three has no echo: ranked again, it costs little)
    old_top = _top(rows)
    if changed & set(old_top):
        return False
    found = profiles([article_id, *changed, *old_top])
    a = found.get(article_id)
    if a is None or any(i not in found for i in [*changed, *old_top]):
        return False
    cites, cited = catalog.link_see_also(article_id)
    top = [(_pre_echo(s, r), found[o]) for o, s, r in rows if o in old_top]
    new = {}
    for other in changed - {article_id}:
        b = found[other]
        linked = other in cites or other in cited
        known = rel.similarities(a, b, linked)
        if _copy(a, b, known, top):
            return False  # its copies' lists move, and the echo's top may
        scored = _score(a, b, other in cites, other in cited, known, top)
        if scored is None:
            if other in listed:
                return False  # out of the list: another may take its place
            continue  # under the floor, as before: not listed
        new[other] = scored
    rows = [row for row in rows if row[0] not in new]
    rows += [(o, scored.score, rel.reasons_json(scored)) for o, scored in new.items()]
    rows.sort(key=lambda r: (-r[1], r[0]))
    full = len(rows) >= rel.STORED
    del rows[rel.STORED :]
    if _top(rows) != old_top or (full and rows[-1][0] in listed & changed):
        return False  # the top moved, or a held one fell to the end of a full list
    numbers = catalog.link_numbers([article_id, *(o for o, _s, _r in rows)])
    catalog.link_put_related(numbers[article_id], [(numbers[o], s, r) for o, s, r in rows])
    return True


def _copy(
    a: Profile, b: Profile, known: tuple[float, float], top: list[tuple[float, Profile]]
) -> bool:
    """Is ``b`` a copy or near copy of ``a``, or a copy of one of the echo's top?"""
    if b.text_hash and any(b.text_hash == t.text_hash for t in [a, *(t for _w, t in top)]):
        return True
    return known[1] >= rel.NEAR_DUPLICATE * a.term_norm * b.term_norm


def _score(
    a: Profile,
    b: Profile,
    cites: bool,
    cited: bool,
    known: tuple[float, float],
    top: list[tuple[float, Profile]],
) -> Scored | None:
    """``b``'s row in ``a``'s list, as ``candidates.rank`` scores it with this echo top
    (``known``: the pair's similarities), or None under the floor."""
    total = rel.blended(cites, cited, *known)
    if total < rel.MIN_SCORE:
        return None
    echo = 0.0
    mass = sum(weight for weight, _t in top)
    if rel.ECHO and mass > 1e-9:
        resemblance = sum(
            weight * rel.dot(b.terms, t.terms, b.terms.keys() & t.terms.keys()) for weight, t in top
        )
        echo = rel.ECHO * max(resemblance, 0.0) / mass
    return rel.score(a, b, cites, cited, known, echo)


def _top(rows: list[tuple[str, float, str]]) -> list[str]:
    """The ids of the list's echo top: its ``ECHO_TOP`` best by score before the echo,
    each scoring at least ``ECHO_FLOOR`` of the best (as ``candidates._echo`` picks them)."""
    before = sorted(((-_pre_echo(s, r), o) for o, s, r in rows))
    if not before:
        return []
    floor = -before[0][0] * rel.ECHO_FLOOR
    return [o for minus, o in before[: rel.ECHO_TOP] if -minus >= floor]


def _pre_echo(score: float, reasons: str) -> float:
    """A row's score without its echo (the echo part its reasons record, from 0.01)."""
    return score - sum(w for kind, _items, w in json.loads(reasons) if kind == "o")
