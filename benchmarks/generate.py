"""Generate fictional news corpora of any size for storyline benchmarks.

The output is deterministic: the same ``(n, seed)`` always yields byte-identical files.
Everything is invented: countries ("Norvania"), cities ("Port Elsin"), people, organisations,
and a Zipf-distributed vocabulary of pseudo-words mixed with English function words.

Layout of a generated corpus::

    OUT_DIR/<source>/<year>/<index>_<hex>.txt   plain article, no headline (like the seed)
    OUT_DIR/<source>/<year>/<index>_<hex>.txt   plain article whose first line is a headline
    OUT_DIR/<source>/<year>/<index>_<hex>.md    Markdown with YAML front matter
    OUT_DIR/.truth.json                         ground truth (hidden, skipped by the loader)

Article ids follow ``index.model.Article.id``: the path relative to the corpus root without
extension, "/"-separated.

CLI::

    python -m benchmarks.generate OUT_DIR --n 10000 [--seed 0]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TRUTH_FILE = ".truth.json"
TRUTH_VERSION = 1

MIN_WORDS = 200
MAX_WORDS = 1500
GENERATOR_VERSION = 2  # 2: storylines in sections sharing places and words (cache key)
SECTIONS = 12  # at most; each holds many storylines
SECTION_WORDS = 60  # words a section's storylines share
TOPIC_WORDS = 30  # words of one storyline: OWN_WORDS of its own, the rest its section's
OWN_WORDS = 2
SECTION_PEOPLE = 6  # people a section's storylines draw most of theirs from
SECTION_ORGS = 4
TOPIC_RATE = 0.04  # share of an article's words drawn from its storyline's words


def _w(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

FUNCTION_WORDS = _w(
    "the of and to a in that is for on with as was by it at from be has have are its this "
    "but not an were which after their will been would more had also they or up about than "
    "over into who new two last some could other year said over when most its can all under "
    "while because since against between during before only where there these such those "
    "three many our them any through still may first should any amid despite further"
)

CONTENT_WORDS = _w(
    "government minister officials country people state talks trade border workers election "
    "president security economy plan deal policy agreement ministry week month years report "
    "court law police military forces support market prices energy budget opposition "
    "parliament party leaders region city capital migrants labor shortage crisis pressure "
    "sanctions exports imports growth investment companies port shipping transport union "
    "strike protest reform vote campaign spokesman statement visit cooperation relations "
    "authorities project funding tax rates inflation bank debt agency council committee "
    "proposal decision meeting summit crackdown dissent conditions employment record volume"
)

_ONSETS = _w(
    "b bl br c ch d dr f fl g gr h j k kl l m n p pr r s sh st t tr v w z b d f g k l m n p r s t v"
)
_VOWELS = _w("a e i o u a e i o ai ei ou")
_CODAS = ["", "", "", "", "", "n", "r", "l", "s", "t", "m", "nd", "rk"]


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(_syllable(rng) for _ in range(syllables))


def _build_vocab(rng: random.Random, size: int = 4000) -> list[str]:
    """Ranked vocabulary: function words first, then real and pseudo content words mixed."""
    seen: dict[str, None] = dict.fromkeys(FUNCTION_WORDS)
    seen.update(dict.fromkeys(CONTENT_WORDS))
    pseudo: list[str] = []
    while len(pseudo) < size:
        w = _pseudo_word(rng, rng.choice((1, 1, 2, 2, 2, 2, 3)))
        if len(w) < 3 or w in seen:
            continue
        seen[w] = None
        pseudo.append(w)
    function = list(dict.fromkeys(FUNCTION_WORDS))
    content = list(dict.fromkeys(CONTENT_WORDS))
    rest = content + pseudo[: len(pseudo) // 10]
    rng.shuffle(rest)
    return function + rest + pseudo[len(pseudo) // 10 :]


def _zipf_cum_weights(n: int, s: float = 1.05, q: float = 2.7) -> list[float]:
    return list(itertools.accumulate(1.0 / (r + q) ** s for r in range(1, n + 1)))


# --------------------------------------------------------------------------------------------
# The invented world
# --------------------------------------------------------------------------------------------

COUNTRY_SUFFIXES = (
    ("ania", "anian"),
    ("ovia", "ovian"),
    ("aria", "arian"),
    ("istan", "istani"),
    ("enia", "enian"),
    ("ora", "oran"),
    ("esia", "esian"),
    ("onia", "onian"),
)
CITY_PREFIXES = ("Port", "Saint", "New", "Upper", "Fort", "Lake", "North", "East")
CITY_SUFFIXES = ("burg", "holm", "grad", "ton", "mouth", "ford", "vik", "stad", "dale", "ovo")
FIRST_NAMES = _w(
    "Marta Tomas Ilse Dariusz Anneli Pavel Sofia Emil Katrin Andrei Lena Viktor Oksana Henrik "
    "Nadia Jonas Irena Milan Greta Stefan Alina Marek Dora Feliks Vera Lukas Mira Oskar Hana "
    "Bogdan Elin Radu Zofia Anton Lidia Kasper Nina Teodor Ruta Matej Olga Aurel Sanne Ivo"
)
SURNAME_SUFFIXES = ("ovan", "ski", "sen", "escu", "ari", "elli", "ovic", "berg", "enko", "ard")
PERSON_ROLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Transport Minister",
    "Finance Minister",
    "Interior Minister",
    "Trade Minister",
    "opposition leader",
    "Governor",
    "General",
    "Mayor",
    "central bank chief",
)
ORG_ROLES = ("chief executive", "chairwoman", "chairman", "spokeswoman", "spokesman", "director")
DEPARTMENTS = (
    "Transport",
    "Finance",
    "Foreign Affairs",
    "Defence",
    "Labour",
    "Energy",
    "Health",
    "Interior",
    "Trade",
    "Agriculture",
)
REGIONS = (
    "Eastbay",
    "Northshore",
    "Coastal",
    "Highland",
    "Western",
    "Central",
    "Southern",
    "Riverside",
    "Inland",
    "Lowland",
)
INDUSTRIES = (
    "Shipping",
    "Trade",
    "Mining",
    "Farmers",
    "Rail",
    "Steel",
    "Fisheries",
    "Textile",
    "Dockworkers",
    "Media",
)
ORG_KINDS = ("Council", "Union", "Association", "Federation", "Alliance", "Board")
SOURCES = (
    "norvania-herald",
    "eastbay-wire",
    "the-coastal-post",
    "meridian-daily",
    "free-radio-north",
    "port-elsin-times",
    "continental-review",
    "harbour-gazette",
)
MONTHS = _w("January February March April May June July August September October November December")
WEEKDAYS = _w("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
HEADLINE_NOUNS = _w(
    "Talks Deal Strike Vote Crisis Plan Reform Probe Protest Budget Tariffs Election Sanctions "
    "Visit Shortage Exodus Crackdown Dispute Pact Summit Deportations Blackout Ruling"
)
HEADLINE_VERBS = (
    "Sees",
    "Faces",
    "Weighs",
    "Backs",
    "Rejects",
    "Signs",
    "Delays",
    "Expands",
    "Warns Of",
    "Seeks",
    "Welcomes",
    "Condemns",
)
HEADLINE_ADJS = _w("New Mass Rare Deepening Secret Fragile Disputed Landmark Quiet Bitter")
COUNT_NOUNS = _w("workers people residents jobs migrants tonnes vacancies households troops")
SYNONYMS = {
    "Talks": "Negotiations",
    "Deal": "Agreement",
    "Sees": "Faces",
    "Pact": "Accord",
    "Crisis": "Emergency",
    "Probe": "Inquiry",
    "Rejects": "Dismisses",
    "Backs": "Supports",
    "Warns Of": "Warns About",
    "New": "Fresh",
}


@dataclass
class _Country:
    name: str
    demonym: str


@dataclass
class _Person:
    first: str
    surname: str
    country: int
    role: str
    org: int | None  # for organisation roles

    @property
    def full(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass
class _Org:
    name: str
    acronym: str  # "" when the organisation is never abbreviated


@dataclass
class _Storyline:
    countries: list[int]
    cities: list[int]
    people: list[int]
    orgs: list[int]
    topic: list[str]
    start_year: int
    years: int


@dataclass
class _World:
    vocab: list[str]
    cum: list[float]
    countries: list[_Country]
    cities: list[tuple[str, int]]  # (name, country index)
    people: list[_Person]
    orgs: list[_Org]
    storylines: list[_Storyline]


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _build_world(rng: random.Random, n: int) -> _World:
    vocab = _build_vocab(rng)
    cum = _zipf_cum_weights(len(vocab))
    pseudo_mid = vocab[400:2500]

    countries: list[_Country] = [_Country("Norvania", "Norvanian")]
    names = {"Norvania"}
    while len(countries) < 28:
        root = _cap(_syllable(rng) + rng.choice(("v", "r", "l", "m", "d", "s", "t")))
        suffix, dem = rng.choice(COUNTRY_SUFFIXES)
        name = root + suffix
        if name in names:
            continue
        names.add(name)
        countries.append(_Country(name, root + dem))

    cities: list[tuple[str, int]] = [("Port Elsin", 0)]
    city_names = {"Port Elsin"}
    while len(cities) < 120:
        base = _cap(_pseudo_word(rng, rng.choice((1, 2))))
        if rng.random() < 0.35:
            name = f"{rng.choice(CITY_PREFIXES)} {base}"
        elif rng.random() < 0.6:
            name = base + rng.choice(CITY_SUFFIXES)
        else:
            name = base
        if name in city_names or len(base) < 4:
            continue
        city_names.add(name)
        cities.append((name, rng.randrange(len(countries))))

    orgs: list[_Org] = [
        _Org("Norvanian Ministry of Transport", ""),
        _Org("Eastbay Shipping Council", "ESC"),
        _Org("Coastal Trade Union", "CTU"),
    ]
    org_names = {o.name for o in orgs}
    n_orgs = 60 + min(n // 20, 600)
    while len(orgs) < n_orgs:
        kind = rng.random()
        c = rng.choice(countries)
        if kind < 0.3:
            name = f"{c.demonym} Ministry of {rng.choice(DEPARTMENTS)}"
        elif kind < 0.6:
            name = f"{rng.choice(REGIONS)} {rng.choice(INDUSTRIES)} {rng.choice(ORG_KINDS)}"
        elif kind < 0.75:
            name = f"{c.demonym} {rng.choice(INDUSTRIES)} {rng.choice(ORG_KINDS)}"
        elif kind < 0.85:
            name = f"National Bank of {c.name}"
        else:
            name = f"{_cap(_pseudo_word(rng, 2))} Holdings"
        if name in org_names:
            continue
        org_names.add(name)
        acr = _acronym(name) if rng.random() < 0.55 and "Holdings" not in name else ""
        orgs.append(_Org(name, acr))

    people: list[_Person] = [_Person("Marta", "Velkovan", 0, "Transport Minister", None)]
    full_names = {"Marta Velkovan"}
    surnames = {"Velkovan"}
    n_people = 80 + min(n // 8, 4000)
    while len(people) < n_people:
        first = rng.choice(FIRST_NAMES)
        surname = _cap(_pseudo_word(rng, rng.choice((1, 2)))) + rng.choice(SURNAME_SUFFIXES)
        if f"{first} {surname}" in full_names or surname in surnames:
            continue
        full_names.add(f"{first} {surname}")
        surnames.add(surname)
        if rng.random() < 0.3:
            people.append(
                _Person(
                    first,
                    surname,
                    rng.randrange(len(countries)),
                    rng.choice(ORG_ROLES),
                    rng.randrange(len(orgs)),
                )
            )
        else:
            people.append(
                _Person(
                    first, surname, rng.randrange(len(countries)), rng.choice(PERSON_ROLES), None
                )
            )

    # Storylines come in sections (a beat: one region's politics, one industry), each with
    # many storylines sharing its countries, cities and words, so that telling two
    # storylines of one section apart takes more than their common words and places.
    storylines: list[_Storyline] = []
    n_story = max(4, n // 25)
    n_sections = max(1, min(SECTIONS, n_story // 8))
    sections = []
    for _ in range(n_sections):
        home = rng.sample(range(len(countries)), 3)
        home_cities = [i for i, (_, ci) in enumerate(cities) if ci in home] or [0]
        cast = rng.sample(range(len(people)), min(len(people), SECTION_PEOPLE))
        bodies = rng.sample(range(len(orgs)), min(len(orgs), SECTION_ORGS))
        sections.append((home, home_cities, rng.sample(pseudo_mid, SECTION_WORDS), cast, bodies))
    people_cum = _zipf_cum_weights(len(people), s=0.9)
    org_cum = _zipf_cum_weights(len(orgs), s=0.9)
    for k in range(n_story):
        home, home_cities, section_words, cast, bodies = sections[k % n_sections]
        cs = rng.sample(home, rng.choice((1, 2)))
        local = [i for i in home_cities if cities[i][1] in cs] or home_cities
        sl_cities = rng.sample(local, min(len(local), rng.randint(1, 3)))
        sl_cities += [
            c for c in rng.sample(home_cities, min(len(home_cities), 4)) if c not in sl_cities
        ]
        sl_people = rng.sample(cast, min(len(cast), 3)) + rng.choices(
            range(len(people)), cum_weights=people_cum, k=2
        )
        sl_people = list(dict.fromkeys(sl_people + cast))
        sl_orgs = rng.sample(bodies, min(len(bodies), 2)) + rng.choices(
            range(len(orgs)), cum_weights=org_cum, k=1
        )
        sl_orgs = list(dict.fromkeys(sl_orgs + bodies))
        own = rng.sample(pseudo_mid, OWN_WORDS)
        topic = own + rng.sample(section_words, TOPIC_WORDS - OWN_WORDS)
        start = rng.randint(2015, 2024)
        storylines.append(
            _Storyline(cs, sl_cities, sl_people, sl_orgs, topic, start, rng.randint(1, 2))
        )
    return _World(vocab, cum, countries, cities, people, orgs, storylines)


# --------------------------------------------------------------------------------------------
# Public results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeeAlsoEdge:
    """One cross-reference as it appears in an article."""

    source: str  # id of the article holding the reference
    text: str  # the title as written in the article
    target_title: str  # canonical title of the target (== text when dangling)
    target: str | None  # id of the target article, None when dangling
    kind: str  # "exact", "case", "wording" or "dangling"
    glued: bool  # SEE ALSO line glued to the next sentence with no space
    where: str  # "body" or "front_matter"


@dataclass
class GeneratedCorpus:
    """Paths and ground truth of one generated corpus."""

    out_dir: Path
    n: int
    seed: int
    paths: list[Path] = field(default_factory=list)  # absolute, index order
    ids: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # id -> canonical title
    title_in_file: dict[str, bool] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)  # duplicate id -> original id
    see_also: list[SeeAlsoEdge] = field(default_factory=list)
    entities: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    truth_path: Path | None = None


# --------------------------------------------------------------------------------------------
# Planning: titles, dates, paths
# --------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    index: int
    id: str
    rel: str
    fmt: str  # "txt", "txt+headline" or "md"
    storyline: int
    title: str
    date: tuple[int, int, int]
    source: str
    duplicate_of: int | None = None


def _make_title(rng: random.Random, world: _World, sl: _Storyline) -> str:
    c = world.countries[rng.choice(sl.countries)]
    city = world.cities[rng.choice(sl.cities)][0]
    person = world.people[rng.choice(sl.people)]
    org = world.orgs[rng.choice(sl.orgs)]
    noun = rng.choice(HEADLINE_NOUNS)
    verb = rng.choice(HEADLINE_VERBS)
    adj = rng.choice(HEADLINE_ADJS)
    topic = _cap(rng.choice(sl.topic))
    t = rng.randrange(7)
    if t == 0:
        return f"{c.name} {verb} {adj} {topic} {noun} As {person.surname} Visits {city}"
    if t == 1:
        return f"{person.surname} {verb} {adj} {noun} In {c.name}"
    if t == 2:
        return f"{org.name} {verb} {topic} {noun}"
    if t == 3:
        other = world.countries[rng.randrange(len(world.countries))]
        return f"{c.name}'s {topic} {noun} Sees {adj} Exodus Of {other.demonym}s"
    if t == 4:
        return f"{adj} {noun} In {city} Puts {c.demonym} {topic} Plans On Hold"
    if t == 5:
        return f"{c.demonym} {noun} Over {topic} {verb} {person.surname}"
    return f"{city} {noun}: {person.full} {verb} {adj} {topic} Rules"


def _variant_title(rng: random.Random, title: str) -> tuple[str, str]:
    """A title with slightly different case or wording; returns (text, kind)."""
    if rng.random() < 0.5:
        r = rng.random()
        if r < 0.4:
            return title.lower(), "case"
        if r < 0.6:
            return title.upper(), "case"
        # sentence case
        return title[:1] + title[1:].lower(), "case"
    for old, new in SYNONYMS.items():
        if f" {old} " in f" {title} ":
            return f" {title} ".replace(f" {old} ", f" {new} ", 1).strip(), "wording"
    words = title.split()
    if len(words) > 3 and rng.random() < 0.5:
        return " ".join(words[:-1]), "wording"
    return f"The {title}", "wording"


def _plan(rng: random.Random, world: _World, n: int) -> list[_Plan]:
    story_cum = _zipf_cum_weights(len(world.storylines), s=0.8)
    n_dups = max(1, round(n * 0.005)) if n >= 20 else 0
    dup_slots: dict[int, None] = {}
    if n_dups:
        dup_slots = dict.fromkeys(sorted(rng.sample(range(n // 4 + 1, n), n_dups)))
    used_titles: dict[str, None] = {}
    plans: list[_Plan] = []
    for i in range(n):
        source = rng.choice(SOURCES)
        name = f"{i:06d}_{rng.getrandbits(64):016x}"
        if i in dup_slots:
            orig = rng.randrange(i)
            while plans[orig].duplicate_of is not None:
                orig = rng.randrange(i)
            o = plans[orig]
            ext = "md" if o.fmt == "md" else "txt"
            rel = f"{source}/{o.date[0]}/{name}.{ext}"
            plans.append(
                _Plan(
                    i,
                    rel.rsplit(".", 1)[0],
                    rel,
                    o.fmt,
                    o.storyline,
                    o.title,
                    o.date,
                    source,
                    duplicate_of=orig,
                )
            )
            continue
        k = rng.choices(range(len(world.storylines)), cum_weights=story_cum)[0]
        sl = world.storylines[k]
        year = sl.start_year + rng.randrange(sl.years)
        date = (year, rng.randint(1, 12), rng.randint(1, 28))
        r = rng.random()
        fmt = "md" if r < 0.3 else ("txt+headline" if r < 0.45 else "txt")
        title = _make_title(rng, world, sl)
        tries = 0
        while title.lower() in used_titles:
            tries += 1
            title = (
                _make_title(rng, world, sl) if tries < 5 else f"{title} ({_pseudo_word(rng, 2)})"
            )
        used_titles[title.lower()] = None
        ext = "md" if fmt == "md" else "txt"
        # some files sit directly under the source folder, most under source/year
        folder = source if rng.random() < 0.08 else f"{source}/{year}"
        rel = f"{folder}/{name}.{ext}"
        plans.append(_Plan(i, rel.rsplit(".", 1)[0], rel, fmt, k, title, date, source))
    return plans


# --------------------------------------------------------------------------------------------
# Writing one article
# --------------------------------------------------------------------------------------------


class _Writer:
    """Generates the body of one article, tracking first mentions and entities used."""

    def __init__(self, rng: random.Random, world: _World, plan: _Plan) -> None:
        self.rng = rng
        self.world = world
        self.plan = plan
        self.sl = world.storylines[plan.storyline]
        self.mentioned_people: dict[int, None] = {}
        self.mentioned_orgs: dict[int, None] = {}
        self.ents: dict[str, dict[str, None]] = {
            "people": {},
            "places": {},
            "orgs": {},
            "nationalities": {},
        }

    # -- entities -----------------------------------------------------------------------------

    def _words(self, k: int) -> list[str]:
        rng = self.rng
        words = rng.choices(self.world.vocab, cum_weights=self.world.cum, k=k)
        topic = self.sl.topic
        for j in range(k):
            if rng.random() < TOPIC_RATE:
                words[j] = rng.choice(topic)
        return words

    def clause(self, lo: int = 6, hi: int = 18) -> str:
        return " ".join(self._words(self.rng.randint(lo, hi)))

    def person(self) -> str:
        rng = self.rng
        idx = rng.choice(self.sl.people)
        p = self.world.people[idx]
        self.ents["people"][p.full] = None
        if idx in self.mentioned_people:
            return p.surname
        self.mentioned_people[idx] = None
        country = self.world.countries[p.country]
        if p.org is not None:
            return f"{p.full}, the {p.role} of {self.org(p.org)},"
        self.ents["nationalities"][country.demonym] = None
        if p.role[0].isupper():
            return f"{country.demonym} {p.role} {p.full}"
        return f"{p.full}, the {country.demonym} {p.role},"

    def org(self, idx: int | None = None) -> str:
        if idx is None:
            idx = self.rng.choice(self.sl.orgs)
        o = self.world.orgs[idx]
        self.ents["orgs"][o.name] = None
        if idx in self.mentioned_orgs:
            return f"the {o.acronym}" if o.acronym and self.rng.random() < 0.8 else f"the {o.name}"
        self.mentioned_orgs[idx] = None
        return f"the {o.name} ({o.acronym})" if o.acronym else f"the {o.name}"

    def city(self) -> str:
        name = self.world.cities[self.rng.choice(self.sl.cities)][0]
        self.ents["places"][name] = None
        return name

    def country(self) -> str:
        name = self.world.countries[self.rng.choice(self.sl.countries)].name
        self.ents["places"][name] = None
        return name

    def demonym(self) -> str:
        name = self.world.countries[self.rng.choice(self.sl.countries)].demonym
        self.ents["nationalities"][name] = None
        return name

    # -- values -------------------------------------------------------------------------------

    def money(self) -> str:
        rng = self.rng
        cur = rng.choice(("$", "$", "€", "£"))
        if rng.random() < 0.6:
            return f"{cur}{rng.randint(2, 950)} million"
        return f"{cur}{rng.randint(10, 95) / 10:.1f} billion"

    def percent(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.randint(1, 400) / 10:.1f}%"
        return f"{rng.randint(1, 60)} percent"

    def cardinal(self) -> str:
        return f"{self.rng.randint(1, 400) * 500:,} {self.rng.choice(COUNT_NOUNS)}"

    def day(self) -> str:
        y, m, d = self.plan.date
        m2 = max(1, m - self.rng.randint(0, 1))
        return f"{MONTHS[m2 - 1]} {self.rng.randint(1, 28) if m2 != m else d}"

    def year(self) -> str:
        y = self.plan.date[0] - self.rng.randint(0, 6)
        if self.rng.random() < 0.25:
            return f"{y - 1}-{y % 100:02d}"
        return str(y)

    # -- sentences ----------------------------------------------------------------------------

    def sentence(self) -> str:
        rng = self.rng
        t = rng.random()
        if t < 0.34:
            s = self.clause(10, 28)
            if rng.random() < 0.2:
                s += f" in {self.year()}"
            return _cap(s) + "."
        if t < 0.44:
            return f"{_cap(self.person())} said on {rng.choice(WEEKDAYS)} that {self.clause()}."
        if t < 0.54:
            q = _cap(self.clause(6, 16))
            if rng.random() < 0.5:
                return f'"{q}," {self.person().rstrip(",")} said.'
            return f'"{q}," said {self.person().rstrip(",")}, adding that {self.clause(4, 10)}.'
        if t < 0.62:
            return f"{_cap(self.org())} said in a statement that {self.clause()}."
        if t < 0.69:
            return (
                f"The {self.clause(2, 4)} is expected to cost {self.money()}, according to "
                f"{self.org()}."
            )
        if t < 0.75:
            return f"{self.country()} {self.clause(3, 7)} by {self.percent()} in {self.year()}."
        if t < 0.82:
            return f"About {self.cardinal()} {self.clause(3, 8)} in {self.city()} on {self.day()}."
        if t < 0.89:
            return f"{self.demonym()} officials in {self.city()} {self.clause(5, 14)}."
        if t < 0.94:
            return f"In the {self.year()} {self.clause(2, 4)}, {self.country()} {self.clause()}."
        return f"On {self.day()}, {self.clause(4, 12)}, {self.person().rstrip(',')} said."

    def paragraphs(self, target: int) -> tuple[list[str], int]:
        rng = self.rng
        paras: list[str] = []
        words = 0
        while words < target:
            k = rng.choice((1, 2, 2, 3, 3, 4)) if paras else rng.choice((1, 2))
            sents: list[str] = []
            for _ in range(k):
                s = self.sentence()
                sents.append(s)
                words += s.count(" ") + 1
                if words >= target:
                    break
            paras.append(" ".join(sents))
        return paras, words


def _front_matter(plan: _Plan, tags: Sequence[str], see_also: Sequence[str], url: bool) -> str:
    y, m, d = plan.date
    lines = ["---", f"title: {json.dumps(plan.title, ensure_ascii=False)}"]
    lines.append(f"date: {y:04d}-{m:02d}-{d:02d}")
    lines.append(f"source: {plan.source}")
    if url:
        slug = "-".join(w for w in plan.title.lower().replace("'", "").split() if w.isalnum())
        lines.append(f"url: https://{plan.source}.example/{y}/{m:02d}/{slug}")
    lines.append("tags: [" + ", ".join(tags) + "]")
    if see_also:
        lines.append("see_also:")
        lines.extend(f"  - {json.dumps(t, ensure_ascii=False)}" for t in see_also)
    lines.append("---")
    return "\n".join(lines) + "\n"


def _render(
    rng: random.Random,
    world: _World,
    plan: _Plan,
    plans: list[_Plan],
    by_story: list[list[int]],
    dangling_pool: list[str],
) -> tuple[str, list[SeeAlsoEdge], dict[str, list[str]], int]:
    w = _Writer(rng, world, plan)
    target = int(min(1380, max(MIN_WORDS + 10, rng.lognormvariate(math.log(560), 0.5))))
    paras, words = w.paragraphs(target)

    def pick_target() -> tuple[str, str | None, str]:
        """Returns (written text, target id, kind) for one reference."""
        r = rng.random()
        if r < 0.15:
            t = rng.choice(dangling_pool)
            return t, None, "dangling"
        pool = by_story[plan.storyline] if rng.random() < 0.8 else None
        cand = rng.choice(pool) if pool else rng.randrange(len(plans))
        if cand == plan.index or plans[cand].duplicate_of is not None:
            cand = rng.randrange(len(plans))
            while plans[cand].duplicate_of is not None or cand == plan.index:
                cand = rng.randrange(len(plans))
        tp = plans[cand]
        if r < 0.7:
            return tp.title, tp.id, "exact"
        text, kind = _variant_title(rng, tp.title)
        return text, tp.id, kind

    edges: list[SeeAlsoEdge] = []
    n_refs = rng.choices((0, 1, 2, 3), weights=(3, 4, 2, 1))[0] if len(plans) > 1 else 0
    n_refs = min(n_refs, max(0, len(paras) - 2))
    if n_refs:
        slots = sorted(rng.sample(range(1, len(paras) - 1), n_refs), reverse=True)
        for slot in slots:
            text, tid, kind = pick_target()
            canonical = plans[int(_index_of(tid))].title if tid is not None else text
            glued = rng.random() < 0.5
            line = f"SEE ALSO: {text}"
            words += line.count(" ") + 1
            if glued:
                paras[slot] = line + paras[slot]
            else:
                paras.insert(slot, line)
            edges.append(SeeAlsoEdge(plan.id, text, canonical, tid, kind, glued, "body"))
        edges.reverse()

    body = "\n".join(paras) + "\n"
    if plan.fmt == "md":
        fm_refs: list[str] = []
        n_fm = rng.choices((0, 1, 2, 3), weights=(3, 3, 2, 1))[0] if len(plans) > 1 else 0
        for _ in range(n_fm):
            text, tid, kind = pick_target()
            if kind in ("case", "wording"):
                tp = plans[int(_index_of(tid))]
                text, kind = tp.title, "exact"
            canonical = plans[int(_index_of(tid))].title if tid is not None else text
            fm_refs.append(text)
            edges.append(SeeAlsoEdge(plan.id, text, canonical, tid, kind, False, "front_matter"))
        tags = list(dict.fromkeys(rng.sample(world.storylines[plan.storyline].topic, 3)))
        head = _front_matter(plan, tags, fm_refs, url=rng.random() < 0.9)
        text_out = head + body
    elif plan.fmt == "txt+headline":
        text_out = plan.title + "\n" + body
    else:
        text_out = body
    ents = {k: list(v) for k, v in w.ents.items()}
    return text_out, edges, ents, words


def _index_of(article_id: str | None) -> int:
    """Index encoded in an article id (file names start with a 6+ digit index)."""
    assert article_id is not None
    return int(article_id.rsplit("/", 1)[-1].split("_", 1)[0])


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def generate(out_dir: Path, n: int, seed: int = 0, write_truth: bool = True) -> GeneratedCorpus:
    """Write ``n`` fictional articles under ``out_dir`` and return the ground truth.

    Files are streamed to disk one at a time; only small per-article metadata and the truth
    are held in memory. The same ``(n, seed)`` always produces byte-identical files.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"storyline-bench:{seed}")
    world = _build_world(rng, n)
    plans = _plan(rng, world, n)
    by_story: list[list[int]] = [[] for _ in world.storylines]
    for p in plans:
        if p.duplicate_of is None:
            by_story[p.storyline].append(p.index)
    known = {p.title.lower() for p in plans}
    dangling_pool: list[str] = []
    while len(dangling_pool) < max(20, n // 50):
        t = _make_title(rng, world, world.storylines[rng.randrange(len(world.storylines))])
        if t.lower() not in known:
            known.add(t.lower())
            dangling_pool.append(t)

    corpus = GeneratedCorpus(out_dir=out_dir, n=n, seed=seed)
    articles_truth: list[dict[str, object]] = []
    made_dirs: set[Path] = set()
    edges_by_index: dict[int, list[SeeAlsoEdge]] = {}
    for p in plans:
        path = out_dir / p.rel
        if path.parent not in made_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(path.parent)
        if p.duplicate_of is not None:
            orig = plans[p.duplicate_of]
            data = (out_dir / orig.rel).read_bytes()
            path.write_bytes(data)
            corpus.duplicates[p.id] = orig.id
            edges = [
                SeeAlsoEdge(p.id, e.text, e.target_title, e.target, e.kind, e.glued, e.where)
                for e in edges_by_index.get(p.duplicate_of, [])
            ]
            ents = corpus.entities[orig.id]
            words = int(articles_truth[p.duplicate_of]["words"])  # type: ignore[call-overload]
        else:
            art_rng = random.Random(f"storyline-bench:{seed}:{p.index}")
            text, edges, ents, words = _render(art_rng, world, p, plans, by_story, dangling_pool)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            if edges:
                edges_by_index[p.index] = edges
        corpus.paths.append(path)
        corpus.ids.append(p.id)
        corpus.titles[p.id] = p.title
        corpus.title_in_file[p.id] = p.fmt != "txt"
        corpus.see_also.extend(edges)
        corpus.entities[p.id] = ents
        y, m, d = p.date
        articles_truth.append(
            {
                "id": p.id,
                "path": p.rel,
                "format": p.fmt,
                "title": p.title,
                "title_in_file": p.fmt != "txt",
                "date": f"{y:04d}-{m:02d}-{d:02d}",
                "source": p.source,
                "storyline": p.storyline,
                "words": words,
                "duplicate_of": plans[p.duplicate_of].id if p.duplicate_of is not None else None,
                "entities": ents,
            }
        )

    if write_truth:
        truth = {
            "version": TRUTH_VERSION,
            "n": n,
            "seed": seed,
            "articles": articles_truth,
            "duplicates": corpus.duplicates,
            "see_also": [e.__dict__ for e in corpus.see_also],
            "entities": {
                "countries": [{"name": c.name, "demonym": c.demonym} for c in world.countries],
                "cities": [
                    {"name": name, "country": world.countries[ci].name} for name, ci in world.cities
                ],
                "people": [
                    {
                        "name": pp.full,
                        "surname": pp.surname,
                        "role": pp.role,
                        "nationality": world.countries[pp.country].demonym,
                    }
                    for pp in world.people
                ],
                "orgs": [{"name": o.name, "acronym": o.acronym} for o in world.orgs],
            },
        }
        corpus.truth_path = out_dir / TRUTH_FILE
        with open(corpus.truth_path, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(truth, fh, ensure_ascii=False, separators=(",", ":"))
            fh.write("\n")
    return corpus


def _split_front_matter(text: str) -> tuple[str, str]:
    """Returns (front matter without fences, rest); front matter is "" when absent."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[4 : end + 1], text[end + 5 :]
    return "", text


def naive_texts(out_dir: Path) -> Iterator[tuple[str, str, str]]:
    """Yield ``(id, title or "", raw text)`` for every article, reading files plainly.

    The title comes from the front matter's ``title:`` line for Markdown, and for plain text
    from a first line that looks like a headline (short, no closing punctuation). The raw text
    is the whole file, front matter included. Hidden files and folders are skipped.
    """
    root = Path(out_dir)
    paths = sorted(
        p
        for p in root.rglob("*")
        if p.suffix in (".txt", ".md")
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    for path in paths:
        rel = path.relative_to(root).with_suffix("").as_posix()
        text = path.read_text(encoding="utf-8")
        title = ""
        if path.suffix == ".md":
            fm, _ = _split_front_matter(text)
            for line in fm.splitlines():
                if line.startswith("title:"):
                    value = line[6:].strip()
                    title = json.loads(value) if value.startswith('"') else value
                    break
        else:
            first = text.split("\n", 1)[0].strip()
            if first and len(first.split()) <= 20 and first[-1] not in '.!?"':
                title = first
        yield rel, title, text


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description="Generate a fictional news corpus."
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    corpus = generate(args.out_dir, args.n, args.seed)
    dt = time.perf_counter() - t0
    size = _dir_size(args.out_dir)
    print(
        f"wrote {corpus.n} articles to {args.out_dir} in {dt:.1f}s "
        f"({size / 1e6:.1f} MB incl. truth); {len(corpus.duplicates)} duplicates, "
        f"{len(corpus.see_also)} see-also references; truth: {corpus.truth_path}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
