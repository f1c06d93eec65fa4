"""Resolve free text that names an administrative unit, before or after 1 July 2025.

Addresses in imported documents name units as people write them: with or without diacritics
("Hoà Bình", "Hòa Bình", "Hoa Binh"), with a type ("tỉnh", "TP.", "Huyện", "district"), as an
English exonym ("Hanoi", "Ho Chi Minh City"), or as a comma-separated address from the most to the
least specific part ("Huyện Lạc Thủy, Tỉnh Hòa Bình"). Half of them predate the reorganisation of
1 July 2025, when 63 provinces became 34 and the district level was abolished. :func:`resolve`
finds the unit the text names, in either era, and the unit(s) of today's map it corresponds to.

The lookup runs on an in-memory index built once per process from the database (two queries),
so an import of ten thousand rows resolves in well under a second. :func:`clear_cache` drops it
(after loading units, and around tests). The index's :class:`AdminUnit` instances are shared:
treat them as read-only.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import difflib
import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import REORGANISATION_DATE, AdminUnit, UnitSuccession

MAX_CANDIDATES = 5
_MAX_REMEMBERED = 100_000  # address parts remembered by the index, a few tens of megabytes at most
PROVINCE, DISTRICT, COMMUNE = Level.PROVINCE.value, Level.DISTRICT.value, Level.COMMUNE.value
LEVEL_RANK = {PROVINCE: 0, DISTRICT: 1, COMMUNE: 2}
_LEVELS_UP_TO = {
    level: frozenset(lv for lv, r in LEVEL_RANK.items() if r <= rank) for level, rank in LEVEL_RANK.items()
}

# Unit types written before a name, folded (see normalize): the diacritic spelling that makes the
# reading certain ("Quận 1" is a district; "Quan Hóa" may be the district of that name), and the
# normalised unit types it announces. Abbreviations are always taken as types.
_PREFIXES: tuple[tuple[tuple[str, ...], tuple[str, ...], frozenset[str]], ...] = (
    (("thanh", "pho"), ("thành", "phố"), frozenset({"thanhpho"})),
    (("thi", "xa"), ("thị", "xã"), frozenset({"thixa"})),
    (("thi", "tran"), ("thị", "trấn"), frozenset({"thitran"})),
    (("dac", "khu"), ("đặc", "khu"), frozenset({"dackhu"})),
    (("tinh",), ("tỉnh",), frozenset({"tinh"})),
    (("huyen",), ("huyện",), frozenset({"huyen"})),
    (("quan",), ("quận",), frozenset({"quan"})),
    (("phuong",), ("phường",), frozenset({"phuong"})),
    (("xa",), ("xã",), frozenset({"xa"})),
    (("tp",), (), frozenset({"thanhpho"})),
    (("tx",), (), frozenset({"thixa"})),
    (("tt",), (), frozenset({"thitran"})),
    (("q",), (), frozenset({"quan"})),
    (("h",), (), frozenset({"huyen"})),
    (("p",), (), frozenset({"phuong"})),
    (("x",), (), frozenset({"xa"})),
)
# The level each unit type belongs to ("Thành phố" is a province-level city or a district-level one).
_TYPE_LEVELS = {
    "tinh": {PROVINCE},
    "thanhpho": {PROVINCE, DISTRICT},
    "huyen": {DISTRICT},
    "quan": {DISTRICT},
    "thixa": {DISTRICT},
    "xa": {COMMUNE},
    "phuong": {COMMUNE},
    "thitran": {COMMUNE},
    "dackhu": {COMMUNE},
}
# English words around a name: (levels, unit types) they announce.
_ENGLISH: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "province": (frozenset({PROVINCE}), frozenset()),
    "municipality": (frozenset({PROVINCE}), frozenset()),
    "district": (frozenset({DISTRICT}), frozenset()),
    "city": (frozenset(), frozenset({"thanhpho"})),
    "town": (frozenset(), frozenset({"thixa", "thitran"})),
    "commune": (frozenset({COMMUNE}), frozenset()),
    "ward": (frozenset({COMMUNE}), frozenset()),
}
# Short forms and former names people still write, tried when the text itself matches nothing.
_ALIASES = {
    "hn": "hanoi",
    "tphn": "hanoi",
    "hcm": "hochiminh",
    "hcmc": "hochiminh",
    "tphcm": "hochiminh",
    "thuathienhue": "hue",
    "brvt": "bariavungtau",
    "baria": "bariavungtau",
    "vungtau": "bariavungtau",
    "daclac": "daklak",
    "daklac": "daklak",
}
_COUNTRY = {"vietnam", "vn"}
_NUMBERED = re.compile(r"^(q|p)(\d+)$")  # "Q1", "P12": Quận 1, Phường 12
_PARTS = re.compile(r"[,;\n]")
_TOKENS = re.compile(r"[^\W_]+")
_NOT_KEY = re.compile(r"[^0-9a-z]")


def normalize(text: str) -> str:
    """The search key of a name: lowercase, no diacritics, no spaces or punctuation ("Hòa Bình" → "hoabinh").

    NFKD splits each letter from its tone and vowel marks, which the ASCII encoding then drops; đ is
    a letter of its own in Vietnamese, not a d with a mark, so it is mapped first.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    return _NOT_KEY.sub("", decomposed.encode("ascii", "ignore").decode("ascii"))


