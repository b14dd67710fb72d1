"""`mijlpaal schedule | export | calendar`: the planning engine on the command line.

Exit status: 0 without error diagnostics, 1 with error diagnostics, 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .planfile import PlanFileError, load_plan_file
from .text import format_date

if TYPE_CHECKING:  # the modules themselves are imported by the command that needs them
    from .model import PlanInput, Schedule

_HEADERS = {
    "nl": ("id", "titel", "soort", "start", "eind", "uiterlijk starten", "speling", "kritiek"),
    "en": ("id", "title", "kind", "start", "finish", "latest start", "slack", "critical"),
}
_KIND = {
    "nl": {"milestone": "mijlpaal", "activity": "activiteit"},
    "en": {"milestone": "milestone", "activity": "activity"},
}
_SEVERITY = {
    "nl": {"error": "fout", "warning": "waarschuwing", "info": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mijlpaal", description="Plan backwards on the school calendar."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("schedule", help="schedule a plan file and print the dates and warnings")
    p.add_argument("plan", help="plan file (YAML)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p = sub.add_parser("export", help="write a plan file as a TaskJuggler 3 project")
    p.add_argument("plan", help="plan file (YAML)")
    p.add_argument("--format", choices=("tjp",), required=True)
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p = sub.add_parser("calendar", help="school holiday data")
    csub = p.add_subparsers(dest="calendar_command", required=True)
    p = csub.add_parser("import", help="import school holidays from the government's open data")
    p.add_argument("source", help="JSON file or http(s) URL")
    p.add_argument(
        "--data-dir", type=Path, default=None, help="default: $MIJLPAAL_DATA_DIR or ./var"
    )
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    return parser


def schedule_json(result: Schedule, lang: str = "nl") -> dict[str, object]:
    """The JSON shape of `mijlpaal schedule --format json`."""

    def iso(d: object) -> str | None:
        return d.isoformat() if d is not None else None  # type: ignore[attr-defined]

    return {
        "items": [
            {
                "id": s.id,
                "start": iso(s.start),
                "finish": iso(s.finish),
                "early_start": iso(s.early_start),
                "early_finish": iso(s.early_finish),
                "late_start": iso(s.late_start),
                "late_finish": iso(s.late_finish),
                "slack": s.slack,
                "critical": s.critical,
            }
            for s in result.items.values()
        ],
        "diagnostics": [
            {
                "code": d.code,
                "severity": d.severity,
                "message": d.message(lang),
                "items": list(d.items),
            }
            for d in result.diagnostics
        ],
    }


def schedule_table(
    result: Schedule, titles: dict[str, str], kinds: dict[str, str], lang: str = "nl"
) -> str:
    """A plain-text table of the dates, then the warnings."""
    yes, no = ("ja", "") if lang == "nl" else ("yes", "")
    fmt = lru_cache(maxsize=4096)(format_date)  # a plan has far fewer dates than cells
    rows = [_HEADERS[lang]]
    for s in result.items.values():
        rows.append(
            (
                s.id,
                titles[s.id],
                _KIND[lang][kinds[s.id]],
                fmt(s.start, lang) if s.start else "",
                fmt(s.finish, lang) if s.finish else "",
                fmt(s.late_start, lang) if s.late_start else "",
                str(s.slack) if s.slack is not None else "",
                yes if s.critical else no,
            )
        )
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if result.diagnostics:
        lines.append("")
        lines.append("Meldingen:" if lang == "nl" else "Diagnostics:")
        for d in result.diagnostics:
            lines.append(f"- [{_SEVERITY[lang][d.severity]}] {d.message(lang)}")
    else:
        lines.append("")
        lines.append("Geen meldingen." if lang == "nl" else "No diagnostics.")
    return "\n".join(lines) + "\n"


def _read_plan(path: str, stderr: TextIO, lang: str = "nl") -> PlanInput | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        word = "cannot read" if lang == "en" else "kan niet lezen"
        print(f"mijlpaal: {word} {path}: {reason}", file=stderr)
        return None
    try:
        return load_plan_file(text)
    except PlanFileError as exc:
        for message in exc.messages(lang):
            print(f"{path}: {message}", file=stderr)
        return None


def main(argv: list[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run a planning command; `argv` starts with the command (`schedule`, `export`, `calendar`)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code not in (0, None) else 0
    from .school_holidays import DamagedDataFileError

    try:
        if args.command == "schedule":
            return _schedule_command(args, out, err)
        if args.command == "export":
            return _export_command(args, out, err)
        return _calendar_command(args, out, err)
    except DamagedDataFileError as exc:  # the file of imported school holidays
        for message in exc.messages(getattr(args, "lang", "nl")):
            print(f"mijlpaal: {message}", file=err)
        return 2


def _schedule_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Everything the command makes stays alive until it has printed: the collector walking the
    # plan and its schedule again and again took a fifth of a large plan's time
    # (bench/results/command-2026-12-01.md).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _schedule(args, out, err)
    finally:
        if was_enabled:
            gc.enable()


def _schedule(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    plan = _read_plan(args.plan, err, args.lang)
    if plan is None:
        return 2
    from .scheduler import schedule

    result = schedule(plan)
    if args.format == "json":
        json.dump(schedule_json(result, args.lang), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        titles = {it.id: it.title for it in plan.items}
        kinds: dict[str, str] = {it.id: it.kind for it in plan.items}
        out.write(schedule_table(result, titles, kinds, args.lang))
    return 1 if result.has_errors else 0


def _export_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    plan = _read_plan(args.plan, err)
    if plan is None:
        return 2
    from .tjp import export_tjp

    text = export_tjp(plan)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return 0


def _calendar_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .school_holidays import (
        DamagedDataFileError,
        SchoolHolidayDataError,
        default_data_dir,
        import_school_holidays,
    )

    en = args.lang == "en"
    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    try:
        imported = import_school_holidays(args.source, data_dir)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        word = "cannot read" if en else "kan niet lezen"
        print(f"mijlpaal: {word} {args.source}: {reason}", file=err)
        return 2
    except DamagedDataFileError:
        raise
    except SchoolHolidayDataError as exc:
        what = "invalid school holiday data in" if en else "ongeldige schoolvakantiegegevens in"
        print(f"mijlpaal: {what} {args.source}:", file=err)
        for problem in exc.messages(args.lang):
            print(f"  - {problem}", file=err)
        return 2
    years = ", ".join(imported.schoolyears)
    counts = (imported.added, imported.updated, imported.unchanged)
    if en:
        print(f"{imported.path}: %d added, %d changed, %d unchanged (school years {years})"
              % counts, file=out)  # fmt: skip
    else:
        print(f"{imported.path}: %d toegevoegd, %d gewijzigd, %d ongewijzigd (schooljaren "
              f"{years})" % counts, file=out)  # fmt: skip
    return 0
