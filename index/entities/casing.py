"""All-caps text read in title case, so the name rules can see names in it.

Headlines, datelines and tables are often set in capitals ("LONDON 1996-12-06",
"SOCCER - LEAGUE RESULTS"); every word there looks like a name or an acronym. ``recase``
returns a copy of the text, of the same length and with the same offsets, in which

* a short line (a headline, dateline or table row) set mostly in capitals has each word in
  title case ("Soccer - League Results"), except a short word never seen in lower case
  elsewhere in the text and an acronym the gazetteer knows ("UN", "NATO"), which stay;
* elsewhere, a run of capitalised words whose title case is a gazetteer name ("NEW YORK" in
  "NEW YORK 5 Boston 3") is read in title case.

The rules run on the recased copy; mentions keep the text as written. Linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

_LETTERS = re.compile(r"[^\W\d_]+")
_CAPS_RUN = re.compile(r"(?<![\w'’])[^\W\d_]{2,}(?: [^\W\d_]{2,})*(?![\w'’])")
_TWO_CAPS = re.compile("[A-Z][A-Z]")
_SHORT = 4  # words this short may be acronyms ("BBC", "NATO")
# Headlines, datelines and table rows are short; a longer line in capitals is shouting, and
# reading it in title case would turn every word into a name.
MAX_CAPS_LINE = 200


def _title(word: str) -> str:
    out = word[:1] + word[1:].lower()
    return out if len(out) == len(word) else word


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def caps_line(line: str) -> bool:
    """Mostly capitals: at least four capitals and lower case under 30% of the letters."""
    if line.isascii():  # counted in C: a loop over the characters was a sixth of extraction
        data = line.encode("ascii")
        upper = len(data) - len(data.translate(None, _ASCII_UPPER))
        lower = len(data) - len(data.translate(None, _ASCII_LOWER))
    else:
        upper = lower = 0
        for c in line:
            if c.isupper():
                upper += 1
            elif c.islower():
                lower += 1
    return upper >= 4 and lower < upper * 0.3


def has_capital(text: str) -> bool:
    if text.isascii():
        return text != text.lower()
    return any(c.isupper() for c in text)


def recase(text: str, lower_words: Container[str], known: Callable[[str], bool]) -> str:
    """``text`` with all-caps words in title case (same length, same offsets).

    ``lower_words`` are the words the text uses in lower case; ``known(s)`` says whether ``s``
    is a gazetteer name.
    """
    if not has_capital(text):
        return text
    parts: list[str] = []
    for line in text.split("\n"):
        if len(line) <= MAX_CAPS_LINE and caps_line(line):
            parts.append(_recase_caps_line(line, lower_words, known))
        elif has_capital(line):
            parts.append(_recase_mixed_line(line, known))
        else:
            parts.append(line)
    out = "\n".join(parts)
    return out if len(out) == len(text) else text


def _recase_caps_line(line: str, lower_words: Container[str], known: Callable[[str], bool]) -> str:
    out: list[str] = []
    last = 0
    for m in _LETTERS.finditer(line):
        word = m.group()
        s = m.start()
        out.append(line[last:s])
        last = m.end()
        prev = line[s - 1] if s else ""
        if prev in "'’" and s >= 2 and line[s - 2].isalpha():
            out.append(word.lower())  # "FRIDAY'S" -> "Friday's"
        elif not word.isupper() or len(word) == 1:
            out.append(word)
        elif known(word):
            out.append(word)  # an acronym the gazetteer knows
        elif len(word) <= _SHORT and word.lower() not in lower_words and not known(_title(word)):
            out.append(word)  # a short word never written in lower case: an acronym
        else:
            out.append(_title(word))
    out.append(line[last:])
    return "".join(out)


def _recase_mixed_line(line: str, known: Callable[[str], bool]) -> str:
    # Only a run in capitals changes, and in ASCII text it has two capitals side by side:
    # most lines have none, and looking for them is cheaper than for runs (every word is).
    if line.isascii() and not _TWO_CAPS.search(line):
        return line
    if not _CAPS_RUN.search(line):
        return line
    out: list[str] = []
    last = 0
    for m in _CAPS_RUN.finditer(line):
        run = m.group()
        if not run.isupper() or known(run):
            continue
        titled = " ".join(_title(w) for w in run.split(" "))
        if known(titled):
            out.append(line[last : m.start()])
            out.append(titled)
            last = m.end()
    out.append(line[last:])
    return "".join(out)
