"""School holidays (schoolvakanties) per region: the shipped data file and the open-data importer.

The government publishes the dates as open data (rijksoverheid, info type `schoolholidays`).
`parse_open_data()` reads that JSON; `import_school_holidays()` merges it into
`<data dir>/school_holidays.json`; `load_school_holidays()` returns shipped plus imported dates.
The web app stores what an owner uploads in the database and merges it with the same
`merge_school_holidays()`.

A school year counts as covered for a region when all five of its holidays (HOLIDAY_NAMES) are
known there: `coverage()`. Each data file lists its coverage; `missing_schoolyears()` says which
school years of a period are not covered, for the engine's `school_holidays_unknown` warning.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

REGIONS = ("noord", "midden", "zuid")
# The five holidays of every school year: a school year with fewer is not complete.
HOLIDAY_NAMES = (
    "herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie", "zomervakantie",
)  # fmt: skip
DATA_FILE = "school_holidays.json"
SHIPPED = Path(__file__).with_name("data") / DATA_FILE
# Bounds on an open-data file: a school year is about 5 kB and 15 holidays.
MAX_BYTES = 2_000_000
MAX_HOLIDAYS = 5_000
MAX_NESTING = 12
SOURCE = (
    "Rijksoverheid open data, schoolvakanties (info type schoolholidays), "
    "https://opendata.rijksoverheid.nl/v1/infotypes/schoolholidays"
)


class SchoolHolidayDataError(ValueError):
    """The open-data file cannot be read or is not valid; `errors` lists every problem (English),
    `messages("nl")` the same in Dutch."""

    def __init__(self, errors: list[str], errors_nl: list[str] | None = None) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors
        self.errors_nl = errors_nl if errors_nl is not None else errors

    def messages(self, lang: str = "nl") -> list[str]:
        return self.errors if lang == "en" else self.errors_nl


class DamagedDataFileError(SchoolHolidayDataError):
    """The data file of imported school holidays cannot be read (changed by hand, cut off)."""


# Where in the open-data file a problem is: (English word, Dutch word, 1-based position) parts.
Where = tuple[tuple[str, str, int], ...]


class _Problems:
    """The problems found in an open-data file, in English and Dutch."""

    def __init__(self) -> None:
        self.en: list[str] = []
        self.nl: list[str] = []

    def add(self, where: Where, en: str, nl: str) -> None:
        self.en.append(", ".join(f"{w_en} {i}" for w_en, _nl, i in where) + f": {en}")
        self.nl.append(", ".join(f"{w_nl} {i}" for _en, w_nl, i in where) + f": {nl}")

    def __bool__(self) -> bool:
        return bool(self.en)

    def error(self) -> SchoolHolidayDataError:
        return SchoolHolidayDataError(self.en, self.nl)


@dataclass(frozen=True, order=True)
class SchoolHoliday:
    """One school holiday in one region; `start` and `end` are inclusive."""

    region: str
    start: date
    end: date
    name: str
    schoolyear: str
    compulsory: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.schoolyear, self.name, self.region)


class ImportCounts(NamedTuple):
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class ImportResult:
    """What `import_school_holidays()` did."""

    path: Path
    added: int
    updated: int
    unchanged: int
    schoolyears: tuple[str, ...]


def default_data_dir() -> Path:
    """`$MIJLPAAL_DATA_DIR`, else `./var`."""
    return Path(os.environ.get("MIJLPAAL_DATA_DIR") or "var")


def _open_data_date(text: Any, where: Where, problems: _Problems) -> date | None:
    """Read `2026-07-18T00:00:00.000Z` (or a plain date) as the Dutch calendar date."""
    if not isinstance(text, str):
        problems.add(where, f"expected a date text, got {text!r}", f"geen datum: {text!r}")
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        problems.add(where, f"not a date: {text!r}", f"geen datum: {text!r}")
        return None
    if moment.tzinfo is None:
        return moment.date()
    try:
        from zoneinfo import ZoneInfo

        # Local midnight is sometimes published as 22:00 or 23:00 UTC the day before.
        return moment.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    except Exception:  # no time zone database: the UTC date is right for 00:00Z values
        return moment.date()


def parse_open_data(json_text: str) -> list[SchoolHoliday]:
    """Parse the government's open-data JSON; raise SchoolHolidayDataError listing every problem.

    Accepts one document or a list of documents, each with `content[]` items holding
    `schoolyear` and `vacations[]` (`type` with stray whitespace, `compulsorydates` as
    "true"/"false", `regions[]` of `{region, startdate, enddate}`, end dates inclusive).
    The region "heel Nederland" applies to noord, midden and zuid. Bounded: at most MAX_BYTES
    of text, MAX_HOLIDAYS holidays and JSON nested at most MAX_NESTING deep.
    """
    if len(json_text) > MAX_BYTES:
        raise SchoolHolidayDataError(
            [f"larger than {MAX_BYTES // 1000} kB"],
            [f"groter dan {MAX_BYTES // 1000} kB"],
        )
    if _nesting(json_text) > MAX_NESTING:
        raise SchoolHolidayDataError(
            [f"nested deeper than {MAX_NESTING} levels"],
            [f"dieper genest dan {MAX_NESTING} niveaus"],
        )
    try:
        data = json.loads(json_text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SchoolHolidayDataError([f"not JSON: {exc}"], [f"geen JSON: {exc}"]) from exc
    documents = data if isinstance(data, list) else [data]
    problems = _Problems()
    result: list[SchoolHoliday] = []
    for d_i, document in enumerate(documents, 1):
        where: Where = (("document", "document", d_i),)
        content = document.get("content") if isinstance(document, dict) else None
        if not isinstance(content, list):
            problems.add(where, "no content list", "geen lijst 'content'")
            continue
        for c_where, part in _objects(content, (*where, ("content", "schooljaar", 0)), problems):
            result += _parse_schoolyear(part, c_where, problems)
        if len(result) > MAX_HOLIDAYS:
            raise SchoolHolidayDataError(
                [f"more than {MAX_HOLIDAYS} holidays"], [f"meer dan {MAX_HOLIDAYS} vakanties"]
            )
    if problems:
        raise problems.error()
    if not result:
        raise SchoolHolidayDataError(
            ["no school holidays found"], ["geen schoolvakanties gevonden"]
        )
    return sorted(result)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _nesting(json_text: str) -> int:
    """How deep brackets nest in the text, outside strings (before anything is parsed)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", json_text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _objects(
    values: list[Any], where: Where, problems: _Problems
) -> Iterator[tuple[Where, dict[str, Any]]]:
    """(where, object) for each object in an open-data list; anything else is a problem.

    `where` ends in the list's part with position 0; each object gets its own position."""
    *parent, (en, nl, _zero) = where
    for i, value in enumerate(values, 1):
        here: Where = (*parent, (en, nl, i))
        if isinstance(value, dict):
            yield here, value
        else:
            problems.add(here, "not an object", "geen object")


