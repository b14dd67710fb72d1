"""What the API sends and accepts: the OpenAPI description is made from these."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Generic, Literal, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")
# The largest row id a database keeps (a signed 64-bit integer): a larger one is no id at all.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class Page(Schema, Generic[T]):
    """One page of a list: `count` is the whole list's length."""

    count: int
    limit: int
    offset: int
    items: list[T]


class PlanOut(Schema):
    id: int
    title: str
    organisation: str
    vision: str
    start_date: dt.date
    end_date: dt.date
    region: str
    scheduling: str
    role: str = Field(description="Your role in the plan: owner, editor, contributor or viewer.")


class GoalOut(Schema):
    id: int
    key: str
    description: str
    why: str
    indicator: str
    target_value: str
    target_date: dt.date | None
    order: int


class WorkstreamOut(Schema):
    id: int
    key: str
    name: str
    description: str
    owner_id: int | None = Field(description="The party that leads it.")
    goal_id: int | None
    order: int


class MilestoneOut(Schema):
    id: int
    key: str
    number: int | None
    title: str
    result: str
    deadline: dt.date | None
    lead_time: str
    lead_time_calendar: bool
    effort_hours: int | None
    is_quick_win: bool
    is_decision_point: bool
    reached_on: dt.date | None
    workstream_id: int | None
    goal_id: int | None
    order: int


class ActivityOut(Schema):
    id: int
    key: str
    title: str
    why: str
    result: str
    phase: str | None
    domain: str | None
    duration: str
    duration_calendar: bool
    actual_start: dt.date | None
    actual_finish: dt.date | None
    workstream_id: int | None
    milestone_id: int | None
    goal_id: int | None
    order: int


class ItemRef(Schema):
    kind: Literal["milestone", "activity"]
    id: int


class DependencyOut(Schema):
    id: int
    predecessor: ItemRef
    successor: ItemRef
    type: str = Field(description="FS, SS or FF.")
    lag: str


class PartyOut(Schema):
    id: int
    key: str
    name: str
    kind: str
    role_title: str
    email: str
    order: int


class AssignmentOut(Schema):
    """A cell of the VERI matrix: the letters one party has on one row."""

    id: int
    party_id: int
    row: Literal["workstream", "milestone", "activity"]
    row_id: int
    letters: str


class ItemDatesOut(Schema):
    id: int
    start: dt.date | None
    finish: dt.date | None
    late_start: dt.date | None
    slack: int | None = Field(description="Working days the item can slip without harm.")
    critical: bool


class WarningOut(Schema):
    severity: str
    code: str
    message: str


class ScheduleOut(Schema):
    milestones: list[ItemDatesOut]
    activities: list[ItemDatesOut]
    warnings: list[WarningOut]


class EntryOut(Schema):
    """A line of the logbook: a status update or an evaluation."""

    id: int
    kind: str
    target: str
    milestone_id: int | None
    activity_id: int | None
    workstream_id: int | None
    subject: str
    light: str
    reached_on: dt.date | None
    explanation: str
    problems: str
    measures: str
    forecast: dt.date | None
    percent: int | None
    reported_on: dt.date
    author_name: str
    created_at: dt.datetime
    corrects_id: int | None
    sign_off: str = Field(
        description="Sign-off of a 'reached' on a milestone with an accountable (E) party: "
        "'requested' (awaits approval; the milestone is not reached yet), 'approved', "
        "'rejected', or empty."
    )


class StatusUpdateIn(Schema):
    target: Literal["plan", "workstream", "milestone", "activity"] = "plan"
    target_id: Id | None = Field(None, description="The item's id; none for the plan itself.")
    light: Literal["green", "orange", "red", "reached"]
    reached_on: dt.date | None = None
    explanation: str = Field("", max_length=10_000)
    problems: str = Field("", max_length=10_000)
    measures: str = Field("", max_length=10_000)
    forecast: dt.date | None = None
    percent: int | None = Field(None, ge=0, le=100)
    reported_on: dt.date | None = None
    corrects: Id | None = Field(None, description="The id of the entry this one corrects.")
    request_key: uuid.UUID | None = Field(
        None, description="The same key sent twice stores the update once."
    )


