"""Names that no list holds: capitalised spans judged by cues.

The text is read once as a sequence of *items*: gazetteer matches and capitalised tokens. Items
separated by a single space (or a connector such as " of ") form a *run*; each run is judged:

* a run inside a headline-cased line, or with a capitalised function word ("Exodus Of
  Afghans"), yields only its gazetteer items;
* a run ending in an organisation word (Ministry, Party, Bank), or with one before "of"/"for",
  is an ORG as a whole, gazetteer words included ("Belarusian Foreign Ministry");
* titles split a run and are dropped ("Pakistani | Prime Minister | Shehbaz Sharif"); what
  follows a title is a person, what precedes it only keeps its gazetteer items;
* other spans of 2-4 name-shaped tokens are people; single tokens wait for the surname pass.
"""

from __future__ import annotations

import re

from index.entities import cues
from index.entities.clubs import club_cue, clubs_tsv
from index.entities.gazetteer import (
    CITY,
    STATE,
    base_entries,
    given_names,
    place_words,
    titles,
    word_list,
)
from index.entities.spans import (
    CAP_TOKEN,
    PARTICLES,
    Doc,
    Found,
    Item,
    caps_context,
    prev_words,
    sentence_start,
)

_HEADLINE = "Of In On For And The To A An With At By From As Is Are Was Has Have Over After Into"
HEADLINE_WORDS = frozenset(f"{_HEADLINE} Amid Says Sees Will Not Its Off Out Up Than Vs".split(" "))
SURNAME_PARTICLES = frozenset(
    {"bin", "ibn", "al", "el", "de", "van", "von", "der", "da", "du", "la"}
)