# Words and unit types recur in every address: fold each once.
_key = functools.lru_cache(maxsize=65536)(normalize)


def _exact(text: str) -> str:
    """A search key that keeps the diacritics, to tell apart "Minh Quán" and "Minh Quân" (one district)."""
    return "".join(_TOKENS.findall(unicodedata.normalize("NFC", text.lower())))


@dataclass(frozen=True)
class Resolution:
    """What a piece of text names, and what it corresponds to on today's map."""

    query: str
    matched: AdminUnit | None
    legacy: AdminUnit | None
    current: tuple[AdminUnit, ...]
    province: AdminUnit | None
    is_split: bool
    candidates: tuple[AdminUnit, ...]
    note: str

    @property
    def ok(self) -> bool:
        return self.matched is not None


@dataclass(frozen=True)
class _Successor:
    unit: AdminUnit
    is_split: bool
    is_default: bool


@dataclass
class _Index:
    """Every unit of both eras, by search key, by province, with the crosswalk both ways."""

    by_id: dict[int, AdminUnit]
    by_key: dict[str, list[AdminUnit]]
    by_province: dict[int, list[AdminUnit]]
    children: dict[int, list[AdminUnit]]
    successors: dict[int, list[_Successor]]
    predecessors: dict[int, list[AdminUnit]]
    keys_by_levels: dict[frozenset[str], dict[str, list[AdminUnit]]] = dataclasses.field(default_factory=dict)
    scopes: dict[int, _Scope] = dataclasses.field(default_factory=dict)
    found: dict[tuple[str, int | None, frozenset[str] | None, bool], _Found] = dataclasses.field(default_factory=dict)

    def province_of(self, unit: AdminUnit) -> AdminUnit:
        return self.by_id[unit.province_id or unit.pk]

    def find(
        self, part: str, container: AdminUnit | None, levels: frozenset[str] | None, prefer_legacy: bool
    ) -> _Found:
        """What one part of an address names, within the unit a larger part named. Parts recur from
        row to row of an import (the same province, the same district): each is looked up once."""
        key = (part, container.pk if container else None, levels, prefer_legacy)
        if key not in self.found:
            if len(self.found) > _MAX_REMEMBERED:
                self.found.clear()
            scope = self.scope(container) if container else None
            self.found[key] = _find(self, part, scope, levels, prefer_legacy)
        return self.found[key]

    def scope(self, container: AdminUnit) -> _Scope:
        if container.pk not in self.scopes:
            self.scopes[container.pk] = _Scope.of(self, container)
        return self.scopes[container.pk]

    def keyed(self, levels: frozenset[str]) -> dict[str, list[AdminUnit]]:
        """Search key → units of these levels, for similarity searches over the whole country."""
        if levels not in self.keys_by_levels:
            keyed: dict[str, list[AdminUnit]] = collections.defaultdict(list)
            for unit in self.by_id.values():
                if unit.level in levels:
                    keyed[unit.search_key].append(unit)
            self.keys_by_levels[levels] = keyed
        return self.keys_by_levels[levels]


_index: _Index | None = None
_index_lock = threading.Lock()


