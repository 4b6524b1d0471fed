"""Organisations that look like places or people: clubs, firms, acronyms.

* A sports story (a sport word in its first line, "SOCCER - ...", or a results table) names
  clubs by their city: "Sunderland 2 Lyon 1", "Surrey beat Kent", "joined Newcastle". There a
  city, a state or an unknown name followed by a score, or next to "beat", "drew", "v", is
  the club (ORG), and so is every other mention of that name in the story.
* Club words make a run a club anywhere: "Manchester United", "Bristol Rovers", "Real Madrid"
  (``data/clubs.tsv``).
* "&" between capitalised names is a firm: "Douglas & Lomason", "Marks & Spencer".
* Shares: "shares of Acme", "Acme shares rose": the name is a company.
"""

from __future__ import annotations

import re

from index.entities.gazetteer import CITY, STATE, word_list

# A score or a table row after the name: "Sunderland 2", "Surrey 429-7", "CHICAGO 71 64".
_SCORE_AFTER = re.compile(r"(?:'s)? \(?\d(?!\d{3}-\d\d-\d\d)")
_VERB_AFTER = re.compile(
    r",? (?:beat|beats|drew|lost|won|v|vs\.?|hosts|hosted|routed|edged|thrashed|overcame|"
    r"defeated|trail|trailed|were|are|have|need|needed|clinched|signed|sacked|bought|sold)\b"
)
_BEFORE = re.compile(
    r"(?:\bbeat|\bv|\bvs\.?|\bagainst|\bdrew with|\blost to|\bjoined|\bsigned for|"
    r"\bdefeated|\bbeaten by|\bhosts|\bleft) $"
)
_SHARES = re.compile(r" (?:shares|stock|stake)\b")
_SHARES_BEFORE = re.compile(r"\b(?:[Ss]hares (?:of|in)|stake in|bid for|takeover of) $")
_SPORT_HEAD = re.compile(r"^[^\n]{0,40}?\b([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)\s[-–—:]")


def clubs_tsv() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(words before a club's city, words after it anywhere, words after it in sport only)."""
    before: set[str] = set()
    after: set[str] = set()
    sport_after: set[str] = set()
    for line in word_list("clubs.tsv"):
        word, _, where = line.partition("\t")
        where = where.strip()
        {"before": before, "after": after, "sport": sport_after}.get(where, after).add(word)
    return frozenset(before), frozenset(after), frozenset(sport_after)


def is_sports(text: str, sports: frozenset[str]) -> bool:
    """A sports story: its first line opens with a sport word ("SOCCER - ", "Tennis:")."""
    first = text[:120].lstrip()
    m = _SPORT_HEAD.match(first)
    if m and any(w in sports for w in m.group(1).split()):
        return True
    head = first.split("\n", 1)[0]
    return any(w.strip(".,:;-") in sports for w in head.split()[:3])


def club_cue(text: str, start: int, end: int) -> bool:
    """Does the context of text[start:end] say a club: a score after, a match verb around?"""
    if _SCORE_AFTER.match(text, end):
        return True
    if _VERB_AFTER.match(text, end):
        return True
    return bool(_BEFORE.search(text, max(0, start - 16), start))


def shares_cue(text: str, start: int, end: int) -> bool:
    return bool(_SHARES.match(text, end) or _SHARES_BEFORE.search(text, max(0, start - 16), start))


def city_kind(kind: int) -> bool:
    return kind in (CITY, STATE)
