"""Whole-text passes, after every run has been judged: short names join full ones, single
words find their entity, and in a sports story a city named as a club becomes the club.

``run_rules`` is the rules' entry point: judge each run, then these passes. Linear in the text:
names are joined through dictionaries of their tails, never by comparing pairs.
"""

from __future__ import annotations

from collections.abc import Callable

from index.entities.clubs import city_kind, club_cue, is_sports, shares_cue
from index.entities.gazetteer import GazEntry
from index.entities.rules import SURNAME_PARTICLES, Rules
from index.entities.spans import Doc, Found, runs, sentence_start, tokenize


def run_rules(
    rules: Rules, text: str, gaz: list[tuple[int, int, GazEntry]], extra: Callable[[Doc], None]
) -> Doc:
    doc = Doc(text)
    doc.sports = is_sports(text, rules.sports)
    for run in runs(text, tokenize(text, gaz)):
        rules.judge(doc, run)
    extra(doc)
    resolve_people(rules, doc)
    if doc.sports:
        relabel_clubs(doc)
    return doc


def relabel_clubs(doc: Doc) -> None:
    """In a sports story, a city named as a club is the club in every mention."""
    text = doc.text
    clubs = {f.name for f in doc.found if f.label == "ORG"}
    for f in doc.found:
        if f.label in ("GPE", "LOC") and city_kind(f.kind) and club_cue(text, f.start, f.end):
            clubs.add(f.name)
    for f in doc.found:
        if f.name in clubs and f.label in ("GPE", "LOC") and (city_kind(f.kind) or f.kind < 0):
            f.label, f.key = "ORG", f"ORG:{f.name.lower()}"


def resolve_people(rules: Rules, doc: Doc) -> None:
    """Join short names to the fullest name of the same person (or organisation)."""
    people = [f for f in doc.found if f.label == "PERSON"]
    full: dict[tuple[str, ...], Found] = {}
    # Every tail of a longer name ("W Bush", "Bush") and the name without its initials
    # ("George Bush" for "George W Bush") point to the longest name seen first.
    shorter: dict[tuple[str, ...], Found] = {}
    for f in sorted(people, key=lambda f: -len(f.name.split())):
        toks = tuple(f.name.split())
        longer = shorter.get(toks)
        if longer is not None and longer.name != f.name:
            f.name, f.key = longer.name, longer.key
        full.setdefault(toks, f)
        target = longer or f
        for n in range(1, len(toks)):
            shorter.setdefault(toks[n:], target)
        core = tuple(t for t in toks if len(t.rstrip(".")) > 1)
        if len(core) >= 2 and core != toks:
            shorter.setdefault(core, target)
    surnames: dict[str, tuple[Found, str]] = {}
    for toks, f in full.items():
        if len(toks) >= 2:
            particle = toks[-2] if toks[-2] in SURNAME_PARTICLES else ""
            surnames.setdefault(toks[-1], (f, particle))
    heads: dict[str, Found] = {}
    for f in doc.found:
        words = f.name.split()
        if f.label == "ORG" and len(words) >= 2 and len(words[0]) >= 3:
            w = words[0]
            if w not in rules.common and w not in rules.blockers and w not in rules.org_words:
                heads.setdefault(w, f)
    for it, kind in doc.singles:
        found: Found | None = None
        if it.text in doc.acronyms:
            a = doc.acronyms[it.text]
            found = Found(it.start, it.end, a.label, a.name, a.key)
        elif it.text in surnames:
            p, particle = surnames[it.text]
            start = it.start
            if particle and doc.text[max(0, start - len(particle) - 1) : start] == particle + " ":
                start -= len(particle) + 1  # "van Aalten"
            found = Found(start, it.end, "PERSON", p.name, p.key)
        elif it.text in heads:
            h = heads[it.text]
            found = Found(it.start, it.end, h.label, h.name, h.key)
        elif it.gaz is None and (
            (doc.sports and club_cue(doc.text, it.start, it.end_full))
            or shares_cue(doc.text, it.start, it.end_full)
        ):
            found = Found(it.start, it.end, "ORG", it.text, f"ORG:{it.text.lower()}")
        elif kind == "gaz" and it.gaz is not None:
            rules.emit_gaz_now(doc, it)
        elif (
            kind == ""
            and it.gaz is None
            and it.text in rules.given
            and it.text.lower() not in doc.lower_words()
            and not sentence_start(doc.text, it.start)
        ):
            found = Found(it.start, it.end, "PERSON", it.text, f"PERSON:{it.text.lower()}")
        elif kind == "strong":
            label = "ORG" if it.text.isupper() else "PERSON"
            found = Found(it.start, it.end, label, it.text, f"{label}:{it.text.lower()}")
        elif kind == "place" and it.text.lower() not in doc.lower_words():
            found = Found(it.start, it.end, "GPE", it.text, f"GPE:{it.text.lower()}")
        if found is not None:
            doc.found.append(found)