def _build_index() -> _Index:
    units = {unit.pk: unit for unit in AdminUnit.objects.all()}
    by_key: dict[str, list[AdminUnit]] = collections.defaultdict(list)
    by_province: dict[int, list[AdminUnit]] = collections.defaultdict(list)
    children: dict[int, list[AdminUnit]] = collections.defaultdict(list)
    province_field = AdminUnit._meta.get_field("province")
    parent_field = AdminUnit._meta.get_field("parent")
    for unit in units.values():
        # Link the shared instances to each other, so that unit.province and unit.parent never query.
        if unit.province_id is not None:
            province_field.set_cached_value(unit, units[unit.province_id])
            if unit.level != PROVINCE:
                by_province[unit.province_id].append(unit)
        if unit.parent_id is not None:
            parent_field.set_cached_value(unit, units[unit.parent_id])
            children[unit.parent_id].append(unit)
        by_key[unit.search_key].append(unit)
    successors: dict[int, list[_Successor]] = collections.defaultdict(list)
    predecessors: dict[int, list[AdminUnit]] = collections.defaultdict(list)
    rows = UnitSuccession.objects.values_list("predecessor_id", "successor_id", "is_split", "is_default")
    for predecessor_id, successor_id, is_split, is_default in rows:
        successors[predecessor_id].append(_Successor(units[successor_id], is_split, is_default))
        predecessors[successor_id].append(units[predecessor_id])
    for found in successors.values():
        found.sort(key=lambda successor: (not successor.is_default, successor.unit.name, successor.unit.code))
    for found_units in predecessors.values():
        found_units.sort(key=lambda unit: (LEVEL_RANK[unit.level], unit.code))
    return _Index(units, dict(by_key), dict(by_province), dict(children), dict(successors), dict(predecessors))


def _get_index() -> _Index:
    global _index
    with _index_lock:
        if _index is None:
            _index = _build_index()
        return _index


def clear_cache() -> None:
    """Forget the index and the cached answers (after the units in the database changed)."""
    global _index
    with _index_lock:
        _index = None
    _resolve_cached.cache_clear()


@dataclass(frozen=True)
class _Reading:
    """One way to read a part of the text: the search key and the unit types or levels it announces."""

    key: str
    types: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    exact: str = ""

    @property
    def explicit(self) -> bool:
        return bool(self.types or self.levels)


def _readings(part: str) -> list[_Reading]:
    """The readings of one part of an address, the likeliest first."""
    raw = [token for token in _TOKENS.findall(unicodedata.normalize("NFC", part.lower())) if _key(token)]
    folded = [_key(token) for token in raw]
    levels: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    while len(folded) > 1 and (folded[0] in _ENGLISH or folded[-1] in _ENGLISH):
        end = 0 if folded[0] in _ENGLISH else -1
        raw.pop(end)
        word = folded.pop(end)
        levels |= _ENGLISH[word][0]
        types |= _ENGLISH[word][1]
    whole = _Reading("".join(folded), types, levels, "".join(raw))
    if len(folded) == 1 and (numbered := _NUMBERED.match(folded[0])):
        prefix = "quan" if numbered.group(1) == "q" else "phuong"
        return [_Reading(prefix + numbered.group(2), frozenset({prefix}), levels), whole]
    for prefix_tokens, spelling, prefix_types in _PREFIXES:
        size = len(prefix_tokens)
        if len(folded) > size and tuple(folded[:size]) == prefix_tokens:
            stripped = _Reading("".join(folded[size:]), types | prefix_types, levels, "".join(raw[size:]))
            certain = not spelling or tuple(raw[:size]) == spelling
            return [stripped, whole] if certain else [whole, stripped]
    return [whole]


