"""The plan and what it is made of: goals, workstreams, milestones, activities, parties."""

from __future__ import annotations

import datetime as dt
import secrets
from functools import partial
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mijlpaal.i18n import current_language
from mijlpaal.planning.model import Duration
from mijlpaal.planning.text import format_date

DEFAULT_PHASES = ("analyse", "ontwerp", "inrichting", "uitvoering", "borging")
DEFAULT_DOMAINS = ("processen", "organisatie", "beleid", "ICT")

MAX_DURATION = 9999  # of any unit: what the field's eight characters hold


def validate_duration(value: str) -> None:
    """A duration or lag as in the plan file: 10d (working days), 3w (weeks of 5), 2m (months of
    20); the planning engine's own parser decides what is one."""
    if not value:
        return
    try:
        duration = Duration.parse(value)
    except ValueError:
        duration = None
    if duration is None or abs(duration.amount) > MAX_DURATION:
        raise ValidationError(
            _(
                "Write a number followed by d (working days), w (weeks) or m (months), such as "
                "10d, 3w or 2m."
            ),
            code="invalid_duration",
        )


def validate_positive_duration(value: str) -> None:
    validate_duration(value)
    if not value:
        return
    amount = Duration.parse(value).amount
    if amount < 0:
        raise ValidationError(_("A lead time cannot be negative."), code="negative_duration")
    if amount == 0:
        raise ValidationError(_("A lead time is at least one day."), code="zero_duration")


def is_duration(value: str, *, lead_time: bool = False) -> bool:
    """Whether `value` is a lag (or, with `lead_time`, a lead time) these validators accept."""
    try:
        (validate_positive_duration if lead_time else validate_duration)(value)
    except ValidationError:
        return False
    return True


KEY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: keys are read and typed


def new_key(prefix: str) -> str:
    """A fresh stable key: `m` and seven random characters for a milestone, and so on."""
    return prefix + "".join(secrets.choice(KEY_ALPHABET) for _ in range(7))


def key_field(prefix: str) -> models.CharField[str, str]:
    """The stable key of an item within its plan: given once when the item is made, never changed.

    Plan files use it as the item's id and workbooks carry it in a hidden column, so importing a
    file matches its rows to the plan's rows even after a rename or a move (docs/plan-format.md).
    """
    return models.CharField(
        _("key"), max_length=100, default=partial(new_key, prefix), editable=False
    )


def unique_key(model_name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=("plan", "key"), name=f"{model_name}_key_unique")


_Linked = TypeVar("_Linked", bound=models.Model)


