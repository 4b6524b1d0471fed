"""Dates from untrusted text: front matter values, feed and page metadata, datelines.

A date comes with its precision ("day", "month" or "year"): "2024-03" says the month, not
the first of it. ``parse_date`` reads one written value (ISO 8601, RFC 822 as feeds write it,
"3 March 2024", "March 3, 2024", ...); ``dateline`` finds the date a news story opens with
("KORVIA CITY, March 3, 2024 — ..."), which is the story's date when nothing else says.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

DAY, MONTH, YEAR = "day", "month", "year"
EARLIEST, LATEST = 1800, 2200  # years outside are typos, not news

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(
    r"(?P<year>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_SLASHED = re.compile(r"(?P<year>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$")
_DAY_MONTH = re.compile(
    r"(?:\w+,?\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"(?:\w+,?\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?P<year>\d{4})$", re.IGNORECASE)
# A dateline: up to six capitalised words (a place, an agency), then the date, then a dash,
# a colon, a parenthesis, a comma or the end of the line, at the very start of a paragraph.
_PLACE = r"(?:[A-Z(][\w'’.()/-]*(?:\s+[A-Z(][\w'’.()/-]*){0,5})?,?\s*"
_WRITTEN = (
    r"(?:\w+,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?i:"
    + _MONTH
    + r"),?\s+\d{4}|(?i:"
    + _MONTH.replace("month", "month2")
    + r")\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
_DATELINE = re.compile(
    "^" + _PLACE + "(?P<when>" + _WRITTEN + r"|\d{4}-\d{2}-\d{2})\s*(?:[-–—:(/,]|\s-|$)"
)


def parse_date(value: Any) -> tuple[date, str] | None:
    """A date and its precision from a written value, or None when it is not one."""
    if isinstance(value, datetime):
        return value.date(), DAY
    if isinstance(value, date):
        return value, DAY
    if isinstance(value, int) and not isinstance(value, bool):
        return _make(value, 1, 1, YEAR)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:80]
    if not text:
        return None
    match = _ISO.match(text) or _SLASHED.match(text)
    if match:
        month, day = match.group("m"), match.group("d")
        precision = DAY if day else MONTH if month else YEAR
        return _make(int(match.group("year")), int(month or 1), int(day or 1), precision)
    if re.match(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        try:  # RFC 822, as RSS writes it: "Tue, 05 Mar 2024 10:00:00 GMT"
            return parsedate_to_datetime(text).date(), DAY
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.match(text)
        if match:
            month_number = _MONTHS[match.group("month").lower()]
            return _make(int(match.group("year")), month_number, int(match.group("day")), DAY)
    match = _MONTH_YEAR.match(text)
    if match:
        return _make(int(match.group("year")), _MONTHS[match.group("month").lower()], 1, MONTH)
    return None


def dateline(paragraph: str) -> date | None:
    """The date a story's first paragraph opens with, if it has one with a year."""
    match = _DATELINE.match(paragraph[:160])
    if not match:
        return None
    found = parse_date(match.group("when"))
    return found[0] if found else None


def _make(year: int, month: int, day: int, precision: str) -> tuple[date, str] | None:
    if not EARLIEST <= year <= LATEST:
        return None
    try:
        return date(year, month, day), precision
    except ValueError:
        return None