def _parse_schoolyear(
    part: dict[str, Any], where: Where, problems: _Problems
) -> list[SchoolHoliday]:
    schoolyear = str(part.get("schoolyear", "")).strip()
    if not schoolyear:
        problems.add(where, "no schoolyear", "geen schooljaar ('schoolyear')")
    vacations = part.get("vacations")
    if not isinstance(vacations, list):
        problems.add(where, "no vacations list", "geen lijst 'vacations'")
        return []
    result: list[SchoolHoliday] = []
    for v_where, vacation in _objects(vacations, (*where, ("vacation", "vakantie", 0)), problems):
        result += _parse_vacation(vacation, schoolyear, v_where, problems)
    return result


def _parse_vacation(
    vacation: dict[str, Any], schoolyear: str, where: Where, problems: _Problems
) -> list[SchoolHoliday]:
    name = str(vacation.get("type", "")).strip().lower()
    if not name:
        problems.add(where, "no type", "geen soort vakantie ('type')")
    compulsory = str(vacation.get("compulsorydates", "false")).strip().lower() == "true"
    regions = vacation.get("regions")
    if not isinstance(regions, list) or not regions:
        problems.add(where, "no regions", "geen regio's ('regions')")
        return []
    result: list[SchoolHoliday] = []
    for r_where, region in _objects(regions, (*where, ("region", "regio", 0)), problems):
        period = _parse_region(region, r_where, problems)
        if period is not None:
            targets, start, end = period
            result += [SchoolHoliday(t, start, end, name, schoolyear, compulsory) for t in targets]
    return result