def optional_link(
    to: type[_Linked],
    related_name: str,
    verbose_name: Any,
    on_delete: Any = models.SET_NULL,
) -> models.ForeignKey[_Linked | None, _Linked | None]:
    """A link to another item of the plan that may be empty (a milestone's workstream, …)."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Region(models.TextChoices):
    NONE = "", _("no school holidays")
    NOORD = "noord", _("Noord")
    MIDDEN = "midden", _("Midden")
    ZUID = "zuid", _("Zuid")


class SchedulingMode(models.TextChoices):
    ALAP = "alap", _("backwards from the end result (as late as possible)")
    ASAP = "asap", _("forwards from the start (as soon as possible)")


class Role(models.TextChoices):
    OWNER = "owner", _("owner")
    EDITOR = "editor", _("editor")
    CONTRIBUTOR = "contributor", _("contributor")
    VIEWER = "viewer", _("viewer")


ROLE_RANK = {Role.VIEWER: 1, Role.CONTRIBUTOR: 2, Role.EDITOR: 3, Role.OWNER: 4}


class Plan(models.Model):
    """Activiteitenplan / regioplan / stappenplan."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    vision = models.TextField(_("vision and ambition"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date (the end result)"))
    region = models.CharField(
        _("school holiday region"),
        max_length=10,
        choices=Region.choices,
        blank=True,
        default=Region.NONE,
    )
    scheduling = models.CharField(
        _("planning direction"),
        max_length=4,
        choices=SchedulingMode.choices,
        default=SchedulingMode.ALAP,
    )
    update_interval_weeks = models.PositiveSmallIntegerField(
        _("status update every (weeks)"),
        default=4,
        help_text=_("An item without a status update for longer than this is marked as stale."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ("title", "id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="plan_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )


class Membership(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.VIEWER)
    weekly_digest = models.BooleanField(_("weekly digest by e-mail"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("plan", "user"), name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(minimum)]


class Invitation(models.Model):
    """A one-time link sent by e-mail; only the hash of its token is kept."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.CONTRIBUTOR
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.email


class PlanVocabulary(models.Model):
    """A name in one of the plan's ordered lists (its phases, its domains)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ("order", "id")

    def __str__(self) -> str:
        return self.name


class Phase(PlanVocabulary):
    """Fase: analyse, ontwerp, inrichting, uitvoering, borging by default."""

    class Meta(PlanVocabulary.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")


class Domain(PlanVocabulary):
    """BOP-domein: processen, organisatie, beleid, ICT by default."""

    class Meta(PlanVocabulary.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class ReportingPeriod(models.Model):
    """Voortgangsrapportage / eindverslag: the period it covers and when it is due."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_periods")
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ("start_date", "id")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )


class Goal(models.Model):
    """Doelstelling / ambitie, with the SMART parts as fields."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    key = key_field("g")
    description = models.TextField(_("goal"))
    why = models.TextField(_("why"), blank=True)
    indicator = models.CharField(_("indicator (how you measure it)"), max_length=300, blank=True)
    target_value = models.CharField(_("target value"), max_length=100, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ("order", "id")
        constraints: ClassVar = [unique_key("goal")]

    def __str__(self) -> str:
        return self.description if len(self.description) <= 80 else self.description[:77] + "…"

    def smart_hints(self) -> list[str]:
        """What a SMART goal still lacks, in the user's language."""
        hints: list[str] = []
        if len(self.description.split()) < 5:
            hints.append(str(_("Specific: describe what will be different, in a full sentence.")))
        if not self.indicator:
            hints.append(str(_("Measurable: name the indicator by which you will measure it.")))
        if not self.target_value:
            hints.append(str(_("Measurable: give the target value you want to reach.")))
        if not self.why:
            hints.append(str(_("Acceptable: say why this goal matters to the partners.")))
        if not self.target_date:
            hints.append(str(_("Time-bound: give the date by which the goal is reached.")))
        return hints


class Workstream(models.Model):
    """Deelproject / actielijn."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="workstreams")
    key = key_field("w")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")
        ordering = ("order", "id")
        constraints: ClassVar = [unique_key("workstream")]

    def __str__(self) -> str:
        return self.name


def late_milestones(today: dt.date) -> Q:
    """The rule for "late" (te laat) as a filter: the deadline has passed and it is not reached."""
    return Q(reached_on__isnull=True, deadline__lt=today)


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def late(self, today: dt.date) -> MilestoneQuerySet:
        return self.filter(late_milestones(today))


class Milestone(models.Model):
    """Mijlpaal: what is finished when (part of) the goal is reached."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    key = key_field("m")
    workstream = optional_link(Workstream, "milestones", _("workstream"))
    goal = optional_link(Goal, "milestones", _("goal"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("milestone (what is finished)"), max_length=300)
    result = models.TextField(_("tangible result"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    lead_time = models.CharField(
        _("lead time"),
        max_length=8,
        blank=True,
        validators=[validate_positive_duration],
        help_text=_("How long the work towards it takes: 10d working days, 6w weeks, 2m months."),
    )
    effort_hours = models.PositiveIntegerField(_("effort (hours)"), null=True, blank=True)
    is_quick_win = models.BooleanField(_("quick win"), default=False)
    is_decision_point = models.BooleanField(_("decision point (go/no-go)"), default=False)
    reached_on = models.DateField(
        _("reached on"),
        null=True,
        blank=True,
        help_text=_("The date the milestone was actually reached. Leave empty while it is not."),
    )
    order = models.PositiveIntegerField(default=0)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ("order", "id")
        indexes: ClassVar = [models.Index(fields=("plan", "deadline"))]
        constraints: ClassVar = [unique_key("milestone")]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: dt.date) -> bool:
        """Late (te laat): its deadline has passed without it being reached, whatever its light
        says. The same rule as `late_milestones`, for a row already loaded."""
        return self.reached_on is None and self.deadline is not None and self.deadline < today

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Activity(models.Model):
    """Activiteit / actie: work that leads to a milestone."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    key = key_field("a")
    workstream = optional_link(Workstream, "activities", _("workstream"))
    milestone = optional_link(Milestone, "activities", _("leads to milestone"))
    goal = optional_link(Goal, "activities", _("goal it serves"))
    title = models.CharField(_("what happens"), max_length=300)
    why = models.TextField(_("why it is needed"), blank=True)
    result = models.CharField(_("result or product"), max_length=300, blank=True)
    phase = optional_link(Phase, "activities", _("phase"))
    domain = optional_link(Domain, "activities", _("domain"))
    duration = models.CharField(
        _("duration"),
        max_length=8,
        default="2w",
        validators=[validate_positive_duration],
        help_text=_("How long it takes: 10d working days, 6w weeks, 2m months."),
    )
    actual_start = models.DateField(_("started on"), null=True, blank=True)
    actual_finish = models.DateField(_("finished on"), null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ("order", "id")
        constraints: ClassVar = [unique_key("activity")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            raise ValidationError(
                {"actual_finish": _("An activity cannot finish before it starts.")}
            )


class PartyKind(models.TextChoices):
    PERSON = "person", _("person")
    SCHOOL = "school", _("school")
    MBO = "mbo", _("mbo institution")
    COMPANY = "company", _("company")
    REGION_OFFICE = "region_office", _("region office")
    OTHER = "other", _("other organisation")


class Party(models.Model):
    """Betrokken partij: a person or an organisation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parties")
    key = key_field("p")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.SCHOOL
    )
    role_title = models.CharField(_("role or function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("linked user"),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ("order", "name", "id")
        constraints: ClassVar = [unique_key("party")]

    def __str__(self) -> str:
        return self.name


class DependencyType(models.TextChoices):
    FS = "FS", _("finish to start")
    SS = "SS", _("start to start")
    FF = "FF", _("finish to finish")


def _ref(milestone_id: int | None, activity_id: int | None) -> tuple[str, int]:
    if milestone_id is not None:
        return ("milestone", milestone_id)
    assert activity_id is not None  # the check constraints ask for exactly one of the two
    return ("activity", activity_id)


class Dependency(models.Model):
    """Afhankelijkheid: the successor waits for the predecessor (a milestone or an activity)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="dependencies")
    predecessor_milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    predecessor_activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    successor_milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="dependencies"
    )
    successor_activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="dependencies"
    )
    type = models.CharField(
        _("type"), max_length=2, choices=DependencyType.choices, default=DependencyType.FS
    )
    lag = models.CharField(
        _("lag"),
        max_length=8,
        blank=True,
        default="0d",
        validators=[validate_duration],
        help_text=_("Time between the two, such as 5d or 2w; may be negative."),
    )

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(predecessor_milestone__isnull=False, predecessor_activity__isnull=True)
                | Q(predecessor_milestone__isnull=True, predecessor_activity__isnull=False),
                name="dependency_one_predecessor",
            ),
            models.CheckConstraint(
                condition=Q(successor_milestone__isnull=False, successor_activity__isnull=True)
                | Q(successor_milestone__isnull=True, successor_activity__isnull=False),
                name="dependency_one_successor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"

    @property
    def predecessor_ref(self) -> tuple[str, int]:
        """("milestone" | "activity", pk) of the predecessor, without loading it."""
        return _ref(self.predecessor_milestone_id, self.predecessor_activity_id)

    @property
    def successor_ref(self) -> tuple[str, int]:
        """("milestone" | "activity", pk) of the successor, without loading it."""
        return _ref(self.successor_milestone_id, self.successor_activity_id)

    @property
    def predecessor(self) -> Milestone | Activity:
        item = self.predecessor_milestone or self.predecessor_activity
        assert item is not None
        return item

    @property
    def successor(self) -> Milestone | Activity:
        item = self.successor_milestone or self.successor_activity
        assert item is not None
        return item


class ChangeRecord(models.Model):
    """Geschiedenis: who changed what in a plan, and when. Never edited, never deleted with the
    item."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    object_label = models.CharField(max_length=300)
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    changes = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("history")
        ordering = ("-at", "-id")
        indexes: ClassVar = [models.Index(fields=("plan", "object_type", "object_id"))]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"


class ClosureKind(models.TextChoices):
    TOETSWEEK = "toetsweek", _("test week")
    EXAMEN = "examen", _("exams")
    STUDIEDAG = "studiedag", _("study day")
    PROJECTWEEK = "projectweek", _("project week")
    OTHER = "other", _("other")


class ClosurePolicy(models.TextChoices):
    NO_WORK = "no_work", _("no work: the planning skips these days")
    WARN = "warn", _("warn: work goes on, with a warning")


# How far a period of the school calendar may lie outside the plan, and how long it may be: the
# plan's calendar covers a year either side of the plan (plans.scheduling.plan_calendar).
CLOSURE_MARGIN_DAYS = 366
CLOSURE_MAX_DAYS = 366


class Closure(models.Model):
    """A period of the school's own year (schooljaarplanning): a toetsweek, the exams, a
    studiedag, a projectweek. `no_work` takes its days out of the working days; `warn` keeps
    them and warns about work planned in it. Start and end are inclusive."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="closures")
    key = key_field("c")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ClosureKind.choices, default=ClosureKind.OTHER
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), help_text=_("The last day counts too."))
    policy = models.CharField(
        _("effect on the planning"),
        max_length=8,
        choices=ClosurePolicy.choices,
        default=ClosurePolicy.NO_WORK,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("school calendar period")
        verbose_name_plural = _("school calendar")
        ordering = ("start_date", "end_date", "id")
        constraints: ClassVar = [
            unique_key("closure"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="closure_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (self.start_date and self.end_date):
            return
        if self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must not be before the first day.")})
        if (self.end_date - self.start_date).days >= CLOSURE_MAX_DAYS:
            raise ValidationError(
                {"end_date": _("A period of the school calendar lasts at most a year.")}
            )
        plan = self.plan if self.plan_id else None
        if plan is None:
            return
        margin = dt.timedelta(days=CLOSURE_MARGIN_DAYS)
        if self.end_date < plan.start_date - margin or self.start_date > plan.end_date + margin:
            raise ValidationError(
                {
                    "start_date": _(
                        "This period lies more than a year outside the plan (%(start)s to "
                        "%(end)s); it cannot affect the planning."
                    )
                    % {
                        "start": format_date(plan.start_date, current_language()),
                        "end": format_date(plan.end_date, current_language()),
                    }
                }
            )
