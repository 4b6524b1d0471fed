"""Offline named-entity extraction for news articles.

    >>> from index.entities.extractor import Extractor
    >>> ex = Extractor()
    >>> mentions = ex.extract(text)        # sorted, non-overlapping ``Mention``s
    >>> entities = ex.entities(mentions)   # one ``Entity`` per real thing, with counts

Three layers, all linear in the text, which is read with its lines of encoded data (a
uuencoded or base64 attachment) blanked out (``encoded``):

1. a case-sensitive pyahocorasick automaton over the gazetteer (``entities_data``), matched on
   word boundaries, longest first;
2. linear-time regexes for DATE, MONEY, PERCENT, QUANTITY and CARDINAL (``entities_values``);
3. rules for capitalised spans with cues: titles, organisation words, "said", acronym
   definitions, surname joining (``entities_rules``).

Keys are stable across articles: ``"{label}:{canonical name lowercased}"`` for names
(``PERSON:aleksandr lukashenko``) and ``"{label}:{normalised value}"`` for values
(``MONEY:USD 50000000-65000000``, ``DATE:--04-10``).

``backend="spacy"`` adds a spaCy pipeline's entities (when spaCy is importable) under this
module's typing, keys and merging; the default needs no spaCy.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import ahocorasick

from index.corpus.encoded import blank_encoded
from index.entities.casing import recase
from index.entities.gazetteer import USER, GazEntry, base_entries, demonyms
from index.entities.resolve import run_rules
from index.entities.rules import Rules
from index.entities.spans import Doc, Found, LowerWords, sentence_start
from index.entities.values import find_values
from index.model import Entity, Mention

__all__ = ["Extractor", "extract", "capped", "VALUE_LABELS", "LABELS", "MAX_MENTIONS"]

VALUE_LABELS = frozenset({"DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
# At most this many mentions per text, the first ones: a real article, even a long one, has a
# few hundred; past this it is a table, a list of names or junk, and the rest would flood the
# corpus's entity lists. ``capped(mentions)`` says when a text hit the cap.
MAX_MENTIONS = 2_000
_DAY_WORDS = frozenset({"Today", "Tonight", "Tomorrow", "Yesterday"})
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", *sorted(VALUE_LABELS))
_SPACY_LABELS = {
    "PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC",
    "NORP": "NORP", "FAC": "LOC",
}  # fmt: skip


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


@functools.lru_cache(maxsize=1)
def _rules() -> Rules:
    return Rules()


@functools.lru_cache(maxsize=1)
def _norp_links() -> dict[str, str]:
    return {
        f"NORP:{adj.lower()}": (f"GPE:{country.lower()}" if country else "")
        for adj, country in demonyms().values()
    }


class Extractor:
    """Finds mentions in one text at a time; build once, reuse for every article."""

    def __init__(
        self,
        extra: Mapping[str, Sequence[str]] | None = None,
        aliases: Mapping[str, Sequence[str]] | None = None,
        suppress: Sequence[str] = (),
        backend: str = "rules",
        *,
        nlp: Any = None,
    ) -> None:
        if backend not in ("rules", "spacy"):
            raise ValueError(f"unknown entity backend {backend!r}: use 'rules' or 'spacy'")
        self.backend = backend
        self.suppress = frozenset(s.strip().lower() for s in suppress)
        self.rules = _rules()
        entries: list[tuple[str, GazEntry]] = []
        for label, names in (extra or {}).items():
            for name in names:
                entries.append((name, GazEntry(label.upper(), name, USER)))
        # Aliases: canonical -> alias list. The alias takes the canonical's label when known.
        known = {s: e for s, e in reversed(base_entries())}
        known.update((s, e) for s, e in entries)
        self.alias_of: dict[str, str] = {}
        for canonical, names in (aliases or {}).items():
            target = known.get(canonical)
            for alias in names:
                self.alias_of[alias.lower()] = canonical
                if target is not None:
                    entries.append(
                        (alias, GazEntry(target.label, target.name, USER, link=target.link))
                    )
        self.alias_of.update({c.lower(): c for c in (aliases or {})})
        self.automaton = self._build(entries)
        self.nlp = nlp
        if backend == "spacy" and nlp is None:
            self.nlp = _default_spacy()

    @staticmethod
    def _build(user: list[tuple[str, GazEntry]]) -> Any:
        if not user:
            return _default_automaton()
        a = ahocorasick.Automaton()
        for surface, entry in [*user, *base_entries()]:
            if surface not in a:
                a.add_word(surface, (len(surface), entry))
        a.make_automaton()
        return a

    # ---- extraction ---------------------------------------------------------------------
    def gazetteer(self, text: str) -> list[tuple[int, int, GazEntry]]:
        """Longest non-overlapping gazetteer matches on word boundaries."""
        hits: list[tuple[int, int, GazEntry]] = []
        n = len(text)
        for end, (length, entry) in self.automaton.iter(text):
            start = end - length + 1
            if start > 0 and _is_word_char(text[start - 1]):
                continue
            if end + 1 < n and _is_word_char(text[end + 1]) and _is_word_char(text[end]):
                continue
            hits.append((start, end + 1, entry))
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        out: list[tuple[int, int, GazEntry]] = []
        last = 0
        for h in hits:
            if h[0] >= last:
                out.append(h)
                last = h[1]
        return out

    def extract(self, text: str) -> list[Mention]:
        """Every mention in ``text``, sorted by start and non-overlapping."""
        if not text:
            return []
        prose = blank_encoded(text)  # same offsets, no names read in a uuencoded file
        read = recase(prose, _LowerWords(self.rules.lower_common, prose), self._known)
        doc = run_rules(self.rules, read, self.gazetteer(read), self._add_spacy)
        found: list[Found] = list(doc.found)
        for start, end, label, value in find_values(read):
            if label == "CARDINAL" and self._is_designator(read, start, end):
                continue
            if read[start:end] in _DAY_WORDS and not sentence_start(read, start):
                continue  # "the Today programme": capitalised mid-sentence, a name
            found.append(Found(start, end, label, value, f"{label}:{value}"))
        return self._finish(text, found)

    def _known(self, surface: str) -> bool:
        """A gazetteer name that is not an English word in capitals ("US", "WHO")."""
        hit = self.automaton.get(surface, None)
        return hit is not None and not hit[1].caps_word

    def _is_designator(self, text: str, start: int, end: int) -> bool:
        """A number that names or orders, not counts: 'Article 5', 'Boeing 737', '1.' in a list,
        '24:31' in a time."""
        if start == 0 or text[start - 1] == "\n":
            return text[end : end + 2] in (". ", ") ") or text[end : end + 1] == ")"
        c = text[start - 1]
        if c not in " \u00a0":
            return c not in "(~≈\"“'‘[-–—"
        words = text[max(0, start - 30) : start].split()
        w = words[-1] if words else ""
        return bool(w) and w[0].isupper() and w not in self.rules.common and w[-1].isalpha()

    def _finish(self, text: str, found: list[Found]) -> list[Mention]:
        found.sort(key=lambda f: (f.start, f.start - f.end))
        out: list[Mention] = []
        last = 0
        for f in found:
            if f.start < last or f.end <= f.start:
                continue
            name, key = f.name, f.key
            if self.alias_of:
                canonical = self.alias_of.get(name.lower()) or self.alias_of.get(
                    text[f.start : f.end].lower()
                )
                if canonical and f.label not in VALUE_LABELS:
                    name, key = canonical, f"{f.label}:{canonical.lower()}"
            surface = text[f.start : f.end]
            if self.suppress and (
                surface.lower() in self.suppress or name.lower() in self.suppress
            ):
                continue
            out.append(Mention(f.start, f.end, surface, f.label, key, name))
            last = f.end
            if len(out) >= MAX_MENTIONS:
                break
        return out

    def _add_spacy(self, doc: Doc) -> None:
        """With the spaCy backend: add the pipeline's entities where the rules found none."""
        if self.nlp is None:
            return
        taken = sorted((f.start, f.end) for f in doc.found)
        for ent in self.nlp(doc.text).ents:
            label = _SPACY_LABELS.get(ent.label_)
            if label is None:
                continue
            start, end = ent.start_char, ent.end_char
            span = doc.text[start:end]
            if span.lower().startswith("the "):
                start += 4
            if span.endswith(("'s", "’s")):
                end -= 2
            if end <= start or any(s < end and start < e for s, e in taken):
                continue
            name = " ".join(doc.text[start:end].split())
            doc.found.append(Found(start, end, label, name, f"{label}:{name.lower()}"))

    # ---- merging ------------------------------------------------------------------------
    def entities(self, mentions: Sequence[Mention]) -> list[Entity]:
        """One ``Entity`` per key, sorted by label, then count (highest first), then name."""
        groups: dict[str, list[Mention]] = {}
        for m in mentions:
            groups.setdefault(m.key, []).append(m)
        links = _norp_links()
        out = []
        for key, ms in groups.items():
            first = ms[0]
            label = first.label
            value = key.split(":", 1)[1] if label in VALUE_LABELS else ""
            # A value is shown as the text first wrote it ("April 10"), not as "--04-10"; a
            # place as the text writes it ("Kiev", "New York"), not as the gazetteer spells it.
            name = first.text if value else first.name
            if label in ("GPE", "LOC") and all(m.text != name for m in ms):
                name = Counter(m.text for m in ms).most_common(1)[0][0]
            aliases = tuple(dict.fromkeys(m.text for m in ms if m.text != name))
            link = links.get(key, "") if label == "NORP" else ""
            out.append(Entity(key, name, label, aliases, len(ms), value, link))
        order = {lab: i for i, lab in enumerate(LABELS)}
        out.sort(key=lambda e: (order.get(e.label, len(order)), e.label, -e.count, e.name))
        return out


@functools.lru_cache(maxsize=1)
def _default_automaton() -> Any:
    a = ahocorasick.Automaton()
    for surface, entry in base_entries():
        if surface not in a:
            a.add_word(surface, (len(surface), entry))
    a.make_automaton()
    return a


def _default_spacy() -> Any:
    """The best spaCy pipeline available offline: en_core_web_sm if installed, else None."""
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load("en_core_web_sm", exclude=["parser", "lemmatizer"])
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def _default() -> Extractor:
    return Extractor()


def extract(text: str) -> list[Mention]:
    """Mentions in ``text`` with the default extractor (built once per process)."""
    return _default().extract(text)


def capped(mentions: Sequence[Mention]) -> bool:
    """Did the text these mentions came from hit ``MAX_MENTIONS`` (so some were dropped)?"""
    return len(mentions) >= MAX_MENTIONS


class _LowerWords:
    """The words written in lower case: common English words and those ``text`` writes so
    (``spans.LowerWords``, looked up only when a line in capitals asks; a copy of the
    common words per article was a twentieth of extraction)."""

    def __init__(self, common: frozenset[str], text: str) -> None:
        self.common = common
        self.own = LowerWords(text)

    def __contains__(self, word: object) -> bool:
        return word in self.common or word in self.own