def _parse_region(
    region: dict[str, Any], where: Where, problems: _Problems
) -> tuple[tuple[str, ...], date, date] | None:
    """(the regions it applies to, start, end) of one region's dates, or None if not valid."""
    region_name = str(region.get("region", "")).strip().lower()
    if region_name == "heel nederland":
        targets: tuple[str, ...] = REGIONS
    elif region_name in REGIONS:
        targets = (region_name,)
    else:
        shown = repr(region.get("region"))[:60]
        problems.add(where, f"unknown region {shown}", f"onbekende regio {shown}")
        return None
    start = _open_data_date(region.get("startdate"), where, problems)
    end = _open_data_date(region.get("enddate"), where, problems)
    if start is None or end is None:
        return None
    if end < start:
        problems.add(where, f"end {end} before start {start}", f"einde {end} vóór begin {start}")
        return None
    return targets, start, end


def holidays_from_rows(rows: Iterable[dict[str, Any]]) -> list[SchoolHoliday]:
    """School holidays from the rows of the data file (`holidays_to_rows` writes them)."""
    return [
        SchoolHoliday(
            region=row["region"],
            start=date.fromisoformat(row["start"]),
            end=date.fromisoformat(row["end"]),
            name=row["name"],
            schoolyear=row["schoolyear"],
            compulsory=bool(row.get("compulsory", False)),
        )
        for row in rows
    ]


def holidays_to_rows(holidays: Iterable[SchoolHoliday]) -> list[dict[str, Any]]:
    """The rows of the data file, in the order of the calendar."""
    return [
        {
            "schoolyear": h.schoolyear,
            "name": h.name,
            "region": h.region,
            "start": h.start.isoformat(),
            "end": h.end.isoformat(),
            "compulsory": h.compulsory,
        }
        for h in sorted(holidays, key=lambda h: (h.start, h.region, h.name))
    ]