class Rules:
    """Judges runs into ``Found`` spans; one instance per process."""

    def __init__(self) -> None:
        self.sports = word_list("sports.txt")
        self.common = word_list("common_words.txt") | self.sports
        self.lower_common = frozenset(w.lower() for w in self.common)
        self.org_words = word_list("org_words.txt")
        self.blockers = word_list("name_blockers.txt")
        self.titles, self.cues, self.max_title = titles()
        self.title_words = frozenset(w for t in self.titles for w in t)
        self.title_first = frozenset(t[0] for t in self.titles)
        self._shaped: dict[str, bool] = {}  # text -> ``name_shaped`` of a non-gazetteer item
        self.club_before, self.club_after, self.club_sport = clubs_tsv()
        self.event_words = word_list("event_words.txt")
        self.states = frozenset(s for s, e in base_entries() if e.kind == STATE)
        self.given = given_names() - self.common - self.title_words - self.org_words - self.blockers
        self.place_before, self.place_after = place_words()

    # ---- helpers ------------------------------------------------------------------------
    def is_org_word(self, it: Item) -> bool:
        return it.gaz is None and it.text in self.org_words

    def namey(self, it: Item) -> bool:
        """A gazetteer item that may be part of a personal name ("Jordan", "Arakawa")."""
        g = it.gaz
        return g is not None and (g.ambiguous or g.kind in (CITY, STATE))

    def name_shaped(self, it: Item) -> bool:
        if it.gaz is not None:
            return False
        # Asked of most capitalised words, the same words again and again: remembered.
        t = it.text
        found = self._shaped.get(t)
        if found is None:
            found = self._name_shaped(t)
            if len(self._shaped) < 100_000:
                self._shaped[t] = found
        return found

    def _name_shaped(self, t: str) -> bool:
        if t in self.common or t in self.blockers or t in self.org_words:
            return False
        if len(t) == 1:
            return True  # an initial
        return any(c.islower() for c in t[1:]) and not any(c.isdigit() for c in t)

    def title_at(self, run: list[Item], i: int) -> int:
        """Length in items of the longest title starting at run[i] (0 if none)."""
        if run[i].text not in self.title_first:
            return 0  # most words begin no title
        for n in range(min(self.max_title, len(run) - i), 0, -1):
            seq = run[i : i + n]
            if any(x.gaz is not None for x in seq) or any(x.conn for x in seq[1:]):
                continue
            if tuple(x.text for x in seq) in self.titles:
                return n
        return 0

    def cue_before(self, text: str, start: int) -> bool:
        words = [w.strip(",").lower() for w in prev_words(text, start)]
        if not words:
            return False
        if words[-1] in self.cues or " ".join(words) in self.cues:
            return True
        return bool(cues.SAID_BEFORE.search(text[max(0, start - 20) : start]))

    # ---- judging ------------------------------------------------------------------------
    def judge(self, doc: Doc, run: list[Item]) -> None:
        text = doc.text
        if (
            self.dateline(text, run[0].start, run[-1].end_full)
            and all(x.gaz is None and x.text not in self.common for x in run)
            and len(run) <= 3
        ):
            self.emit(doc, run, "GPE")  # "Port Elsin - ..."
            return
        # Drop leading common words ("The", "However") and sentence-initial ordinary words.
        while (
            run
            and run[0].gaz is None
            and (
                run[0].text in self.common
                or (sentence_start(text, run[0].start) and run[0].text.lower() in doc.lower_words())
            )
        ):
            run = run[1:]
            if run:
                run[0].conn = ""
        while run and run[-1].gaz is None and run[-1].text in self.common:
            run = run[:-1]
        if not run:
            return
        if len(run) >= 2 and run[-1].gaz is None and run[-1].text in self.event_words:
            return  # "New York Marathon", "U.S. Open": an event, not a place
        if doc.in_headline(run[0].start) or any(
            x.gaz is None and x.text in HEADLINE_WORDS for x in run
        ):
            self.headline_run(doc, run)
            return
        if len(run) >= 2 and self.org_run(run, doc.sports):
            self.emit(doc, run, "ORG")
            return
        if len(run) >= 2 and not any(x.gaz is not None and not self.namey(x) for x in run):
            first = run[0].text + (" of" if run[1].conn.strip() == "of" else "")
            label = self.place_before.get(first) or self.place_after.get(run[-1].text)
            if label and run[-1].gaz is None and all(x.text not in self.common for x in run):
                self.emit(doc, run, label)
                return
        # Split at connectors that did not make an organisation.
        parts: list[list[Item]] = [[]]
        for x in run:
            if x.conn and x.conn not in PARTICLES and parts[-1]:
                parts.append([])
                x.conn = ""
            parts[-1].append(x)
        for part in parts:
            if len(part) >= 2 and self.org_run(part, doc.sports):
                self.emit(doc, part, "ORG")  # "Manchester United and Real Madrid"
            else:
                self.judge_part(doc, part)

    def headline_run(self, doc: Doc, run: list[Item]) -> None:
        """A headline or table row: gazetteer names, and people known by a given name or an
        initial ("Roberto Duran", "P. Johnson"), two words at most."""
        i, rest = 0, []
        while i < len(run):
            x = run[i]
            nxt = run[i + 1] if i + 1 < len(run) else None
            if (
                nxt is not None
                and nxt.conn == ""
                and (x.text in self.given or len(x.text) == 1)
                and (x.gaz is None or self.namey(x))
                and self.name_shaped(nxt)
                and nxt.text not in HEADLINE_WORDS
            ):
                self.emit(doc, [x, nxt], "PERSON")
                i += 2
                continue
            rest.append(x)
            i += 1
        self.gaz_only(doc, rest, singles=True)

    def org_run(self, run: list[Item], sports: bool = False) -> bool:
        if self.person_before_connector(run):
            return False  # "Greta Ostrander of the Kessary Port Authority": two names
        if self.is_org_word(run[-1]):
            return True
        last, first = run[-1].text, run[0].text
        g = run[-1].gaz
        if g is not None and g.label == "ORG" and last.split()[-1] in self.org_words:
            return True  # "People's Labour Party" around the gazetteer's "Labour Party"
        if run[-1].gaz is None and (
            last in self.club_after or (sports and last in self.club_sport)
        ):
            return True  # "Bristol Rovers", "Leicester City" in a sports story
        if run[0].gaz is None and first in self.club_before and run[1].conn == "":
            return True  # "Real Madrid"
        if any(x.conn == " & " for x in run[1:]):
            return True  # "Douglas & Lomason"
        return any(
            self.is_org_word(run[i]) and run[i + 1].conn.strip() in ("of", "for", "of the")
            for i in range(len(run) - 1)
        )

    def person_before_connector(self, run: list[Item]) -> bool:
        """Does the run open with a person's name (a given name and one or two more words)
        followed by a connector ("of the", "and")?"""
        k = next((i for i, x in enumerate(run) if x.conn), 0)
        head = run[:k]
        return (
            2 <= len(head) <= 3
            and head[0].text in self.given
            and all(self.name_shaped(x) for x in head)
            and not any(self.is_org_word(x) for x in head)
        )

    def judge_part(self, doc: Doc, part: list[Item]) -> None:
        text = doc.text
        cue = self.cue_before(text, part[0].start)
        i, seg_start = 0, 0
        while i < len(part):
            n = self.title_at(part, i)
            if n and i + n < len(part) and self.after_title(part[i + n]):
                if i > seg_start:
                    self.gaz_only(doc, part[seg_start:i], singles=False)
                i += n
                seg_start = i
                cue = True
                continue
            i += 1
        seg = part[seg_start:]
        if seg_start and len(seg) == 1 and seg[0].gaz is not None:
            doc.singles.append((seg[0], "strong"))  # "Mr Bush": a title beats the gazetteer
            return
        if seg_start == 0 and all(x.gaz is None and x.text in self.title_words for x in seg):
            return  # a bare title ("Prime Minister")
        self.judge_names(doc, seg, cue)

    def after_title(self, it: Item) -> bool:
        """Can this item be the name after a title? A name-shaped word, or a one-word city,
        state or ambiguous gazetteer name ("Mr Bush", "President Kennedy")."""
        if self.name_shaped(it):
            return True
        g = it.gaz
        return g is not None and " " not in it.text and (g.ambiguous or g.kind in (CITY, STATE))

    def judge_names(self, doc: Doc, seg: list[Item], cue: bool) -> None:
        """A segment without titles: gazetteer items at its edges, a name in between."""
        # Gazetteer items that are not personal names stand alone at the edges.
        while seg and seg[0].gaz is not None and not (self.namey(seg[0]) and len(seg) > 1):
            self.emit_gaz(doc, seg[0])
            seg = seg[1:]
            cue = False
        tail: list[Item] = []
        while seg and seg[-1].gaz is not None and not (self.namey(seg[-1]) and len(seg) > 1):
            tail.insert(0, seg.pop())
        if seg:
            self.judge_name(doc, seg, cue)
        for x in tail:
            self.emit_gaz(doc, x)

    def judge_name(self, doc: Doc, seg: list[Item], cue: bool) -> None:
        text = doc.text
        end = seg[-1].end_full
        if any(x.gaz is not None and not self.namey(x) for x in seg):
            self.gaz_only(doc, seg, singles=False)
            return
        shaped = all(self.name_shaped(x) or self.namey(x) for x in seg)
        has_gaz = any(x.gaz is not None for x in seg)
        plain = not has_gaz and all(x.text not in self.common for x in seg) and len(seg) <= 4
        after = text[end : end + 16].split(" ", 2)
        if plain and not cue and len(after) > 1 and after[1].rstrip(",.;") in self.place_after:
            self.emit(doc, seg, self.place_after[after[1].rstrip(",.;")])  # "Valmora province"
            return
        if plain and not cue and self.dateline(text, seg[0].start, end):
            self.emit(doc, seg, "GPE")  # "Port Elsin - ..."
            return
        acr = cues.ACRONYM_DEF.match(text, end)
        if acr and not has_gaz and self.acronym_fits(acr["a"], seg) and not cue:
            self.emit(doc, seg, "ORG")
            return
        if len(seg) == 1:
            it = seg[0]
            if it.text.isupper() and len(it.text) >= 2:
                if it.text not in self.blockers and not caps_context(text, it.start, it.end):
                    the = text[max(0, it.start - 4) : it.start].lower() == "the "
                    doc.singles.append((it, "strong" if the else ""))  # "the FSB"
                return
            if shaped:
                said = bool(cues.SAID_AFTER.match(text, end))
                kind = "strong" if cue or said else ""
                if not kind and cues.PLACE_CUE.search(text, max(0, it.start - 16), it.start):
                    kind = "place"
                doc.singles.append((it, kind))
            return
        if shaped and 2 <= len(seg) <= 4 and seg[-1].text not in SURNAME_PARTICLES:
            club = doc.sports and seg[0].text not in self.given and len(seg[0].text) > 1
            if club and club_cue(text, seg[0].start, seg[-1].end_full):
                self.emit(doc, seg, "ORG")  # "Inverness Thistle 1"
            else:
                self.emit(doc, seg, "PERSON")
        elif has_gaz:
            self.gaz_only(doc, seg, singles=False)

    def dateline(self, text: str, start: int, end: int) -> bool:
        """A wire dateline: the name opens a line and a dash, "(Agency) -" or a date follows."""
        line_start = start == 0 or text[start - 1] == "\n"
        return line_start and bool(cues.DATELINE.match(text, end))

    def acronym_fits(self, acr: str, seg: list[Item]) -> bool:
        letters = [c for c in acr if c.isupper()]
        initials = [x.text[0] for x in seg]
        return bool(letters) and letters[0] == initials[0] and len(letters) <= len(seg) + 3

    def define_acronym(self, doc: Doc, m: re.Match[str], found: Found) -> None:
        a = m["a"]
        doc.acronyms[a] = found
        doc.found.append(Found(m.start("a"), m.end("a"), found.label, found.name, found.key))

    def gaz_only(self, doc: Doc, run: list[Item], singles: bool) -> None:
        for x in run:
            if x.gaz is not None:
                self.emit_gaz(doc, x)
            elif singles and self.name_shaped(x):
                doc.singles.append((x, ""))

    def emit_gaz(self, doc: Doc, it: Item) -> None:
        g = it.gaz
        assert g is not None
        text = doc.text
        if self.namey(it) and len(it.text.split()) == 1 and it.text[1:].islower():
            doc.singles.append((it, "gaz"))  # a surname in this text wins ("Whitby said")
            return
        if g.needs_the:
            if text[max(0, it.start - 4) : it.start].lower() != "the ":
                return
            if (
                CAP_TOKEN.match(text, it.end_full + 1)
                and text[it.end_full : it.end_full + 1] == " "
            ):
                return
        self.emit_gaz_now(doc, it)

    def emit_gaz_now(self, doc: Doc, it: Item) -> None:
        g = it.gaz
        assert g is not None
        text = doc.text
        if g.caps_word and caps_context(text, it.start, it.end):
            return
        if g.needs_cue and not cues.GAZ_CUE.search(text, max(0, it.start - 10), it.start):
            return
        if (
            len(it.text.split()) == 1
            and sentence_start(text, it.start)
            and it.text.lower() in doc.lower_words()
        ):
            return  # "Amnesty was ..." at a sentence start, when "amnesty" is a word here
        found = Found(it.start, it.end, g.label, g.name, g.key, g.kind)
        if it.text in self.states and g.kind != STATE and self.state_cue(text, it):
            found = Found(it.start, it.end, "GPE", it.text, f"GPE:{it.text.lower()}", STATE)
        doc.found.append(found)
        acr = cues.ACRONYM_DEF.match(text, it.end_full)
        if acr and g.label == "ORG" and acr["a"] != it.text:
            self.define_acronym(doc, acr, found)

    def state_cue(self, text: str, it: Item) -> bool:
        """A state named like its city: "New York state", "New York's attorney general"."""
        return bool(
            cues.STATE_AFTER.match(text, it.end_full)
            or cues.STATE_BEFORE.search(text, max(0, it.start - 12), it.start)
        )

    def emit(self, doc: Doc, seg: list[Item], label: str) -> Found:
        end = seg[-1].end
        if (
            label == "ORG"
            and doc.text.startswith(".", end)
            and seg[-1].text + "." in self.org_words
        ):
            end += 1  # "Rio Verde Mining Corp."
        name = " ".join(doc.text[seg[0].start : end].split())
        found = Found(seg[0].start, end, label, name, f"{label}:{name.lower()}")
        doc.found.append(found)
        if label == "ORG":
            acr = cues.ACRONYM_DEF.match(doc.text, seg[-1].end_full)
            if acr and self.acronym_fits(acr["a"], seg):
                self.define_acronym(doc, acr, found)
        return found
