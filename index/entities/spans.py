"""Spans of text for the name rules: capitalised tokens, gazetteer items, runs.

The text is read once, left to right, as *items* (gazetteer matches and capitalised tokens,
with any possessive split off) grouped into *runs*: items separated by one space, by ". "
after an initial or abbreviation, or by a connector (" of ", " & ", " van "). Everything here
is linear in the text; ``Doc`` holds the per-text state the rules share.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from index.entities.casing import caps_line
from index.entities.gazetteer import GazEntry


def _upper_class() -> str:
    """A regex character class of every uppercase letter in the Basic Multilingual Plane."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if chr(cp).isupper():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = []
    for a, b in ranges:
        parts.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
    return "".join(parts)


_UP = _upper_class()
# A capitalised token, not glued to a word, an apostrophe or a hyphen before it. The capital
# comes first and the look-behind after it, so that re scans for capitals (a fast scan).
CAP_TOKEN = re.compile(rf"[{_UP}](?<![\w'’-][{_UP}])[\w'’-]*")
LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]+")
_NEWLINE = re.compile("\n")
_WORD3 = re.compile(r"[^\W\d_]{3,}")
_CAP3 = re.compile(rf"[{_UP}][^\W\d_]{{2,}}")
_POSSESSIVE = ("'s", "’s")
# Lower-case words a title-cased headline keeps ("Exodus of Afghans"); any other lower-case
# word ("Tony Blair met Gordon Brown") makes the line a sentence.
_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off",
    "on", "onto", "or", "over", "per", "the", "to", "up", "upon", "via", "vs", "with",
})  # fmt: skip
PARTICLES = frozenset(
    {" van ", " von ", " de ", " der ", " da ", " del ", " bin ", " ibn ", " du ", " dos ", " le "}
)
CONNECTORS = frozenset({" of ", " for ", " and ", " & ", " of the ", " for the "}) | PARTICLES
# Possessive words that stay inside a name: "People's Labour Party", "Workers' Union".
POSS_NAME_WORDS = frozenset(
    {"People", "Children", "Workers", "Women", "Men", "Veterans", "Farmers", "Citizens"}
)
ABBREVS = frozenset(
    ["Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sen", "Rep", "Prof", "St", "Rev", "Maj", "Capt"]
    + ["Sgt", "Adm", "Brig", "Jr", "Sr", "Gov"]
)


@dataclass(slots=True)
class Item:
    start: int
    end: int  # end of the name (before any possessive)
    text: str
    gaz: GazEntry | None = None
    end_full: int = 0  # end including a possessive
    conn: str = ""  # connector gap before this item inside a run ("" = plain space)

    @property
    def poss(self) -> bool:
        return self.end_full != self.end


@dataclass(slots=True)
class Found:
    start: int
    end: int
    label: str
    name: str
    key: str = ""
    kind: int = -1  # the gazetteer kind for a gazetteer match


class LowerWords:
    """The words ``text`` writes in lower case, as ``set(LOWER_WORD.findall(text))`` holds
    them, but only asked about: each word asked is looked up with ``str.find`` (and
    remembered). An article asks about a few words; listing all of its words took a
    twentieth of extraction."""

    __slots__ = ("seen", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[object, bool] = {}

    def __contains__(self, word: object) -> bool:
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = isinstance(word, str) and _written_lower(self.text, word)
        return found


def _written_lower(text: str, word: str) -> bool:
    """Whether ``LOWER_WORD`` matches ``word`` somewhere in ``text``: a run of at least two
    of a-z, not after a word character or an apostrophe or hyphen, and not followed by
    another of a-z (the match would go on)."""
    if len(word) < 2 or not (word.isascii() and word.isalpha() and word.islower()):
        return False
    size = len(word)
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + size : at + size + 1]
        if not (before.isalnum() or before in "_'’-") and not ("a" <= after <= "z"):
            return True
        at = text.find(word, at + 1)
    return False


@dataclass
class Doc:
    """Per-text state for one extraction."""

    text: str
    found: list[Found] = field(default_factory=list)
    # single tokens judged last: (token, cue) with cue "", "strong" (a person) or "place"
    singles: list[tuple[Item, str]] = field(default_factory=list)
    acronyms: dict[str, Found] = field(default_factory=dict)
    sports: bool = False  # a sports story: cities name clubs
    _lower: LowerWords | None = None
    _headlines: dict[int, bool] = field(default_factory=dict)
    _newlines: list[int] | None = None

    def lower_words(self) -> LowerWords:
        if self._lower is None:
            self._lower = LowerWords(self.text)
        return self._lower

    def in_headline(self, pos: int) -> bool:
        """Is ``pos`` on a headline-cased line (most words capitalised)? Judged once per line."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        i = bisect.bisect_left(self._newlines, pos)
        start = self._newlines[i - 1] + 1 if i > 0 else 0
        if start not in self._headlines:
            end = self._newlines[i] if i < len(self._newlines) else len(self.text)
            line = self.text[start:end]
            # Five words at least, four in five capitalised: under four capitalised words
            # (most lines) it is not, and the words need not be counted.
            caps = len(_CAP3.findall(line))
            self._headlines[start] = caps >= 4 and (
                (words := len(_WORD3.findall(line))) >= 5
                and caps >= 0.8 * words
                and all(w in _SMALL_WORDS for w in LOWER_WORD.findall(line))
            )
        return self._headlines[start]


def sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0([“‘":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\"”“'’—–|•*#>-"


def caps_context(text: str, start: int, end: int) -> bool:
    """True inside ALL-CAPS text, where "US" may be "us"."""
    return caps_line(text[max(0, start - 40) : start] + text[end : end + 40])


def prev_words(text: str, pos: int, n: int = 2) -> list[str]:
    return text[max(0, pos - 40) : pos].split()[-n:]


def tokenize(text: str, gaz: Iterable[tuple[int, int, GazEntry]]) -> Iterator[Item]:
    """Capitalised tokens and gazetteer matches, merged and sorted."""
    gaz_iter = iter(gaz)
    g = next(gaz_iter, None)
    for m in CAP_TOKEN.finditer(text):
        s, e = m.start(), m.end()
        while g is not None and g[1] <= s:
            yield _gaz_item(text, g)
            g = next(gaz_iter, None)
        if g is not None and g[0] < e:
            continue  # inside (or overlapping) a gazetteer match
        tok = m.group()
        name_end = e
        if tok.endswith(_POSSESSIVE):
            name_end = e - 2
        elif tok.endswith(("'", "’", "-")):
            name_end = e - 1
        if name_end > s:
            yield Item(s, name_end, text[s:name_end], None, e)
    while g is not None:
        yield _gaz_item(text, g)
        g = next(gaz_iter, None)


def _gaz_item(text: str, g: tuple[int, int, GazEntry]) -> Item:
    s, e, entry = g
    end_full = e
    if text.startswith(_POSSESSIVE, e):
        end_full = e + 2
    return Item(s, e, text[s:e], entry, end_full)


def runs(text: str, items: Iterable[Item]) -> Iterator[list[Item]]:
    run: list[Item] = []
    for it in items:
        if run:
            prev = run[-1]
            gap = text[prev.end_full : it.start]
            joined = (not prev.poss or prev.text in POSS_NAME_WORDS) and (
                gap in (" ", "\u00a0")
                or (gap == ". " and (prev.text in ABBREVS or len(prev.text) == 1))
                or gap in CONNECTORS
            )
            if joined:
                it.conn = gap if gap in CONNECTORS else ""
                run.append(it)
                continue
            yield run
        it.conn = ""
        run = [it]
    if run:
        yield run