class OptionOut(Schema):
    title: str
    pros: str
    cons: str
    effect_time: str
    effect_money: str
    advised: bool


class IssueOut(Schema):
    question: str
    options: list[OptionOut]


class DecisionOut(Schema):
    """A beslisdocument."""

    id: int
    subject: str
    milestone_id: int | None
    activity_id: int | None
    version: int
    state: str
    question: str
    decider_id: int | None
    gotik: dict[str, Any]
    advice: str
    submitted_on: dt.date | None
    verdict: str
    rationale: str
    conditions: str
    requested_change: str
    new_deadline: dt.date | None
    decided_on: dt.date | None
    issues: list[IssueOut]


class ReportOut(Schema):
    """One version of a voortgangsrapportage (a reporting period) or of the eindverslag."""

    id: int
    period_id: int | None = Field(description="The reporting period; none for the eindverslag.")
    title: str = Field(description="The period's name, or 'Final report' for the eindverslag.")
    start: dt.date = Field(description="The first day the report covers.")
    end: dt.date = Field(description="The last day the report covers.")
    version: int
    state: Literal["concept", "ingediend"] = Field(
        description="concept: drafted from the plan as it is today; ingediend: submitted, frozen."
    )
    submitted_on: dt.date | None
    submitted_by: str | None = Field(description="The name of the member who submitted it.")


class TableOut(Schema):
    caption: str
    heads: list[str]
    rows: list[list[str]]


class SectionOut(Schema):
    key: str
    title: str
    generated: str = Field(description="The text drafted from the plan.")
    text: str = Field(description="The project leader's own text; empty if none.")
    shown: str = Field(description="What the report says: the project leader's text, if any.")
    empty: str = Field(description="Said instead of the tables when they have no rows.")
    tables: list[TableOut]


class ReportDetailOut(ReportOut):
    """A report with its sections: a submitted one as it was sent, a concept as the plan reads
    today with the project leader's texts."""

    as_of: dt.date = Field(description="The day the numbers were read.")
    sections: list[SectionOut]


# Amounts are decimal strings, never floats: euros with two decimals, hours with one.
Euros = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["1234.50"])]
Hours = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]$", examples=["12.5"])]


class BudgetTotalsOut(Schema):
    planned: Euros
    realised: Euros
    left: Euros = Field(description="Planned minus realised; negative: over budget.")
    planned_hours: Hours
    realised_hours: Hours


class BudgetRowOut(Schema):
    id: int
    name: str
    totals: BudgetTotalsOut


class BudgetPartyOut(BudgetRowOut):
    """A party: only what it realised (its planned money and hours are nought: planned money is
    per workstream, planned hours per milestone) and what it co-finances."""

    cofinancing: Euros = Field(description="What the party co-finances.")


class BudgetCategoryOut(Schema):
    category: str
    name: str
    totals: BudgetTotalsOut


class BudgetWarningOut(Schema):
    kind: Literal["cofinancing", "funding", "over_budget", "hours_behind"]
    text: str


class BudgetOut(Schema):
    """The plan's budget, planned against realised, as the budget page shows it."""

    total: BudgetTotalsOut
    funding_total: Euros
    cofinancing: Euros
    cofinancing_minimum: str = Field(
        description="The percentage of the budget co-financing must reach.", examples=["25.0"]
    )
    cofinancing_share: str | None = Field(
        description="Co-financing as a percentage of the budget; none without a budget.",
        examples=["31.2"],
    )
    workstreams: list[BudgetRowOut]
    parties: list[BudgetPartyOut]
    categories: list[BudgetCategoryOut]
    periods: list[BudgetRowOut] = Field(description="Per reporting period.")
    warnings: list[BudgetWarningOut]
