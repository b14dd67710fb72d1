"""School holidays (schoolvakanties) per region: the shipped data file and the open-data importer.

The government publishes the dates as open data (rijksoverheid, info type `schoolholidays`).
`parse_open_data()` reads that JSON; `import_school_holidays()` merges it into
`<data dir>/school_holidays.json`; `load_school_holidays()` returns shipped plus imported dates.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

REGIONS = ("noord", "midden", "zuid")
DATA_FILE = "school_holidays.json"
SHIPPED = Path(__file__).with_name("data") / DATA_FILE
SOURCE = (
    "Rijksoverheid open data, schoolvakanties (info type schoolholidays), "
    "https://opendata.rijksoverheid.nl/v1/infotypes/schoolholidays"
)


class SchoolHolidayDataError(ValueError):
    """The open-data file cannot be read or is not valid; `errors` lists every problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


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


def _open_data_date(text: Any, where: str, errors: list[str]) -> date | None:
    """Read `2026-07-18T00:00:00.000Z` (or a plain date) as the Dutch calendar date."""
    if not isinstance(text, str):
        errors.append(f"{where}: expected a date text, got {text!r}")
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        errors.append(f"{where}: not a date: {text!r}")
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
    The region "heel Nederland" applies to noord, midden and zuid.
    """
    try:
        data = json.loads(json_text)
    except json.JSONDecodeError as exc:
        raise SchoolHolidayDataError([f"not JSON: {exc}"]) from exc
    documents = data if isinstance(data, list) else [data]
    errors: list[str] = []
    result: list[SchoolHoliday] = []
    for d_i, document in enumerate(documents):
        content = document.get("content") if isinstance(document, dict) else None
        if not isinstance(content, list):
            errors.append(f"document {d_i}: no content list")
            continue
        for where, part in _objects(content, f"document {d_i} content", errors):
            result += _parse_schoolyear(part, where, errors)
    if errors:
        raise SchoolHolidayDataError(errors)
    if not result:
        raise SchoolHolidayDataError(["no school holidays found"])
    return sorted(result)


def _objects(
    values: list[Any], where: str, errors: list[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object) for each object in an open-data list; anything else is an error."""
    for i, value in enumerate(values):
        if isinstance(value, dict):
            yield f"{where} {i}", value
        else:
            errors.append(f"{where} {i}: not an object")


def _parse_schoolyear(part: dict[str, Any], where: str, errors: list[str]) -> list[SchoolHoliday]:
    schoolyear = str(part.get("schoolyear", "")).strip()
    if not schoolyear:
        errors.append(f"{where}: no schoolyear")
    vacations = part.get("vacations")
    if not isinstance(vacations, list):
        errors.append(f"{where}: no vacations list")
        return []
    result: list[SchoolHoliday] = []
    for v_where, vacation in _objects(vacations, f"{where} vacation", errors):
        result += _parse_vacation(vacation, schoolyear, v_where, errors)
    return result


def _parse_vacation(
    vacation: dict[str, Any], schoolyear: str, where: str, errors: list[str]
) -> list[SchoolHoliday]:
    name = str(vacation.get("type", "")).strip().lower()
    if not name:
        errors.append(f"{where}: no type")
    compulsory = str(vacation.get("compulsorydates", "false")).strip().lower() == "true"
    regions = vacation.get("regions")
    if not isinstance(regions, list) or not regions:
        errors.append(f"{where}: no regions")
        return []
    result: list[SchoolHoliday] = []
    for r_where, region in _objects(regions, f"{where} region", errors):
        period = _parse_region(region, r_where, errors)
        if period is not None:
            targets, start, end = period
            result += [SchoolHoliday(t, start, end, name, schoolyear, compulsory) for t in targets]
    return result


def _parse_region(
    region: dict[str, Any], where: str, errors: list[str]
) -> tuple[tuple[str, ...], date, date] | None:
    """(the regions it applies to, start, end) of one region's dates, or None if not valid."""
    region_name = str(region.get("region", "")).strip().lower()
    if region_name == "heel nederland":
        targets: tuple[str, ...] = REGIONS
    elif region_name in REGIONS:
        targets = (region_name,)
    else:
        errors.append(f"{where}: unknown region {region.get('region')!r}")
        return None
    start = _open_data_date(region.get("startdate"), where, errors)
    end = _open_data_date(region.get("enddate"), where, errors)
    if start is None or end is None:
        return None
    if end < start:
        errors.append(f"{where}: end {end} before start {start}")
        return None
    return targets, start, end


def _read_data_file(path: Path) -> list[SchoolHoliday]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        SchoolHoliday(
            region=row["region"],
            start=date.fromisoformat(row["start"]),
            end=date.fromisoformat(row["end"]),
            name=row["name"],
            schoolyear=row["schoolyear"],
            compulsory=bool(row.get("compulsory", False)),
        )
        for row in data["holidays"]
    ]


def _write_data_file(path: Path, holidays: list[SchoolHoliday], source: str) -> None:
    rows = [
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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"source": source, "holidays": rows}, indent=1, ensure_ascii=False) + "\n",
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


def import_school_holidays(source: str, data_dir: Path) -> ImportResult:
    """Read open-data JSON from a file or URL, validate it and merge it into the data dir.

    Raises OSError when the source cannot be read and SchoolHolidayDataError when it is not
    valid; in both cases nothing is written.
    """
    parsed = parse_open_data(read_source(source))
    path = data_dir / DATA_FILE
    existing = {h.key: h for h in _read_data_file(path)} if path.is_file() else {}
    added = updated = unchanged = 0
    for holiday in parsed:
        old = existing.get(holiday.key)
        if old is None:
            added += 1
        elif old == holiday:
            unchanged += 1
        else:
            updated += 1
        existing[holiday.key] = holiday
    _write_data_file(path, list(existing.values()), SOURCE)
    years = tuple(sorted({h.schoolyear for h in parsed}))
    return ImportResult(path, added, updated, unchanged, years)
