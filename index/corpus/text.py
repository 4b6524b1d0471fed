"""Turning untrusted bytes into clean text: decoding, control characters, escape sequences."""

from __future__ import annotations

import codecs
import html
import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other
# two-character escapes. Each alternative is linear: no nested quantifiers.
_ANSI = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]              # CSI: colours, cursor moves
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC: titles, hyperlinks (OSC 8)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?       # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]?                    # any other escape
    | \x9b[0-?]*[ -/]*[@-~]               # 8-bit CSI
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides
# and isolates that can make text display in an order other than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(text: str) -> str:
    """``&#163;1.8m`` as the "£1.8m" it stands for: news text copied from web pages keeps
    HTML character references. Only whole references are replaced; a bare ``&`` stays."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda match: html.unescape(match.group()), text)


def clean(text: str) -> str:
    """Unify line endings and remove everything that could drive a terminal."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI.sub("", text)
    return _CONTROL.sub("", text)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; return the text and a warning ("" when the bytes were clean UTF-8).

    A byte-order mark selects UTF-16/32 or UTF-8; otherwise UTF-8, with invalid bytes
    replaced (and reported) rather than the file refused.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), ""
            except UnicodeDecodeError:
                return data.decode(encoding, errors="replace"), f"invalid {encoding} replaced"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        return text, f"invalid UTF-8 at byte {error.start} replaced"


# Control bytes, but for tab, newline, carriage return and escape (deleted by ``translate``:
# counting them so is ~50x faster than a Python loop over the bytes).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 13, 27))


def looks_binary(data: bytes) -> bool:
    """True for images, archives and other non-text renamed to .txt.

    Text in UTF-16/32 has a byte-order mark. Otherwise the first 8 KB decide: mostly
    control bytes (NULs included), or some control bytes in what is not valid UTF-8, mean
    the file is not text. A stray NUL in otherwise good UTF-8 text is not enough: that text
    loads, with the NUL removed.
    """
    head = data[:8192]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return False
    controls = (len(head) - len(head.translate(None, _CONTROLS))) / len(head)
    if controls > 0.3:
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return controls > 0.01
    return False
