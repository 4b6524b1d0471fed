"""Typed values: DATE, MONEY, PERCENT, QUANTITY and CARDINAL, found and normalised.

Every pattern is linear-time: alternations of fixed words, digit groups with distinct
separators, no nested quantifiers over overlapping classes. Each finder yields
``(start, end, label, value)``; ``value`` is the normalised form that also makes the key:

* DATE: ``2024-04-10``, ``--04-10`` (no year), ``2024-04``, ``--04``, ``2020``,
  ``2021/2022`` (a range), ``1990s``, ``monday``, ``last year``.
* MONEY: ``USD 50000000`` or ``USD 50000000-65000000``.
* PERCENT: ``5%`` or ``5-7%``.  QUANTITY: ``300 km``.  CARDINAL: ``150000``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"trillion|billion|million|thousand|tn|trn|bn|mn|m|b|k"
SCALES = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12, "trn": 10**12,
}  # fmt: skip
_L = r"(?<![\w.,])"  # left edge: not glued to a word or a number
_R = r"(?![\w%]|[.,]\d)"  # right edge

# ---- dates -------------------------------------------------------------------------------
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_MONTH_NAMES = frozenset(_MONTH_FULL.split("|"))


def _either_case(words: str) -> str:
    """ "today|last" -> "Today|today|Last|last": alternatives that each begin with a letter,
    not a class ("[Tt]oday"), so that re finds where they may start by a fast scan."""
    return "|".join(f"{w[0].upper()}{w[1:]}|{w}" for w in words.split("|"))


# Month names, day words and periods, found where they begin a word (``_starting_words``).
_MONTH_AT = re.compile(rf"(?:{_MONTH_FULL}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b")
_MCUES = "in since until till by from through last next this of during before after between"
_MONTH_CUES = frozenset(f"{_MCUES} and to or early late".split(" "))
_DATE_MDY = re.compile(rf"\b(?P<m>{_MONTH})\.? ?{_DAY}(?:,? (?P<y>(?:1[89]|20)\d\d)(?!\d))?")
_DATE_DMY = re.compile(
    rf"{_L}{_DAY} (?:of )?(?P<m>{_MONTH})\b(?:,? (?P<y>(?:1[89]|20)\d\d)(?!\d))?"
)
_DATE_MY = re.compile(rf"\b(?P<m>{_MONTH}),? (?P<y>(?:1[89]|20)\d\d)(?!\d)")
_DATE_ISO = re.compile(r"(?<![\w-])(?P<y>(?:1[89]|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?![\w-])")
_DATE_RANGE = re.compile(
    r"(?<![\w.,$€£-])(?P<y1>(?:1[89]|20)\d\d) ?(?:[-–—/]|to ) ?(?P<y2>(?:1[89]|20)?\d\d)"
    r"(?![\w%-]|[.,]\d)"
)
_DATE_BETWEEN = re.compile(
    r"(?P<y1>(?:1[89]|20)\d\d) (?:and|to|until|through) (?P<y2>(?:1[89]|20)\d\d)\b"
)
_CENTURIES = ("18", "19", "20")  # how the years of the patterns around begin
_DECADE = re.compile(r"(?<![\w.,$€£-])(?P<y>(?:1[89]|20)\d0)s\b")
_YEAR = re.compile(rf"(?:(?<![\w.,$€£¥₽/:-])|(?<=mid-))(?P<y>(?:1[89]|20)\d\d){_R}(?![-–/]\d)")
_DAYWORD = re.compile(rf"(?:{_WEEKDAY}|{_either_case('yesterday|today|tomorrow')})\b")
_PERIOD = re.compile(
    rf"(?:{_either_case('last|next|this|earlier this|later this|the past|the previous')}) "
    r"(?:week|month|year|decade|weekend|spring|summer|autumn|fall|winter)\b"
)
_WORD_CHAR = re.compile(r"\w")


def _starting_words(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` that begin a word, as ``finditer`` gives those of the
    pattern with ``(?<!\\w)`` in front. Without the look-behind first, re scans for the
    letters a match can begin with instead of trying every alternative at every position:
    these three patterns took a tenth of extraction the other way."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start = m.start()
        if start and _WORD_CHAR.match(text, start - 1):
            pos = start + 1  # inside a word: the next match may begin in this one
            continue
        yield m
        pos = max(m.end(), start + 1)


_CUES = "in since by until till through from of the a an early late mid before after during"
_YEAR_CUES = frozenset(
    f"{_CUES} between and to year years around circa spring summer autumn fall winter end".split(
        " "
    )
)
_NOUNS = "elections polls protests talks games olympics riots floods sanctions census budget"
_YEAR_NOUNS = frozenset(f"{_NOUNS} accords negotiations hearings".split(" "))

# ---- money, percent, quantity, cardinal ----------------------------------------------------
CURRENCY_SYMBOLS = {
    "US$": "USD", "$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "NZ$": "NZD",
    "R$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR", "₴": "UAH",
    "Rs.": "INR", "Rs": "INR", "₺": "TRY", "₩": "KRW", "₦": "NGN",
}  # fmt: skip
CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "pounds sterling": "GBP", "sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "ruble": "RUB", "rouble": "RUB",
    "rupee": "INR", "hryvnia": "UAH", "franc": "CHF", "lira": "TRY", "zloty": "PLN",
    "forint": "HUF", "lari": "GEL", "manat": "AZN", "tenge": "KZT", "som": "KGS",
    "somoni": "TJS", "afghani": "AFN", "shekel": "ILS", "riyal": "SAR", "dirham": "AED",
    "dinar": "DINAR", "won": "KRW", "peso": "PESO", "real": "BRL", "reais": "BRL",
    "rand": "ZAR", "naira": "NGN", "krona": "SEK", "kronor": "SEK", "krone": "NOK",
    "kroner": "NOK", "bitcoin": "BTC",
}  # fmt: skip
CURRENCY_ADJ = {
    "US": "USD", "U.S.": "USD", "American": "USD", "Australian": "AUD", "Canadian": "CAD",
    "Hong Kong": "HKD", "New Zealand": "NZD", "Pakistani": "PKR", "Indian": "INR",
    "Belarusian": "BYN", "Russian": "RUB", "Swiss": "CHF", "Turkish": "TRY", "Iranian": "IRR",
    "Iraqi": "IQD", "Jordanian": "JOD", "Kuwaiti": "KWD", "Mexican": "MXN", "Sri Lankan": "LKR",
    "Nepali": "NPR", "Chinese": "CNY", "Japanese": "JPY", "Egyptian": "EGP", "Syrian": "SYP",
    "Uzbek": "UZS", "Kazakh": "KZT", "Philippine": "PHP", "Argentine": "ARS", "Danish": "DKK",
    "Swedish": "SEK", "Norwegian": "NOK", "Czech": "CZK", "Polish": "PLN", "Hungarian": "HUF",
}  # fmt: skip


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_SYM = _alt(CURRENCY_SYMBOLS)
_CODE = r"[A-Z]{3}"
_CWORD = rf"(?:{_alt(CURRENCY_WORDS)})(?:e?s)?"
_ADJ = _alt(CURRENCY_ADJ)
_AMOUNT = rf"(?P<a1>{_NUM})(?: ?(?P<s1>{_SCALE})\b)?"
_AMOUNT2 = rf"(?P<a2>{_NUM})(?: ?(?P<s2>{_SCALE})\b)?"
_MONEY_SYM = re.compile(
    rf"(?<![\w$€£¥])(?P<cur>{_SYM}|(?P<code>{_CODE}) ?){_AMOUNT}"
    rf"(?: ?(?:-|–|to) ?(?:(?:{_SYM}|{_CODE} ?))?{_AMOUNT2})?(?![\w%])"
)
_MONEY_WORD = re.compile(
    rf"{_L}{_AMOUNT}(?: ?(?:-|–|to) ?{_AMOUNT2})? (?:(?P<adj>{_ADJ}) )?(?P<word>{_CWORD})\b"
)
_MONEY_CODE_AFTER = re.compile(rf"{_L}{_AMOUNT} (?P<code>{_CODE})\b")
_PERCENT = re.compile(
    rf"{_L}(?P<a1>{_NUM})(?: ?%| ?(?:-|–|to) ?(?P<a2>{_NUM}))? ?(?P<unit>%|percent\b|per cent\b"
    r"|percentage points?\b)"
)
UNITS = {
    "km": "km", "kilometer": "km", "kilometre": "km", "mile": "mi", "meter": "m",
    "metre": "m", "foot": "ft", "feet": "ft", "square kilometer": "km2",
    "square kilometre": "km2", "square mile": "mi2", "hectare": "ha", "acre": "acre",
    "ton": "t", "tonne": "t", "metric ton": "t", "kg": "kg", "kilogram": "kg", "kilo": "kg",
    "barrel": "bbl", "cubic meter": "m3", "cubic metre": "m3", "bcm": "bcm",
    "megawatt": "MW", "MW": "MW", "gigawatt": "GW", "GW": "GW", "kilowatt-hour": "kWh",
    "kWh": "kWh", "liter": "l", "litre": "l", "gallon": "gal", "degree": "deg", "°C": "°C",
    "°F": "°F", "mph": "mph", "km/h": "km/h", "knot": "kn",
}  # fmt: skip
_UNIT = rf"(?:{_alt(UNITS)})(?:e?s)?"
_QUANTITY = re.compile(rf"{_L}{_AMOUNT}(?:-| ?)(?P<unit>{_UNIT})(?![\w])")
_WORD_NUMS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1,
}  # fmt: skip
_CARDINAL = re.compile(
    rf"{_L}(?P<a1>{_NUM})(?: (?P<s1>million|billion|trillion|thousand)\b)?{_R}(?![-–:/]\d)"
)
_SCALE_WORD = re.compile(r"\b(?:[Mm]illion|[Bb]illion|[Tt]rillion)\b")
# Where a number starts: a digit not after a word, a point, a comma or a dash ("mid-" aside).
# The digit comes first and the look-behinds after it, so that re scans for digits (a fast
# scan) instead of trying both look-behinds at every position (0.13 of 3.6 CPU-seconds of
# extraction at 2,263 real posts).
_NUM_AT = re.compile(r"\d(?:(?<![\w.,–-]\d)|(?<=mid-\d))")
_MONTH_RANGE = re.compile(rf"(?P<m1>{_MONTH_FULL}) ?[-–] ?(?P<m2>{_MONTH_FULL})\b")


def number(amount: str, scale: str | None = None) -> Decimal | None:
    try:
        val = Decimal(amount.replace(",", ""))
    except InvalidOperation:
        return None
    if scale:
        val *= SCALES.get(scale.lower(), 1)
    return val


def fmt(val: Decimal) -> str:
    """``Decimal`` as a plain string: 50000000, 3.5, never 5E+7."""
    if val == val.to_integral_value():
        return str(int(val))
    return format(val.normalize(), "f")


def _ymd(y: str | None, m: str, d: str | None) -> str | None:
    mo = MONTHS.get(m.rstrip(".").lower())
    if mo is None:
        return None
    if d is not None:
        day = int(d)
        if not 1 <= day <= 31:
            return None
        return f"{y}-{mo:02d}-{day:02d}" if y else f"--{mo:02d}-{day:02d}"
    return f"{y}-{mo:02d}" if y else f"--{mo:02d}"


Found = tuple[int, int, str, str]


def find_dates(text: str, numbers: list[int]) -> Iterator[Found]:
    """Dates; ``numbers`` are the offsets where a number starts (see ``find_values``)."""
    for mm in _starting_words(_MONTH_AT, text):
        pos = mm.start()
        if r := _MONTH_RANGE.match(text, pos):  # "the January-March quarter"
            v1, v2 = _ymd(None, r["m1"], None), _ymd(None, r["m2"], None)
            yield pos, r.end(), "DATE", f"{v1}/{v2}"
            continue
        m: re.Match[str] | None = _DATE_MDY.match(text, pos) or _DATE_MY.match(text, pos)
        if m:
            v = _ymd(m.groupdict().get("y"), m["m"], m.groupdict().get("d"))
            if v:
                yield m.start(), m.end(), "DATE", v
                continue
        if mm.group() in _MONTH_NAMES and _month_cue(text, pos):
            v = _ymd(None, mm.group(), None)
            if v:
                yield pos, mm.end(), "DATE", v
    for pos in numbers:
        if m := _DATE_DMY.match(text, pos):
            v = _ymd(m["y"], m["m"], m["d"])
            if v:
                yield m.start(), m.end(), "DATE", v
                continue
        if not text.startswith(_CENTURIES, pos):
            continue  # every pattern below opens with a year from 1800 to 2099
        if (m := _DATE_ISO.match(text, pos)) and 1 <= int(m["mo"]) <= 12:
            yield m.start(), m.end(), "DATE", f"{m['y']}-{m['mo']}-{m['d']}"
            continue
        if m := _DATE_RANGE.match(text, pos):
            y1, y2 = m["y1"], m["y2"]
            if len(y2) == 2:
                y2 = y1[:2] + y2
            if y1 < y2 <= str(int(y1) + 30):
                yield m.start(), m.end(), "DATE", f"{y1}/{y2}"
                continue
        m = _DATE_BETWEEN.match(text, pos)
        if m and m["y1"] < m["y2"] and text[max(0, pos - 8) : pos].endswith(("between ", "from ")):
            yield m.start(), m.end(), "DATE", f"{m['y1']}/{m['y2']}"
            continue
        if m := _DECADE.match(text, pos):
            yield m.start(), m.end(), "DATE", m.group()
            continue
        if (m := _YEAR.match(text, pos)) and _is_year(text, m.start(), m.end()):
            yield m.start(), m.end(), "DATE", m["y"]
    for pattern in (_DAYWORD, _PERIOD):  # never overlapping: one has no word of the other
        for m in _starting_words(pattern, text):
            yield m.start(), m.end(), "DATE", m.group().lower()


def _month_cue(text: str, pos: int) -> bool:
    """'in May', 'since early March', 'mid-June': a month name alone needs a cue before it."""
    before = text[max(0, pos - 24) : pos]
    if before.endswith("mid-"):
        return True
    words = before.split()
    if words and words[-1] in ("early", "late"):
        words = words[:-1]
    return bool(words) and before.endswith(" ") and words[-1].lower() in _MONTH_CUES


def _is_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start].split()
    prev = before[-1].lower().rstrip("-") if before else ""
    if prev in _YEAR_CUES or prev.endswith("'s"):
        return True
    after = text[end : end + 16].split()
    nxt = after[0] if after else ""
    # "2000 soldiers" counts; "the 2020 elections" dates
    return not (nxt.islower() and nxt.endswith("s") and nxt not in _YEAR_NOUNS)


def find_money(text: str, numbers: list[int]) -> Iterator[Found]:
    m: re.Match[str] | None
    for m in _MONEY_SYM.finditer(text):
        code = m["code"] or CURRENCY_SYMBOLS.get(m["cur"], "")
        if m["code"] and not _is_currency_code(m["code"]):
            continue
        v = _money_value(code, m)
        if v:
            yield m.start(), m.end(), "MONEY", v
    for pos in numbers:
        m = _MONEY_WORD.match(text, pos)
        if not m:
            continue
        word = m["word"].lower()
        base = word if word in CURRENCY_WORDS else word.rstrip("s")
        if base not in CURRENCY_WORDS:
            base = base[:-1] if base.endswith("e") else base
        code = CURRENCY_ADJ.get(m["adj"] or "", "") or CURRENCY_WORDS.get(base, "")
        v = _money_value(code, m) if code else None
        if v:
            yield m.start(), m.end(), "MONEY", v
    for pos in numbers:
        m = _MONEY_CODE_AFTER.match(text, pos)
        if m and _is_currency_code(m["code"]):
            v = _money_value(m["code"], m)
            if v:
                yield m.start(), m.end(), "MONEY", v


def _is_currency_code(code: str) -> bool:
    return code in _currency_codes()


_CODES: set[str] = set()


def _currency_codes() -> set[str]:
    if not _CODES:
        import pycountry

        _CODES.update(c.alpha_3 for c in pycountry.currencies)
    return _CODES


def _money_value(code: str, m: re.Match[str]) -> str | None:
    s1 = m["s1"]
    s2 = m.groupdict().get("s2")
    a2 = m.groupdict().get("a2")
    lo = number(m["a1"], s1 or s2)
    if lo is None:
        return None
    if a2:
        hi = number(a2, s2 or s1)
        if hi is not None and hi > lo:
            return f"{code} {fmt(lo)}-{fmt(hi)}"
        return None
    return f"{code} {fmt(lo)}"


def find_percent(text: str, numbers: list[int]) -> Iterator[Found]:
    for m in filter(None, (_PERCENT.match(text, p) for p in numbers)):
        unit = "pp" if m["unit"].startswith("percentage") else "%"
        v = f"{m['a1'].replace(',', '')}"
        if m["a2"]:
            v += f"-{m['a2'].replace(',', '')}"
        yield m.start(), m.end(), "PERCENT", v + unit


def find_quantities(text: str, numbers: list[int]) -> Iterator[Found]:
    for m in filter(None, (_QUANTITY.match(text, p) for p in numbers)):
        unit = m["unit"]
        key = unit if unit in UNITS else unit.rstrip("s")
        if key not in UNITS:
            key = key[:-1] if key.endswith("e") else key
        val = number(m["a1"], m["s1"])
        if val is not None and key in UNITS:
            yield m.start(), m.end(), "QUANTITY", f"{fmt(val)} {UNITS[key]}"


def find_cardinals(text: str, numbers: list[int]) -> Iterator[Found]:
    for m in filter(None, (_CARDINAL.match(text, p) for p in numbers)):
        val = number(m["a1"], m["s1"])
        if val is not None:
            yield m.start(), m.end(), "CARDINAL", fmt(val)
    for m in _SCALE_WORD.finditer(text) if "illion" in text else ():  # "two million"
        before = text[max(0, m.start() - 8) : m.start()].split()
        if before and before[-1].lower() in _WORD_NUMS and text[m.start() - 1] == " ":
            w = before[-1]
            start = m.start() - 1 - len(w)
            val = Decimal(_WORD_NUMS[w.lower()]) * SCALES[m.group().lower()]
            yield start, m.end(), "CARDINAL", fmt(val)


# Higher wins when spans overlap; then the longer span.
PRIORITY = {"MONEY": 5, "PERCENT": 4, "DATE": 3, "QUANTITY": 2, "CARDINAL": 1}


def find_values(text: str) -> list[Found]:
    """All typed values, overlaps resolved, sorted by start."""
    numbers = [m.start() for m in _NUM_AT.finditer(text)]
    found = [
        *find_money(text, numbers),
        *find_percent(text, numbers),
        *find_dates(text, numbers),
        *find_quantities(text, numbers),
        *find_cardinals(text, numbers),
    ]
    found.sort(key=lambda f: (-PRIORITY[f[2]], -(f[1] - f[0]), f[0]))
    taken: list[Found] = []
    occupied = bytearray(len(text) + 1)
    for f in found:
        if any(occupied[f[0] : f[1]]):
            continue
        occupied[f[0] : f[1]] = b"\x01" * (f[1] - f[0])
        taken.append(f)
    taken.sort()
    return taken