def _read_data_file(path: Path) -> list[SchoolHoliday]:
    """The holidays of a data file; SchoolHolidayDataError naming the file when it is damaged."""
    try:
        return holidays_from_rows(json.loads(path.read_text(encoding="utf-8"))["holidays"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSON, rows, dates
        raise DamagedDataFileError(
            [f"the data file {path} is damaged; import the school holidays again after "
             "removing it"],
            [f"het gegevensbestand {path} is beschadigd; verwijder het en importeer de "
             "schoolvakanties opnieuw"],
        ) from exc  # fmt: skip


def _write_data_file(path: Path, holidays: list[SchoolHoliday], source: str) -> None:
    rows = holidays_to_rows(holidays)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(
            {"source": source, "coverage": coverage(holidays), "holidays": rows},
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    tmp.replace(path)


@lru_cache(maxsize=1)
def shipped_school_holidays() -> tuple[SchoolHoliday, ...]:
    """The school holidays shipped with Mijlpaal (the table in DOMAIN.md)."""
    return tuple(sorted(_read_data_file(SHIPPED)))


def load_school_holidays(data_dir: Path | None = None) -> tuple[SchoolHoliday, ...]:
    """Shipped plus imported school holidays; imported dates replace shipped ones."""
    merged = {h.key: h for h in shipped_school_holidays()}
    path = (data_dir if data_dir is not None else default_data_dir()) / DATA_FILE
    if path.is_file():
        merged.update((h.key, h) for h in _read_data_file(path))
    return tuple(sorted(merged.values()))


def read_source(source: str, *, timeout: float = 30.0) -> str:
    """The text of a file path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        import urllib.request  # only for a URL: it is slow to import for every command

        request = urllib.request.Request(source, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    return Path(source).read_text(encoding="utf-8")


def merge_school_holidays(
    existing: Iterable[SchoolHoliday], parsed: Iterable[SchoolHoliday]
) -> tuple[list[SchoolHoliday], ImportCounts]:
    """`existing` with `parsed` merged in (same school year, name and region: replaced), and
    how many were added, updated and unchanged: the one merge of the importer."""
    merged = {h.key: h for h in existing}
    added = updated = unchanged = 0
    for holiday in parsed:
        old = merged.get(holiday.key)
        if old is None:
            added += 1
        elif old == holiday:
            unchanged += 1
        else:
            updated += 1
        merged[holiday.key] = holiday
    return list(merged.values()), ImportCounts(added, updated, unchanged)


def import_school_holidays(source: str, data_dir: Path) -> ImportResult:
    """Read open-data JSON from a file or URL, validate it and merge it into the data dir.

    Raises OSError when the source cannot be read and SchoolHolidayDataError when it is not
    valid; in both cases nothing is written.
    """
    parsed = parse_open_data(read_source(source))
    path = data_dir / DATA_FILE
    existing = _read_data_file(path) if path.is_file() else []
    merged, counts = merge_school_holidays(existing, parsed)
    _write_data_file(path, merged, SOURCE)
    years = tuple(sorted({h.schoolyear for h in parsed}))
    return ImportResult(path, counts.added, counts.updated, counts.unchanged, years)


# --- coverage: which school years the data knows ---------------------------------------------


def coverage(holidays: Iterable[SchoolHoliday]) -> dict[str, list[str]]:
    """Per region the school years ("2025-2026") whose holidays are complete: all of
    HOLIDAY_NAMES (herfst-, kerst-, voorjaars-, mei- and zomervakantie) for that region."""
    names: dict[tuple[str, str], set[str]] = {}
    for h in holidays:
        names.setdefault((h.region, h.schoolyear), set()).add(h.name)
    complete = {key for key, found in names.items() if found >= set(HOLIDAY_NAMES)}
    return {r: sorted(year for region, year in complete if region == r) for r in REGIONS}


def schoolyear_of(d: date) -> str:
    """The school year of a day: 1 August to 31 July, e.g. "2026-2027" for 1 October 2026."""
    first = d.year if d.month >= 8 else d.year - 1
    return f"{first}-{first + 1}"


def schoolyear_days(schoolyear: str) -> tuple[date, date]:
    """The first and last day of a school year ("2026-2027": 1 Aug 2026 – 31 Jul 2027)."""
    first = int(schoolyear[:4])
    return date(first, 8, 1), date(first + 1, 7, 31)


def missing_schoolyears(
    holidays: Iterable[SchoolHoliday], region: str, first: date, last: date
) -> list[str]:
    """The school years from `first` to `last` whose holidays in `region` are not known.

    A school year is known when `coverage()` says so. The days of a school year that fall in a
    known holiday (the summer holiday runs into August) do not need it: a period that touches
    a school year only there does not miss it.
    """
    ours = [h for h in holidays if h.region == region]
    known = set(coverage(ours)[region]) if region in REGIONS else set()
    missing = []
    year = first.year - 1 if first.month < 8 else first.year
    while date(year, 8, 1) <= last:
        name = f"{year}-{year + 1}"
        if name not in known:
            begin, end = schoolyear_days(name)
            begin, end = max(begin, first), min(end, last)
            if not any(h.start <= begin and end <= h.end for h in ours):
                missing.append(name)
        year += 1
    return missing
