"""The engine through its Python API: problems the plan file rejects still become diagnostics."""

from __future__ import annotations

from datetime import date

from mijlpaal.planning import CalendarSpec, Dependency, Duration, Item, PlanInput, schedule

START, END = date(2025, 9, 1), date(2026, 7, 17)


def plan(*items: Item, **kwargs: object) -> PlanInput:
    return PlanInput(
        "API", kwargs.pop("start", START), kwargs.pop("end", END), items=items, **kwargs
    )  # type: ignore[arg-type]


def test_unknown_dependency_duplicate_id_and_bad_durations() -> None:
    result = schedule(
        plan(
            Item("a", "Aanvraag", "activity", duration=Duration(2, "d"),
                 depends=(Dependency("zz"),)),
            Item("a", "Tweede a", "activity", duration=Duration(1, "d")),
            Item("b", "Begroting", "activity"),
            Item("c", "Contract", "activity", duration=Duration(0, "d")),
            Item("m", "Mijlpaal", "milestone", duration=Duration(1, "w"),
                 depends=(Dependency("a"), Dependency("b"), Dependency("c"))),
            scheduling="asap",
        )
    )  # fmt: skip
    messages = {d.code: d.message_nl for d in result.diagnostics}
    assert messages == {
        "duplicate_id": "Er zijn meerdere onderdelen met de id ‘a’; alleen het eerste telt mee.",
        "missing_duration": (
            "De activiteit ‘Begroting’ heeft geen doorlooptijd; er wordt met 1 werkdag gerekend."
        ),
        "invalid_duration": (
            "De doorlooptijd van ‘Contract’ is 0d; die moet minstens 1 dag zijn. "
            "Er wordt met 1 werkdag gerekend."
        ),
        "milestone_duration": (
            "De mijlpaal ‘Mijlpaal’ heeft een doorlooptijd, maar een mijlpaal is één datum. "
            "Zet de doorlooptijd op een activiteit die naar de mijlpaal leidt."
        ),
        "unknown_dependency": (
            "‘Aanvraag’ hangt af van ‘zz’, maar er is geen onderdeel met die id. "
            "Deze afhankelijkheid telt niet mee."
        ),
    }
    assert [d.severity for d in result.diagnostics][:4] == ["error"] * 4
    assert result.has_errors
    assert list(result.items) == ["a", "b", "c", "m"]
    assert (result.items["a"].start, result.items["a"].finish) == (
        date(2025, 9, 1),
        date(2025, 9, 2),
    )
    assert result.items["b"].finish == date(2025, 9, 1)
    assert result.items["m"].start == date(2025, 9, 2)


def test_self_dependency_is_a_cycle() -> None:
    result = schedule(plan(Item("a", "A", "milestone", depends=(Dependency("a"),))))
    assert [(d.code, d.items) for d in result.diagnostics] == [("cycle", ("a",))]
    assert result.diagnostics[0].message("en") == "‘A’ waits for itself. Remove this dependency."


def test_plan_end_before_start_and_far_dates_do_not_raise() -> None:
    result = schedule(
        plan(
            Item("a", "A", "activity", duration=Duration(10, "m")),
            Item("m", "M", "milestone", deadline=date(2031, 1, 1), depends=(Dependency("a"),)),
            start=date(2026, 7, 17), end=date(2025, 9, 1),
        )
    )  # fmt: skip
    assert "plan_end_before_start" in {d.code for d in result.diagnostics}
    assert result.items["m"].early_finish is not None


def test_empty_plan() -> None:
    result = schedule(plan())
    assert (result.items, result.diagnostics) == ({}, [])


def test_diagnostic_message_language() -> None:
    result = schedule(
        plan(
            Item("a", "A", "activity", duration=Duration(1, "w")),
            Item("m", "M", "milestone", deadline=date(2025, 9, 5), depends=(Dependency("a"),)),
            calendar=CalendarSpec(region="noord"),
        )
    )
    assert result.diagnostics == []
    assert result.items["a"].critical and result.items["a"].slack == 0
