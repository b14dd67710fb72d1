"""The public holidays written out as rules agree with the `holidays` package they replace."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from mijlpaal.planning import calendar
from mijlpaal.planning.calendar import RULES_FROM_YEAR, public_holidays


def test_the_rules_give_the_days_and_names_of_the_holidays_package() -> None:
    # Goede Vrijdag and Bevrijdingsdag are decided by `public_holidays`, not by either. The
    # package stops at 2100 (it has no days after it); the rules go on.
    for year in range(RULES_FROM_YEAR, 2101):
        decided_here = (calendar.easter_sunday(year) - timedelta(days=2), date(year, 5, 5))
        package = calendar._package_holidays(year)
        expected = {d: names for d, names in package.items() if d not in decided_here}
        rules = calendar._rule_holidays(year)
        assert {d: names for d, names in rules.items() if d not in decided_here} == expected, year


def test_kings_day_moves_to_saturday_when_it_falls_on_a_sunday() -> None:
    assert date(2025, 4, 26) in public_holidays(2025)
    assert date(2025, 4, 27) not in public_holidays(2025)
    assert public_holidays(2026)[date(2026, 4, 27)] == ("Koningsdag", "King's Day")


def test_the_rules_go_on_after_2100() -> None:
    assert public_holidays(2150)[date(2150, 12, 25)] == ("Eerste kerstdag", "Christmas Day")


def test_before_the_rules_the_package_gives_the_days() -> None:
    assert public_holidays(2013)[date(2013, 4, 30)] == ("Koninginnedag", "Queen's Day")


def test_scheduling_a_plan_of_these_years_does_not_import_the_holidays_package() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from mijlpaal.planning import build_calendar, CalendarSpec\n"
        "cal = build_calendar(CalendarSpec(), (), first=date(2025, 1, 1), last=date(2030, 1, 1))\n"
        "print(cal.is_working_day(date(2026, 4, 27)), 'holidays' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False False\n"
