"""LatestSoFar, which the lights over time use month by month, agrees with latest(effective(…)) on
every prefix of a logbook: corrections before and after what they correct, updates without a
light, evaluation entries, several subjects."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.status import LatestSoFar, _order, effective, latest

START = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)

entry_fields = st.tuples(
    st.integers(0, 20),  # days after the start it reports on
    st.sampled_from(["green", "orange", "red", ""]),
    st.sampled_from(["status", "status", "status", "evaluation"]),
    st.integers(1, 3),  # which milestone
    st.one_of(st.none(), st.integers(1, 30)),  # the entry it corrects
)


def logbook(rows: list[tuple[int, str, str, int, int | None]]) -> list[Entry]:
    return [
        Entry(
            pk=pk,
            target="milestone",
            milestone_id=milestone,
            kind=kind,
            light=light,
            reported_on=START.date() + dt.timedelta(days=day),
            created_at=START + dt.timedelta(minutes=pk),
            corrects_id=corrects if corrects != pk else None,
        )
        for pk, (day, light, kind, milestone, corrects) in enumerate(rows, start=1)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(entry_fields, max_size=30))
def test_it_agrees_with_latest_of_effective_on_every_prefix(
    rows: list[tuple[int, str, str, int, int | None]],
) -> None:
    ordered = sorted(logbook(rows), key=_order)
    so_far = LatestSoFar()
    for n, entry in enumerate(ordered, start=1):
        so_far.add(entry)
        expected = latest(effective(ordered[:n]))
        assert {k: e.pk for k, e in so_far.found.items()} == {k: e.pk for k, e in expected.items()}


def test_a_correction_takes_back_the_newest_light() -> None:
    first, second, correction = logbook(
        [(0, "green", "status", 1, None), (3, "red", "status", 1, None), (4, "", "status", 1, 2)]
    )
    so_far = LatestSoFar()
    so_far.add(first)
    so_far.add(second)
    assert so_far.found[("milestone", 1)] is second
    so_far.add(correction)
    assert so_far.found[("milestone", 1)] is first
