"""What of an MS Project file does not fit a plan, said per task: constraints, deadlines of
activities, part days, elapsed time, lags in percent, links of summary tasks, inactive tasks,
extra working days."""

from __future__ import annotations

import pytest

from mijlpaal.msproject.files import read_project
from mijlpaal.msproject.mapping import read_plan

TASK = (
    "<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>"
    "<Summary>{summary}</Summary><Milestone>0</Milestone><Duration>{duration}</Duration>"
    "<DurationFormat>{format}</DurationFormat>{extra}</Task>"
)


def task(uid: int, name: str, duration: str = "PT40H0M0S", extra: str = "", **kw: object) -> str:
    fields = {"level": 1, "summary": 0, "format": 7, **kw}
    return TASK.format(uid=uid, name=name, duration=duration, extra=extra, **fields)


def link(uid: int, kind: int = 1, lag: int = 0, lag_format: int = 7) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>{kind}</Type>"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink>"
    )


FILE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Project xmlns="http://schemas.microsoft.com/project"><Name>Notities</Name>'
    "<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>"
    "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "<Exceptions><Exception><Name>Inhaalzaterdag</Name><DayWorking>1</DayWorking>"
    "<TimePeriod><FromDate>2027-03-06T00:00:00</FromDate><ToDate>2027-03-06T23:59:00</ToDate>"
    "</TimePeriod><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime>"
    "<ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes></Exception></Exceptions>"
    "</Calendar></Calendars><Tasks>"
    + task(1, "Fase 1", summary=1)
    + task(
        2,
        "Werkboek maken",
        "PT12H0M0S",  # a day and a half
        "<ConstraintType>4</ConstraintType><ConstraintDate>2027-02-01T08:00:00</ConstraintDate>"
        "<Deadline>2027-03-01T17:00:00</Deadline>",
        level=2,
    )
    + task(3, "Drogen", "PT120H0M0S", link(2, lag=50, lag_format=19), level=2, format=8)
    + task(4, "Oud werk", extra="<Active>0</Active>", level=2)
    + task(5, "Na fase 1", extra=link(1))
    + "</Tasks></Project>"
)


@pytest.mark.django_db
def test_each_task_says_what_is_not_taken() -> None:
    plan = read_plan(read_project(FILE.encode(), mpp=False))
    rows = {t.name: (t.kind, t.duration, t.calendar, t.notes) for t in plan.tasks}
    assert rows == {
        "Fase 1": ("workstream", "", False, []),
        "Werkboek maken": (
            "activity",
            "2d",
            False,
            [
                "1,50 dagen afgerond op 2: Mijlpaal rekent met hele dagen",
                "de deadline 2027-03-01 wordt niet overgenomen: in Mijlpaal heeft een mijlpaal "
                "de deadline",
                "de beperking (start no earlier than op 2027-02-01) wordt niet overgenomen",
            ],
        ),
        "Drogen": (
            "activity",
            "5d",
            True,  # 120 hours of elapsed time: five calendar days
            ["de koppeling met “Werkboek maken”: een duur in procenten wordt niet overgenomen"],
        ),
        "Oud werk": ("", "", False, ["een inactieve taak wordt niet overgenomen"]),
        "Na fase 1": (
            "activity",
            "5d",
            False,
            [
                "de FS-koppeling met “Fase 1” wordt niet overgenomen: in Mijlpaal zijn alleen "
                "mijlpalen en activiteiten van elkaar afhankelijk"
            ],
        ),
    }
    # The percent lag is dropped, the link stays (without lag).
    assert [(link.type, link.lag) for link in plan.links] == [("FS", "0d")]
    assert plan.notes == [
        "De uitzondering “Inhaalzaterdag” (2027-03-06) in de kalender is een werkdag; niet "
        "overgenomen."
    ]