@dataclass(frozen=True)
class _Scope:
    """The units an address part can name once a larger part resolved to ``container``.

    A province of either era covers its own units and those of the provinces it became or was formed
    from ("Xã X, Tỉnh Khánh Hòa" may name a commune of Ninh Thuận's past). Among namesakes, those of
    the province named (or of its namesake in the other era) come first: in "Huyện Châu Thành, Tỉnh
    Tây Ninh" the district is Tây Ninh's, not Long An's, although both provinces now form Tây Ninh.
    A district covers its communes and the current communes it went to.
    """

    container: AdminUnit
    unit_ids: frozenset[int]
    province_ids: frozenset[int]
    primary_province_ids: frozenset[int]

    @classmethod
    def of(cls, index: _Index, container: AdminUnit) -> _Scope:
        if container.level == PROVINCE:
            related = [successor.unit for successor in index.successors.get(container.pk, [])]
            related += index.predecessors.get(container.pk, [])
            namesakes = {unit.pk for unit in related if unit.search_key == container.search_key}
            return cls(
                container,
                frozenset(),
                frozenset({container.pk, *(unit.pk for unit in related)}),
                frozenset({container.pk, *namesakes}),
            )
        below = {unit.pk for unit in index.children.get(container.pk, [])}
        below |= {successor.unit.pk for successor in index.successors.get(container.pk, [])}
        return cls(container, frozenset(below), frozenset(), frozenset())

    def contains(self, unit: AdminUnit) -> bool:
        if LEVEL_RANK[unit.level] <= LEVEL_RANK[self.container.level]:
            return False
        if self.container.level == PROVINCE:
            return unit.province_id in self.province_ids
        return unit.pk in self.unit_ids

    def closest(self, units: list[AdminUnit]) -> list[AdminUnit]:
        """Namesakes narrowed to the province named, when that tells them apart."""
        return [unit for unit in units if unit.province_id in self.primary_province_ids] or units

    def pool(self, index: _Index) -> Iterable[AdminUnit]:
        if self.container.level == PROVINCE:
            return (unit for pk in self.province_ids for unit in index.by_province.get(pk, []))
        return (index.by_id[pk] for pk in self.unit_ids)


@dataclass(frozen=True)
class _Found:
    units: tuple[AdminUnit, ...] = ()  # one when found, several when ambiguous
    candidates: tuple[AdminUnit, ...] = ()
    explicit: bool = False


def _ordered(units: Iterable[AdminUnit], prefer_legacy: bool) -> list[AdminUnit]:
    preferred_era = Era.LEGACY if prefer_legacy else Era.CURRENT
    return sorted(
        set(units),
        key=lambda unit: (LEVEL_RANK[unit.level], unit.era != preferred_era, unit.province_id or 0, unit.code),
    )


def _best(units: list[AdminUnit], reading: _Reading, prefer_legacy: bool) -> list[AdminUnit]:
    """The units a reading names: those of the type it announces (else of its level), of the highest
    level, of the era preferred (today's, unless a date before 1 July 2025 was given)."""
    if reading.levels:
        units = [unit for unit in units if unit.level in reading.levels]
    if reading.types:
        typed = [unit for unit in units if _key(unit.unit_type) in reading.types]
        levels = set().union(*(_TYPE_LEVELS[kind] for kind in reading.types))
        units = typed or [unit for unit in units if unit.level in levels]
    if not units:
        return []
    top = min(LEVEL_RANK[unit.level] for unit in units)
    units = [unit for unit in units if LEVEL_RANK[unit.level] == top]
    preferred_era = Era.LEGACY if prefer_legacy else Era.CURRENT
    units = [unit for unit in units if unit.era == preferred_era] or units
    if len(units) > 1 and reading.exact:
        # Namesakes that differ only by their diacritics: the spelling given decides, when it was given.
        units = [unit for unit in units if _exact(unit.short_name) == reading.exact] or units
    return _ordered(units, prefer_legacy)


def _find(index: _Index, part: str, scope: _Scope | None, levels: frozenset[str] | None, prefer_legacy: bool) -> _Found:
    readings = _readings(part)
    explicit = any(reading.explicit for reading in readings)
    tried = [*readings, *(dataclasses.replace(r, key=_ALIASES[r.key]) for r in readings if r.key in _ALIASES)]
    for reading in tried:
        units = [
            unit
            for unit in index.by_key.get(reading.key, [])
            if (levels is None or unit.level in levels) and (scope is None or scope.contains(unit))
        ]
        best = _best(units, reading, prefer_legacy)
        if len(best) > 1 and scope is not None:
            best = scope.closest(best)
        if best:
            return _Found(units=tuple(best), explicit=explicit)
    return _Found(
        candidates=_similar(index, [r.key for r in tried], scope, levels, readings[0], prefer_legacy), explicit=explicit
    )


