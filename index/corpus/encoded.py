"""Encoded data in a text (uuencode, base64) is not prose: what reads a text for its words
(the entity extractor, the surface words of fuzzy search and "did you mean", the key terms
of related stories) reads it as blanks; the full-text index keeps it, as the file has it.

Mail and newsgroup archives, and pages scraped with their attachments, carry binary files
as text. A uuencoded file is lines of 61 characters from " " to "`" (no lower case), each
opening with "M" (45 bytes), most of them digits and symbols; base64 (MIME parts, PGP
armour) is lines of 40 or more letters, digits, "+" and "/" without a space. Read as prose
they were names and numbers by the thousand: one 60 KB post of 20 Newsgroups gave its
2,000 mentions (the cap) to people called "P", "M" and "B", percentages and sums of money,
and six such posts of 2,263 took a fifth of the time extracting them all took. Their letter
runs were a tenth of the corpus's surface words ("dxta", "thuy"), which fuzzy search offered
for "data~" and "they~", finding the attachment.
"""

from __future__ import annotations

import re

# A uuencoded line: "M", then capitals, digits, punctuation and spaces, 30 to 61 characters
# in all (a reader may have squeezed its runs of spaces), at least 16 of them neither a
# letter nor a space (a random line has ~35; a row of a table in capitals, seven numbers,
# ~13). Three in a row (blank lines between allowed) are data.
_UU_LINE = r"M(?=[ -`]{29,60}$)(?:[A-Z ]*[!-@\[-`]){16}[ -`]*"
_ENCODED = re.compile(
    rf"^(?:{_UU_LINE}(?:\n+{_UU_LINE}){{2,}}|[A-Za-z0-9+/]{{40,}}={{0,2}})$", re.MULTILINE
)
_BLANK = str.maketrans({chr(c): " " for c in range(0x21, 0x7F)})  # all but "\n" and " "


def blank_encoded(text: str) -> str:
    """``text`` with its encoded lines made spaces (same length, same line breaks)."""
    return _ENCODED.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return match[0].translate(_BLANK)
