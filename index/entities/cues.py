"""The words around a capitalised span that say what it is: "said" after a person, "in"
before a place, a dateline after a city, "state of" before a US state, "(ABC)" defining an
acronym. Patterns only; ``rules`` decides what they mean."""

from __future__ import annotations

import re

ACRONYM_DEF = re.compile(r" ?\((?P<a>[A-Z][A-Za-z]?[A-Z&/.-]{1,8})\)")
SAID_AFTER = re.compile(
    r",? (?:has |had |have |was |is |also |later |then )?(?:said|says|told|added|stated|wrote|"
    r"noted|argued|insisted|warned|announced|declared|claimed|tweeted|replied|responded|"
    r"acknowledged|urged|explained|recalled|asked|denied|confirmed|stressed)\b"
)
SAID_BEFORE = re.compile(r"(?:said|says|told|according to|added|wrote|asked)[ ,]*$")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATELINE = re.compile(
    rf"(?: \([A-Z][\w ./&-]{{0,30}}\))? [-–—] |,? (?:{MONTHS}) \d| \d{{4}}-\d\d-\d\d\b"
)
GAZ_CUE = re.compile(r"\b(?:in|from|to|near|outside|via) $")
PLACE_CUE = re.compile(
    r"(?:\bin|\bnear|\boutside|\bvillage of|\btown of|\bcity of|\bcapital,|\bprovince of"
    r"|\bregion of|\bisland of|\bcity|\btown|\bvillage) $"
)
STATE_AFTER = re.compile(
    r" (?:[Ss]tate\b|[Aa]ttorney [Gg]eneral|[Gg]overnor|[Ll]egislature|[Ss]tate [Aa]ssembly|"
    r"[Ss]tate [Ss]enate|[Aa]ssembly|[Ss]enator)"
)
STATE_BEFORE = re.compile(r"(?:\b[Ss]tate of|\bupstate|\bUpstate) \Z")