def _similar(
    index: _Index,
    keys: Sequence[str],
    scope: _Scope | None,
    levels: frozenset[str] | None,
    reading: _Reading,
    prefer_legacy: bool,
) -> tuple[AdminUnit, ...]:
    """The closest units by spelling of the search key (difflib), for the error message."""
    wanted = levels or reading.levels or frozenset(LEVEL_RANK)
    if reading.types:
        wanted = wanted & frozenset().union(*(_TYPE_LEVELS[kind] for kind in reading.types)) or wanted
    if scope is None:
        keyed = index.keyed(frozenset(wanted))
    else:
        keyed = collections.defaultdict(list)
        for unit in scope.pool(index):
            if unit.level in wanted and scope.contains(unit):
                keyed[unit.search_key].append(unit)
    found: list[AdminUnit] = []
    for key in keys:
        if not key:
            continue
        for close in difflib.get_close_matches(key, keyed.keys(), n=MAX_CANDIDATES, cutoff=0.6):
            found.extend(unit for unit in _ordered(keyed[close], prefer_legacy) if unit not in found)
        if found:
            break
    return tuple(found[:MAX_CANDIDATES])


def _label(index: _Index, unit: AdminUnit) -> str:
    """A unit named so that a reader can find it: "Phú Thọ", "Huyện Lạc Thủy (Hòa Bình)"."""
    if unit.level == PROVINCE:
        return unit.short_name
    return f"{unit.name} ({index.province_of(unit).short_name})"


def _listing(names: Iterable[str], limit: int = 8) -> str:
    items = list(names)
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


def _note(index: _Index, unit: AdminUnit, current: Sequence[AdminUnit], province: AdminUnit | None) -> str:
    """Explain in one or two sentences what the unit is and what it became."""
    today = province.short_name if province else ""
    if unit.era == Era.CURRENT and unit.level == PROVINCE:
        formed_from = index.predecessors.get(unit.pk, [])
        if [p.short_name for p in formed_from] in ([unit.short_name], []):
            return str(
                _("%(name)s is a province both before and after 1 July 2025 (code %(code)s); it was not merged.")
                % {"name": unit.short_name, "code": unit.code}
            )
        return str(
            _("%(name)s is a province today (code %(code)s), formed on 1 July 2025 from the former provinces %(old)s.")
            % {
                "name": unit.short_name,
                "code": unit.code,
                "old": _listing(f"{p.short_name} ({p.code})" for p in formed_from),
            }
        )
    if unit.era == Era.CURRENT:
        formed_from = [p for p in index.predecessors.get(unit.pk, []) if p.level == COMMUNE]
        if not formed_from:
            return str(
                _("%(name)s is a commune-level unit of %(province)s since 1 July 2025.")
                % {"name": unit.name, "province": today}
            )
        return str(
            _("%(name)s is a commune-level unit of %(province)s since 1 July 2025, formed from %(old)s.")
            % {"name": unit.name, "province": today, "old": _listing(_label(index, p) for p in formed_from)}
        )
    if unit.level == PROVINCE:
        return str(
            _("%(name)s is a province before 1 July 2025; today it is part of %(province)s.")
            % {"name": unit.short_name, "province": today}
        )
    name = _label(index, unit)
    if unit.level == DISTRICT:
        return str(
            ngettext_lazy(
                "%(name)s is a district before 1 July 2025; districts were abolished and today its area "
                "is in %(count)d commune of %(province)s: %(units)s.",
                "%(name)s is a district before 1 July 2025; districts were abolished and today its area "
                "is in %(count)d communes of %(province)s: %(units)s.",
                "count",
            )
            % {"name": name, "count": len(current), "province": today, "units": _listing(u.name for u in current)}
        )
    if len(current) > 1:
        return str(
            _(
                "%(name)s is a commune before 1 July 2025; it was split between %(units)s (%(province)s), "
                "the main part going to %(main)s."
            )
            % {"name": name, "units": _listing(u.name for u in current), "province": today, "main": current[0].name}
        )
    return str(
        _("%(name)s is a commune before 1 July 2025; today it is part of %(unit)s, %(province)s.")
        % {"name": name, "unit": current[0].name if current else "?", "province": today}
    )


def _answer(
    index: _Index, query: str, unit: AdminUnit, extra: str = "", candidates: tuple[AdminUnit, ...] = ()
) -> Resolution:
    if unit.era == Era.CURRENT:
        current: tuple[AdminUnit, ...] = (unit,)
        is_split = False
    else:
        successors = index.successors.get(unit.pk, [])
        current = tuple(successor.unit for successor in successors)
        is_split = any(successor.is_split for successor in successors)
    province = index.province_of(current[0]) if current else None
    note = _note(index, unit, current, province)
    return Resolution(
        query=query,
        matched=unit,
        legacy=unit if unit.era == Era.LEGACY else None,
        current=current,
        province=province,
        is_split=is_split,
        candidates=candidates,
        note=f"{note} {extra}".strip(),
    )


def _unmatched(query: str, note: str, candidates: tuple[AdminUnit, ...]) -> Resolution:
    return Resolution(query, None, None, (), None, False, candidates, note)


def resolve(text: str, *, level: str | None = None, on: dt.date | None = None) -> Resolution:
    """Find the unit ``text`` names and today's unit(s) it corresponds to.

    ``level`` restricts the answer to provinces, districts or communes. ``on`` is the date the text
    refers to: before 1 July 2025 a name that exists in both eras is read as the old unit.
    A comma-separated address is read from the end: each part is looked up within the previous one,
    and the most specific part found is the answer; parts that name no unit and announce no unit
    type (a street, a building) are ignored.
    """
    if level is not None and level not in LEVEL_RANK:
        raise ValueError(f"unknown level {level!r}: use one of {', '.join(LEVEL_RANK)}")
    return _resolve_cached(text, level, on, get_language())


@functools.lru_cache(maxsize=16384)
def _resolve_cached(text: str, level: str | None, on: dt.date | None, language: str | None) -> Resolution:
    index = _get_index()
    prefer_legacy = on is not None and on < REORGANISATION_DATE
    parts = [part.strip() for part in _PARTS.split(text) if normalize(part)]
    while len(parts) > 1 and normalize(parts[-1]) in _COUNTRY:
        parts.pop()
    if level == PROVINCE:
        parts = parts[-1:]
    if not parts:
        return _unmatched(text, str(_("Nothing to look up: the text names no place.")), ())
    container: AdminUnit | None = None
    problem = ""
    candidates: tuple[AdminUnit, ...] = ()
    for position, part in enumerate(reversed(parts)):
        levels = None
        if level is not None:
            if container is not None and container.level == level:
                break  # what is left is more specific than asked (a commune, a street)
            # The text's last part must be of the level asked; the parts around it may be larger units.
            most_specific = position == len(parts) - 1
            levels = frozenset({level}) if most_specific else _LEVELS_UP_TO[level]
        found = index.find(part, container, levels, prefer_legacy)
        if len(found.units) == 1:
            container = found.units[0]
            continue
        if len(found.units) > 1:
            example = f"{part}, {_label(index, index.province_of(found.units[0]))}"
            problem = str(
                _("“%(part)s” names %(count)d units; add the province to choose one, e.g. “%(example)s”.")
                % {"part": part, "count": len(found.units), "example": example}
            )
            candidates = found.units[:MAX_CANDIDATES]
        elif container is None:
            problem = str(_("No administrative unit matches “%(part)s”.") % {"part": part})
            if found.candidates:
                closest = _listing(_label(index, unit) for unit in found.candidates)
                problem += " " + str(_("Closest: %(units)s.") % {"units": closest})
            candidates = found.candidates
        elif found.explicit:
            # A part that announces a unit type ("Xã ...") but names none: say so. Other parts that name
            # nothing (a street, an industrial park) are details below the smallest unit.
            problem = str(
                _("“%(part)s” was not found in %(container)s; the answer stops there.")
                % {"part": part, "container": _label(index, container)}
            )
            candidates = found.candidates
        break
    if container is not None and level is not None and container.level != level:
        wrong_level = str(_("“%(text)s” names no %(level)s.") % {"text": text, "level": Level(level).label.lower()})
        return _unmatched(text, f"{problem} {wrong_level}".strip(), candidates)
    if container is None:
        return _unmatched(text, problem, candidates)
    return _answer(index, text, container, problem, candidates)


def resolve_province(text: str) -> Resolution:
    """The province ``text`` names (the last part of an address), of either era."""
    return resolve(text, level=PROVINCE)
